public import LinearAlgebra
import Randomness
import Serialization

/// A quadratic f(x) = ½(x − p)ᵀB(x − p) on the probability simplex with an
/// interior strict saddle at p (CLAIMS.md `mirror-descent.avoids-strict-saddles`:
/// multiplicative weights, negative curvature along the simplex's tangent space).
///
/// B = Q diag(ν, κ_1, …, κ_{d−1}) Qᵀ where Q's first column is 1/√d (the
/// simplex's normal) and its other columns span the tangent space
/// T = {v : Σv_i = 0}. The restriction of f to the simplex has gradient
/// P B(x − p) (P the projection onto T), zero at p, and tangent Hessian
/// with eigenvalues κ: p is a strict saddle when some κ_i < 0.
///
/// Certificates: ‖∇²f‖₂ = ‖B‖₂ = max(|ν|, |κ|) globally. On the simplex
/// x − p ∈ T and ‖x − p‖² ≤ 2 (the squared diameter), so
/// f ≥ ½ min(κ_min, 0)·2 = min(κ_min, 0) =: f_low.
public struct SimplexQuadratic: Objective, Codable, Hashable {
  /// B, with its first eigenvector the normal 1/√d.
  public let curvature: SpectralMatrix
  /// The interior critical point p (p_i > 0, Σp_i = 1).
  public let center: Vector

  public init(curvature: SpectralMatrix, center: Vector) {
    if let p = Self.problem(curvature: curvature, center: center) { preconditionFailure(p) }
    self.curvature = curvature
    self.center = center
  }

  public static func problem(curvature: SpectralMatrix, center: Vector) -> String? {
    let d = curvature.dimension
    guard d >= 2 else { return "curvature: the simplex needs d ≥ 2" }
    guard center.dimension == d else { return "center: dimension \(center.dimension), expected \(d)" }
    guard center.allSatisfy({ $0 > 0 }), abs(center.reduce(0, +) - 1) <= 1e-12 else {
      return "center: must lie in the open simplex (positive, summing to 1)"
    }
    let normal = curvature.rotation.column(0)
    let expected = 1 / Double(d).squareRoot()
    guard normal.allSatisfy({ abs(abs($0) - expected) <= 1e-12 }), normal.allSatisfy({ ($0 > 0) == (normal[0] > 0) }) else {
      return "curvature.rotation: column 0 must be ±(1, …, 1)/√d, the simplex's normal"
    }
    return nil
  }

  /// A random instance: `index` negative tangent curvatures in [−1, −1/κ],
  /// the rest in [1/κ, 1] (κ = `conditioning`), ν = 1, the tangent basis Haar-rotated, and
  /// p ~ Dirichlet(5, …, 5) (interior, away from the faces).
  public static func random(dimension d: Int, index k: Int, conditioning: Double = 5, seed: UInt64) -> SimplexQuadratic {
    precondition(d >= 2 && 1 <= k && k <= d - 1, "need d ≥ 2 and 1 ≤ index ≤ d − 1")
    precondition(conditioning >= 1 && conditioning.isFinite, "conditioning must be ≥ 1")
    var rng = Xoshiro256StarStar(seed: seed)
    let low = 1 / conditioning
    let kappa = (0..<k).map { _ in -Draw.uniform(from: low, to: 1, using: &rng) }
      + (k..<(d - 1)).map { _ in Draw.uniform(from: low, to: 1, using: &rng) }
    // Householder H with H e_1 = 1/√d; H's other columns span T.
    let e = Vector(Array(repeating: 1 / Double(d).squareRoot(), count: d))
    var w = Vector(basis: 0, dimension: d) - e
    w = w / w.euclideanNorm
    let h = Matrix.identity(d) - 2 * Matrix.outer(w, w)
    var inner = Matrix.identity(d)
    let r = Draw.haarOrthogonal(dimension: d - 1, using: &rng)
    for i in 0..<(d - 1) { for j in 0..<(d - 1) { inner[i + 1, j + 1] = r[i, j] } }
    var q = h * inner
    // Exact normal column, so validation sees ±1/√d to the last bit.
    for i in 0..<d { q[i, 0] = e[i] }
    let p = Draw.dirichlet(concentration: Array(repeating: 5, count: d), using: &rng)
    var center = p
    center[d - 1] = 1 - p.components.dropLast().reduce(0, +)
    return SimplexQuadratic(curvature: SpectralMatrix(rotation: q, eigenvalues: Vector([1] + kappa)), center: center)
  }

  public var dimension: Int { curvature.dimension }
  public var domain: Domain { .simplex }
  public func value(at x: Vector) -> Double { let y = x - center; return 0.5 * y.dot(curvature.apply(y)) }
  public func gradient(at x: Vector) -> Vector { curvature.apply(x - center) }
  public func hessian(at x: Vector) -> Matrix { curvature.matrix }
  public func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector { curvature.apply(v) }
  public var lipschitzConstant: Double { curvature.spectralNorm }
  /// A quadratic: D³f = 0.
  public var thirdDerivativeBound: Double { 0 }
  public var lowerBound: Double { Swift.min(curvature.eigenvalues.components.dropFirst().min() ?? 0, 0) }
  public var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: center, hessianEigenvalues: Vector(Array(curvature.eigenvalues.components.dropFirst())))]
  }

  private enum CodingKeys: String, CodingKey { case curvature, center }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let b = try c.decode(SpectralMatrix.self, forKey: .curvature), p = try c.decode(Vector.self, forKey: .center)
    if let problem = Self.problem(curvature: b, center: p) {
      throw DecodingError.fieldProblem(c.codingPath, problem)
    }
    self.init(curvature: b, center: p)
  }
}
