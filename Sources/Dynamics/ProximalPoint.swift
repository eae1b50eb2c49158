public import LinearAlgebra
public import Landscapes

/// The proximal point method x_{t+1} = argmin_z f(z) + ‖z − x_t‖²/(2α)
/// ([LPP+19] §5.3). For α < 1/L the inner problem is strongly convex
/// (∇²f + I/α ⪰ (1/α − L)I ≻ 0), its solution z satisfies
/// ∇f(z) + (z − x)/α = 0, and the update map is the inverse of the gradient
/// step: x_t = x_{t+1} + α∇f(x_{t+1}).
///
/// The inner problem is solved by Newton's method from the gradient step
/// x − α∇f(x) to ‖∇f(z) + (z − x)/α‖ ≤ `innerTolerance`·(1 + ‖x‖/α); the
/// residual and iterations of the last solve are kept and reported — a
/// solve that misses the tolerance makes the step non-finite, so a run
/// never continues on an unconverged step.
public struct ProximalPoint: FirstOrderMethod {
  public let alpha: Double
  public let innerTolerance: Double
  public private(set) var iteration = 0
  /// ‖∇f(z) + (z − x)/α‖ at the end of the last inner solve.
  public private(set) var lastInnerResidual: Double = 0
  /// Newton iterations of the last inner solve.
  public private(set) var lastInnerIterations = 0

  public init(alpha: Double, innerTolerance: Double = 1e-13) {
    precondition(alpha > 0 && alpha.isFinite && innerTolerance > 0, "invalid proximal-point parameters")
    self.alpha = alpha
    self.innerTolerance = innerTolerance
  }

  public var name: String { "proximal(alpha=\(alpha))" }

  /// The proximal step from x: (z, residual, iterations).
  public func proximalStep<F: Objective>(from x: Vector, on objective: F) -> (point: Vector, residual: Double, iterations: Int) {
    let d = x.dimension
    var z = x
    z.add(objective.gradient(at: x), scaledBy: -alpha)
    func residual(_ z: Vector) -> Vector { objective.gradient(at: z) + (1 / alpha) * (z - x) }
    var r = residual(z)
    let tolerance = innerTolerance * (1 + x.euclideanNorm / alpha)
    var iterations = 0
    while r.euclideanNorm > tolerance && iterations < 50 {
      iterations += 1
      var h = objective.hessian(at: z)
      for i in 0..<d { h[i, i] += 1 / alpha }
      guard let delta = try? LUDecomposition(of: h).solve(r), delta.isFinite else { break }
      z -= delta
      r = residual(z)
    }
    return (z, r.euclideanNorm, iterations)
  }

  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    let (z, residual, iterations) = proximalStep(from: x, on: objective)
    lastInnerResidual = residual
    lastInnerIterations = iterations
    iteration += 1
    guard residual <= innerTolerance * (1 + x.euclideanNorm / alpha) else {
      return Vector(Array(repeating: .nan, count: x.dimension))
    }
    return z
  }

  /// By the implicit function theorem on ∇f(z) + (z − x)/α = 0:
  /// Dz = (I + α∇²f(z))^{-1}.
  public func analyticJacobian<F: Objective>(at x: Vector, on objective: F) -> Matrix? {
    let z = proximalStep(from: x, on: objective).point
    let d = x.dimension
    let lu = LUDecomposition(of: .identity(d) + alpha * objective.hessian(at: z))
    var inverse = Matrix(zeros: d, d)
    for j in 0..<d {
      guard let column = try? lu.solve(Vector(basis: j, dimension: d)) else { return nil }
      for i in 0..<d { inverse[i, j] = column[i] }
    }
    return inverse
  }

  /// The exact inverse: x = z + α∇f(z), no iteration needed.
  public func inverse<F: Objective>(of y: Vector, on objective: F, initialGuess: Vector?) -> InverseResult {
    var x = y
    x.add(objective.gradient(at: y), scaledBy: alpha)
    let residual = (map(x, on: objective) - y).euclideanNorm
    return InverseResult(point: x, residual: residual, iterations: 0, converged: residual <= 1e-12 * (1 + y.euclideanNorm))
  }

  public var lastStepSpectrum: Vector? { nil }
}
