import LinearAlgebra
import Randomness
import Landscapes
import Dynamics

extension SaddleAvoidanceCheck {
  /// One run of the experiment: start i, where it ended, the steps (first pass) or horizon
  /// (extension) it ran, and its final stationarity.
  struct Run: Sendable {
    var index: Int
    var start: Vector
    var end: RunEnd
    var horizon: Int
    var stationarity: Double
  }

  /// What every run of one experiment shares: the rules with and without the value floor,
  /// the confirmed starts, the extension cap, the classifier and the start distribution.
  /// Every result depends only on the start's index, so the runs can be cut into chunks
  /// and shards freely.
  struct Plan: Sendable {
    let seed: UInt64
    let rules: Classification
    let plainRules: Classification
    let confirmed: Int
    let cap: Int
    let classifier: RunEndClassifier
    let location: Vector
    let radius: Double
    let dirichlet: Bool
    let saddleStart: Bool
    let domain: Domain

    init<F: Objective>(_ check: SaddleAvoidanceCheck, objective: F, saddle: PlantedCriticalPoint, seed: UInt64) {
      var configured = check.rules
      if check.certifyEscapeByDescent {
        let level = objective.value(at: saddle.location)
        configured.valueFloor = level - SaddleAvoidanceCheck.floorMargin * (1 + abs(level))
      }
      self.seed = seed
      rules = configured
      plainRules = check.rules
      confirmed = check.certifyEscapeByDescent ? Swift.min(check.confirmedStarts, check.starts) : 0
      cap = Swift.max(check.maximumHorizon ?? 16 * check.rules.horizon, check.rules.horizon)
      classifier = RunEndClassifier(rules: check.rules, awayDistance: check.awayDistance)
      location = saddle.location
      radius = check.radius
      dirichlet = check.dirichletStarts
      saddleStart = check.includeSaddleStart
      domain = objective.domain
    }

    /// Start i, drawn with `Xoshiro256StarStar(seed: seed, stream: i)`.
    func startPoint(_ i: Int) -> Vector {
      var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
      if i == 0 && saddleStart { return location }
      if dirichlet { return Draw.dirichlet(concentration: Array(repeating: 1, count: location.dimension), using: &rng) }
      var start = Draw.inBall(center: location, radius: radius, using: &rng)
      if case .sphere = domain { start = start.normalized() }
      if case .simplex = domain { start = domain.project(start) }
      return start
    }

    /// Starts per chunk of the first pass: memory stays O(chunk + undecided runs) for any n.
    static let chunk = 1 << 16

    /// Runs the starts of `indices` that `owned` accepts, in chunks on the batched engine
    /// (result i is exactly `Trajectory.run(methodForStart(i), …)`), adds every decided run to
    /// `tally` and returns the undecided ones in index order.
    func firstPass<M: FirstOrderMethod, F: Objective>(
      methodForStart: @Sendable (Int) -> M, on objective: F, indices: Range<Int>, owned: (Int) -> Bool,
      tally: inout AvoidanceTally, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) -> [Run] {
      var undecided: [Run] = []
      var low = indices.lowerBound
      while low < indices.upperBound {
        let high = Swift.min(indices.upperBound, low + Self.chunk)
        let chunk = (low..<high).filter(owned)
        low = high
        guard !chunk.isEmpty else { continue }
        let drawn = Batch.map(count: chunk.count) { startPoint(chunk[$0]) }
        let split = chunk.firstIndex { $0 >= confirmed } ?? chunk.count
        let plain = Array(chunk[..<split]), floored = Array(chunk[split...])
        let results = BatchedTrajectory.run(methodForStart: { methodForStart(plain[$0]) }, on: objective,
                                            from: Array(drawn[..<split]), rules: plainRules)
          + BatchedTrajectory.run(methodForStart: { methodForStart(floored[$0]) }, on: objective,
                                  from: Array(drawn[split...]), rules: rules)
        let runs = Batch.map(count: chunk.count) { k -> Run in
          let (i, result) = (chunk[k], results[k])
          return Run(index: i, start: drawn[k],
                     end: classifier.classify(result, saddle: location, on: objective, seed: Seed.derive(seed, UInt64(i))),
                     horizon: result.steps, stationarity: result.finalGradientNorm)
        }
        for run in runs {
          if run.end == .undecided { undecided.append(run) } else { tally.add(run, confirmed: confirmed, baseHorizon: plainRules.horizon) }
        }
        if let progress, let last = chunk.last { progress(last + 1, indices.upperBound) }
      }
      return undecided
    }

    /// An undecided run re-run with 2×, 4×, … its horizon up to the cap, until decided or
    /// until a doubling fails to halve its stationarity. Depends only on the run's index.
    func extend<M: FirstOrderMethod, F: Objective>(_ first: Run, methodForStart: @Sendable (Int) -> M, on objective: F) -> Run {
      var run = first
      let i = run.index
      var startRules = i < confirmed ? plainRules : rules
      while run.end == .undecided, startRules.horizon < cap {
        startRules.horizon = Swift.min(2 * startRules.horizon, cap)
        let result = Trajectory.run(methodForStart(i), on: objective, from: run.start, rules: startRules)
        let previous = run.stationarity
        run = Run(index: i, start: run.start,
                  end: classifier.classify(result, saddle: location, on: objective, seed: Seed.derive(seed, UInt64(i))),
                  horizon: startRules.horizon, stationarity: result.finalGradientNorm)
        guard result.outcome == .undecided, result.finalGradientNorm <= previous / 2 else { break }
      }
      return run
    }
  }
}

/// Exact counts of where a set of an avoidance experiment's runs ended — sums, maxima and the
/// lowest-index hit and divergence — so that the counts of disjoint sets of starts (chunks,
/// shards) pool into the counts of their union (``merge(_:)``), whatever the order.
public struct AvoidanceTally: Sendable, Hashable, Codable {
  /// Runs counted.
  public var runs = 0
  public var hits = 0
  /// The lowest-index run that converged to the saddle, and its start.
  public var firstHitIndex: Int?
  public var firstHit: [Double]?
  public var minima = 0
  public var nonStrictMinima = 0
  public var largestNullity = 0
  public var escaped = 0
  public var diverged = 0
  public var firstDivergedIndex: Int?
  public var away = 0
  /// Ended elsewhere: other saddles, degenerate non-minima, undecided.
  public var unclassified = 0
  public var otherSaddles = 0
  public var degenerateNonMinima = 0
  /// Of the confirmed starts (the first ones, run without the value floor), those at a minimum.
  public var confirmedMinima = 0
  /// The longest horizon of a run that was undecided or extended (0: none).
  public var longestHorizon = 0

  public init() {}

  /// Counts one run.
  mutating func add(_ run: SaddleAvoidanceCheck.Run, confirmed: Int, baseHorizon: Int) {
    add(end: run.end, horizon: run.horizon, index: run.index, start: run.start.components, confirmed: confirmed,
        baseHorizon: baseHorizon)
  }

  /// Counts the run of start `index` that ended at `end` after `horizon` steps.
  mutating func add(end: RunEnd, horizon: Int, index: Int, start: [Double]?, confirmed: Int, baseHorizon: Int) {
    runs += 1
    if index < confirmed && end.isMinimum { confirmedMinima += 1 }
    if end == .undecided || horizon > baseHorizon { longestHorizon = Swift.max(longestHorizon, horizon) }
    switch end {
    case .hit:
      hits += 1
      if firstHitIndex.map({ index < $0 }) ?? true { (firstHitIndex, firstHit) = (index, start) }
    case .strictMinimum: minima += 1
    case .nonStrictMinimum(let k):
      minima += 1
      nonStrictMinima += 1
      largestNullity = Swift.max(largestNullity, k)
    case .escaped: escaped += 1
    case .diverged:
      diverged += 1
      if firstDivergedIndex.map({ index < $0 }) ?? true { firstDivergedIndex = index }
    case .away: away += 1
    case .otherSaddle:
      unclassified += 1
      otherSaddles += 1
    case .degenerateNonMinimum:
      unclassified += 1
      degenerateNonMinima += 1
    case .undecided: unclassified += 1
    }
  }

  /// Pools the counts of a disjoint set of runs.
  public mutating func merge(_ other: AvoidanceTally) {
    runs += other.runs
    hits += other.hits
    if let j = other.firstHitIndex, firstHitIndex.map({ j < $0 }) ?? true { (firstHitIndex, firstHit) = (j, other.firstHit) }
    minima += other.minima
    nonStrictMinima += other.nonStrictMinima
    largestNullity = Swift.max(largestNullity, other.largestNullity)
    escaped += other.escaped
    diverged += other.diverged
    if let j = other.firstDivergedIndex, firstDivergedIndex.map({ j < $0 }) ?? true { firstDivergedIndex = j }
    away += other.away
    unclassified += other.unclassified
    otherSaddles += other.otherSaddles
    degenerateNonMinima += other.degenerateNonMinima
    confirmedMinima += other.confirmedMinima
    longestHorizon = Swift.max(longestHorizon, other.longestHorizon)
  }

  /// Why the counts cannot come from `runs` runs, if they cannot (a corrupt or edited shard).
  var inconsistency: String? {
    let counts = [runs, hits, minima, nonStrictMinima, largestNullity, escaped, diverged, away, unclassified, otherSaddles,
                  degenerateNonMinima, confirmedMinima, longestHorizon]
    if counts.contains(where: { $0 < 0 }) { return "a negative count" }
    if hits + minima + escaped + diverged + away + unclassified != runs {
      return "hits + minima + escaped + diverged + away + unclassified = " +
          "\(hits + minima + escaped + diverged + away + unclassified), not runs = \(runs)"
    }
    if nonStrictMinima > minima || otherSaddles + degenerateNonMinima > unclassified || confirmedMinima > minima {
      return "a sub-count exceeds its class"
    }
    if (hits > 0) != (firstHitIndex != nil) || (firstHitIndex != nil) != (firstHit != nil) {
      return "hits and firstHitIndex/firstHit disagree"
    }
    if (diverged > 0) != (firstDivergedIndex != nil) { return "diverged and firstDivergedIndex disagree" }
    return nil
  }
}
