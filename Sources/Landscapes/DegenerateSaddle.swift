public import LinearAlgebra
import Serialization

/// f(x) = ½ Σ_{i≥2} h_i x_i² + φ(x_1), φ(y) = y⁴/4 + 2y³/3: a *degenerate*
/// saddle at the origin (Hessian diag(0, h…), not a local minimum: φ is an
/// inflection, φ(y) < 0 for small y < 0) next to the minimum (−2, 0, …)
/// with Hessian diag(4, h…). GD started with 0 < x_1 small decreases x_1
/// monotonically towards 0 (φ'(y) = y²(y + 2) > 0 there), so the saddle
/// attracts a set of positive measure: the case `strictness-is-needed`.
///
/// ∇²f = diag(3y² + 4y, h…): L is certified on the ball of radius R only,
/// L = max(max h_i, 3R² + 4R). f_low = φ(−2) = −4/3, exact and global.
public struct DegenerateSaddle: Objective, Codable, Hashable {
  /// Curvatures h_2, …, h_d > 0 of the quadratic coordinates.
  public let curvatures: [Double]
  /// The radius R of the certified region.
  public let radius: Double

  public init(curvatures: [Double], radius: Double = 3) {
    if let p = Self.problem(curvatures: curvatures, radius: radius) { preconditionFailure(p) }
    self.curvatures = curvatures
    self.radius = radius
  }

  public static func problem(curvatures: [Double], radius: Double) -> String? {
    if let k = curvatures.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
      return "curvatures[\(k)]: must be positive and finite, got \(curvatures[k])"
    }
    guard radius > 2, radius.isFinite else { return "radius: must exceed 2 (to contain the minimum) and be finite, got \(radius)" }
    return nil
  }

  public var dimension: Int { curvatures.count + 1 }
  public func value(at p: Vector) -> Double {
    let y = p[0]
    var s = y * y * y * y / 4 + 2 * y * y * y / 3
    for (k, h) in curvatures.enumerated() { s += 0.5 * h * p[k + 1] * p[k + 1] }
    return s
  }
  public func gradient(at p: Vector) -> Vector {
    let y = p[0]
    return Vector([y * y * (y + 2)] + curvatures.enumerated().map { $0.element * p[$0.offset + 1] })
  }
  public func hessian(at p: Vector) -> Matrix { .diagonal(Vector([3 * p[0] * p[0] + 4 * p[0]] + curvatures)) }
  public var lipschitzConstant: Double { Swift.max(curvatures.max() ?? 0, 3 * radius * radius + 4 * radius) }
  public var certifiedRegion: Region { .ball(center: Vector(zeros: dimension), radius: radius) }
  public var lowerBound: Double { -4.0 / 3.0 }
  /// φ''' = 6y + 4, so M₃ = 6R + 4 on the ball.
  public var thirdDerivativeBound: Double { 6 * radius + 4 }
  public var criticalPoints: [PlantedCriticalPoint] {
    var minimum = Vector(zeros: dimension)
    minimum[0] = -2
    return [PlantedCriticalPoint(location: Vector(zeros: dimension), hessianEigenvalues: Vector([0] + curvatures)),
            PlantedCriticalPoint(location: minimum, hessianEigenvalues: Vector([4] + curvatures))]
  }

  private enum CodingKeys: String, CodingKey { case curvatures, radius }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let h = try c.decode([Double].self, forKey: .curvatures), r = try c.decode(Double.self, forKey: .radius)
    if let p = Self.problem(curvatures: h, radius: r) {
      throw DecodingError.fieldProblem(c.codingPath, p)
    }
    self.init(curvatures: h, radius: r)
  }
}
