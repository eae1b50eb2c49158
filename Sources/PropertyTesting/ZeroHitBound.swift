import Foundation

/// Bounds for claims of the form "this happens with probability zero"
/// (CLAIMS.md, "Verdicts").
public enum ZeroHitBound {
  /// The exact one-sided upper confidence bound on p after 0 hits in n
  /// independent trials: the largest p with (1 − p)^n ≥ α, i.e.
  /// ```
  /// p ≤ 1 − α^{1/n}
  /// ```
  /// (the Clopper–Pearson upper limit for x = 0; ≈ 3/n at α = 0.05, the
  /// "rule of three"). Computed as −expm1(log(α)/n) to keep accuracy for large n.
  /// - Parameters:
  ///   - trials: n ≥ 1.
  ///   - alpha: the error probability α ∈ (0, 1), e.g. 0.05 for 95 % confidence.
  public static func upperBound(trials n: Int, alpha: Double = 0.05) -> Double {
    precondition(n >= 1, "the zero-hit bound needs at least one trial")
    precondition(alpha > 0 && alpha < 1, "alpha must lie in (0, 1)")
    return -expm1(log(alpha) / Double(n))
  }

  /// The number of trials n with 0 hits needed for 1 − α^{1/n} ≤ target.
  public static func trialsNeeded(for target: Double, alpha: Double = 0.05) -> Int {
    precondition(target > 0 && target < 1, "target must lie in (0, 1)")
    precondition(alpha > 0 && alpha < 1, "alpha must lie in (0, 1)")
    return Int((log(alpha) / log1p(-target)).rounded(.up))
  }
}
