public import LinearAlgebra
import Foundation

/// A chain of strict saddles that gradient descent visits one after another, each escape
/// slower than the last — the mechanism of Du, Jin, Lee, Jordan, Singh & Póczos, "Gradient
/// descent can take exponential time to escape saddle points" (NeurIPS 2017, [DJL+17]), in a
/// smooth tridiagonal form:
/// ```
/// f(x) = ψ(x_1) + Σ_{i=2}^{d} [ψ(x_i) + q(x_{i−1}) D(x_i)],
/// ψ(s) = μ(s²/2 − 2r² log cosh(s/r))   (double well, ψ''(0) = −μ, minima ±u*r),
/// D(s) = 2μr² log cosh(s/r)            (so ψ + D = μs²/2),
/// q(y) = 1 − S((|y| − τ1)/(τ2 − τ1)),  S(z) = 6z⁵ − 15z⁴ + 10z³ on [0, 1] (0 below, 1 above).
/// ```
/// Coordinate i is a stable quadratic (curvature μ) while |x_{i−1}| ≤ τ1 and a double well once
/// |x_{i−1}| ≥ τ2. The saddles z_i = (±u*r, …, ±u*r, 0, …, 0) (i − 1 wells filled) are exact
/// critical points with diagonal Hessian (ψ''(u*r) on the filled coordinates, −μ at i, μ after):
/// at |y| ≥ τ2 or |y| ≤ τ1, q' = q'' = 0, and D(0) = D'(0) = 0. GD arrives at z_i with x_i
/// shrunk by (1 − αμ) per step spent at z_1 … z_{i−1}, so the escape time grows geometrically
/// along the chain (in floating point, until x_i underflows).
///
/// **Certificates on the box |x_i| ≤ R** (the region): ψ'' + qD'' = μ(1 − 2(1 − q)sech²) ∈ [−μ, μ];
/// with g = τ2 − τ1, |q'| ≤ 15/(8g), |q''| ≤ 10/(√3 g²), |q'''| ≤ 60/g³, 0 ≤ D ≤ 2μr² log cosh(R/r),
/// |D'| ≤ 2μr, |D''| ≤ 2μ, |ψ'''|, |D'''| ≤ 8μ/(3√3 r), Gershgorin on the tridiagonal Hessian gives
/// L = μ + |q''|max·Dmax + 2|q'|max·|D'|max; M₃ is the Frobenius bound of the third-derivative tensor.
/// f_low = d·ψ(u*r) (q D ≥ 0).
public struct SaddleChain: Objective, Hashable, Codable {
  public let dimension: Int
  public let mu: Double
  public let r: Double
  public let tau1: Double
  public let tau2: Double
  /// The half-width R of the certified box.
  public let boxRadius: Double

  /// A chain in dimension d ≥ 2; requires 0 < τ1 < τ2 < u*r (the wells lie beyond the switch).
  public init(dimension d: Int, mu: Double = 1, r: Double = 1, tau1: Double = 0.3, tau2: Double = 1.5, boxRadius: Double = 2.5) {
    precondition(d >= 2, "a chain needs d ≥ 2")
    let well = RotatedDoubleWell.wellRoot * r
    precondition(mu > 0 && r > 0 && 0 < tau1 && tau1 < tau2 && tau2 < well && boxRadius > well, "need μ, r > 0, 0 < τ1 < τ2 < u*r < R")
    self.dimension = d
    self.mu = mu
    self.r = r
    self.tau1 = tau1
    self.tau2 = tau2
    self.boxRadius = boxRadius
  }

  func psi(_ s: Double) -> Double { mu * (s * s / 2 - 2 * r * r * RotatedDoubleWell.logCosh(s / r)) }
  func psi1(_ s: Double) -> Double { mu * (s - 2 * r * tanh(s / r)) }
  func psi2(_ s: Double) -> Double { let t = tanh(s / r); return mu * (1 - 2 * (1 - t * t)) }
  func dd(_ s: Double) -> Double { 2 * mu * r * r * RotatedDoubleWell.logCosh(s / r) }
  func dd1(_ s: Double) -> Double { 2 * mu * r * tanh(s / r) }
  func dd2(_ s: Double) -> Double { let t = tanh(s / r); return 2 * mu * (1 - t * t) }

  /// q and its first two derivatives.
  func q(_ y: Double) -> (Double, Double, Double) {
    let g = tau2 - tau1
    let z = (abs(y) - tau1) / g
    if z <= 0 { return (1, 0, 0) }
    if z >= 1 { return (0, 0, 0) }
    let s = z * z * z * (10 + z * (-15 + 6 * z))
    let s1 = 30 * z * z * (1 - z) * (1 - z)
    let s2 = 60 * z * (1 - z) * (1 - 2 * z)
    let sign: Double = y < 0 ? -1 : 1
    return (1 - s, -sign * s1 / g, -s2 / (g * g))
  }

  public func value(at x: Vector) -> Double {
    var v = psi(x[0])
    for i in 1..<dimension { v += psi(x[i]) + q(x[i - 1]).0 * dd(x[i]) }
    return v
  }

  public func gradient(at x: Vector) -> Vector {
    var g = Vector(zeros: dimension)
    for i in 0..<dimension {
      g[i] = psi1(x[i])
      if i >= 1 { g[i] += q(x[i - 1]).0 * dd1(x[i]) }
      if i + 1 < dimension { g[i] += q(x[i]).1 * dd(x[i + 1]) }
    }
    return g
  }

  public func hessian(at x: Vector) -> Matrix {
    var h = Matrix(zeros: dimension, dimension)
    for i in 0..<dimension {
      h[i, i] = psi2(x[i])
      if i >= 1 { h[i, i] += q(x[i - 1]).0 * dd2(x[i]) }
      if i + 1 < dimension {
        let (_, q1, q2) = q(x[i])
        h[i, i] += q2 * dd(x[i + 1])
        h[i, i + 1] = q1 * dd1(x[i + 1])
        h[i + 1, i] = h[i, i + 1]
      }
    }
    return h
  }

  var derivativeBounds: (q1: Double, q2: Double, q3: Double, d0: Double, d1: Double, d2: Double, third: Double) {
    let g = tau2 - tau1
    return (15 / (8 * g), 10 / (3.0.squareRoot() * g * g), 60 / (g * g * g), 2 * mu * r * r * RotatedDoubleWell.logCosh(boxRadius / r),
            2 * mu * r, 2 * mu, 8 * mu / (3 * 3.0.squareRoot() * r))
  }

  public var lipschitzConstant: Double {
    let b = derivativeBounds
    return mu + b.q2 * b.d0 + 2 * b.q1 * b.d1
  }

  public var thirdDerivativeBound: Double {
    let b = derivativeBounds
    let diagonal = 2 * b.third + b.q3 * b.d0
    let n = Double(dimension)
    return (n * diagonal * diagonal + (n - 1) * 3 * ((b.q2 * b.d1) * (b.q2 * b.d1) + (b.q1 * b.d2) * (b.q1 * b.d2))).squareRoot()
  }

  public var certifiedRegion: Region {
    .box(lower: Vector(Array(repeating: -boxRadius, count: dimension)), upper: Vector(Array(repeating: boxRadius, count: dimension)))
  }

  public var lowerBound: Double { Double(dimension) * psi(RotatedDoubleWell.wellRoot * r) }

  /// The well position u*r.
  public var wellPosition: Double { RotatedDoubleWell.wellRoot * r }

  /// The chain's saddle z_i (i = 1 … d): the first i − 1 coordinates at +u*r, the rest 0.
  public func saddle(_ i: Int) -> PlantedCriticalPoint {
    precondition(1 <= i && i <= dimension, "saddle index from 1 to d")
    var x = Vector(zeros: dimension)
    for j in 0..<(i - 1) { x[j] = wellPosition }
    let eigen = (0..<dimension).map { j in j < i - 1 ? psi2(wellPosition) : (j == i - 1 ? -mu : mu) }
    return PlantedCriticalPoint(location: x, hessianEigenvalues: Vector(eigen))
  }

  /// The saddles z_1 … z_d and the minimum (u*r, …, u*r).
  public var criticalPoints: [PlantedCriticalPoint] {
    (1...dimension).map(saddle) + [PlantedCriticalPoint(location: Vector(Array(repeating: wellPosition, count: dimension)),
                                                        hessianEigenvalues: Vector(Array(repeating: psi2(wellPosition), count: dimension)))]
  }
}
