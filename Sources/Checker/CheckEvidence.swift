public import PropertyTesting
import Randomness
import LinearAlgebra
import Dynamics

/// A check's evidence as data, one case per kind of check: what `--json`
/// and the report carry so that a user can replot or re-test a verdict.
///
/// Encoded as an object with a `kind` field naming the case and the case's
/// fields beside it (schema ``ResultsDocument/schema``), e.g.
/// ```
/// {"kind": "avoidance", "starts": 200, "hits": 0, "upperBound": 0.0149, "alpha": 0.05, …}
/// ```
/// Checks not yet converted carry no data (`CheckResult.data == nil`); their
/// evidence is the text alone.
public enum CheckEvidence: Sendable, Hashable, Codable {
  /// A Monte Carlo "avoids strict saddles" experiment (``SaddleAvoidanceCheck``).
  case avoidance(AvoidanceEvidence)
  /// Γ_t's spectrum against a bracket along trajectories (``PositiveDefiniteLimitCheck``).
  case spectrumBracket(SpectrumBracketEvidence)
  /// The sampled Lipschitz ratio ε̂(r, t) of η(t, ·) and its analytic bound (``EtaLipschitzCheck``).
  case etaLipschitzTable(EtaLipschitzCheck.Table)
  /// The open question's per-k evidence (``RepellingDirectionsExperiment``).
  case repellingDirections(RepellingDirectionsEvidence)

  /// The `kind` field's values, one per case.
  public var kind: String {
    switch self {
    case .avoidance: "avoidance"
    case .spectrumBracket: "spectrum-bracket"
    case .etaLipschitzTable: "eta-lipschitz-table"
    case .repellingDirections: "repelling-directions"
    }
  }

  enum KindKey: String, CodingKey { case kind }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: KindKey.self)
    let kind = try container.decode(String.self, forKey: .kind)
    switch kind {
    case "avoidance": self = .avoidance(try AvoidanceEvidence(from: decoder))
    case "spectrum-bracket": self = .spectrumBracket(try SpectrumBracketEvidence(from: decoder))
    case "eta-lipschitz-table": self = .etaLipschitzTable(try EtaLipschitzCheck.Table(from: decoder))
    case "repelling-directions": self = .repellingDirections(try RepellingDirectionsEvidence(from: decoder))
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container, debugDescription: "kind: unknown evidence kind '\(kind)' (known: " +
            "avoidance, spectrum-bracket, eta-lipschitz-table, repelling-directions)")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: KindKey.self)
    try container.encode(kind, forKey: .kind)
    switch self {
    case .avoidance(let e): try e.encode(to: encoder)
    case .spectrumBracket(let e): try e.encode(to: encoder)
    case .etaLipschitzTable(let e): try e.encode(to: encoder)
    case .repellingDirections(let e): try e.encode(to: encoder)
    }
  }
}

/// The data of one Monte Carlo avoidance row: counts (exact integers), the
/// zero-hit bound with its confidence parameter, and the classification rules.
public struct AvoidanceEvidence: Sendable, Hashable, Codable {
  /// Starts run n.
  public var starts: Int
  /// Starts that converged to the saddle under test.
  public var hits: Int
  /// Starts that converged to a (planted or verified) local minimum.
  public var minima: Int
  /// Starts certified escaped: f fell below f(x*) under a monotone method, or diverged.
  public var escaped: Int
  /// Starts undecided at the horizon but farther than the away distance from the saddle.
  public var away: Int
  /// Starts that ended elsewhere (other saddles, undecided, …).
  public var unclassified: Int
  /// Starts run to the end without the value floor, and how many of them reached a minimum.
  public var confirmed: Int
  public var confirmedMinima: Int
  /// The one-sided zero-hit bound P(hit) ≤ 1 − α^{1/n} (meaningful when hits = 0).
  public var upperBound: Double
  /// The confidence parameter α of the bound.
  public var alpha: Double
  /// Steps each start runs at most.
  public var horizon: Int
  /// "At the saddle": within this distance and with stationarity at most `gradientTolerance`.
  public var pointTolerance: Double
  public var gradientTolerance: Double
  /// Starts are uniform in the ball of this radius around the saddle (unless drawn on a simplex).
  public var radius: Double
  /// The index and location of the first start that converged to the saddle, if any.
  public var firstHitIndex: Int?
  public var firstHit: [Double]?
  /// Issue 10's classes (nil in documents written before them): diverged runs (and the
  /// first one's index), non-strict minima with the largest null-space dimension, the
  /// unclassified split into other saddles and degenerate non-minima, the longest
  /// adaptive horizon, and why a point was not covered.
  public var diverged: Int?
  public var firstDivergedIndex: Int?
  public var nonStrictMinima: Int?
  public var largestNullity: Int?
  public var otherSaddles: Int?
  public var degenerateNonMinima: Int?
  public var longestHorizon: Int?
  public var notCoveredReason: String?

  /// The data of `evidence`, produced by `check`.
  public init(_ evidence: SaddleAvoidanceCheck.Evidence, check: SaddleAvoidanceCheck) {
    starts = evidence.starts
    hits = evidence.hits
    minima = evidence.minima
    escaped = evidence.escaped
    away = evidence.away
    unclassified = evidence.unclassified
    confirmed = evidence.confirmed
    confirmedMinima = evidence.confirmedMinima
    upperBound = evidence.upperBound
    alpha = check.alpha
    horizon = check.rules.horizon
    pointTolerance = check.rules.pointTolerance
    gradientTolerance = check.rules.gradientTolerance
    radius = check.radius
    firstHitIndex = evidence.firstHitIndex
    firstHit = evidence.firstHit?.components
    diverged = evidence.diverged
    firstDivergedIndex = evidence.firstDivergedIndex
    nonStrictMinima = evidence.nonStrictMinima
    largestNullity = evidence.largestNullity
    otherSaddles = evidence.otherSaddles
    degenerateNonMinima = evidence.degenerateNonMinima
    longestHorizon = evidence.longestHorizon
    notCoveredReason = evidence.notCoveredReason
  }

  /// The one-line text, rendered from the data (``SaddleAvoidanceCheck/Evidence/summary(alpha:)``).
  public var rendered: String {
    var e = SaddleAvoidanceCheck.Evidence(starts: starts, hits: hits, minima: minima, unclassified: unclassified, upperBound: upperBound)
    e.escaped = escaped
    e.away = away
    e.confirmed = confirmed
    e.confirmedMinima = confirmedMinima
    e.firstHitIndex = firstHitIndex
    e.diverged = diverged ?? 0
    e.firstDivergedIndex = firstDivergedIndex
    e.nonStrictMinima = nonStrictMinima ?? 0
    e.largestNullity = largestNullity ?? 0
    e.otherSaddles = otherSaddles ?? 0
    e.degenerateNonMinima = degenerateNonMinima ?? 0
    e.horizon = horizon
    e.longestHorizon = longestHorizon ?? horizon
    e.notCoveredReason = notCoveredReason
    return e.summary(alpha: alpha)
  }
}

/// The data of one `adagrad.pd-limit` row: per trajectory, the bracket its
/// spectrum must stay in, the extreme eigenvalues seen, and the Cauchy drift.
public struct SpectrumBracketEvidence: Sendable, Hashable, Codable {
  /// One trajectory's record (nil fields: the run stopped before the value existed).
  public struct Trajectory: Sendable, Hashable, Codable {
    /// The bracket [lower, upper] checked at every step (AdaGrad: [1/(δ0 + f(x_0) − f_low), 1/δ0]).
    public var lower: Double?
    public var upper: Double?
    /// The smallest and largest eigenvalue of Γ_t over the steps checked.
    public var smallestEigenvalue: Double?
    public var largestEigenvalue: Double?
    /// ‖Γ_T − Γ_{T/2}‖_F / ‖Γ_T‖_F at the end; nil if the run stopped early (a failure).
    public var drift: Double?
    /// Steps checked before the end or the first failure.
    public var steps: Int

    /// A record; non-finite values are stored as nil (JSON has no NaN).
    public init(lower: Double, upper: Double, smallestEigenvalue: Double, largestEigenvalue: Double, drift: Double, steps: Int) {
      func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }
      self.lower = finite(lower)
      self.upper = finite(upper)
      self.smallestEigenvalue = finite(smallestEigenvalue)
      self.largestEigenvalue = finite(largestEigenvalue)
      self.drift = finite(drift)
      self.steps = steps
    }
  }

  /// Steps per trajectory T.
  public var steps: Int
  /// The Cauchy tolerance: ‖Γ_T − Γ_{T/2}‖/‖Γ_T‖ must not exceed it.
  public var driftTolerance: Double
  /// Whether the bracket is the AdaGrad bracket of CLAIMS.md (else the policy-agnostic one).
  public var adaGradBracket: Bool
  public var trajectories: [Trajectory]

  public init(steps: Int, driftTolerance: Double, adaGradBracket: Bool, trajectories: [Trajectory]) {
    self.steps = steps
    self.driftTolerance = driftTolerance
    self.adaGradBracket = adaGradBracket
    self.trajectories = trajectories
  }

  /// The one-line text of a row that holds, rendered from the data.
  public var rendered: String {
    "\(trajectories.count) trajectories × \(steps) steps: spectrum in its bracket at every step, ‖Γ_T − " +
        "Γ_{T/2}‖/‖Γ_T‖ ≤ \(trajectories.compactMap(\.drift).max() ?? 0)"
  }
}

/// The open question's rows, one per number k of repelling directions.
public struct RepellingDirectionsEvidence: Sendable, Hashable, Codable {
  public var rows: [RepellingDirectionsExperiment.Row]

  public init(rows: [RepellingDirectionsExperiment.Row]) { self.rows = rows }
}

/// What `saddlecheck check --json` prints: a versioned document with the run's
/// seed and profile, exact integer counts, and every row with its data.
public struct ResultsDocument: Sendable, Hashable, Codable {
  /// The schema identifier of this layout; bumped on any incompatible change.
  public static let schema = "saddlecheck.results/1"

  /// Exact integer counts over the rows.
  public struct Summary: Sendable, Hashable, Codable {
    /// Distinct claims among the rows.
    public var claims: Int
    public var rows: Int
    /// Rows whose verdict is the one the theory predicts.
    public var asPredicted: Int
    /// Rows by verdict.
    public var holds: Int
    public var fails: Int
    public var inconclusive: Int
    /// Rows at points the theorem does not cover (λ_min = 0), and rows outside its hypotheses.
    public var notCovered: Int?
    public var outsideHypotheses: Int?
  }

  public var schema: String
  /// The run seed in hexadecimal.
  public var seed: String
  public var profile: String
  /// Monte Carlo starts per landscape.
  public var starts: Int
  public var summary: Summary
  public var results: [CheckResult]

  public init(seed: UInt64, profile: Profile, starts: Int, results: [CheckResult]) {
    schema = Self.schema
    self.seed = Seed.hex(seed)
    self.profile = profile.rawValue
    self.starts = starts
    var claims: [String] = []
    for r in results where !claims.contains(r.claim) { claims.append(r.claim) }
    summary = Summary(
      claims: claims.count, rows: results.count, asPredicted: results.filter(\.isAsExpected).count,
      holds: results.filter { $0.verdict == .holds }.count, fails: results.filter { $0.verdict == .fails }.count,
      inconclusive: results.filter { $0.verdict == .inconclusive }.count,
      notCovered: results.filter { $0.verdict == .notCovered }.count, outsideHypotheses: results.filter(\.isOutsideHypotheses).count)
    self.results = results
  }
}
