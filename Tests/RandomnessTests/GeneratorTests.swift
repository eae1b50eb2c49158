import Testing
import Randomness

/// The generators reproduce their published reference outputs bit for bit.
@Suite struct GeneratorTests {
  /// Rosetta Code, "Pseudo-random numbers/Splitmix64" (seed 1234567), and the
  /// first outputs of Vigna's `splitmix64.c` for seed 0.
  @Test("SplitMix64 reproduces its published reference outputs")
  func splitMixReference() {
    var g = SplitMix64(seed: 1_234_567)
    let expected: [UInt64] = [
      6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
      4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
    ]
    #expect((0..<5).map { _ in g.next() } == expected)
    var zero = SplitMix64(seed: 0)
    #expect(zero.next() == 0xe220_a839_7b1d_cdaf)
    #expect(zero.next() == 0x6e78_9e6a_a1b9_65f4)
  }

  /// Blackman and Vigna's `xoshiro256starstar.c` from state (1, 2, 3, 4), as
  /// reproduced in the Rust `rand_xoshiro` crate's reference test.
  @Test("xoshiro256** reproduces its reference outputs from state (1, 2, 3, 4)")
  func xoshiroReference() {
    var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
    let expected: [UInt64] = [
      11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
      607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
      10_595_114_339_597_558_777, 2_904_607_092_377_533_576,
    ]
    #expect((0..<10).map { _ in g.next() } == expected)
  }

  @Test("seeding through SplitMix64 never gives the all-zero state", arguments: [0, 1, UInt64.max, 0x9e37_79b9_7f4a_7c15])
  func seedingAvoidsZeroState(seed: UInt64) {
    let g = Xoshiro256StarStar(seed: seed)
    #expect(g.state != (0, 0, 0, 0))
    var sm = SplitMix64(seed: seed)
    #expect(g.state == (sm.next(), sm.next(), sm.next(), sm.next()))
  }

  @Test("the all-zero state is a caller error")
  func zeroStateTraps() async {
    await #expect(processExitsWith: .failure) { _ = Xoshiro256StarStar(state: (0, 0, 0, 0)) }
  }

  @Test("stream seeds are distinct across 100 000 indices and differ between run seeds")
  func streamSeedsDistinct() {
    let seeds = (0..<100_000).map { Seed.derive(42, UInt64($0)) }
    #expect(Set(seeds).count == seeds.count)
    #expect(Seed.derive(42, 0) != Seed.derive(43, 0))
    #expect(Seed.derive(42, label: "a") != Seed.derive(42, label: "b"))
    // FNV-1a reference values (Fowler–Noll–Vo test suite).
    #expect(Seed.fnv1a("") == 0xcbf2_9ce4_8422_2325 && Seed.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
    #expect(Seed.fnv1a("foobar") == 0x8594_4171_f739_67e8)
  }

  @Test("same seed, same stream: draws are reproducible")
  func reproducible() {
    var a = Xoshiro256StarStar(seed: 7, stream: 3)
    var b = Xoshiro256StarStar(seed: 7, stream: 3)
    #expect((0..<1000).map { _ in a.next() } == (0..<1000).map { _ in b.next() })
  }

  @Test("seeds print and parse in hexadecimal and decimal; malformed text is refused")
  func seedText() {
    #expect(Seed.hex(0) == "0x0000000000000000")
    #expect(Seed.hex(UInt64.max) == "0xffffffffffffffff")
    #expect(Seed.parse(Seed.hex(0x5add_1ec0_ffee_2023)) == 0x5add_1ec0_ffee_2023)
    #expect(Seed.parse("12345") == 12345)
    #expect(Seed.parse("0x1_0000_0000_0000_0000") == nil)
    #expect(Seed.parse("18446744073709551616") == nil)
    #expect(Seed.parse("-1") == nil && Seed.parse("seed") == nil && Seed.parse("") == nil)
  }

  @Test("generator state round-trips through JSON; bad state is refused")
  func stateJSON() throws {
    var g = Xoshiro256StarStar(seed: 99)
    _ = g.next()
    let data = try JSONEncoder().encode(g)
    var h = try JSONDecoder().decode(Xoshiro256StarStar.self, from: data)
    #expect(h.next() == g.next())
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Xoshiro256StarStar.self, from: Data(#"{"state":["0x0","0x0","0x0","0x0"]}"#.utf8))
    }
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Xoshiro256StarStar.self, from: Data(#"{"state":["0x1","zz"]}"#.utf8))
    }
  }
}

import Foundation
