public import LinearAlgebra
import Foundation

/// Random draws from the distributions SaddleCheck needs, written out here
/// so that the same seed gives the same numbers on every toolchain.
///
/// Every function takes the generator as `inout` and uses only its
/// `next()`; never the standard library's `random(in:using:)`, whose
/// algorithm may change between toolchains (shared/STYLE.md, rule 7).
/// Transcendental functions come from the platform's libm, which is
/// correctly rounded in almost all cases on glibc; the verdicts built on
/// these draws never hinge on the last bit.
public enum Draw {
  /// Uniform on [0, 1): the top 53 bits as a multiple of 2⁻⁵³.
  @inlinable
  public static func unitInterval<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    Double(rng.next() &>> 11) * 0x1p-53
  }

  /// Uniform on the open interval (0, 1): (k + ½)·2⁻⁵², never 0 or 1.
  @inlinable
  public static func openUnitInterval<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    (Double(rng.next() &>> 12) + 0.5) * 0x1p-52
  }

  /// Uniform on [lower, upper).
  @inlinable
  public static func uniform<G: RandomNumberGenerator>(
    from lower: Double, to upper: Double, using rng: inout G
  ) -> Double {
    precondition(lower <= upper && lower.isFinite && upper.isFinite, "uniform: invalid interval [\(lower), \(upper))")
    let u = unitInterval(using: &rng)
    return Swift.min(lower + (upper - lower) * u, upper.nextDown < lower ? lower : upper.nextDown)
  }

  /// Uniform on {0, 1, …, bound − 1}, unbiased (Lemire's multiply-and-reject,
  /// "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019).
  @inlinable
  public static func integer<G: RandomNumberGenerator>(below bound: UInt64, using rng: inout G) -> UInt64 {
    precondition(bound > 0, "integer(below:) needs a positive bound")
    var product = rng.next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold { product = rng.next().multipliedFullWidth(by: bound) }
    }
    return product.high
  }

  /// A standard normal N(0, 1) by Marsaglia's polar method (one of the pair
  /// is used, the other discarded, so no hidden state is kept).
  @inlinable
  public static func standardNormal<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    while true {
      let u = 2 * unitInterval(using: &rng) - 1
      let v = 2 * unitInterval(using: &rng) - 1
      let s = u * u + v * v
      if s > 0 && s < 1 { return u * (-2 * _log(s) / s).squareRoot() }
    }
  }

  /// A vector of `dimension` independent N(0, 1) components.
  @inlinable
  public static func gaussianVector<G: RandomNumberGenerator>(dimension: Int, using rng: inout G) -> Vector {
    Vector((0..<dimension).map { _ in standardNormal(using: &rng) })
  }

  /// A rows×columns matrix of independent N(0, 1) entries, row by row.
  @inlinable
  public static func gaussianMatrix<G: RandomNumberGenerator>(rows: Int, columns: Int, using rng: inout G) -> Matrix {
    Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in standardNormal(using: &rng) })
  }

  /// Uniform on the unit sphere S^{d−1} ⊂ R^d: a normalized Gaussian vector.
  @inlinable
  public static func onUnitSphere<G: RandomNumberGenerator>(dimension: Int, using rng: inout G) -> Vector {
    precondition(dimension >= 1, "onUnitSphere needs dimension ≥ 1")
    while true {
      let g = gaussianVector(dimension: dimension, using: &rng)
      let n = g.euclideanNorm
      if n > 0 { return g / n }
    }
  }

  /// Uniform in the ball {x : ‖x − center‖ ≤ radius} (Lebesgue-absolutely
  /// continuous, as the avoidance claims require): a uniform direction
  /// scaled by radius·U^{1/d}.
  @inlinable
  public static func inBall<G: RandomNumberGenerator>(
    center: Vector, radius: Double, using rng: inout G
  ) -> Vector {
    precondition(radius > 0 && radius.isFinite, "inBall needs a positive finite radius")
    let d = center.dimension
    let direction = onUnitSphere(dimension: d, using: &rng)
    let r = radius * _pow(unitInterval(using: &rng), 1 / Double(d))
    var x = center
    x.add(direction, scaledBy: r)
    return x
  }

  /// Gamma(shape, 1) by Marsaglia and Tsang ("A simple method for generating
  /// gamma variables", ACM TOMS 26(3), 2000); shape < 1 via
  /// Gamma(shape + 1)·U^{1/shape}.
  @inlinable
  public static func gamma<G: RandomNumberGenerator>(shape: Double, using rng: inout G) -> Double {
    precondition(shape > 0 && shape.isFinite, "gamma needs a positive finite shape")
    if shape < 1 {
      let g = gamma(shape: shape + 1, using: &rng)
      return g * _pow(openUnitInterval(using: &rng), 1 / shape)
    }
    let d = shape - 1.0 / 3.0
    let c = 1 / (9 * d).squareRoot()
    while true {
      let x = standardNormal(using: &rng)
      var v = 1 + c * x
      if v <= 0 { continue }
      v = v * v * v
      let u = openUnitInterval(using: &rng)
      if _log(u) < 0.5 * x * x + d - d * v + d * _log(v) { return d * v }
    }
  }

  /// Dirichlet(α_1, …, α_d) on the probability simplex: normalized Gamma(α_i) draws.
  @inlinable
  public static func dirichlet<G: RandomNumberGenerator>(concentration: [Double], using rng: inout G) -> Vector {
    precondition(!concentration.isEmpty, "dirichlet needs at least one concentration parameter")
    while true {
      let g = concentration.map { gamma(shape: $0, using: &rng) }
      let s = g.reduce(0, +)
      if s > 0 && s.isFinite { return Vector(g.map { $0 / s }) }
    }
  }

  /// A Haar-distributed orthogonal matrix in O(d): Q·diag(sign R_ii) from the
  /// QR factorization of a d×d Gaussian matrix (Mezzadri, Notices AMS 54,
  /// 2007, §5). det Q = ±1 with probability ½ each.
  @inlinable
  public static func haarOrthogonal<G: RandomNumberGenerator>(dimension: Int, using rng: inout G) -> Matrix {
    precondition(dimension >= 1, "haarOrthogonal needs dimension ≥ 1")
    let qr = QRDecomposition(of: gaussianMatrix(rows: dimension, columns: dimension, using: &rng))
    var q = qr.q
    for j in 0..<dimension where qr.r[j, j] < 0 {
      for i in 0..<dimension { q[i, j] = -q[i, j] }
    }
    return q
  }
}

// libm entry points, kept in one place so every draw uses the same ones.
@usableFromInline func _log(_ x: Double) -> Double { Foundation.log(x) }
@usableFromInline func _pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
