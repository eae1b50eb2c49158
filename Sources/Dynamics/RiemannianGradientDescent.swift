public import LinearAlgebra
public import Landscapes
import Foundation

/// Riemannian gradient descent on the unit sphere,
/// x_{t+1} = Exp_{x_t}(−α_t grad f(x_t)), grad f(x) = (I − xxᵀ)∇f(x),
/// Exp_x(v) = cos‖v‖ x + sin‖v‖ v/‖v‖ (the talk's "Exponential map" slide;
/// [LPP+19] §5.4), α_t = c/(t + 1)^a.
public struct RiemannianGradientDescent: FirstOrderMethod {
  public let c: Double
  public let a: Double
  public private(set) var iteration = 0

  public init(c: Double, a: Double = 0) {
    precondition(c > 0 && c.isFinite && (0...1).contains(a), "invalid Riemannian GD steps")
    self.c = c
    self.a = a
  }

  public var name: String { "riemannian-gd(c=\(c),a=\(a))" }
  public var alpha: Double { c / _pow(Double(iteration + 1), a) }

  /// The Riemannian gradient (I − xxᵀ)∇f(x).
  public static func riemannianGradient<F: Objective>(of objective: F, at x: Vector) -> Vector {
    let g = objective.gradient(at: x)
    var r = g
    r.add(x, scaledBy: -x.dot(g))
    return r
  }

  /// The exponential map of the unit sphere.
  public static func exponential(at x: Vector, _ v: Vector) -> Vector {
    let n = v.euclideanNorm
    guard n > 0 else { return x }
    var y = cos(n) * x
    y.add(v, scaledBy: sin(n) / n)
    return y
  }

  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    let v = -alpha * Self.riemannianGradient(of: objective, at: x)
    iteration += 1
    return Self.exponential(at: x, v)
  }
}
