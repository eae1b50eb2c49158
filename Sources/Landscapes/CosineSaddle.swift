public import LinearAlgebra

import Foundation

/// f(x, y) = ½x² + cos y (CLAIMS.md "classics"): globally L-smooth with
/// L = 1 (∇²f = diag(1, −cos y)), f_* = −1 attained, strict saddles at
/// (0, 2kπ) with Hessian diag(1, −1) and minima at (0, (2k+1)π) with
/// Hessian diag(1, 1). The planted points are those with |y| ≤ 4π.
public struct CosineSaddle: Objective, Codable, Hashable {
  public init() {}
  public var dimension: Int { 2 }
  public func value(at p: Vector) -> Double { 0.5 * p[0] * p[0] + cos(p[1]) }
  public func gradient(at p: Vector) -> Vector { [p[0], -sin(p[1])] }
  public func hessian(at p: Vector) -> Matrix { .diagonal([1, -cos(p[1])]) }
  public var lipschitzConstant: Double { 1 }
  public var lowerBound: Double { -1 }
  /// f_yyy = sin y.
  public var thirdDerivativeBound: Double { 1 }
  public var criticalPoints: [PlantedCriticalPoint] {
    (-4...4).map { k in
      PlantedCriticalPoint(location: [0, Double(k) * Double.pi], hessianEigenvalues: k % 2 == 0 ? [1, -1] : [1, 1])
    }
  }
}
