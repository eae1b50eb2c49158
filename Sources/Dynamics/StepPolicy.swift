public import LinearAlgebra
public import Landscapes

/// The extension point for "algorithms to be discovered": a step policy Γ_t
/// in x_{t+1} = x_t − Γ_t ∇f(x_t), written as a small value type.
///
/// A policy keeps its own state (accumulated gradients, counters, moments)
/// and says, at each step, what displacement to subtract given the current
/// gradient. Wrapped in ``PolicyDescent`` it becomes a ``FirstOrderMethod``
/// that the whole claim battery can run. Implement only the required
/// members; the optional ones sharpen what the checks can say:
///
/// ```swift
/// struct HalvingSteps: StepPolicy {           // α_t = α0 / 2^{t/100}
///   var alpha0: Double
///   var t = 0
///   var name: String { "halving(alpha0=\(alpha0))" }
///   mutating func displacement(for g: Vector, at x: Vector) -> Vector {
///     defer { t += 1 }
///     return (alpha0 * pow(0.5, Double(t) / 100)) * g
///   }
/// }
/// ```
public protocol StepPolicy: Sendable {
  /// A short name for reports.
  var name: String { get }
  /// The displacement Γ_t g_t to subtract at this step, given the current
  /// gradient g = ∇f(x_t); updates the policy's state.
  mutating func displacement(for gradient: Vector, at x: Vector) -> Vector
  /// ∂(Γ_t(g) g)/∂g under the current state, for an analytic Jacobian
  /// Dg_t = I − (∂(Γ_t g)/∂g)·∇²f. Optional: nil means "use differences".
  func displacementDerivative(for gradient: Vector) -> Matrix?
  /// The eigenvalues of Γ used by the last step, ascending, if Γ_t is a matrix.
  var lastStepSpectrum: Vector? { get }
}

extension StepPolicy {
  public func displacementDerivative(for gradient: Vector) -> Matrix? { nil }
  public var lastStepSpectrum: Vector? { nil }
}

/// A step policy that can also state Γ_t as a matrix: the talk's
/// x_{t+1} = x_t − Γ_t∇f(x_t) with Γ_t explicit. The checks of
/// `adagrad.pd-limit`, `linearization.*` and `adagrad.eta-lipschitz-small`
/// need it.
public protocol MatrixStepPolicy: StepPolicy {
  /// The matrix Γ_t the next step will use when the current gradient is g
  /// (for policies whose Γ_t depends on g_t, such as AdaGrad with the current
  /// gradient, this includes g). Must not change the state.
  func stepMatrix(for gradient: Vector) -> Matrix
}

/// The method x_{t+1} = x_t − Γ_t ∇f(x_t) for a step policy Γ_t.
public struct PolicyDescent<Policy: StepPolicy>: FirstOrderMethod {
  /// The policy and its state.
  public var policy: Policy
  @usableFromInline var steps = 0

  public init(_ policy: Policy) { self.policy = policy }

  public var iteration: Int { steps }

  public var name: String { policy.name }

  @inlinable
  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    let g = objective.gradient(at: x)
    var next = x
    next -= policy.displacement(for: g, at: x)
    steps += 1
    return next
  }

  /// Dg_t(x) = I − (∂(Γ_t g)/∂g)·∇²f(x), when the policy knows its derivative.
  public func analyticJacobian<F: Objective>(at x: Vector, on objective: F) -> Matrix? {
    guard let dg = policy.displacementDerivative(for: objective.gradient(at: x)) else { return nil }
    return .identity(x.dimension) - dg * objective.hessian(at: x)
  }

  public var lastStepSpectrum: Vector? { policy.lastStepSpectrum }
}

/// A method x_{t+1} = x_t − Γ_t∇f(x_t) that states its step matrix Γ_t: the methods the
/// talk's linearization and limit claims are about (`linearization.inertia`,
/// `linearization.variation-of-constants`, `adagrad.pd-limit`). ``PolicyDescent`` of a
/// ``MatrixStepPolicy`` is one.
public protocol StepMatrixMethod: FirstOrderMethod {
  /// The matrix Γ_t the next step uses when the current gradient is g (does not change the state).
  func stepMatrix(for gradient: Vector) -> Matrix
}

extension PolicyDescent: StepMatrixMethod where Policy: MatrixStepPolicy {
  public func stepMatrix(for gradient: Vector) -> Matrix { policy.stepMatrix(for: gradient) }
}
