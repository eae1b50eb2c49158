public import LinearAlgebra
import Serialization

/// The projected-GD counterexample of CLAIMS.md part E ([NLR18]):
/// f(x, y) = ½(x + y)² − (c/2)(x − y)², c ∈ (0, 1), on X = {y ≥ 0}.
///
/// ∇²f = [[1 − c, 1 + c], [1 + c, 1 − c]] has eigenvalues 2 (along (1, 1))
/// and −2c (along (1, −1)): the origin is a strict saddle, and the feasible
/// direction (−1, 1)/√2 has curvature −2c. L = 2 globally. f is unbounded
/// below on X, so f_low is certified on the box [−1, 1] × [0, 1] only:
/// there (x − y)² ≤ 4 and f ≥ −2c.
public struct HalfPlaneSaddle: Objective, Codable, Hashable {
  /// The negative-curvature parameter c ∈ (0, 1).
  public let c: Double

  public init(c: Double = 0.5) {
    precondition(c > 0 && c < 1, "c must lie in (0, 1)")
    self.c = c
  }

  public var dimension: Int { 2 }
  public var domain: Domain { .polyhedron([Domain.HalfSpace(normal: [0, -1], offset: 0)]) }
  public func value(at p: Vector) -> Double {
    let s = p[0] + p[1], d = p[0] - p[1]
    return 0.5 * s * s - 0.5 * c * d * d
  }
  public func gradient(at p: Vector) -> Vector {
    let s = p[0] + p[1], d = p[0] - p[1]
    return [s - c * d, s + c * d]
  }
  public func hessian(at p: Vector) -> Matrix { Matrix(rowArrays: [[1 - c, 1 + c], [1 + c, 1 - c]]) }
  public var lipschitzConstant: Double { Swift.max(2, 2 * c) }
  public var certifiedRegion: Region { .box(lower: [-1, 0], upper: [1, 1]) }
  public var lowerBound: Double { -2 * c }
  /// A quadratic: D³f = 0.
  public var thirdDerivativeBound: Double { 0 }
  public var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: [0, 0], hessianEigenvalues: [-2 * c, 2])]
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let c = try container.decode(Double.self, forKey: .c)
    guard c > 0, c < 1 else {
      throw DecodingError.fieldProblem(container.codingPath, "c: must lie in (0, 1), got \(c)")
    }
    self.c = c
  }
}
