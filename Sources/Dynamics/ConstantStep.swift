public import LinearAlgebra

/// Γ_t = α I: gradient descent with a constant step.
///
/// The baseline of the talk: for 0 < α < 1/L the map g(x) = x − α∇f(x) is a
/// diffeomorphism and GD converges to a strict saddle only from a
/// measure-zero set of starts ([LSJR16] Thm 4; [LPP+19] Cor 2 and Prop 4).
public struct ConstantStep: MatrixStepPolicy, Hashable, Codable {
  /// The step α > 0.
  public var alpha: Double

  public init(alpha: Double) {
    precondition(alpha > 0 && alpha.isFinite, "step size must be positive and finite")
    self.alpha = alpha
  }

  public var name: String { "gd(alpha=\(alpha))" }

  @inlinable
  public mutating func displacement(for gradient: Vector, at x: Vector) -> Vector { alpha * gradient }

  public func displacementDerivative(for gradient: Vector) -> Matrix? { alpha * Matrix.identity(gradient.dimension) }

  public var lastStepSpectrum: Vector? { [alpha] }

  public func stepMatrix(for gradient: Vector) -> Matrix { alpha * Matrix.identity(gradient.dimension) }
}

/// Gradient descent with a constant step, g(x) = x − α∇f(x).
public typealias GradientDescent = PolicyDescent<ConstantStep>

extension PolicyDescent where Policy == ConstantStep {
  /// GD with step α.
  public init(stepSize: Double) { self.init(ConstantStep(alpha: stepSize)) }

  /// The step size α.
  public var stepSize: Double { policy.alpha }
}

/// Γ_t = α_t I with α_t = c/(t + 1)^a, a ∈ (0, 1]: vanishing steps with
/// Σ α_t = ∞ ([PPW19]; CLAIMS.md `vanishing.avoids-strict-saddles`, which
/// notes that [MB26] disputes the earlier proofs for this case).
public struct VanishingStep: MatrixStepPolicy, Hashable, Codable {
  /// The scale c > 0.
  public var c: Double
  /// The decay exponent a ∈ (0, 1].
  public var a: Double
  /// The step counter t.
  public var t = 0
  /// α_{t−1}, the step of the last displacement.
  public var lastAlpha: Double?

  public init(c: Double, a: Double) {
    precondition(c > 0 && c.isFinite, "c must be positive and finite")
    precondition(a > 0 && a <= 1, "a must lie in (0, 1]")
    self.c = c
    self.a = a
  }

  public var name: String { "vanishing(c=\(c),a=\(a))" }

  /// α_t = c/(t + 1)^a at the current counter.
  public var alpha: Double { c / _pow(Double(t + 1), a) }

  public mutating func displacement(for gradient: Vector, at x: Vector) -> Vector {
    let step = alpha
    lastAlpha = step
    t += 1
    return step * gradient
  }

  public func displacementDerivative(for gradient: Vector) -> Matrix? { alpha * Matrix.identity(gradient.dimension) }

  public var lastStepSpectrum: Vector? { lastAlpha.map { [$0] } }

  public func stepMatrix(for gradient: Vector) -> Matrix { alpha * Matrix.identity(gradient.dimension) }
}

import Foundation
@usableFromInline func _pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
