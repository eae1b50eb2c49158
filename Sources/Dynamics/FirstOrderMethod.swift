import Foundation
public import LinearAlgebra
public import Landscapes

/// A first-order method as a time-dependent discrete dynamical system
/// x_{t+1} = g_t(x_t) — the object every claim of the talk is about.
///
/// The method owns whatever state its step policy needs (AdaGrad's
/// accumulated gradients, the step counter, a noise generator); ``step(from:on:)``
/// advances it by one iteration. Conforming types are value types: copying a
/// method copies its state, so ``map(_:on:)`` (g_t without advancing),
/// Jacobians and inverses are evaluated on copies and never disturb a run.
///
/// The diffeomorphism arguments of [LPP+19] (constant steps) and [AMPW22]
/// (AdaGrad, δ0 > L) are about g_t: ``jacobian(at:on:)`` gives Dg_t
/// (analytic where the formula is known, otherwise a checked central
/// difference) and ``inverse(of:on:initialGuess:)`` solves g_t(x) = y.
public protocol FirstOrderMethod: Sendable {
  /// A short name for reports, e.g. `gd(alpha=0.5)`.
  var name: String { get }
  /// The number of steps taken so far, t.
  var iteration: Int { get }
  /// One iteration from `x` on `objective`, advancing the method's state.
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector
  /// Dg_t(x) under the current state, when an analytic formula is known.
  func analyticJacobian<F: Objective>(at x: Vector, on objective: F) -> Matrix?
  /// The eigenvalues of the step matrix Γ used by the last step, ascending,
  /// where the method has one (GD: α; AdaGrad: spec Γ_t); nil otherwise.
  var lastStepSpectrum: Vector? { get }
  /// Solves g_t(x) = y. The default is Newton's method on the domain.
  func inverse<F: Objective>(of y: Vector, on objective: F, initialGuess: Vector?) -> InverseResult
}

/// The outcome of inverting an update map: the preimage found and how well.
public struct InverseResult: Sendable, Hashable, Codable {
  /// The preimage x with g_t(x) ≈ y.
  public var point: Vector
  /// ‖g_t(x) − y‖.
  public var residual: Double
  /// Newton or fixed-point iterations used.
  public var iterations: Int
  /// Whether the residual reached the tolerance 1e-12·(1 + ‖y‖).
  public var converged: Bool

  public init(point: Vector, residual: Double, iterations: Int, converged: Bool) {
    self.point = point
    self.residual = residual
    self.iterations = iterations
    self.converged = converged
  }
}

/// A Jacobian by central differences, with its own error estimate.
public struct NumericalJacobian: Sendable, Hashable {
  /// (g(x + h e_j) − g(x − h e_j))/(2h), column by column.
  public var matrix: Matrix
  /// ‖J_h − J_{h/2}‖_F·4/3: Richardson's estimate of the truncation error of J_{h/2}
  /// (the O(h²) terms cancel in 4J_{h/2} − J_h), plus nothing for rounding.
  public var errorEstimate: Double
}

extension FirstOrderMethod {
  public func analyticJacobian<F: Objective>(at x: Vector, on objective: F) -> Matrix? { nil }
  public var lastStepSpectrum: Vector? { nil }

  /// g_t(x): the next iterate from x under the current state, without advancing it.
  public func map<F: Objective>(_ x: Vector, on objective: F) -> Vector {
    var copy = self
    return copy.step(from: x, on: objective)
  }

  /// Dg_t(x): analytic where known, else the central difference at h = 1e-5·max(1, ‖x‖)
  /// refined by Richardson extrapolation.
  public func jacobian<F: Objective>(at x: Vector, on objective: F) -> Matrix {
    analyticJacobian(at: x, on: objective) ?? numericalJacobian(at: x, on: objective).matrix
  }

  /// Central differences of g_t at steps h and h/2, combined by Richardson
  /// extrapolation (4J_{h/2} − J_h)/3, with the error estimate of ``NumericalJacobian``.
  public func numericalJacobian<F: Objective>(at x: Vector, on objective: F, step: Double? = nil) -> NumericalJacobian {
    let d = x.dimension
    let h = step ?? 1e-5 * Swift.max(1, x.euclideanNorm)
    func centered(_ h: Double) -> Matrix {
      var j = Matrix(zeros: d, d)
      for c in 0..<d {
        var xp = x, xm = x
        xp[c] += h
        xm[c] -= h
        let column = (map(xp, on: objective) - map(xm, on: objective)) / (2 * h)
        for r in 0..<d { j[r, c] = column[r] }
      }
      return j
    }
    let coarse = centered(h), fine = centered(h / 2)
    let extrapolated = (1.0 / 3.0) * (4 * fine - coarse)
    return NumericalJacobian(matrix: extrapolated, errorEstimate: (fine - coarse).frobeniusNorm * 4 / 3)
  }

  /// A central-difference Jacobian whose own error estimate is as small as
  /// the steps allow: h = h₀·10^{−k}, h₀ = 1e-5·max(1, ‖x‖), k = 0…10, each
  /// Richardson-extrapolated (``numericalJacobian(at:on:step:)``); the first
  /// step whose estimate — Richardson's truncation estimate plus the rounding
  /// estimate 2.2e-16·(‖g_t(x)‖ + ‖J‖_F·(h + ‖x‖))·√d/h — is at most 1e-8·‖J‖_F is
  /// taken, else the step with the smallest estimate relative to ‖J‖_F. `errorEstimate` is that
  /// total: a caller must not use the matrix to decide anything the estimate
  /// does not resolve. Refinement matters for maps that are nearly
  /// non-differentiable at x (AdaGrad with ε outside the root at g = 0: linear
  /// only for |g| ≪ ε).
  public func refinedNumericalJacobian<F: Objective>(at x: Vector, on objective: F) -> NumericalJacobian {
    let h0 = 1e-5 * Swift.max(1, x.euclideanNorm)
    let image = map(x, on: objective).euclideanNorm
    let root = Double(x.dimension).squareRoot()
    var best: NumericalJacobian?
    var bestRelative = Double.infinity
    let norm = x.euclideanNorm
    for k in 0...10 {
      let h = h0 * Foundation.pow(10, -Double(k))
      var j = numericalJacobian(at: x, on: objective, step: h)
      let size = j.matrix.frobeniusNorm
      // Rounding: of g_t's values (ε‖g‖/h) and of the step itself (x ± h is off by ε‖x‖).
      let rounding = 2.2e-16 * (image + size * (h + norm)) * root / h
      j.errorEstimate += rounding
      guard j.matrix.isFinite, j.errorEstimate.isFinite else { continue }
      let relative = j.errorEstimate / Swift.max(size, .leastNormalMagnitude)
      if relative < bestRelative { (best, bestRelative) = (j, relative) }
      if relative <= 1e-8 { return j }
    }
    return best ?? NumericalJacobian(matrix: Matrix(zeros: x.dimension, x.dimension), errorEstimate: .infinity)
  }

  /// Newton's method for g_t(x) = y on the objective's domain: in tangent
  /// coordinates (T_yᵀ Dg T_x) u = −T_yᵀ(g_t(x) − y), x ← retract(x + T_x u),
  /// halving the step while the residual does not decrease. Starts from
  /// `initialGuess` or from y. Stops at residual ≤ 1e-12·(1 + ‖y‖) or after 50 iterations.
  public func inverse<F: Objective>(of y: Vector, on objective: F, initialGuess: Vector?) -> InverseResult {
    newtonInverse(of: y, on: objective, initialGuess: initialGuess)
  }

  /// The default inverse (see ``inverse(of:on:initialGuess:)``), callable by methods that override it.
  public func newtonInverse<F: Objective>(of y: Vector, on objective: F, initialGuess: Vector?) -> InverseResult {
    let domain = objective.domain
    let tolerance = 1e-12 * (1 + y.euclideanNorm)
    var x = initialGuess ?? y
    var image = map(x, on: objective)
    var residual = (image - y).euclideanNorm
    var iterations = 0
    while residual > tolerance && iterations < 50 && residual.isFinite {
      iterations += 1
      let tx = domain.tangentBasis(at: x), ty = domain.tangentBasis(at: image)
      let reduced = ty.transposed * jacobian(at: x, on: objective) * tx
      guard let u = try? LUDecomposition(of: reduced).solve(-(ty.transposed * (image - y))), u.isFinite else { break }
      var scale = 1.0
      var improved = false
      for _ in 0..<30 {
        let candidate = Self.retract(x + scale * (tx * u), on: domain)
        let candidateImage = map(candidate, on: objective)
        let candidateResidual = (candidateImage - y).euclideanNorm
        if candidateResidual < residual {
          x = candidate
          image = candidateImage
          residual = candidateResidual
          improved = true
          break
        }
        scale /= 2
      }
      if !improved { break }
    }
    return InverseResult(point: x, residual: residual, iterations: iterations, converged: residual <= tolerance)
  }

  /// Brings a point back onto the domain after a tangent step: normalize on
  /// the sphere, nothing elsewhere (tangent steps keep the simplex's affine hull).
  static func retract(_ x: Vector, on domain: Domain) -> Vector {
    if case .sphere = domain { return x.normalized() }
    return x
  }
}
