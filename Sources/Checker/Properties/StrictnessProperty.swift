import LinearAlgebra
import Randomness
import Landscapes
import Dynamics
public import PropertyTesting
public import Serialization

/// `strictness-is-needed` (CLAIMS.md part E): the avoidance theorems need
/// *strict* saddles. On f(x) = y⁴/4 + 2y³/3 + ½Σh_i x_i² (y = x₁) the origin
/// is a degenerate saddle (Hessian diag(0, h…), not a local minimum), and
/// GD from every start with 0 < y₀ small decreases y monotonically to 0
/// (y_{t+1} = y_t − αy_t²(y_t + 2) ∈ (0, y_t)): a set of positive measure
/// converges to it, like 1/(2αt).
///
/// The property checked is "GD converges to this saddle with probability
/// zero"; it is refuted when the exact two-sided Clopper–Pearson interval of
/// the hit probability excludes 0 (a hit: within `hitDistance` of the origin
/// at the horizon, approaching from y > 0). Kept as a `refutation` fixture.
public struct StrictnessProperty: Property {
  public struct Case: Codable, Sendable, Hashable {
    /// The curvatures h_2, …, h_d of the quadratic coordinates.
    public var curvatures: [Double]
    /// The step α (as a multiple of 1/L: `stepFactor`/L).
    public var stepFactor: Double
    public var starts: Int
    /// Starts uniform in the ball of this radius around the origin.
    public var startRadius: Double
    public var startSeed: String
    public var horizon: Int
    public var hitDistance: Double
    public var confidence: Double

    public init(curvatures: [Double], stepFactor: Double, starts: Int, startRadius: Double, startSeed: String,
        horizon: Int, hitDistance: Double, confidence: Double) {
      self.curvatures = curvatures
      self.stepFactor = stepFactor
      self.starts = starts
      self.startRadius = startRadius
      self.startSeed = startSeed
      self.horizon = horizon
      self.hitDistance = hitDistance
      self.confidence = confidence
    }

    private enum CodingKeys: String, CodingKey {
      case curvatures, stepFactor, starts, startRadius, startSeed, horizon, hitDistance, confidence
    }

    /// Whole-number fields are read so that `1.5` is an error naming the field.
    public init(from decoder: any Decoder) throws {
      let k = try decoder.container(keyedBy: CodingKeys.self)
      self.init(
        curvatures: try k.decode([Double].self, forKey: .curvatures), stepFactor: try k.decode(Double.self, forKey: .stepFactor),
        starts: try k.decodeWholeNumber(forKey: .starts, in: 1...1_000_000),
        startRadius: try k.decode(Double.self, forKey: .startRadius), startSeed: try k.decode(String.self, forKey: .startSeed),
        horizon: try k.decodeWholeNumber(forKey: .horizon, in: 1...10_000_000),
        hitDistance: try k.decode(Double.self, forKey: .hitDistance), confidence: try k.decode(Double.self, forKey: .confidence))
    }
  }

  public var claim: String { Claim.strictnessIsNeeded.id }
  public init() {}

  public func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case {
    var rng = Xoshiro256StarStar(seed: seed)
    let d = index == 0 ? 3 : 2 + Int(Draw.integer(below: 4, using: &rng))
    let h = (1..<d).map { _ in Draw.uniform(from: 0.2, to: 1, using: &rng) }
    return Case(curvatures: h, stepFactor: 0.9, starts: Swift.min(configuration.profile.monteCarloStarts, 2000), startRadius: 0.5,
                startSeed: Seed.hex(rng.next()), horizon: 20_000, hitDistance: 1e-2,
                confidence: SuiteBudget.falseFailures.alpha(for: claim))
  }

  public func check(_ c: Case) -> PropertyOutcome {
    guard let e = measure(c) else { return .inconclusive(reason: "invalid case") }
    return outcome(e)
  }

  /// The case's hits with their Clopper–Pearson interval (nil for an invalid case).
  public func measure(_ c: Case) -> AttractionEvidence? {
    guard c.starts >= 1, c.curvatures.allSatisfy({ $0 > 0 }), c.stepFactor > 0, c.stepFactor < 1 else { return nil }
    let f = DegenerateSaddle(curvatures: c.curvatures)
    let gd = GradientDescent(stepSize: c.stepFactor / f.lipschitzConstant)
    let seed = Seed.parse(c.startSeed) ?? 0
    let starts = (0..<c.starts).map { i -> Vector in
      var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
      return Draw.inBall(center: Vector(zeros: f.dimension), radius: c.startRadius, using: &rng)
    }
    // Every run takes all `horizon` steps on the batched engine (the tolerances below are never
    // met, so no run stops early at the minimum; a run past 10³⁰⁰ or non-finite is not a hit either
    // way), and its last iterate is bit-identical to `horizon` applications of the GD map.
    let rules = Classification(horizon: c.horizon, pointTolerance: 1e-300, gradientTolerance: 1e-300,
                               escapeRadius: 1e300)
    let hits = BatchedTrajectory.run(gd, on: f, from: starts, rules: rules).filter { r in
      r.final.isFinite && r.final[0] > 0 && r.final.euclideanNorm <= c.hitDistance
    }.count
    let interval = BinomialInterval.clopperPearson(successes: hits, trials: c.starts, alpha: c.confidence)
    return AttractionEvidence(experiment: .degenerateSaddle, hits: hits, starts: c.starts, lower: interval.lower,
                              upper: interval.upper, confidence: c.confidence, horizon: c.horizon, startSeed: c.startSeed,
                              hitDistance: c.hitDistance)
  }

  /// Refuted when the interval's lower end is positive; the message is the data's rendering.
  public func outcome(_ e: AttractionEvidence) -> PropertyOutcome {
    guard e.lower > 0 else { return .holds(evidence: e.rendered) }
    return .fails(PropertyFailure(kind: "positive-attraction", margin: Double(e.hits), message: e.rendered))
  }

  /// The documented ranges of a stored case: 1 to 999 curvatures, each in
  /// [1e-6, 1e6]; a step factor in [1e-6, 1) (so that α = factor/L is a
  /// positive normal number); 1 ≤ starts ≤ 10⁶; a start radius
  /// and hit distance in (0, 1000]; 1 ≤ horizon ≤ 10⁷; a confidence α in
  /// [1e-12, 0.5]; a `0x` start seed.
  public func validate(_ c: Case) -> DecodingProblem? {
    CaseRanges.firstProblem([
      (1...999).contains(c.curvatures.count) ? nil
        : DecodingProblem(field: "curvatures", problem: "needs 1 to 999 values (d = 2…1000), got \(c.curvatures.count)"),
    ] + c.curvatures.indices.map { CaseRanges.closed("curvatures[\($0)]", c.curvatures[$0], 1e-6, 1e6) } + [
      c.stepFactor >= 1e-6 && c.stepFactor < 1 ? nil : DecodingProblem(field: "stepFactor",
        problem: "must lie in [1e-6, 1), got \(c.stepFactor)"),
      CaseRanges.whole("starts", c.starts, 1...1_000_000),
      CaseRanges.number("startRadius", c.startRadius, above: 0, atMost: 1000),
      CaseRanges.seed("startSeed", c.startSeed),
      CaseRanges.whole("horizon", c.horizon, 1...10_000_000),
      CaseRanges.number("hitDistance", c.hitDistance, above: 0, atMost: 1000),
      CaseRanges.confidence(c.confidence),
    ])
  }

  /// starts × horizon GD steps.
  public func cost(_ c: Case) -> Double { Double(c.starts) * Double(c.horizon) }

  public func shrink(_ c: Case) -> [Case] {
    var out: [Case] = []
    if c.starts >= 20 { var s = c; s.starts /= 2; out.append(s) }
    if c.curvatures.count > 1 { var s = c; s.curvatures.removeLast(); out.append(s) }
    return out
  }
}
