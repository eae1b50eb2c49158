import Foundation
public import LinearAlgebra
public import Landscapes

/// Polyak's heavy-ball method (B. T. Polyak, "Some methods of speeding up the convergence of
/// iteration methods", USSR Comput. Math. Math. Phys. 4(5) (1964) 1–17), in velocity form:
/// ```
/// v_{t+1} = β v_t − α∇f(x_t),   x_{t+1} = x_t + v_{t+1}
/// ```
/// (equivalently x_{t+1} = x_t − α∇f(x_t) + β(x_t − x_{t−1}) with v_t = x_t − x_{t−1}).
///
/// The extended map G(x, v) = (x + βv − α∇f(x), βv − α∇f(x)) has, with H = ∇²f(x),
/// ```
/// DG = [ I − αH   βI ]        det DG = β^d,
///      [  −αH     βI ]
/// ```
/// and the explicit inverse x = x' − v', v = (v' + α∇f(x))/β: for β ≠ 0 it is a C¹
/// diffeomorphism of R^{2d} for *every* α (no step bound needed), and for β = 0 it is not
/// invertible (heavy ball is then GD, whose extended map forgets v). At a critical point x*
/// with Hessian eigenvalue λ, DG(x*, 0) has the eigenvalue pairs μ with
/// ```
/// μ² − (1 + β − αλ)μ + β = 0
/// ```
/// For λ < 0 the polynomial is −α|λ| < 0 at μ = 1, so one root exceeds 1: every strict saddle
/// gives an unstable extended fixed point, for every α > 0 and β ≥ 0. With these two facts the
/// center-stable manifold argument of [LPP+19] Thm 2 applies to G; [OW19] prove heavy ball's
/// avoidance of strict saddles this way, [SLQ+19] with random (x_0, x_1).
///
/// Descent: with E(x, v) = f(x) + (β/(2α))‖v‖², the descent lemma and
/// ∇f(x_t) = (βv_t − v_{t+1})/α give E(x_{t+1}, v_{t+1}) ≤ E(x_t, v_t) − ((1 − β)/α − L/2)‖v_{t+1}‖²:
/// E is non-increasing when α·L ≤ 2(1 − β), so runs stay in a sublevel set of E.
/// (See ``ExtendedStateMethod`` for [OW19] and [SLQ+19].)
public struct HeavyBall: ExtendedStateMethod, Hashable, Codable {
  /// The step α > 0.
  public var alpha: Double
  /// The momentum β ∈ [0, 1).
  public var beta: Double
  /// v_t (empty before the first step: zero).
  public var velocity: Vector
  public private(set) var iteration = 0

  /// Heavy ball with step α > 0 and momentum β ∈ [0, 1), starting at rest.
  /// - Precondition: α > 0 finite, 0 ≤ β < 1 (the command line validates its input first).
  public init(alpha: Double, beta: Double) {
    precondition(alpha > 0 && alpha.isFinite && beta >= 0 && beta < 1, "heavy ball needs α > 0 and β ∈ [0, 1)")
    self.alpha = alpha
    self.beta = beta
    self.velocity = Vector(zeros: 0)
  }

  public var name: String { "heavy-ball(alpha=\(alpha),beta=\(beta))" }

  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    var v = (-alpha) * objective.gradient(at: x)
    if velocity.dimension == x.dimension { v.add(velocity, scaledBy: beta) }
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
    let h = objective.hessian(at: Vector(Array(z.components[..<d])))
    var j = Matrix(zeros: 2 * d, 2 * d)
    for r in 0..<d {
      for c in 0..<d {
        j[r, c] = (r == c ? 1 : 0) - alpha * h[r, c]
        j[d + r, c] = -alpha * h[r, c]
      }
      j[r, d + r] = beta
      j[d + r, d + r] = beta
    }
    return j
  }

  public func conditions(lipschitz l: Double) -> [MethodCondition] {
    [MethodCondition("β ∈ (0, 1): the extended map is a diffeomorphism (det DG = β^d, β = \(beta))", holds: beta > 0 && beta < 1),
     MethodCondition("α·L ≤ 2(1 − β): E = f + (β/2α)‖v‖² is non-increasing (α·L = \(String(format: "%.3g", alpha * l)), "
                     + "2(1 − β) = \(String(format: "%.3g", 2 * (1 - beta))))",
                     holds: alpha * l <= 2 * (1 - beta))]
  }
}
