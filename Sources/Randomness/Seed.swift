import Foundation

/// Seeds: deriving independent stream seeds, and the hexadecimal form in
/// which seeds are printed and stored in fixtures.
///
/// A run has one seed (printed); every case, task and trajectory derives its
/// own seed from (run seed, index, …) with ``derive(_:_:)``, so results are
/// the same whatever the number of cores or the order in which tasks finish
/// (shared/STYLE.md, rule 7).
public enum Seed {
  /// The seed of stream `index` under `seed`: two rounds of the SplitMix64
  /// output function over the seed and the golden-ratio-weighted index.
  ///
  /// ```
  /// derive(s, i) = mix(mix(s ^ 0x5ad1e…) &+ (i &+ 1)·γ)
  /// ```
  /// `mix` is a bijection, so for a fixed `seed` distinct indices give
  /// distinct stream seeds.
  @inlinable
  public static func derive(_ seed: UInt64, _ index: UInt64) -> UInt64 {
    SplitMix64.mix(SplitMix64.mix(seed ^ 0x5ad1_e0c4_ec6b_a11d) &+ (index &+ 1) &* SplitMix64.golden)
  }

  /// The seed of a named stream: `derive` over the FNV-1a hash of the label
  /// (stable across runs and toolchains, unlike `hashValue`).
  @inlinable
  public static func derive(_ seed: UInt64, label: String) -> UInt64 {
    derive(seed, fnv1a(label))
  }

  /// The 64-bit FNV-1a hash of the UTF-8 bytes of `text`.
  @inlinable
  public static func fnv1a(_ text: String) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      h ^= UInt64(byte)
      h = h &* 0x0000_0100_0000_01b3
    }
    return h
  }

  /// `0x` followed by 16 lowercase hexadecimal digits.
  public static func hex(_ seed: UInt64) -> String {
    let digits = String(seed, radix: 16)
    return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// Parses a seed written in decimal or as `0x…` hexadecimal; nil if malformed or out of range.
  public static func parse(_ text: String) -> UInt64? {
    let t = text.trimmingCharacters(in: .whitespaces)
    if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16) }
    return UInt64(t, radix: 10)
  }
}
