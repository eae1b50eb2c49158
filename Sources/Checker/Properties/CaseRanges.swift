import Randomness
public import Serialization

/// Range checks for the fields of a stored case (a fixture's `original` and
/// `shrunk`), each giving a ``DecodingProblem`` that names the field.
public enum CaseRanges {
  /// The first non-nil problem.
  public static func firstProblem(_ problems: [DecodingProblem?]) -> DecodingProblem? { problems.lazy.compactMap { $0 }.first }

  /// lower < x < upper.
  public static func open(_ field: String, _ x: Double, _ lower: Double, _ upper: Double) -> DecodingProblem? {
    x > lower && x < upper ? nil : DecodingProblem(field: field, problem: "must lie in (\(lower), \(upper)), got \(x)")
  }

  /// lower ≤ x ≤ upper.
  public static func closed(_ field: String, _ x: Double, _ lower: Double, _ upper: Double) -> DecodingProblem? {
    x >= lower && x <= upper ? nil : DecodingProblem(field: field, problem: "must lie in [\(lower), \(upper)], got \(x)")
  }

  /// lower < x ≤ upper.
  public static func number(_ field: String, _ x: Double, above lower: Double, atMost upper: Double) -> DecodingProblem? {
    x > lower && x <= upper ? nil : DecodingProblem(field: field, problem: "must lie in (\(lower), \(upper)], got \(x)")
  }

  /// A whole number in `range`.
  public static func whole(_ field: String, _ n: Int, _ range: ClosedRange<Int>) -> DecodingProblem? {
    range.contains(n) ? nil : DecodingProblem(field: field,
      problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(n)")
  }

  /// A 64-bit seed written `0x…`.
  public static func seed(_ field: String, _ text: String) -> DecodingProblem? {
    text.hasPrefix("0x") && Seed.parse(text) != nil ? nil : DecodingProblem(field: field,
      problem: "must be a 64-bit seed in 0x-hexadecimal, got '\(text)'")
  }

  /// The confidence parameter α of an interval, in [1e-12, 0.5].
  public static func confidence(_ alpha: Double) -> DecodingProblem? { closed("confidence", alpha, 1e-12, 0.5) }

  /// A box lower ≤ upper in R^dimension with |bounds| ≤ magnitude.
  public static func box(lower: [Double], upper: [Double], dimension: Int, magnitude: Double) -> DecodingProblem? {
    guard lower.count == dimension else { return DecodingProblem(field: "lower",
      problem: "needs \(dimension) coordinates, got \(lower.count)") }
    guard upper.count == dimension else { return DecodingProblem(field: "upper",
      problem: "needs \(dimension) coordinates, got \(upper.count)") }
    for i in 0..<dimension {
      if let p = closed("lower[\(i)]", lower[i], -magnitude, magnitude) ?? closed("upper[\(i)]", upper[i],
        -magnitude, magnitude) { return p }
      if lower[i] > upper[i] { return DecodingProblem(field: "lower[\(i)]", problem: "\(lower[i]) exceeds upper[\(i)] = \(upper[i])") }
    }
    return nil
  }
}
