import Foundation

/// The special functions behind the exact binomial intervals.
public enum SpecialFunctions {
  /// The regularized incomplete beta function I_x(a, b), a, b > 0, x ∈ [0, 1].
  ///
  /// Continued fraction evaluated by the modified Lentz method (Press et al.,
  /// *Numerical Recipes*, 3rd ed., §6.4, `betacf`), with the symmetry
  /// I_x(a, b) = 1 − I_{1−x}(b, a) used where the fraction converges slowly
  /// (x > (a + 1)/(a + b + 2)). Relative accuracy ~1e-15.
  public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    precondition(a > 0 && b > 0, "incomplete beta needs a, b > 0")
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x > (a + 1) / (a + b + 2) {
      return 1 - exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)) * continuedFraction(1 - x, b, a) / b
    }
    return exp(logFront) * continuedFraction(x, a, b) / a
  }

  /// The continued fraction of I_x(a, b) (Numerical Recipes `betacf`).
  static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
    let tiny = 1e-300
    let qab = a + b, qap = a + 1, qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
      let m2 = Double(2 * m), dm = Double(m)
      var aa = dm * (b - dm) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + dm) * (qab + dm) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) <= 1e-16 { break }
    }
    return h
  }

  /// The p-quantile of Beta(a, b): the x with I_x(a, b) = p, by bisection to
  /// the resolution of Double (I_x is increasing in x).
  public static func betaQuantile(_ p: Double, a: Double, b: Double) -> Double {
    precondition(p >= 0 && p <= 1, "probability must lie in [0, 1]")
    if p == 0 { return 0 }
    if p == 1 { return 1 }
    var lo = 0.0, hi = 1.0
    while true {
      let mid = lo + (hi - lo) / 2
      if mid <= lo || mid >= hi { return mid }
      if regularizedIncompleteBeta(mid, a: a, b: b) < p { lo = mid } else { hi = mid }
    }
  }

  /// The standard normal quantile Φ⁻¹(p): Acklam's rational approximation
  /// (relative error < 1.15e-9) refined by one Halley step on
  /// Φ(z) = erfc(−z/√2)/2 — on the upper tail 1 − Φ(z) = erfc(z/√2)/2 when
  /// p > ½, so no cancellation — which brings it to ~1e-15.
  public static func normalQuantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1, "the normal quantile needs p in (0, 1)")
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    var z: Double
    if p < low {
      let q = (-2 * log(p)).squareRoot()
      z = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else if p <= 1 - low {
      let q = p - 0.5, r = q * q
      z = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    } else {
      let q = (-2 * log1p(-p)).squareRoot()
      z = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    // Halley refinement on the tail that is small (1 − p is exact for p ≥ ½).
    let e = p <= 0.5 ? 0.5 * erfc(-z / 2.0.squareRoot()) - p : (1 - p) - 0.5 * erfc(z / 2.0.squareRoot())
    let u = e * (2 * Double.pi).squareRoot() * exp(z * z / 2)
    z -= u / (1 + z * u / 2)
    return z
  }
}
