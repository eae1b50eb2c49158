import Foundation

/// Distribution-free tolerances for moment checks of random draws, derived
/// from a stated false-failure probability p instead of guessed.
///
/// Each function returns t such that, if the generator is correct,
/// P(|estimate − truth| ≥ t) ≤ p. A test that uses them fails wrongly with
/// probability at most p per check (e.g. 1e-9).
public enum Concentration {
  /// Hoeffding's inequality for the mean of n i.i.d. variables in an interval
  /// of width `range`: P(|X̄ − μ| ≥ t) ≤ 2 exp(−2n t²/range²), so
  /// ```
  /// t = range · √(log(2/p) / (2n))
  /// ```
  /// (Hoeffding, JASA 58, 1963, Theorem 2).
  public static func hoeffdingHalfWidth(samples n: Int, range: Double, falseFailureRate p: Double) -> Double {
    precondition(n >= 1 && range > 0 && p > 0 && p < 1, "hoeffdingHalfWidth: invalid arguments")
    return range * (log(2 / p) / (2 * Double(n))).squareRoot()
  }

  /// The mean of n i.i.d. N(μ, σ²) draws is exactly N(μ, σ²/n), and the
  /// Gaussian tail gives P(|X̄ − μ| ≥ t) ≤ 2 exp(−n t²/(2σ²)), so
  /// ```
  /// t = σ · √(2 log(2/p) / n)
  /// ```
  public static func gaussianMeanHalfWidth(samples n: Int, sigma: Double, falseFailureRate p: Double) -> Double {
    precondition(n >= 1 && sigma > 0 && p > 0 && p < 1, "gaussianMeanHalfWidth: invalid arguments")
    return sigma * (2 * log(2 / p) / Double(n)).squareRoot()
  }

  /// Bounds on Σ z_i² for n i.i.d. standard normals (χ²_n), from Laurent and
  /// Massart (Ann. Statist. 28(5), 2000, Lemma 1) with x = log(2/p):
  /// ```
  /// P(χ² − n ≥ 2√(n x) + 2x) ≤ e^{−x},   P(n − χ² ≥ 2√(n x)) ≤ e^{−x}
  /// ```
  /// Returns the interval for the sample second moment χ²/n that a correct
  /// generator leaves with probability at most p.
  public static func chiSquareMeanInterval(samples n: Int, falseFailureRate p: Double) -> ClosedRange<Double> {
    precondition(n >= 1 && p > 0 && p < 1, "chiSquareMeanInterval: invalid arguments")
    let x = log(2 / p), nn = Double(n)
    let lower = (nn - 2 * (nn * x).squareRoot()) / nn
    let upper = (nn + 2 * (nn * x).squareRoot() + 2 * x) / nn
    return lower...upper
  }
}
