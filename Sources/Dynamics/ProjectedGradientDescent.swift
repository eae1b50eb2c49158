public import LinearAlgebra
public import Landscapes

/// Projected gradient descent x_{t+1} = Π_X(x_t − α∇f(x_t)) onto the
/// objective's domain (a polyhedron, box, simplex or sphere) — the known
/// limitation of the theory: with one linear constraint it can converge to
/// a strict saddle with positive probability ([NLR18]; CLAIMS.md part E).
public struct ProjectedGradientDescent: FirstOrderMethod {
  public let alpha: Double
  public private(set) var iteration = 0

  public init(alpha: Double) {
    precondition(alpha > 0 && alpha.isFinite, "step size must be positive and finite")
    self.alpha = alpha
  }

  public var name: String { "projected-gd(alpha=\(alpha))" }

  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    var y = x
    y.add(objective.gradient(at: x), scaledBy: -alpha)
    iteration += 1
    return objective.domain.project(y)
  }
}
