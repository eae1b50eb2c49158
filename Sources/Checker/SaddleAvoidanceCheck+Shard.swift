import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics

extension SaddleAvoidanceCheck {
  /// What one shard computes of the experiment: a whole answer when no start runs (a point
  /// the theorem does not cover: every shard gives the same), else its share of the starts.
  public enum ShardRun: Sendable {
    case whole(verdict: Verdict, evidence: Evidence)
    case share(AvoidanceShare.Runs)
  }

  /// Runs this shard's starts (start i is `shard`'s when i mod N = K − 1): the decided runs as
  /// counts, and every run still undecided at the horizon with the end it reaches when
  /// extended — computed whether or not the pooled run will need it, since only the pooled
  /// first pass decides that. ``AvoidanceShare/pool(_:)`` turns the N shares into exactly the
  /// evidence of ``run(methodForStart:on:saddle:seed:progress:)`` on all starts.
  public func runShard<M: FirstOrderMethod, F: Objective>(
    methodForStart: @Sendable (Int) -> M, on objective: F, saddle: PlantedCriticalPoint, seed: UInt64, shard: Shard
  ) -> ShardRun {
    if let early = uncovered(objective, saddle: saddle) { return .whole(verdict: early.verdict, evidence: early.evidence) }
    let plan = Plan(self, objective: objective, saddle: saddle, seed: seed)
    var tally = AvoidanceTally()
    let first = plan.firstPass(methodForStart: methodForStart, on: objective, indices: 0..<starts,
                               owned: { shard.owns(start: $0) }, tally: &tally)
    let extended = Batch.map(count: first.count) { plan.extend(first[$0], methodForStart: methodForStart, on: objective) }
    let undecided = zip(first, extended).map { run, longer in
      AvoidanceShare.UndecidedStart(index: run.index, steps: run.horizon, extended: longer.end, extendedHorizon: longer.horizon,
                                    start: longer.end == .hit ? run.start.components : nil)
    }
    return .share(AvoidanceShare.Runs(
      starts: starts, alpha: alpha, maximumUnclassifiedFraction: maximumUnclassifiedFraction, confirmed: plan.confirmed,
      horizon: rules.horizon, pointTolerance: rules.pointTolerance, gradientTolerance: rules.gradientTolerance, radius: radius,
      decided: tally, undecided: undecided))
  }
}

/// One shard's share of a Monte Carlo avoidance row (``SaddleAvoidanceCheck/runShard(methodForStart:on:saddle:seed:shard:)``):
/// the row it belongs to, the experiment's parameters, and the shard's runs as exact counts.
public struct AvoidanceShare: Sendable, Hashable, Codable {
  /// A run undecided at the first horizon: its first-pass steps, and where it ends when extended.
  public struct UndecidedStart: Sendable, Hashable, Codable {
    /// The start's index i (0-based) among all n starts.
    public var index: Int
    /// Steps of the first pass.
    public var steps: Int
    /// The end and horizon of the extended run (``SaddleAvoidanceCheck/maximumHorizon``).
    public var extended: RunEnd
    public var extendedHorizon: Int
    /// The start, when the extended run converged to the saddle (the counterexample).
    public var start: [Double]?
  }

  /// The experiment's side of a share.
  public struct Runs: Sendable, Hashable, Codable {
    /// All starts n of the row (over every shard).
    public var starts: Int
    /// The confidence parameter α of the zero-hit bound, and the unclassified fraction allowed.
    public var alpha: Double
    public var maximumUnclassifiedFraction: Double
    /// The first `confirmed` starts run without the value floor.
    public var confirmed: Int
    /// The first horizon and the tolerances (as in ``AvoidanceEvidence``).
    public var horizon: Int
    public var pointTolerance: Double
    public var gradientTolerance: Double
    public var radius: Double
    /// This shard's runs decided at the first horizon.
    public var decided: AvoidanceTally
    /// This shard's runs undecided at the first horizon, in index order.
    public var undecided: [UndecidedStart]
  }

  /// The row: claim, method, landscape, case seed (hexadecimal) and the note after the evidence text.
  public var claim: String
  public var method: String
  public var landscape: String
  public var seed: String
  public var note: String?
  public var runs: Runs

  public init(claim: String, method: String, landscape: String, seed: String, note: String?, runs: Runs) {
    self.claim = claim
    self.method = method
    self.landscape = landscape
    self.seed = seed
    self.note = note
    self.runs = runs
  }

  /// A share set that cannot be pooled.
  public struct Problem: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// Pools the shares of all N shards of one row into the row of the unsharded run: the
  /// decided counts summed, the undecided runs taken at their first or extended end by the
  /// rule of ``SaddleAvoidanceCheck/run(methodForStart:on:saddle:seed:progress:)`` (extend when
  /// the pooled first pass needs it; the probe first, the rest only if the probe decided one),
  /// the bound 1 − α^{1/n} and the verdict recomputed from the pooled counts.
  /// - Parameter shares: one per shard, each with its shard (all of one `K/N` split).
  /// - Throws: ``Problem`` when the shares disagree on the row or its parameters, when a shard's
  ///   counts are inconsistent or cover starts that are not its own, or when starts are missing.
  public static func pool(_ shares: [(shard: Shard, share: AvoidanceShare)]) throws(Problem) -> CheckResult {
    guard let (_, first) = shares.first else { throw Problem(description: "no shares") }
    let n = first.runs.starts
    let count = shares[0].shard.count
    guard shares.allSatisfy({ $0.shard.count == count }), Set(shares.map(\.shard.index)) == Set(1...count),
          shares.count == count else {
      throw Problem(description: "the shares are not shards 1 … N of one split: \(shares.map(\.shard.description))")
    }
    for (shard, share) in shares {
      let label = "shard \(shard)"
      var reference = first
      reference.runs.decided = share.runs.decided
      reference.runs.undecided = share.runs.undecided
      guard reference == share else {
        throw Problem(description: "\(label) disagrees with the others on the row or its parameters (claim, method, " +
            "landscape, seed, starts, α, horizon, tolerances)")
      }
      let r = share.runs
      guard n >= 1, r.confirmed >= 0, r.confirmed <= n, r.horizon >= 1, r.alpha > 0, r.alpha < 1,
            r.pointTolerance > 0, r.gradientTolerance > 0, r.radius >= 0, r.radius.isFinite,
            (0...1).contains(r.maximumUnclassifiedFraction) else {
        throw Problem(description: "\(label): parameters out of range (starts \(n), confirmed \(r.confirmed), horizon " +
            "\(r.horizon), α \(r.alpha), tolerances \(r.pointTolerance), \(r.gradientTolerance), radius \(r.radius))")
      }
      if let why = r.decided.inconsistency { throw Problem(description: "\(label): decided counts are inconsistent: \(why)") }
      let owned = shard.ownedStarts(of: n)
      guard r.decided.runs + r.undecided.count == owned else {
        throw Problem(description: "\(label) counts \(r.decided.runs + r.undecided.count) runs, but owns \(owned) of the \(n) starts")
      }
      let indices = r.undecided.map(\.index) + [r.decided.firstHitIndex, r.decided.firstDivergedIndex].compactMap { $0 }
      if let bad = indices.first(where: { $0 < 0 || $0 >= n || !shard.owns(start: $0) }) {
        throw Problem(description: "\(label) reports start #\(bad), which is not among its starts (i mod \(shard.count) = " +
            "\(shard.index - 1), i < \(n)): overlapping shards")
      }
      guard zip(r.undecided, r.undecided.dropFirst()).allSatisfy({ $0.index < $1.index }) else {
        throw Problem(description: "\(label): undecided starts not in increasing index order")
      }
      if let bad = r.undecided.first(where: { $0.steps < 0 || $0.extendedHorizon < 0 || ($0.extended == .hit) != ($0.start != nil) }) {
        throw Problem(description: "\(label): undecided start #\(bad.index) is inconsistent")
      }
    }
    let r = first.runs
    var tally = AvoidanceTally()
    for (_, share) in shares { tally.merge(share.runs.decided) }
    let undecided = shares.flatMap(\.share.runs.undecided).sorted { $0.index < $1.index }
    var extendedCount = 0
    if SaddleAvoidanceCheck.needsExtension(undecided: undecided.map(\.index), confirmed: r.confirmed, starts: n,
                                           maximumUnclassifiedFraction: r.maximumUnclassifiedFraction) {
      let probe = Swift.min(SaddleAvoidanceCheck.extensionProbe, undecided.count)
      extendedCount = undecided.prefix(probe).contains { $0.extended != .undecided } ? undecided.count : probe
    }
    for (k, u) in undecided.enumerated() {
      if k < extendedCount {
        tally.add(end: u.extended, horizon: u.extendedHorizon, index: u.index, start: u.start, confirmed: r.confirmed,
                  baseHorizon: r.horizon)
      } else {
        tally.add(end: .undecided, horizon: u.steps, index: u.index, start: nil, confirmed: r.confirmed, baseHorizon: r.horizon)
      }
    }
    guard tally.runs == n else { throw Problem(description: "the shards cover \(tally.runs) of the \(n) starts") }
    var check = SaddleAvoidanceCheck(starts: n, radius: r.radius, rules: Classification(
        horizon: r.horizon, pointTolerance: r.pointTolerance, gradientTolerance: r.gradientTolerance, escapeRadius: 1e6),
        alpha: r.alpha, maximumUnclassifiedFraction: r.maximumUnclassifiedFraction)
    check.confirmedStarts = r.confirmed
    let (verdict, evidence) = check.finish(tally, confirmed: r.confirmed)
    guard let seed = Seed.parse(first.seed), Seed.hex(seed) == first.seed else {
      throw Problem(description: "seed: not a 64-bit seed: '\(first.seed)'")
    }
    return .avoidance(claim: first.claim, method: first.method, landscape: first.landscape, verdict: verdict, evidence: evidence,
                      check: check, seed: seed, note: first.note)
  }
}
