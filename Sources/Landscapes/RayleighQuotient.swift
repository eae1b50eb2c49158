public import LinearAlgebra
import Randomness
import Serialization

/// The Rayleigh quotient f(x) = xᵀAx on the unit sphere S^{d−1}, with
/// A = Q diag(λ) Qᵀ planted (CLAIMS.md `riemannian.avoids-strict-saddles`).
///
/// On the sphere the critical points are ±q_i; the Riemannian Hessian at q_i
/// is 2(A − λ_i I) restricted to q_i^⊥, with eigenvalues 2(λ_j − λ_i), j ≠ i
/// (Absil, Mahony, Sepulchre, *Optimization Algorithms on Matrix Manifolds*,
/// 2008, §5.5). With distinct λ, ±q_min are the minima and every other ±q_i
/// is a strict saddle (±q_max maxima).
///
/// Ambient certificates: the Euclidean gradient 2Ax is 2‖A‖₂-Lipschitz on
/// R^d; f ≥ λ_min on the sphere (f_low, exact).
public struct RayleighQuotient: Objective, Codable, Hashable {
  /// A = Q diag(λ) Qᵀ.
  public let matrix: SpectralMatrix
  /// The planted points, computed once.
  public let criticalPoints: [PlantedCriticalPoint]

  public init(matrix: SpectralMatrix) {
    precondition(matrix.dimension >= 2, "the Rayleigh quotient needs d ≥ 2")
    self.matrix = matrix
    let lambda = matrix.eigenvalues.components
    self.criticalPoints = lambda.indices.flatMap { i -> [PlantedCriticalPoint] in
      let eigen = Vector(lambda.indices.filter { $0 != i }.map { 2 * (lambda[$0] - lambda[i]) })
      let q = matrix.rotation.column(i)
      return [PlantedCriticalPoint(location: q, hessianEigenvalues: eigen),
              PlantedCriticalPoint(location: -q, hessianEigenvalues: eigen)]
    }
  }

  /// A random instance: λ uniform in [−1, 1], Q Haar.
  public static func random(dimension d: Int, seed: UInt64) -> RayleighQuotient {
    var rng = Xoshiro256StarStar(seed: seed)
    let lambda = (0..<d).map { _ in Draw.uniform(from: -1, to: 1, using: &rng) }
    return RayleighQuotient(matrix: SpectralMatrix(rotation: Draw.haarOrthogonal(dimension: d, using: &rng), eigenvalues: Vector(lambda)))
  }

  public var dimension: Int { matrix.dimension }
  public var domain: Domain { .sphere }
  public func value(at x: Vector) -> Double { x.dot(matrix.apply(x)) }
  public func gradient(at x: Vector) -> Vector { 2 * matrix.apply(x) }
  public func hessian(at x: Vector) -> Matrix { 2 * matrix.matrix }
  public func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector { 2 * matrix.apply(v) }
  public var lipschitzConstant: Double { 2 * matrix.spectralNorm }
  public var lowerBound: Double { matrix.eigenvalues.components.min() ?? 0 }
  /// A quadratic: D³f = 0.
  public var thirdDerivativeBound: Double { 0 }

  private enum CodingKeys: String, CodingKey { case matrix }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let m = try c.decode(SpectralMatrix.self, forKey: .matrix)
    guard m.dimension >= 2 else {
      throw DecodingError.fieldProblem(c.codingPath, "matrix: the Rayleigh quotient needs d ≥ 2")
    }
    self.init(matrix: m)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(matrix, forKey: .matrix)
  }
}
