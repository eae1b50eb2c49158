public import LinearAlgebra
public import Dynamics

/// RMSProp (Tieleman & Hinton, COURSERA lecture 6.5, 2012) written as a user
/// would write it, through the public ``StepPolicy`` protocol only:
/// ```
/// v_t = β v_{t−1} + (1 − β) g_t∘g_t,    Γ_t = η diag(1/(√v_t + ε))
/// ```
/// Unlike AdaGrad its Γ_t does not converge to a positive-definite limit:
/// as gradients vanish near a critical point v_t → 0 and Γ_t grows towards
/// η/ε — the case CLAIMS.md names for `adagrad.pd-limit` to report as failing.
public struct RMSProp: MatrixStepPolicy, Hashable, Codable {
  public var eta: Double
  public var beta: Double
  public var epsilon: Double
  /// The running average v of squared gradients.
  public var average: Vector
  public var lastStepSpectrum: Vector?

  public init(eta: Double, beta: Double = 0.9, epsilon: Double = 1e-8, dimension: Int) {
    precondition(eta > 0 && (0..<1).contains(beta) && epsilon > 0, "invalid RMSProp parameters")
    self.eta = eta
    self.beta = beta
    self.epsilon = epsilon
    self.average = Vector(zeros: dimension)
  }

  public var name: String { "rmsprop(eta=\(eta),beta=\(beta),epsilon=\(epsilon))" }

  /// Γ_t = η diag(1/(√v_t + ε)) with v_t including g.
  public func stepMatrix(for g: Vector) -> Matrix {
    .diagonal(Vector((0..<g.dimension).map { eta / ((beta * average[$0] + (1 - beta) * g[$0] * g[$0]).squareRoot() + epsilon) }))
  }

  public mutating func displacement(for g: Vector, at x: Vector) -> Vector {
    for i in 0..<g.dimension { average[i] = beta * average[i] + (1 - beta) * g[i] * g[i] }
    let scales = average.components.map { eta / ($0.squareRoot() + epsilon) }
    lastStepSpectrum = Vector(scales.sorted())
    return Vector((0..<g.dimension).map { scales[$0] * g[$0] })
  }
}
