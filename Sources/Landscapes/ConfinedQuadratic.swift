public import LinearAlgebra
import Randomness
import Serialization
import Foundation

/// f(x) = ½ xᵀHx + ψ(‖x‖²) with ψ(s) = a(√(b² + s²) − b): an indefinite
/// quadratic confined by a smooth radial term — globally L-smooth, bounded
/// below, with every critical point and Hessian exact (CLAIMS.md,
/// "Landscapes worth having").
///
/// H = Q diag(μ) Qᵀ. With s = ‖x‖²,
/// ```
/// ∇f  = Hx + 2ψ'(s) x,            ψ'(s)  = a s / √(b² + s²) ∈ [0, a)
/// ∇²f = H + 2ψ'(s) I + 4ψ''(s) xxᵀ, ψ''(s) = a b² / (b² + s²)^{3/2}
/// ```
/// **Critical points.** ∇f(x) = 0 iff x = 0 or x is an eigenvector q_i with
/// μ_i = −2ψ'(s). For every μ_i ∈ (−2a, 0) this gives x = ±√s_i q_i with
/// s_i = c b/√(a² − c²), c = −μ_i/2; the Hessian there has eigenvalues
/// μ_j − μ_i (j ≠ i) and 4ψ''(s_i)s_i > 0 along q_i, so its index is
/// #{j : μ_j < μ_i}. The origin has Hessian H: index #{μ_j < 0}.
///
/// **Certified L (tight).** 2ψ'I + 4ψ''xxᵀ ⪰ 0, so λ_min(∇²f) ≥ μ_min, and
/// along the eigen-directions λ_max(∇²f) ≤ μ_max + sup_s [2ψ'(s) + 4ψ''(s)s]
/// = μ_max + a·sup_t G(t), G(t) = 2t(t² + 3)/(1 + t²)^{3/2} (t = s/b).
/// G'(t) ∝ 3(1 − t²), so sup G = G(1) = 2√2. Hence
/// L = max(|μ_min|, |μ_max + 2√2 a|), attained at the origin and at
/// x = √b q_max. (CLAIMS.md's 3.54a is a looser safe constant.)
///
/// **Certified f_low (exact).** f(x) ≥ ½μ_min s + ψ(s) ≥ min_s h(s), with
/// equality along q_min; for μ_min < 0, c = −μ_min/2 < a:
/// f_low = −b(a − √(a² − c²)); for μ_min ≥ 0, f_low = 0.
///
/// Requires a > −μ_min/2 (else f is unbounded below along q_min).
public struct ConfinedQuadratic: Objective, Codable, Hashable {
  /// H = Q diag(μ) Qᵀ.
  public let quadratic: SpectralMatrix
  /// The confinement strength a > 0.
  public let a: Double
  /// The confinement scale b > 0.
  public let b: Double
  /// The planted points, computed once.
  public let criticalPoints: [PlantedCriticalPoint]

  /// sup_t 2t(t² + 3)/(1 + t²)^{3/2} = 2√2.
  public static let radialCurvatureBound = 2 * 2.0.squareRoot()

  public init(quadratic: SpectralMatrix, a: Double, b: Double) {
    if let p = Self.problem(quadratic: quadratic, a: a, b: b) { preconditionFailure(p) }
    self.quadratic = quadratic
    self.a = a
    self.b = b
    self.criticalPoints = Self.plant(quadratic, a, b)
  }

  /// Why the parameters are invalid, or nil.
  public static func problem(quadratic: SpectralMatrix, a: Double, b: Double) -> String? {
    guard a > 0, a.isFinite else { return "a: must be positive and finite, got \(a)" }
    guard b > 0, b.isFinite else { return "b: must be positive and finite, got \(b)" }
    let mu = quadratic.eigenvalues.components.min() ?? 0
    guard a > -mu / 2 else { return "a: must exceed −μ_min/2 = \(-mu / 2) so that f is bounded below, got \(a)" }
    return nil
  }

  /// A random instance: `index` negative eigenvalues with magnitudes uniform
  /// in [1/κ, 1] (κ = `conditioning`), the rest in [1/κ, 1], Q Haar,
  /// a = |μ_min|·U[0.75, 1.5], b ∈ [0.5, 2]. The origin is then a strict
  /// saddle of index `index` (a maximum when index = d).
  public static func random(dimension d: Int, index k: Int, conditioning: Double = 5, seed: UInt64) -> ConfinedQuadratic {
    precondition(d >= 1 && 0 <= k && k <= d, "need 1 ≤ d and 0 ≤ index ≤ d")
    precondition(conditioning >= 1 && conditioning.isFinite, "conditioning must be ≥ 1")
    var rng = Xoshiro256StarStar(seed: seed)
    let low = 1 / conditioning
    let negatives = (0..<k).map { _ in -Draw.uniform(from: low, to: 1, using: &rng) }
    let positives = (k..<d).map { _ in Draw.uniform(from: low, to: 1, using: &rng) }
    let mu = negatives + positives
    let q = Draw.haarOrthogonal(dimension: d, using: &rng)
    let muMin = mu.min() ?? 0
    let a = Swift.max(abs(muMin), low) * Draw.uniform(from: 0.75, to: 1.5, using: &rng)
    let b = Draw.uniform(from: 0.5, to: 2, using: &rng)
    return ConfinedQuadratic(quadratic: SpectralMatrix(rotation: q, eigenvalues: Vector(mu)), a: a, b: b)
  }

  public var dimension: Int { quadratic.dimension }

  func psiPrime(_ s: Double) -> Double { a * s / (b * b + s * s).squareRoot() }
  func psiSecond(_ s: Double) -> Double { let r = b * b + s * s; return a * b * b / (r * r.squareRoot()) }

  public func value(at x: Vector) -> Double {
    let s = x.squaredNorm
    return 0.5 * x.dot(quadratic.apply(x)) + a * ((b * b + s * s).squareRoot() - b)
  }

  public func gradient(at x: Vector) -> Vector {
    var g = quadratic.apply(x)
    g.add(x, scaledBy: 2 * psiPrime(x.squaredNorm))
    return g
  }

  public func hessian(at x: Vector) -> Matrix {
    let s = x.squaredNorm
    let p1 = 2 * psiPrime(s), p2 = 4 * psiSecond(s)
    var h = quadratic.matrix
    let n = dimension
    for i in 0..<n {
      h.elements[i * n + i] += p1
      for j in 0..<n { h.elements[i * n + j] += p2 * x[i] * x[j] }
    }
    return h
  }

  public func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector {
    let s = x.squaredNorm
    var r = quadratic.apply(v)
    r.add(v, scaledBy: 2 * psiPrime(s))
    r.add(x, scaledBy: 4 * psiSecond(s) * x.dot(v))
    return r
  }

  public var lipschitzConstant: Double {
    let e = quadratic.eigenvalues.components
    return Swift.max(abs(e.min() ?? 0), abs((e.max() ?? 0) + Self.radialCurvatureBound * a))
  }

  /// D³f[v,v,v] = 8ψ'''(s)(x·v)³ + 12ψ''(s)(x·v) for unit v, with
  /// ψ''' = −3ab²s/(b² + s²)^{5/2}. With s = bt: 24(t/(1 + t²))^{5/2}·a/√b
  /// ≤ 24·2^{−5/2}·a/√b and 12·t^{1/2}/(1 + t²)^{3/2}·a/√b ≤ 12·0.508725·a/√b
  /// (maximum at t² = 1/5), so M₃ ≤ 10.35·a/√b.
  public var thirdDerivativeBound: Double { 10.35 * a / b.squareRoot() }

  public var lowerBound: Double {
    let muMin = quadratic.eigenvalues.components.min() ?? 0
    guard muMin < 0 else { return 0 }
    let c = -muMin / 2
    return -b * (a - (a * a - c * c).squareRoot())
  }

  static func plant(_ h: SpectralMatrix, _ a: Double, _ b: Double) -> [PlantedCriticalPoint] {
    let mu = h.eigenvalues.components
    var points = [PlantedCriticalPoint(location: Vector(zeros: mu.count), hessianEigenvalues: h.eigenvalues)]
    for (i, mi) in mu.enumerated() where mi < 0 {
      let c = -mi / 2
      let s = c * b / (a * a - c * c).squareRoot()
      let r = b * b + s * s
      let radial = 4 * (a * b * b / (r * r.squareRoot())) * s
      var eigen = mu.enumerated().filter { $0.offset != i }.map { $0.element - mi }
      eigen.append(radial)
      let q = h.rotation.column(i)
      for sign in [1.0, -1.0] {
        points.append(PlantedCriticalPoint(location: (sign * s.squareRoot()) * q, hessianEigenvalues: Vector(eigen)))
      }
    }
    return points
  }

  private enum CodingKeys: String, CodingKey { case quadratic, a, b }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let q = try c.decode(SpectralMatrix.self, forKey: .quadratic)
    let a = try c.decode(Double.self, forKey: .a), b = try c.decode(Double.self, forKey: .b)
    if let p = Self.problem(quadratic: q, a: a, b: b) {
      throw DecodingError.fieldProblem(c.codingPath, p)
    }
    self.init(quadratic: q, a: a, b: b)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(quadratic, forKey: .quadratic)
    try c.encode(a, forKey: .a)
    try c.encode(b, forKey: .b)
  }
}
