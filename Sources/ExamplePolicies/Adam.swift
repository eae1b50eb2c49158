public import LinearAlgebra
public import Dynamics

/// Adam (Kingma & Ba, ICLR 2015, Algorithm 1) written through the public
/// ``StepPolicy`` protocol only:
/// ```
/// m_t = β₁m_{t−1} + (1 − β₁)g_t,  v_t = β₂v_{t−1} + (1 − β₂)g_t∘g_t
/// x_{t+1} = x_t − η m̂_t/(√v̂_t + ε),  m̂_t = m_t/(1 − β₁^t), v̂_t = v_t/(1 − β₂^t)
/// ```
/// Its displacement uses the momentum m_t, not Γ_t g_t: Adam is outside the
/// talk's x_{t+1} = x_t − Γ_t∇f(x_t) form, which is why it is a useful
/// policy for the battery to judge. The reported spectrum is that of the
/// diagonal preconditioner η/(√v̂_t + ε).
public struct Adam: StepPolicy, Hashable, Codable {
  public var eta: Double
  public var beta1: Double
  public var beta2: Double
  public var epsilon: Double
  public var firstMoment: Vector
  public var secondMoment: Vector
  /// β₁^t and β₂^t, for the bias corrections.
  public var beta1Power = 1.0
  public var beta2Power = 1.0
  public var lastStepSpectrum: Vector?

  public init(eta: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, dimension: Int) {
    precondition(eta > 0 && (0..<1).contains(beta1) && (0..<1).contains(beta2) && epsilon > 0, "invalid Adam parameters")
    self.eta = eta
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.firstMoment = Vector(zeros: dimension)
    self.secondMoment = Vector(zeros: dimension)
  }

  public var name: String { "adam(eta=\(eta),beta1=\(beta1),beta2=\(beta2))" }

  public mutating func displacement(for g: Vector, at x: Vector) -> Vector {
    beta1Power *= beta1
    beta2Power *= beta2
    let correction1 = beta1Power, correction2 = beta2Power
    var step = Vector(zeros: g.dimension)
    var scales: [Double] = []
    for i in 0..<g.dimension {
      firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g[i]
      secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g[i] * g[i]
      let scale = eta / ((secondMoment[i] / (1 - correction2)).squareRoot() + epsilon)
      scales.append(scale)
      step[i] = scale * firstMoment[i] / (1 - correction1)
    }
    lastStepSpectrum = Vector(scales.sorted())
    return step
  }
}

/// Adam's extended state s = (m, v) ∈ R^{2d}. What the claims can and cannot say:
/// - G_t is time-dependent (the bias corrections 1 − β₁^t, 1 − β₂^t), so the autonomous
///   stable-manifold theorem does not apply as such;
/// - at a critical point x* the extended fixed point is (x*, 0, 0), where v = 0 lies on the
///   boundary of Adam's state space v ≥ 0 and x' = x − η m̂/(√v̂ + ε) has no derivative in v
///   (√v at 0): G is not C¹ there, so "unstable fixed point" has no linearization to speak of;
/// - for v > 0, G_t is smooth and invertible (x = x' + η m̂'/(√v̂' + ε), then g = ∇f(x),
///   m = (m' − (1 − β₁)g)/β₁, v = (v' − (1 − β₂)g²)/β₂).
/// Every Adam row is therefore *outside the hypotheses*: evidence, never a counterexample.
/// Random starts keep Adam's own start m_0 = v_0 = 0 (v must stay ≥ 0).
extension Adam: ExtendedStatePolicy {
  public var auxiliaryState: Vector {
    get { Vector(firstMoment.components + secondMoment.components) }
    set {
      let d = newValue.dimension / 2
      firstMoment = Vector(Array(newValue.components[..<d]))
      secondMoment = Vector(Array(newValue.components[d...]))
    }
  }

  public func auxiliaryDimension(for d: Int) -> Int { 2 * d }

  public var isAutonomous: Bool { false }

  public func conditions(lipschitz: Double) -> [MethodCondition] {
    [MethodCondition("G is C¹ at its fixed point (x*, 0, 0): no (√v̂ has no derivative at v = 0)", holds: false),
     MethodCondition("G_t is autonomous: no (bias corrections 1 − β^t)", holds: false)]
  }

  public func startingState(dimension d: Int, unitBallDraw u: Vector) -> Vector { Vector(zeros: 2 * d) }
}
