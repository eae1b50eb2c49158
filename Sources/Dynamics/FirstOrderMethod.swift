public import LinearAlgebra
public import Landscapes

/// A first-order method as a (possibly time-dependent) discrete dynamical
/// system x_{t+1} = g_t(x_t), typically g_t(x) = x − Γ_t ∇f(x).
///
/// The method owns whatever state its step policy needs (AdaGrad's
/// accumulated gradients, a step counter); `step` advances it by one
/// iteration. Conforming types are value types: copying a method copies its
/// state, so every trajectory starts from a fresh copy.
public protocol FirstOrderMethod: Sendable {
  /// A short name for reports, e.g. `gd(alpha=0.5)`.
  var name: String { get }
  /// One iteration from `x` on `objective`, updating the method's state.
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector
}

/// Gradient descent with a constant step, g(x) = x − α∇f(x).
///
/// The baseline of the talk: for 0 < α < 1/L, g is a diffeomorphism and
/// GD converges to a strict saddle only from a measure-zero set of starts
/// ([LSJR16] Theorem 4; [LPP+19] Corollary 2).
public struct GradientDescent: FirstOrderMethod, Hashable, Codable {
  /// The step size α.
  public var stepSize: Double

  /// GD with step α.
  public init(stepSize: Double) {
    precondition(stepSize > 0 && stepSize.isFinite, "step size must be positive and finite")
    self.stepSize = stepSize
  }

  public var name: String { "gd(alpha=\(stepSize))" }

  @inlinable
  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    var next = x
    next.add(objective.gradient(at: x), scaledBy: -stepSize)
    return next
  }
}
