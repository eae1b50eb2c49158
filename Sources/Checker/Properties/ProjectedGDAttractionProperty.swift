public import LinearAlgebra
import Randomness
import Landscapes
import Dynamics
public import PropertyTesting
public import Serialization

/// `projected-gd.can-converge-to-saddle` ([NLR18]; CLAIMS.md part E): on
/// f(x, y) = ½(x + y)² − (c/2)(x − y)² over X = {y ≥ 0}, projected GD with a
/// small step converges to the strict saddle at the origin from a set of
/// starts of positive measure — exactly those with x0 > y0, a quarter of the
/// box [−1, 1] × [0, 1].
///
/// The *property* checked is the avoidance claim ("PGD converges to the
/// saddle with probability zero"), which this instance refutes: a case
/// *fails* when the exact two-sided Clopper–Pearson interval for the hit
/// probability excludes 0. The expected outcome is therefore a failure, kept
/// as a `refutation` fixture and replayed under `withKnownIssue`.
public struct ProjectedGDAttractionProperty: Property {
  /// One experiment, as explicit data.
  public struct Case: Codable, Sendable, Hashable {
    /// The instance's curvature parameter c ∈ (0, 1).
    public var c: Double
    /// The PGD step α.
    public var alpha: Double
    /// Starts are uniform in the box lower ≤ x ≤ upper.
    public var lower: Vector
    public var upper: Vector
    /// Number of starts n.
    public var starts: Int
    /// Start i comes from Xoshiro256StarStar(seed: startSeed, stream: i); hexadecimal.
    public var startSeed: String
    public var horizon: Int
    public var pointTolerance: Double
    /// The confidence parameter α of the interval.
    public var confidence: Double

    public init(c: Double, alpha: Double, lower: Vector, upper: Vector, starts: Int, startSeed: String,
                horizon: Int, pointTolerance: Double, confidence: Double) {
      self.c = c
      self.alpha = alpha
      self.lower = lower
      self.upper = upper
      self.starts = starts
      self.startSeed = startSeed
      self.horizon = horizon
      self.pointTolerance = pointTolerance
      self.confidence = confidence
    }

    private enum CodingKeys: String, CodingKey { case c, alpha, lower, upper, starts, startSeed, horizon, pointTolerance, confidence }

    /// Whole-number fields are read so that `1.5` is an error naming the field.
    public init(from decoder: any Decoder) throws {
      let k = try decoder.container(keyedBy: CodingKeys.self)
      self.init(
        c: try k.decode(Double.self, forKey: .c), alpha: try k.decode(Double.self, forKey: .alpha),
        lower: try k.decode(Vector.self, forKey: .lower), upper: try k.decode(Vector.self, forKey: .upper),
        starts: try k.decodeWholeNumber(forKey: .starts, in: 1...1_000_000),
        startSeed: try k.decode(String.self, forKey: .startSeed),
        horizon: try k.decodeWholeNumber(forKey: .horizon, in: 1...10_000_000),
        pointTolerance: try k.decode(Double.self, forKey: .pointTolerance),
        confidence: try k.decode(Double.self, forKey: .confidence))
    }
  }

  public var claim: String { Claim.projectedGDCanConverge.id }
  /// The exact attraction probability of the documented instance (x0 > y0 in [−1, 1] × [0, 1]).
  public static let exactFraction = 0.25

  public init() {}

  public func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case {
    var rng = Xoshiro256StarStar(seed: seed)
    let c = index == 0 ? 0.5 : Draw.uniform(from: 0.2, to: 0.8, using: &rng)
    return Case(c: c, alpha: 0.1, lower: [-1, 0], upper: [1, 1],
        starts: Swift.min(configuration.profile.monteCarloStarts, Battery.scalarStartsCap),
                startSeed: Seed.hex(rng.next()), horizon: 3000, pointTolerance: 1e-6,
                confidence: SuiteBudget.falseFailures.alpha(for: claim))
  }

  /// The outcome of each start: whether it converged to the origin.
  public static func hits(_ c: Case) -> [Bool] {
    let f = HalfPlaneSaddle(c: c.c)
    let rules = Classification(horizon: c.horizon, pointTolerance: c.pointTolerance, gradientTolerance: 1e-8, escapeRadius: 1e6)
    let seed = Seed.parse(c.startSeed) ?? 0
    return Batch.map(count: c.starts) { i in
      var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
      let start = Vector((0..<2).map { Draw.uniform(from: c.lower[$0], to: c.upper[$0], using: &rng) })
      return Trajectory.run(ProjectedGradientDescent(alpha: c.alpha), on: f, from: start,
          rules: rules).outcome == .converged(toPlantedPoint: 0)
    }
  }

  public func check(_ c: Case) -> PropertyOutcome {
    guard let e = measure(c) else { return .inconclusive(reason: "invalid case") }
    return outcome(e)
  }

  /// The case's hits with their Clopper–Pearson interval (nil for an invalid case).
  public func measure(_ c: Case) -> AttractionEvidence? {
    guard c.starts >= 1, c.c > 0, c.c < 1, c.alpha > 0, c.lower.dimension == 2, c.upper.dimension == 2 else { return nil }
    let k = Self.hits(c).filter { $0 }.count
    let interval = BinomialInterval.clopperPearson(successes: k, trials: c.starts, alpha: c.confidence)
    return AttractionEvidence(
      experiment: .projectedGD, hits: k, starts: c.starts, lower: interval.lower, upper: interval.upper, confidence: c.confidence,
      horizon: c.horizon, startSeed: c.startSeed,
      exactFraction: c.lower == [-1, 0] && c.upper == [1, 1] ? Self.exactFraction : nil)
  }

  /// Refuted when the interval's lower end is positive; the message is the data's rendering.
  public func outcome(_ e: AttractionEvidence) -> PropertyOutcome {
    guard e.lower > 0 else { return .holds(evidence: e.rendered) }
    return .fails(PropertyFailure(kind: "positive-attraction", margin: Double(e.hits), message: e.rendered))
  }

  public func validate(_ c: Case) -> DecodingProblem? {
    CaseRanges.firstProblem([
      CaseRanges.open("c", c.c, 0, 1),
      CaseRanges.closed("alpha", c.alpha, 1e-9, 1000),
      CaseRanges.box(lower: c.lower.components, upper: c.upper.components, dimension: 2, magnitude: 1000),
      c.lower.dimension == 2 && c.lower[1] < 0 ? DecodingProblem(field: "lower[1]",
        problem: "must be ≥ 0: the starts must lie in the domain y ≥ 0") : nil,
      CaseRanges.whole("starts", c.starts, 1...1_000_000),
      CaseRanges.seed("startSeed", c.startSeed),
      CaseRanges.whole("horizon", c.horizon, 1...10_000_000),
      CaseRanges.closed("pointTolerance", c.pointTolerance, 1e-15, 1),
      CaseRanges.confidence(c.confidence),
    ])
  }

  /// starts × horizon trajectory steps.
  public func cost(_ c: Case) -> Double { Double(c.starts) * Double(c.horizon) }

  /// Fewer starts (halving n), a shorter horizon.
  public func shrink(_ c: Case) -> [Case] {
    var out: [Case] = []
    if c.starts >= 20 { var s = c; s.starts /= 2; out.append(s) }
    if c.horizon >= 200 { var s = c; s.horizon /= 2; out.append(s) }
    return out
  }

  public func labels(_ c: Case) -> [String: String] { ["instance": c.c == 0.5 ? "documented" : "random-c"] }
  public var requiredCoverage: [String: Set<String>] { ["instance": ["documented"]] }
}
