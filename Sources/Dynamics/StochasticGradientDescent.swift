public import LinearAlgebra
public import Landscapes
public import Randomness

/// Stochastic gradient descent x_{t+1} = x_t − α_t(∇f(x_t) + ξ_t) with
/// α_t = c/(t + 1)^a and ξ_t ~ N(0, σ²I) drawn from the method's own seeded
/// generator ([Pem90]; CLAIMS.md `sgd.noise-escapes`: with Σα_t = ∞ and
/// bounded-variance noise no start converges to an unstable point, not even
/// a start exactly at the saddle).
public struct StochasticGradientDescent: FirstOrderMethod {
  /// The step scale c.
  public let c: Double
  /// The step decay exponent a ∈ [0, 1] (a = 0: constant step c).
  public let a: Double
  /// The noise level σ ≥ 0.
  public let sigma: Double
  /// The noise generator (part of the state: copies replay the same noise).
  public var generator: Xoshiro256StarStar
  public private(set) var iteration = 0

  public init(c: Double, a: Double, sigma: Double, seed: UInt64) {
    precondition(c > 0 && c.isFinite && (0...1).contains(a) && sigma >= 0 && sigma.isFinite, "invalid SGD parameters")
    self.c = c
    self.a = a
    self.sigma = sigma
    self.generator = Xoshiro256StarStar(seed: seed)
  }

  public var name: String { "sgd(c=\(c),a=\(a),sigma=\(sigma))" }

  /// α_t at the current step.
  public var alpha: Double { c / _pow(Double(iteration + 1), a) }

  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    let step = alpha
    var direction = objective.gradient(at: x)
    if sigma > 0 { direction.add(Draw.gaussianVector(dimension: x.dimension, using: &generator), scaledBy: sigma) }
    iteration += 1
    var next = x
    next.add(direction, scaledBy: -step)
    return next
  }

  /// Dg_t = I − α_t∇²f (the noise ξ_t does not depend on x).
  public func analyticJacobian<F: Objective>(at x: Vector, on objective: F) -> Matrix? {
    .identity(x.dimension) - alpha * objective.hessian(at: x)
  }

  public var lastStepSpectrum: Vector? { iteration == 0 ? nil : [c / _pow(Double(iteration), a)] }
}
