/// Confidence intervals for a binomial proportion p from x successes in n
/// trials — the evidence of every probability claim (CLAIMS.md, "Verdicts").
public struct BinomialInterval: Sendable, Hashable, Codable {
  public var lower: Double
  public var upper: Double

  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }

  /// Whether p lies in the interval.
  public func contains(_ p: Double) -> Bool { lower <= p && p <= upper }

  /// The exact two-sided Clopper–Pearson interval at level 1 − α (Clopper &
  /// Pearson, Biometrika 26, 1934):
  /// lower = B⁻¹(α/2; x, n − x + 1) (0 when x = 0),
  /// upper = B⁻¹(1 − α/2; x + 1, n − x) (1 when x = n).
  public static func clopperPearson(successes x: Int, trials n: Int, alpha: Double = 0.05) -> BinomialInterval {
    precondition(n >= 1 && 0 <= x && x <= n && alpha > 0 && alpha < 1, "invalid binomial interval request")
    let lower = x == 0 ? 0 : SpecialFunctions.betaQuantile(alpha / 2, a: Double(x), b: Double(n - x + 1))
    let upper = x == n ? 1 : SpecialFunctions.betaQuantile(1 - alpha / 2, a: Double(x + 1), b: Double(n - x))
    return BinomialInterval(lower: lower, upper: upper)
  }

  /// The exact one-sided Clopper–Pearson lower bound at level 1 − α:
  /// P(p ≥ bound) ≥ 1 − α. Positive exactly when x > 0 — how a refutation
  /// ("converges with positive probability") is established.
  public static func clopperPearsonLowerBound(successes x: Int, trials n: Int, alpha: Double = 0.05) -> Double {
    precondition(n >= 1 && 0 <= x && x <= n && alpha > 0 && alpha < 1, "invalid binomial bound request")
    return x == 0 ? 0 : SpecialFunctions.betaQuantile(alpha, a: Double(x), b: Double(n - x + 1))
  }

  /// The exact one-sided Clopper–Pearson upper bound at level 1 − α; for
  /// x = 0 it is the zero-hit bound 1 − α^{1/n}.
  public static func clopperPearsonUpperBound(successes x: Int, trials n: Int, alpha: Double = 0.05) -> Double {
    precondition(n >= 1 && 0 <= x && x <= n && alpha > 0 && alpha < 1, "invalid binomial bound request")
    if x == n { return 1 }
    if x == 0 { return ZeroHitBound.upperBound(trials: n, alpha: alpha) }
    return SpecialFunctions.betaQuantile(1 - alpha, a: Double(x + 1), b: Double(n - x))
  }

  /// The Wilson score interval at level 1 − α (Wilson, JASA 22, 1927), used
  /// for coverage fractions:
  /// (p̂ + z²/2n ± z√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z = Φ⁻¹(1 − α/2).
  public static func wilson(successes x: Int, trials n: Int, alpha: Double = 0.05) -> BinomialInterval {
    precondition(n >= 1 && 0 <= x && x <= n && alpha > 0 && alpha < 1, "invalid binomial interval request")
    let z = SpecialFunctions.normalQuantile(1 - alpha / 2)
    let nn = Double(n), p = Double(x) / nn
    let center = (p + z * z / (2 * nn)) / (1 + z * z / nn)
    let half = z / (1 + z * z / nn) * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot()
    return BinomialInterval(lower: Swift.max(0, center - half), upper: Swift.min(1, center + half))
  }
}
