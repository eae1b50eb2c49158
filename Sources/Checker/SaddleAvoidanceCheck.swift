public import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
import PropertyTesting
import Foundation

/// The Monte Carlo form of every "avoids strict saddles" claim: starts drawn
/// from an absolutely continuous distribution around a planted strict
/// saddle, each run and classified; no start may converge to the saddle.
///
/// Claim ([LSJR16] Thm 4, [LPP+19] Cor 2): for an L-smooth f and
/// 0 < α < 1/L, the set of starts from which GD converges to a strict saddle
/// has Lebesgue measure zero. With 0 hits in n independent starts the
/// exact one-sided bound is P(hit) ≤ 1 − α^{1/n} (``ZeroHitBound``); one
/// confirmed hit is a counterexample.
public struct SaddleAvoidanceCheck: Sendable {
  /// The claim this experiment checks.
  public var claim: Claim
  /// Number of independent starts n.
  public var starts: Int
  /// Starts are uniform in the ball of this radius around the saddle.
  public var radius: Double
  /// How runs are classified.
  public var rules: Classification
  /// Confidence parameter α of the zero-hit bound.
  public var alpha: Double
  /// Largest fraction of starts that may end neither at a minimum nor at
  /// the saddle before the verdict becomes inconclusive.
  public var maximumUnclassifiedFraction: Double
  /// For methods that never increase f: a run whose value falls below
  /// f(x*) can never converge to x*, so it stops there, certified as escaped.
  public var certifyEscapeByDescent: Bool
  /// How starts are drawn: uniform in the ball around the saddle (mapped onto
  /// the sphere by normalization), or Dirichlet(1) on the simplex — each
  /// absolutely continuous on the domain.
  public var dirichletStarts = false
  /// When set, a run that ends (undecided) farther than this from the saddle
  /// counts as *away at the horizon*: not a hit. Used for noisy and
  /// constrained methods that settle slowly.
  public var awayDistance: Double?
  /// With `certifyEscapeByDescent`, this many starts (the first ones) run
  /// without the value floor, to confirm that trajectories do converge to
  /// local minima (CLAIMS.md `gd.avoids-strict-saddles`, second sentence).
  public var confirmedStarts = 50
  /// Whether start 0 is the saddle itself (for noisy methods: deterministic
  /// GD never leaves it, noise must).
  public var includeSaddleStart = false

  public init(
    claim: Claim = .gdAvoidsStrictSaddles, starts: Int, radius: Double, rules: Classification,
    alpha: Double = 0.05, maximumUnclassifiedFraction: Double = 0.01, certifyEscapeByDescent: Bool = false
  ) {
    precondition(starts >= 1, "need at least one start")
    self.claim = claim
    self.starts = starts
    self.radius = radius
    self.rules = rules
    self.alpha = alpha
    self.maximumUnclassifiedFraction = maximumUnclassifiedFraction
    self.certifyEscapeByDescent = certifyEscapeByDescent
  }

  /// What the experiment saw.
  public struct Evidence: Sendable, Hashable, Codable {
    /// Starts run.
    public var starts: Int
    /// Starts that converged to the saddle under test.
    public var hits: Int
    /// Starts that converged to a planted minimum, or to an unplanted critical
    /// point whose Hessian is positive definite (a verified local minimum).
    public var minima: Int
    /// Starts certified escaped: f fell below f(x*) under a monotone method, or the run left every bound (diverged).
    public var escaped: Int = 0
    /// Starts that ended, undecided, farther than `awayDistance` from the saddle.
    public var away: Int = 0
    /// Starts run to the end without the value floor, and how many of them reached a minimum.
    public var confirmed: Int = 0
    public var confirmedMinima: Int = 0
    /// Starts that ended elsewhere: other saddles, unplanted points, undecided, diverged.
    public var unclassified: Int
    /// The zero-hit bound 1 − α^{1/n} (meaningful when hits = 0).
    public var upperBound: Double
    /// The first start that converged to the saddle, if any (the counterexample).
    public var firstHit: Vector?
    /// Its index among the starts, for replay.
    public var firstHitIndex: Int?
  }

  /// Runs `method` from n starts around `saddle` on `objective`.
  ///
  /// Start i is drawn with `Xoshiro256StarStar(seed: seed, stream: i)`, so
  /// each start is reproducible on its own; starts run on the batched engine
  /// (``BatchedTrajectory``, on every core), whose result for each start is
  /// bit-identical to ``Trajectory/run(_:on:from:rules:recordEvery:)``, so the
  /// evidence is the same for any number of cores.
  /// - Precondition: `saddle` is a planted strict saddle of `objective`.
  public func run<M: FirstOrderMethod, F: Objective>(
    _ method: M, on objective: F, saddle: PlantedCriticalPoint, seed: UInt64,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> (verdict: Verdict, evidence: Evidence) {
    run(methodForStart: { _ in method }, on: objective, saddle: saddle, seed: seed, progress: progress)
  }

  /// As ``run(_:on:saddle:seed:progress:)`` with one method per start (for
  /// methods with their own randomness, such as SGD's noise seed).
  public func run<M: FirstOrderMethod, F: Objective>(
    methodForStart: @Sendable (Int) -> M, on objective: F, saddle: PlantedCriticalPoint, seed: UInt64,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> (verdict: Verdict, evidence: Evidence) {
    precondition(saddle.isStrictSaddle, "the point under test is not a strict saddle")
    let points = objective.criticalPoints
    guard let saddleIndex = points.firstIndex(where: { $0.location == saddle.location }) else {
      preconditionFailure("the saddle is not among the objective's planted points")
    }
    var evidence = Evidence(starts: starts, hits: 0, minima: 0, unclassified: 0,
                            upperBound: ZeroHitBound.upperBound(trials: starts, alpha: alpha))
    var configured = self.rules
    if certifyEscapeByDescent {
      let level = objective.value(at: saddle.location)
      configured.valueFloor = level - 1e-9 * (1 + abs(level))
    }
    let (radius, starts, rules, dirichlet, away, saddleStart) = (self.radius, self.starts, configured, self.dirichletStarts, self.awayDistance, self.includeSaddleStart)
    let (plainRules, confirmed) = (self.rules, certifyEscapeByDescent ? Swift.min(confirmedStarts, starts) : 0)
    let drawn = Batch.map(count: starts) { i -> Vector in
      var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
      var start: Vector
      if i == 0 && saddleStart {
        start = saddle.location
      } else if dirichlet {
        start = Draw.dirichlet(concentration: Array(repeating: 1, count: saddle.location.dimension), using: &rng)
      } else {
        start = Draw.inBall(center: saddle.location, radius: radius, using: &rng)
        if case .sphere = objective.domain { start = start.normalized() }
        if case .simplex = objective.domain { start = objective.domain.project(start) }
      }
      return start
    }
    // The batched engine: result i is exactly Trajectory.run(methodForStart(i), …, from: drawn[i], …).
    let results = BatchedTrajectory.run(methodForStart: methodForStart, on: objective, from: Array(drawn[..<confirmed]), rules: plainRules)
      + BatchedTrajectory.run(methodForStart: { methodForStart($0 + confirmed) }, on: objective, from: Array(drawn[confirmed...]), rules: rules)
    let runs = Batch.map(count: starts) { i -> (start: Vector, outcome: Outcome) in
      let (start, result) = (drawn[i], results[i])
      if let progress, (i + 1) % 1000 == 0 { progress(i + 1, starts) }
      // A stationary end away from the planted points counts as a minimum when its Hessian is positive definite.
      if result.outcome == .convergedToUnplantedCriticalPoint, case .euclidean = objective.domain,
        SymmetricEigendecomposition(of: objective.hessian(at: result.final).symmetricPart).minimum > 1e-8 * objective.lipschitzConstant
      {
        return (start, .converged(toPlantedPoint: -1))
      }
      if let away, result.outcome != .diverged, !result.outcome.isConverged, result.final.distance(to: saddle.location) > away {
        return (start, .converged(toPlantedPoint: -2))
      }
      return (start, result.outcome)
    }
    evidence.confirmed = confirmed
    for (i, (_, outcome)) in runs.enumerated() where i < confirmed {
      if case .converged(let p) = outcome, p == -1 || (p >= 0 && points[p].kind == .minimum) { evidence.confirmedMinima += 1 }
    }
    for (i, (start, outcome)) in runs.enumerated() {
      switch outcome {
      case .converged(let p) where p == saddleIndex:
        evidence.hits += 1
        if evidence.firstHit == nil {
          evidence.firstHit = start
          evidence.firstHitIndex = i
        }
      case .converged(let p) where p == -2:
        evidence.away += 1
      case .converged(let p) where p == -1 || (p >= 0 && points[p].kind == .minimum):
        evidence.minima += 1
      case .descendedBelowFloor, .diverged:
        evidence.escaped += 1
      default:
        evidence.unclassified += 1
      }
    }
    let verdict: Verdict
    if evidence.hits > 0 {
      verdict = .fails
    } else if Double(evidence.unclassified) > maximumUnclassifiedFraction * Double(starts) || evidence.confirmedMinima < evidence.confirmed {
      verdict = .inconclusive
    } else {
      verdict = .holds
    }
    return (verdict, evidence)
  }
}

extension SaddleAvoidanceCheck.Evidence {
  /// One line: "0 of 200 converged to the saddle (200 to minima); P(hit) ≤ 0.0149 at α = 0.05".
  public func summary(alpha: Double) -> String {
    if hits > 0 {
      return "\(hits) of \(starts) converged to the saddle (first: start #\(firstHitIndex ?? -1)); \(minima) to minima, \(unclassified) unclassified"
    }
    let bound = String(format: "%.3g", upperBound)
    let escapedText = (escaped > 0 ? ", \(escaped) escaped (f < f(x*) or diverged)" : "") + (away > 0 ? ", \(away) away from it at the horizon" : "")
    let confirmedText = confirmed > 0 ? "; \(confirmedMinima) of \(confirmed) run to the end reach a local minimum" : ""
    return "0 of \(starts) converged to the saddle (\(minima) to minima\(escapedText), \(unclassified) unclassified)\(confirmedText); P(hit) ≤ \(bound) at α = \(alpha)"
  }
}
