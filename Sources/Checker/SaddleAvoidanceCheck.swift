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
    /// Starts that ended at a local minimum: strict (planted, or λ_min(∇²f) > ε) or
    /// non-strict (``CriticalPointClassifier``'s local test).
    public var minima: Int
    /// Of `minima`, those at a non-strict local minimum, and the largest null-space dimension seen.
    public var nonStrictMinima: Int = 0
    public var largestNullity: Int = 0
    /// Starts certified escaped: f fell below f(x*) under a monotone method.
    public var escaped: Int = 0
    /// Starts that left the escape radius or became non-finite: not a convergence to a local minimizer.
    public var diverged: Int = 0
    /// The first diverged start's index, for replay.
    public var firstDivergedIndex: Int?
    /// Starts that ended, undecided, farther than `awayDistance` from the saddle.
    public var away: Int = 0
    /// Starts run to the end without the value floor, and how many of them reached a minimum.
    public var confirmed: Int = 0
    public var confirmedMinima: Int = 0
    /// Starts that ended elsewhere: other saddles, degenerate non-minima, undecided.
    public var unclassified: Int
    /// Of `unclassified`: at another strict saddle, at a degenerate point that is not a minimum.
    public var otherSaddles: Int = 0
    public var degenerateNonMinima: Int = 0
    /// The zero-hit bound 1 − α^{1/n} (meaningful when hits = 0).
    public var upperBound: Double
    /// The first start that converged to the saddle, if any (the counterexample).
    public var firstHit: Vector?
    /// Its index among the starts, for replay.
    public var firstHitIndex: Int?
    /// The horizon the runs started with, and the longest any run was extended to (adaptive horizon).
    public var horizon: Int = 0
    public var longestHorizon: Int = 0
    /// Why the check did not run (a point outside the theorem), if it did not.
    public var notCoveredReason: String?
  }

  /// The horizon an undecided run may be extended to (doubling from
  /// `rules.horizon`, default cap 16 × `rules.horizon`). Only when the verdict
  /// needs it (more undecided runs than `maximumUnclassifiedFraction` allows, or an
  /// undecided confirmed run) are the runs still moving at the horizon re-run with
  /// twice the horizon, until decided, the cap, or a doubling that fails to halve
  /// their stationarity (a run that is not converging gains nothing from more steps).
  /// The first ``extensionProbe`` undecided runs go first; the rest follow only if
  /// the probe decided at least one of them (bounding the cost for methods that never settle).
  public var maximumHorizon: Int?

  /// Runs `method` from n starts around `saddle` on `objective`.
  ///
  /// Start i is drawn with `Xoshiro256StarStar(seed: seed, stream: i)`, so
  /// each start is reproducible on its own; starts run on the batched engine
  /// (``BatchedTrajectory``, on every core), whose result for each start is
  /// bit-identical to ``Trajectory/run(_:on:from:rules:recordEvery:)``, so the
  /// evidence is the same for any number of cores.
  /// A point that is not a strict saddle (λ_min ≥ 0) gets ``Verdict/notCovered``
  /// without any run; the point need not be among the objective's planted points.
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
    if let early = uncovered(objective, saddle: saddle) { return early }
    let plan = Plan(self, objective: objective, saddle: saddle, seed: seed)
    var tally = AvoidanceTally()
    var runs = plan.firstPass(methodForStart: methodForStart, on: objective, indices: 0..<starts, owned: { _ in true },
                              tally: &tally, progress: progress)
    // Adaptive horizon, only where the verdict needs it: runs still moving at the horizon are
    // re-run with 2×, 4×, … the horizon up to the cap, and dropped from the extension once
    // their stationarity fails to halve between two horizons (not converging: extending is futile).
    if Self.needsExtension(undecided: runs.map(\.index), confirmed: plan.confirmed, starts: starts,
                           maximumUnclassifiedFraction: maximumUnclassifiedFraction) {
      // A probe of the first few undecided runs; the rest are extended only if the probe decided some.
      let first = runs
      let probe = first.prefix(Self.extensionProbe).count
      let probed = Batch.map(count: probe) { plan.extend(first[$0], methodForStart: methodForStart, on: objective) }
      runs.replaceSubrange(0..<probe, with: probed)
      if probed.contains(where: { $0.end != .undecided }) {
        let rest = Batch.map(count: first.count - probe) {
          plan.extend(first[probe + $0], methodForStart: methodForStart, on: objective)
        }
        runs.replaceSubrange(probe..., with: rest)
      }
    }
    for run in runs { tally.add(run, confirmed: plan.confirmed, baseHorizon: rules.horizon) }
    return finish(tally, confirmed: plan.confirmed)
  }

  /// The answer without any run, for a point the theorem does not cover or an empty experiment.
  func uncovered<F: Objective>(_ objective: F, saddle: PlantedCriticalPoint) -> (verdict: Verdict, evidence: Evidence)? {
    var evidence = Evidence(starts: starts, hits: 0, minima: 0, unclassified: 0,
                            upperBound: ZeroHitBound.upperBound(trials: Swift.max(starts, 1), alpha: alpha))
    evidence.horizon = rules.horizon
    evidence.longestHorizon = rules.horizon
    guard saddle.isStrictSaddle else {
      evidence.starts = 0
      evidence.notCoveredReason = "not covered by the theorem (λ_min = \(saddle.hessianEigenvalues.components.first ?? 0))"
      return (.notCovered, evidence)
    }
    guard starts >= 1, saddle.location.dimension == objective.dimension, saddle.location.isFinite else {
      evidence.notCoveredReason = "no starts, or a point of dimension \(saddle.location.dimension)"
        + " for a \(objective.dimension)-dimensional objective"
      return (.inconclusive, evidence)
    }
    return nil
  }

  /// Whether the undecided runs of the first pass (their start indices, ascending) must be
  /// extended: some are undecided, and more than the unclassified fraction allows or one of the
  /// `confirmed` starts run to the end. The rule of the whole run and of ``ShardMerge``.
  static func needsExtension(undecided: [Int], confirmed: Int, starts: Int, maximumUnclassifiedFraction: Double) -> Bool {
    guard let first = undecided.first else { return false }
    return Double(undecided.count) > maximumUnclassifiedFraction * Double(starts) || first < confirmed
  }

  /// The evidence and verdict of the pooled counts of all `starts` runs.
  func finish(_ tally: AvoidanceTally, confirmed: Int) -> (verdict: Verdict, evidence: Evidence) {
    var evidence = Evidence(starts: starts, hits: tally.hits, minima: tally.minima, unclassified: tally.unclassified,
                            upperBound: ZeroHitBound.upperBound(trials: Swift.max(starts, 1), alpha: alpha))
    evidence.horizon = rules.horizon
    evidence.longestHorizon = Swift.max(rules.horizon, tally.longestHorizon)
    evidence.confirmed = confirmed
    evidence.confirmedMinima = tally.confirmedMinima
    evidence.nonStrictMinima = tally.nonStrictMinima
    evidence.largestNullity = tally.largestNullity
    evidence.escaped = tally.escaped
    evidence.diverged = tally.diverged
    evidence.firstDivergedIndex = tally.firstDivergedIndex
    evidence.away = tally.away
    evidence.otherSaddles = tally.otherSaddles
    evidence.degenerateNonMinima = tally.degenerateNonMinima
    evidence.firstHitIndex = tally.firstHitIndex
    evidence.firstHit = tally.firstHit.map { Vector($0) }
    let verdict: Verdict
    if evidence.hits > 0 || evidence.diverged > 0 {
      // A diverged run does not converge to a local minimizer: the claim's second half fails for it.
      verdict = .fails
    } else if Double(evidence.unclassified) > maximumUnclassifiedFraction * Double(starts)
                || evidence.confirmedMinima < evidence.confirmed {
      verdict = .inconclusive
    } else {
      verdict = .holds
    }
    return (verdict, evidence)
  }

  /// Undecided runs extended first; the others only if one of these gets decided.
  public static let extensionProbe = 8

  /// The escape certificate's margin: a run escapes once f(x_t) < f(x*) − floorMargin·(1 + |f(x*)|).
  public static let floorMargin = 1e-9
}

extension SaddleAvoidanceCheck.Evidence {
  /// One line: "0 of 200 converged to the saddle (200 to minima); P(hit) ≤ 0.0149 at α = 0.05".
  public func summary(alpha: Double) -> String {
    if let notCoveredReason { return notCoveredReason }
    let divergedText = diverged > 0
      ? "; \(diverged) diverged (first: start #\(firstDivergedIndex ?? -1)) — not a convergence to a local minimizer" : ""
    let horizonText = longestHorizon > horizon ? "; horizon \(horizon), extended up to \(longestHorizon) for runs still moving" : ""
    var parts: [String] = []
    if nonStrictMinima > 0 { parts.append("\(nonStrictMinima) of them non-strict, null space ≤ \(largestNullity)") }
    let minimaText = "\(minima) to minima" + (parts.isEmpty ? "" : " (" + parts.joined(separator: "; ") + ")")
    var other: [String] = []
    if otherSaddles > 0 { other.append("\(otherSaddles) at other saddles") }
    if degenerateNonMinima > 0 { other.append("\(degenerateNonMinima) at degenerate non-minima") }
    let unclassifiedText = "\(unclassified) unclassified" + (other.isEmpty ? "" : " (" + other.joined(separator: ", ") + ")")
    if hits > 0 {
      return "\(hits) of \(starts) converged to the saddle (first: start #\(firstHitIndex ?? -1)); \(minimaText), \(unclassifiedText)"
        + divergedText + horizonText
    }
    let escapedText = (escaped > 0 ? ", \(escaped) escaped (f < f(x*))" : "") + (away > 0 ? ", \(away) away from it at the horizon" : "")
    let confirmedText = confirmed > 0 ? "; \(confirmedMinima) of \(confirmed) run to the end reach a local minimum" : ""
    let boundText: String
    if let b = hitProbabilityBound(alpha: alpha) {
      boundText = "; P(hit) ≤ \(String(format: "%.3g", b)) at α = \(alpha)"
        + (unclassified > 0 ? ", counting the \(unclassified) unclassified runs as hits" : "")
    } else {
      boundText = "; no bound on P(hit) (no runs)"
    }
    return "0 of \(starts) converged to the saddle (\(minimaText)\(escapedText), \(unclassifiedText))\(confirmedText)"
      + "\(divergedText)\(horizonText)\(boundText)"
  }

  /// The bound on P(hit) this row's runs support at confidence 1 − α, or nil when they support
  /// none (a hit, no runs, a point not covered). With every run decided it is the zero-hit bound
  /// 1 − α^{1/n} (`upperBound`); runs left unclassified (undecided at the horizon, or at another
  /// critical point) might still be hits, so they are counted as hits: the one-sided
  /// Clopper–Pearson bound with u successes of n — never a number the row's own runs disown.
  public func hitProbabilityBound(alpha: Double) -> Double? {
    guard hits == 0, starts > 0, notCoveredReason == nil, alpha > 0, alpha < 1, unclassified <= starts else { return nil }
    if unclassified == 0 { return upperBound }
    return BinomialInterval.clopperPearsonUpperBound(successes: unclassified, trials: starts, alpha: alpha)
  }
}
