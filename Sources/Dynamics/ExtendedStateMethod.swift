import Foundation
public import LinearAlgebra
public import Landscapes

/// A first-order method with an auxiliary state s (a velocity, moment estimates) whose
/// iteration is a map of the *extended* state z = (x, s) ∈ R^{d+k}:
/// ```
/// (x_{t+1}, s_{t+1}) = G_t(x_t, s_t)
/// ```
/// Heavy ball and Nesterov's method (s = v, the last step) and Adam (s = (m, v)) are of
/// this form; x ↦ x_{t+1} alone is not a map of x. The saddle claims apply to G: a strict
/// saddle x* gives the extended fixed point z* = (x*, s*) (s* = ``restingState(at:)``, a zero
/// velocity), and the center-stable manifold argument of [LPP+19] Thm 2 needs G to be a C¹
/// local diffeomorphism with ρ(DG(z*)) > 1 ([OW19] §3 for heavy ball; [SLQ+19] lift heavy
/// ball to the space of (x_k, x_{k−1}) the same way). The avoidance statement is then about
/// almost every *extended* start (x_0, s_0): the checks draw s_0 from an absolutely continuous
/// law too (``startingState(dimension:unitBallDraw:)``), because the starts with s_0 = 0 form
/// a null set of R^{d+k} that the theorem says nothing about.
///
/// [OW19] M. O'Neill, S. J. Wright, "Behavior of accelerated gradient methods near critical
/// points of nonconvex functions", Math. Program. 176 (2019) 403–427, doi:10.1007/s10107-018-1340-y.
/// [SLQ+19] T. Sun, D. Li, Z. Quan, H. Jiang, S. Li, Y. Dou, "Heavy-ball algorithms always
/// escape saddle points", IJCAI 2019, arXiv:1907.09697.
public protocol ExtendedStateMethod: FirstOrderMethod {
  /// The auxiliary state s_t (dimension ``auxiliaryDimension(for:)``); setting it sets the
  /// state the next ``step(from:on:)`` starts from.
  var auxiliaryState: Vector { get set }
  /// k, the dimension of s for a d-dimensional objective (heavy ball: d; Adam: 2d).
  func auxiliaryDimension(for d: Int) -> Int
  /// s* with (x*, s*) fixed by G whenever ∇f(x*) = 0 (default: zero).
  func restingState(at x: Vector) -> Vector
  /// Whether G_t is the same map for every t (heavy ball, Nesterov); Adam's bias corrections
  /// 1 − β^t make it time-dependent.
  var isAutonomous: Bool { get }
  /// DG(z) at z = (x, s), (d+k)×(d+k), when a formula is known; nil means differences.
  func analyticExtendedJacobian<F: Objective>(at z: Vector, on objective: F) -> Matrix?
  /// The hypotheses the extended-map claims rest on, evaluated for a certified L.
  func conditions(lipschitz: Double) -> [MethodCondition]
  /// The auxiliary part of a random start, from `unitBallDraw`, a point drawn uniformly in
  /// the unit ball of R^k (default 0.1·u: absolutely continuous on R^k).
  func startingState(dimension d: Int, unitBallDraw u: Vector) -> Vector
}

/// One hypothesis of the theorem a method's claims rest on, and whether it holds.
public struct MethodCondition: Sendable, Hashable, Codable {
  /// The condition, with its reason, e.g. "β ∈ (0, 1): det DG = β^d ≠ 0".
  public var statement: String
  /// Whether it holds for the method's parameters and the certified L.
  public var holds: Bool

  public init(_ statement: String, holds: Bool) {
    self.statement = statement
    self.holds = holds
  }
}

extension ExtendedStateMethod {
  public func restingState(at x: Vector) -> Vector { Vector(zeros: auxiliaryDimension(for: x.dimension)) }
  public var isAutonomous: Bool { true }
  public func analyticExtendedJacobian<F: Objective>(at z: Vector, on objective: F) -> Matrix? { nil }
  public func startingState(dimension d: Int, unitBallDraw u: Vector) -> Vector { 0.1 * u }

  /// G_t(z): one step from the extended state z = (x, s) under the current t, without
  /// advancing the method.
  public func extendedMap<F: Objective>(_ z: Vector, on objective: F) -> Vector {
    let d = objective.dimension
    var copy = self
    copy.auxiliaryState = Vector(Array(z.components[d...]))
    let x = copy.step(from: Vector(Array(z.components[..<d])), on: objective)
    return Vector(x.components + copy.auxiliaryState.components)
  }

  /// DG_t(z): analytic where known, else a refined central difference (with its error estimate).
  public func extendedJacobian<F: Objective>(at z: Vector, on objective: F) -> NumericalJacobian {
    if let j = analyticExtendedJacobian(at: z, on: objective) { return NumericalJacobian(matrix: j, errorEstimate: 0) }
    return refinedExtendedJacobian(at: z, on: objective)
  }

  /// DG_t(z) by central differences, refined as ``FirstOrderMethod/refinedNumericalJacobian(at:on:)``.
  public func refinedExtendedJacobian<F: Objective>(at z: Vector, on objective: F) -> NumericalJacobian {
    CentralDifference.refined(at: z) { extendedMap($0, on: objective) }
  }

  /// Solves G_t(z) = w by Newton's method with halving (from `initialGuess`, else w; DG stated, else
  /// an extrapolated central difference at h = 1e-6·max(1, ‖z‖)); stops at
  /// ‖G_t(z) − w‖ ≤ 1e-12·(1 + ‖w‖) or after 50 iterations.
  public func extendedInverse<F: Objective>(of w: Vector, on objective: F, initialGuess: Vector? = nil) -> InverseResult {
    let tolerance = 1e-12 * (1 + w.euclideanNorm)
    var z = initialGuess ?? w
    var residual = (extendedMap(z, on: objective) - w).euclideanNorm
    var iterations = 0
    while residual > tolerance, iterations < 50, residual.isFinite {
      iterations += 1
      // Newton needs a fair Jacobian, not the refined one: one extrapolated difference per iteration.
      let j = analyticExtendedJacobian(at: z, on: objective)
        ?? CentralDifference.extrapolated(at: z, step: 1e-6 * Swift.max(1, z.euclideanNorm)) { extendedMap($0, on: objective) }.matrix
      guard let u = try? LUDecomposition(of: j).solve(w - extendedMap(z, on: objective)), u.isFinite else { break }
      var scale = 1.0, improved = false
      for _ in 0..<30 {
        let candidate = z + scale * u
        let r = (extendedMap(candidate, on: objective) - w).euclideanNorm
        if r < residual {
          (z, residual, improved) = (candidate, r, true)
          break
        }
        scale /= 2
      }
      if !improved { break }
    }
    return InverseResult(point: z, residual: residual, iterations: iterations, converged: residual <= tolerance)
  }
}

/// Central differences of a map R^n → R^n with Richardson extrapolation and an error estimate.
public enum CentralDifference {
  /// (4J_{h/2} − J_h)/3 from central differences at h and h/2, with the estimate ‖J_{h/2} − J_h‖_F·4/3.
  public static func extrapolated(at x: Vector, step h: Double, _ map: (Vector) -> Vector) -> NumericalJacobian {
    let n = x.dimension
    func centered(_ h: Double) -> Matrix {
      var j = Matrix(zeros: n, n)
      for c in 0..<n {
        var xp = x, xm = x
        xp[c] += h
        xm[c] -= h
        let column = (map(xp) - map(xm)) / (2 * h)
        for r in 0..<n { j[r, c] = column[r] }
      }
      return j
    }
    let coarse = centered(h), fine = centered(h / 2)
    return NumericalJacobian(matrix: (1.0 / 3.0) * (4 * fine - coarse), errorEstimate: (fine - coarse).frobeniusNorm * 4 / 3)
  }

  /// The step h = h₀·10^{−k}, h₀ = 1e-5·max(1, ‖x‖), k = 0…10, whose total error estimate
  /// (Richardson's plus the rounding estimate 2.2e-16·(‖map(x)‖ + ‖J‖_F·(h + ‖x‖))·√n/h) is first
  /// at most 1e-8·‖J‖_F, else the smallest relative to ‖J‖_F (the rule of
  /// ``FirstOrderMethod/refinedNumericalJacobian(at:on:)``).
  public static func refined(at x: Vector, _ map: (Vector) -> Vector) -> NumericalJacobian {
    let h0 = 1e-5 * Swift.max(1, x.euclideanNorm)
    let image = map(x).euclideanNorm
    let root = Double(x.dimension).squareRoot()
    let norm = x.euclideanNorm
    var best: NumericalJacobian?
    var bestRelative = Double.infinity
    for k in 0...10 {
      let h = h0 * Foundation.pow(10, -Double(k))
      var j = extrapolated(at: x, step: h, map)
      let size = j.matrix.frobeniusNorm
      j.errorEstimate += 2.2e-16 * (image + size * (h + norm)) * root / h
      guard j.matrix.isFinite, j.errorEstimate.isFinite else { continue }
      let relative = j.errorEstimate / Swift.max(size, .leastNormalMagnitude)
      if relative < bestRelative { (best, bestRelative) = (j, relative) }
      if relative <= 1e-8 { return j }
    }
    return best ?? NumericalJacobian(matrix: Matrix(zeros: x.dimension, x.dimension), errorEstimate: .infinity)
  }
}

/// A ``StepPolicy`` whose state is a vector of fixed size (Adam's (m, v)): wrapped in
/// ``PolicyDescent`` it becomes an ``ExtendedStateMethod``.
public protocol ExtendedStatePolicy: StepPolicy {
  /// The policy's state s_t (see ``ExtendedStateMethod/auxiliaryState``).
  var auxiliaryState: Vector { get set }
  /// k for a d-dimensional objective.
  func auxiliaryDimension(for d: Int) -> Int
  /// Whether the policy's update is the same at every t.
  var isAutonomous: Bool { get }
  /// The hypotheses the extended-map claims rest on, for a certified L.
  func conditions(lipschitz: Double) -> [MethodCondition]
  /// The auxiliary part of a random start (see ``ExtendedStateMethod/startingState(dimension:unitBallDraw:)``).
  func startingState(dimension d: Int, unitBallDraw u: Vector) -> Vector
}

extension ExtendedStatePolicy {
  public var isAutonomous: Bool { true }
  public func startingState(dimension d: Int, unitBallDraw u: Vector) -> Vector { 0.1 * u }
}

extension PolicyDescent: ExtendedStateMethod where Policy: ExtendedStatePolicy {
  public var auxiliaryState: Vector {
    get { policy.auxiliaryState }
    set { policy.auxiliaryState = newValue }
  }
  public func auxiliaryDimension(for d: Int) -> Int { policy.auxiliaryDimension(for: d) }
  public var isAutonomous: Bool { policy.isAutonomous }
  public func conditions(lipschitz: Double) -> [MethodCondition] { policy.conditions(lipschitz: lipschitz) }
  public func startingState(dimension d: Int, unitBallDraw u: Vector) -> Vector {
    policy.startingState(dimension: d, unitBallDraw: u)
  }
}
