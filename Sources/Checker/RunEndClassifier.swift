public import LinearAlgebra
public import Landscapes
public import Dynamics

/// Where one run of an avoidance experiment ended, relative to the saddle under test.
public enum RunEnd: Sendable, Hashable, Codable {
  /// Stationary within `pointTolerance` of the saddle (no other planted point nearer): a hit.
  case hit
  /// At a strict local minimum (planted, or λ_min(∇²f) > ε).
  case strictMinimum
  /// At a non-strict local minimum (``CriticalPointClassifier``'s local test), with its nullity.
  case nonStrictMinimum(nullity: Int)
  /// At a degenerate critical point that is not a minimum.
  case degenerateNonMinimum
  /// At another strict saddle (or maximum).
  case otherSaddle
  /// f fell below the value floor under a method that never increases f: certified escaped.
  case escaped
  /// Left the escape radius or became non-finite: not a convergence to a local minimizer.
  case diverged
  /// Not stationary at the horizon, farther than `awayDistance` from the saddle.
  case away
  /// Not decided at the horizon (still moving, or a stationary end the classifier could not decide).
  case undecided

  /// Whether the run ended at a local minimum (strict or not).
  public var isMinimum: Bool {
    switch self {
    case .strictMinimum, .nonStrictMinimum: true
    default: false
    }
  }
}

/// Turns a ``TrajectoryResult`` into a ``RunEnd`` — the one place where the
/// classification rules of the avoidance experiments live (apart from how
/// trajectories are produced).
///
/// Rules, in order: non-finite or beyond the escape radius → diverged; below
/// the value floor → escaped; stationary (‖∇f‖ ≤ `gradientTolerance`) within
/// `pointTolerance` of the saddle with no planted point nearer → hit; at a
/// planted strict minimum → strict minimum; at a planted strict saddle →
/// other saddle; any other stationary end (unplanted, or a planted point with
/// λ_min = 0) → ``CriticalPointClassifier``; not stationary → away (when an
/// `awayDistance` is set and the end is farther from the saddle) or undecided.
public struct RunEndClassifier: Sendable {
  /// The trajectory rules (tolerances) the runs used.
  public var rules: Classification
  /// The stationary-end classifier.
  public var critical: CriticalPointClassifier
  /// When set, a non-stationary end farther than this from the saddle is ``RunEnd/away``.
  public var awayDistance: Double?

  public init(rules: Classification, awayDistance: Double? = nil) {
    self.rules = rules
    self.critical = CriticalPointClassifier(gradientTolerance: rules.gradientTolerance)
    self.awayDistance = awayDistance
  }

  /// The class of `result`'s end for the saddle at `saddle` on `f`; `seed` fixes the local test's directions.
  public func classify<F: Objective>(_ result: TrajectoryResult, saddle: Vector, on f: F, seed: UInt64) -> RunEnd {
    let x = result.final
    switch result.outcome {
    case .diverged: return .diverged
    case .descendedBelowFloor: return .escaped
    case .undecided:
      if let awayDistance, x.isFinite, x.distance(to: saddle) > awayDistance { return .away }
      return .undecided
    case .converged, .convergedToUnplantedCriticalPoint:
      let points = f.criticalPoints
      let distance = x.distance(to: saddle)
      if distance <= rules.pointTolerance, !points.contains(where: { $0.location != saddle && x.distance(to: $0.location) < distance }) {
        return .hit
      }
      if case .converged(let i) = result.outcome, points.indices.contains(i) {
        switch points[i].kind {
        case .minimum: return .strictMinimum
        case .strictSaddle, .maximum: return .otherSaddle
        case .degenerate: break
        }
      }
      switch critical.classify(x, on: f, seed: seed) {
      case .strictMinimum: return .strictMinimum
      case .nonStrictMinimum(let k): return .nonStrictMinimum(nullity: k)
      case .degenerateNonMinimum: return .degenerateNonMinimum
      case .strictSaddle: return .otherSaddle
      case .undecided: return .undecided
      }
    }
  }
}
