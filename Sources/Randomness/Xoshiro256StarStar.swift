/// xoshiro256**, Blackman and Vigna's all-purpose 64-bit generator
/// ("Scrambled linear pseudorandom number generators", ACM TOMS 47(4), 2021),
/// period 2²⁵⁶ − 1. The generator behind every random draw in SaddleCheck.
///
/// Seeded through ``SplitMix64`` as the authors recommend, so that any
/// 64-bit seed — 0 included — gives a well-mixed state, never the all-zero
/// state (which would be a fixed point). Independent streams for parallel
/// work come from ``init(seed:stream:)``.
///
/// Reference: with state (1, 2, 3, 4) the first outputs of the authors'
/// `xoshiro256starstar.c` are 11520, 0, 1509978240, 1215971899390074240, … —
/// checked in the tests.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable, Codable {
  /// The four words of state; never all zero.
  public var state: (UInt64, UInt64, UInt64, UInt64) { words }
  @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64)

  /// A generator seeded from a single 64-bit seed via four SplitMix64 outputs.
  @inlinable
  public init(seed: UInt64) {
    var sm = SplitMix64(seed: seed)
    self.init(state: (sm.next(), sm.next(), sm.next(), sm.next()))
  }

  /// The generator of stream `stream` under run seed `seed`:
  /// seeded with ``Seed/derive(_:_:)``, so streams are independent and a
  /// task's draws do not depend on how many tasks run or in which order.
  @inlinable
  public init(seed: UInt64, stream: UInt64) {
    self.init(seed: Seed.derive(seed, stream))
  }

  /// A generator with an explicit state (as in the reference code).
  /// - Precondition: the state is not all zero.
  @inlinable
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
    self.words = state
  }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    let result = Self.rotateLeft(words.1 &* 5, by: 7) &* 9
    let t = words.1 &<< 17
    words.2 ^= words.0
    words.3 ^= words.1
    words.1 ^= words.2
    words.0 ^= words.3
    words.2 ^= t
    words.3 = Self.rotateLeft(words.3, by: 45)
    return result
  }

  @inlinable @inline(__always)
  static func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 { (x &<< k) | (x &>> (64 &- k)) }

  public static func == (a: Self, b: Self) -> Bool { a.state == b.state }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(state.0)
    hasher.combine(state.1)
    hasher.combine(state.2)
    hasher.combine(state.3)
  }

  private enum CodingKeys: String, CodingKey { case state }

  /// Encodes the state as four hexadecimal strings (JSON numbers cannot hold 64 bits exactly).
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode([state.0, state.1, state.2, state.3].map(Seed.hex), forKey: .state)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let words = try c.decode([String].self, forKey: .state)
    let parsed = words.compactMap(Seed.parse)
    guard words.count == 4, parsed.count == 4 else {
      throw DecodingError.dataCorruptedError(
        forKey: .state, in: c, debugDescription: "xoshiro256** state must be four 64-bit hexadecimal words")
    }
    guard parsed != [0, 0, 0, 0] else {
      throw DecodingError.dataCorruptedError(forKey: .state, in: c, debugDescription: "xoshiro256** state is all zero")
    }
    self.words = (parsed[0], parsed[1], parsed[2], parsed[3])
  }
}
