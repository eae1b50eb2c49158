public import LinearAlgebra
import Serialization

/// The textbook strict saddle f(x, y) = ½x² + ¼y⁴ − ½y² ([LSJR16] §1,
/// CLAIMS.md "classics"): saddle at 0 with Hessian diag(1, −1), minima at
/// (0, ±1) with Hessian diag(1, 2), stable set of the saddle = the x-axis.
///
/// ∇²f = diag(1, 3y² − 1) is unbounded, so L is certified on the declared
/// ball ‖(x, y)‖ ≤ R only: there |y| ≤ R and ‖∇²f‖₂ ≤ max(1, 3R² − 1)
/// (attained at y = ±R). f_low = −¼ is exact and global.
public struct QuarticSaddle: Objective, Codable, Hashable {
  /// The radius R of the region where L is certified.
  public let radius: Double

  public init(radius: Double = 3) {
    precondition(radius > 0 && radius.isFinite, "radius must be positive and finite")
    self.radius = radius
  }

  public var dimension: Int { 2 }
  public func value(at p: Vector) -> Double { let y2 = p[1] * p[1]; return 0.5 * p[0] * p[0] + 0.25 * y2 * y2 - 0.5 * y2 }
  public func gradient(at p: Vector) -> Vector { [p[0], p[1] * p[1] * p[1] - p[1]] }
  public func hessian(at p: Vector) -> Matrix { .diagonal([1, 3 * p[1] * p[1] - 1]) }
  public var lipschitzConstant: Double { Swift.max(1, 3 * radius * radius - 1) }
  public var certifiedRegion: Region { .ball(center: [0, 0], radius: radius) }
  public var lowerBound: Double { -0.25 }
  /// f_yyy = 6y, so M₃ = 6R on the ball.
  public var thirdDerivativeBound: Double { 6 * radius }
  public var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: [0, 0], hessianEigenvalues: [1, -1]),
     PlantedCriticalPoint(location: [0, -1], hessianEigenvalues: [1, 2]),
     PlantedCriticalPoint(location: [0, 1], hessianEigenvalues: [1, 2])]
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let r = try c.decode(Double.self, forKey: .radius)
    guard r > 0, r.isFinite else {
      throw DecodingError.fieldProblem(c.codingPath, "radius: must be positive and finite, got \(r)")
    }
    self.radius = r
  }
}
