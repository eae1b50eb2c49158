public import LinearAlgebra
public import Landscapes
public import Randomness

/// Coordinate descent with step α < 1/L_max ([LPP+19] §5.1): one step is a
/// sweep of d coordinate updates x_i ← x_i − α ∂_i f(x), in the order
/// 0, 1, …, d − 1 (cyclic) or in d uniformly drawn coordinates (randomized,
/// from the method's own seeded generator).
public struct CoordinateDescent: FirstOrderMethod {
  public enum Order: String, Sendable, Hashable, Codable { case cyclic, randomized }

  public let alpha: Double
  public let order: Order
  public var generator: Xoshiro256StarStar
  public private(set) var iteration = 0

  public init(alpha: Double, order: Order = .cyclic, seed: UInt64 = 0) {
    precondition(alpha > 0 && alpha.isFinite, "step size must be positive and finite")
    self.alpha = alpha
    self.order = order
    self.generator = Xoshiro256StarStar(seed: seed)
  }

  public var name: String { "coordinate-descent(alpha=\(alpha),\(order.rawValue))" }

  /// The coordinates of the next sweep (advances the generator when randomized).
  mutating func sweep(dimension d: Int) -> [Int] {
    switch order {
    case .cyclic: return Array(0..<d)
    case .randomized: return (0..<d).map { _ in Int(Draw.integer(below: UInt64(d), using: &generator)) }
    }
  }

  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    var y = x
    for i in sweep(dimension: x.dimension) { y[i] -= alpha * objective.gradient(at: y)[i] }
    iteration += 1
    return y
  }

  /// The product of the sub-step Jacobians, D = Π_i (I − α e_i e_iᵀ ∇²f(x^{(i)})),
  /// latest sub-step on the left.
  public func analyticJacobian<F: Objective>(at x: Vector, on objective: F) -> Matrix? {
    var copy = self
    let d = x.dimension
    var y = x
    var jacobian = Matrix.identity(d)
    for i in copy.sweep(dimension: d) {
      let h = objective.hessian(at: y)
      var sub = Matrix.identity(d)
      for j in 0..<d { sub[i, j] -= alpha * h[i, j] }
      jacobian = sub * jacobian
      y[i] -= alpha * objective.gradient(at: y)[i]
    }
    return jacobian
  }
}
