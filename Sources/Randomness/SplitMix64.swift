/// SplitMix64, the 64-bit generator of Steele, Lea and Flood ("Fast
/// splittable pseudorandom number generators", OOPSLA 2014) in Vigna's
/// reference form `splitmix64.c`.
///
/// SaddleCheck uses it to expand seeds (it is how ``Xoshiro256StarStar`` is
/// seeded) and, through ``mix(_:)``, to derive independent stream seeds.
/// Reference outputs for seed 1234567 (Rosetta Code, "Pseudo-random
/// numbers/Splitmix64"): 6457827717110365317, 3203168211198807973, … —
/// checked in the tests.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable, Codable {
  /// The generator's whole state (every value is valid, including 0).
  public var state: UInt64

  /// A generator whose first output is `mix(seed &+ γ)`.
  @inlinable
  public init(seed: UInt64) { self.state = seed }

  /// The golden-ratio increment γ = 0x9e3779b97f4a7c15.
  public static let golden: UInt64 = 0x9e37_79b9_7f4a_7c15

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    state &+= Self.golden
    return Self.mix(state)
  }

  /// The SplitMix64 output function: a bijective avalanche mix of 64 bits
  /// (Stafford's "Mix13" variant).
  @inlinable
  public static func mix(_ x: UInt64) -> UInt64 {
    var z = x
    z = (z ^ (z &>> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z &>> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z &>> 31)
  }
}
