import Foundation
public import LinearAlgebra
public import Landscapes

/// Nesterov's accelerated gradient with constant momentum (Yu. E. Nesterov, "A method for
/// solving the convex programming problem with convergence rate O(1/k²)", Soviet Math.
/// Dokl. 27 (1983) 372–376), in velocity form:
/// ```
/// y_t = x_t + β v_t,   v_{t+1} = β v_t − α∇f(y_t),   x_{t+1} = x_t + v_{t+1}
/// ```
/// The extended map G(x, v) has, with H = ∇²f(y),
/// ```
/// DG = [ I − αH   β(I − αH) ]        det DG = β^d · det(I − αH),
///      [  −αH     β(I − αH) ]
/// ```
/// and the inverse y = (I − α∇f)⁻¹(x'), x = x' − v', v = (y − x)/β: for β ∈ (0, 1) and
/// α·L < 1 (so y ↦ y − α∇f(y) is a diffeomorphism, [LPP+19]) G is a diffeomorphism; for
/// α·L > 1 det DG can vanish. At a critical point with Hessian eigenvalue λ the eigenvalue pairs
/// of DG(x*, 0) solve μ² − (1 + β)(1 − αλ)μ + β(1 − αλ) = 0, which is −α|λ| < 0 at μ = 1 for
/// λ < 0: every strict saddle gives an unstable extended fixed point. [OW19] §4 study Nesterov's
/// method near a strict saddle of a quadratic (faster divergence than GD); no Lyapunov function
/// for constant β on nonconvex f is used here, so runs that do not settle are undecided.
/// (See ``ExtendedStateMethod`` for [OW19].)
public struct Nesterov: ExtendedStateMethod, Hashable, Codable {
  /// The step α > 0.
  public var alpha: Double
  /// The momentum β ∈ [0, 1).
  public var beta: Double
  /// v_t (empty before the first step: zero).
  public var velocity: Vector
  public private(set) var iteration = 0

  /// Nesterov's method with step α > 0 and momentum β ∈ [0, 1), starting at rest.
  /// - Precondition: α > 0 finite, 0 ≤ β < 1 (the command line validates its input first).
  public init(alpha: Double, beta: Double) {
    precondition(alpha > 0 && alpha.isFinite && beta >= 0 && beta < 1, "Nesterov's method needs α > 0 and β ∈ [0, 1)")
    self.alpha = alpha
    self.beta = beta
    self.velocity = Vector(zeros: 0)
  }

  public var name: String { "nesterov(alpha=\(alpha),beta=\(beta))" }

  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    let previous = velocity.dimension == x.dimension ? velocity : Vector(zeros: x.dimension)
    var y = x
    y.add(previous, scaledBy: beta)
    var v = (-alpha) * objective.gradient(at: y)
    v.add(previous, scaledBy: beta)
    velocity = v
    iteration += 1
    return x + v
  }

  public var auxiliaryState: Vector {
    get { velocity }
    set { velocity = newValue }
  }

  public func auxiliaryDimension(for d: Int) -> Int { d }

  public func analyticExtendedJacobian<F: Objective>(at z: Vector, on objective: F) -> Matrix? {
    let d = objective.dimension
    var y = Vector(Array(z.components[..<d]))
    y.add(Vector(Array(z.components[d...])), scaledBy: beta)
    let h = objective.hessian(at: y)
    var j = Matrix(zeros: 2 * d, 2 * d)
    for r in 0..<d {
      for c in 0..<d {
        let a = (r == c ? 1 : 0) - alpha * h[r, c]
        j[r, c] = a
        j[r, d + c] = beta * a
        j[d + r, c] = -alpha * h[r, c]
        j[d + r, d + c] = beta * a
      }
    }
    return j
  }

  public func conditions(lipschitz l: Double) -> [MethodCondition] {
    [MethodCondition("β ∈ (0, 1): det DG = β^d·det(I − α∇²f) can vanish only through I − α∇²f (β = \(beta))",
                     holds: beta > 0 && beta < 1),
     MethodCondition("α·L < 1: I − α∇²f ≻ 0, so G is a diffeomorphism (α·L = \(String(format: "%.3g", alpha * l)))",
                     holds: alpha * l < 1)]
  }
}
