public import PropertyTesting
public import Foundation
import Serialization
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
/// Every row of the battery, of `check --instance` and of `check --function` carries
/// data, and its one-line text (`CheckResult.evidence`) is ``rendered``, computed from
/// the data alone (``CheckResult/evidenceProblem`` tests both).
public enum CheckEvidence: Sendable, Hashable, Codable {
  /// A Monte Carlo "avoids strict saddles" experiment (``SaddleAvoidanceCheck``).
  case avoidance(AvoidanceEvidence)
  /// Γ_t's spectrum against a bracket along trajectories (``PositiveDefiniteLimitCheck``).
  case spectrumBracket(SpectrumBracketEvidence)
  /// The sampled Lipschitz ratio ε̂(r, t) of η(t, ·) and its analytic bound (``EtaLipschitzCheck``).
  case etaLipschitzTable(EtaLipschitzCheck.Table)
  /// The open question's per-k evidence (``RepellingDirectionsExperiment``).
  case repellingDirections(RepellingDirectionsEvidence)
  /// L and the derivatives against samples and finite differences (``LipschitzCertificateCheck``).
  case lipschitzCertificate(LipschitzCertificateCheck.Evidence)
  /// The planted critical points verified (``PlantedCriticalPointsCheck``).
  case plantedCriticalPoints(PlantedCriticalPointsCheck.Evidence)
  /// g(x*) = x* and ρ(Dg(x*)) against 1 (``UnstableFixedPointCheck``).
  case unstableFixedPoint(UnstableFixedPointEvidence)
  /// Sylvester's inertia counts for ΓH (``InertiaCheck``).
  case inertia(InertiaEvidence)
  /// The local and summed variation-of-constants forms (``VariationOfConstantsCheck``).
  case variationOfConstants(VariationOfConstantsEvidence)
  /// Exact inequalities along trajectories (``GradientDescentDescentCheck``, ``AdaGradDescentCheck``).
  case trajectoryInequalities(TrajectoryInequalitiesEvidence)
  /// The step map's determinant, injectivity and inverse (``GradientDescentDiffeomorphismCheck``,
  /// ``StepMapDiffeomorphismCheck``).
  case diffeomorphism(DiffeomorphismEvidence)
  /// The stable set of GD as a graph (``StableSetCheck``).
  case stableSetGraph(StableSetCheck.Evidence)
  /// The stable set of a time-dependent policy
  /// (``StableSetCheck/runAdaptive(_:saddle:policy:radius:points:shootingPoints:horizon:seed:label:)``).
  case adaptiveStableSet(StableSetCheck.AdaptiveEvidence)
  /// The talk's identity x0⁻ = −lim C(t)⁻¹ΣC(t−i−1)η⁻ on an orbit (``TalkIdentityCheck``).
  case talkIdentity(TalkIdentityEvidence)
  /// Perko's ODE by successive approximation (``LyapunovPerronODECheck``).
  case perkoODE(PerkoODEEvidence)
  /// The network's input derivatives against differences (``NetworkDerivativeCheck``).
  case networkDerivative(NetworkDerivativeEvidence)
  /// Attraction to a saddle by Monte Carlo with a Clopper–Pearson interval (part E refutations).
  case attraction(AttractionEvidence)
  /// A step beyond the bound and the diffeomorphism evidence it breaks (part E, ``StepBoundProperty``).
  case stepBound(StepBoundEvidence)
  /// Cells of the hypothesis sweep (``HypothesisSweep``).
  case hypothesisSweep(HypothesisSweepEvidence)
  /// GD along saddle chains (``SlowEscapeExperiment``).
  case slowEscape(SlowEscapeEvidence)
  /// A row whose evidence is one finding in words, measured before any figure existed
  /// (an early exit: no stable coordinates, an iteration that did not converge).
  case note(NoteEvidence)

  /// The `kind` field's values, one per case.
  public static let kinds = [
    "avoidance", "spectrum-bracket", "eta-lipschitz-table", "repelling-directions", "lipschitz-certificate",
    "planted-critical-points", "unstable-fixed-point", "inertia", "variation-of-constants", "trajectory-inequalities",
    "diffeomorphism", "stable-set-graph", "adaptive-stable-set", "talk-identity", "perko-ode", "network-derivative",
    "attraction", "step-bound", "hypothesis-sweep", "slow-escape", "note",
  ]

  /// The `kind` field's value.
  public var kind: String {
    switch self {
    case .avoidance: "avoidance"
    case .spectrumBracket: "spectrum-bracket"
    case .etaLipschitzTable: "eta-lipschitz-table"
    case .repellingDirections: "repelling-directions"
    case .lipschitzCertificate: "lipschitz-certificate"
    case .plantedCriticalPoints: "planted-critical-points"
    case .unstableFixedPoint: "unstable-fixed-point"
    case .inertia: "inertia"
    case .variationOfConstants: "variation-of-constants"
    case .trajectoryInequalities: "trajectory-inequalities"
    case .diffeomorphism: "diffeomorphism"
    case .stableSetGraph: "stable-set-graph"
    case .adaptiveStableSet: "adaptive-stable-set"
    case .talkIdentity: "talk-identity"
    case .perkoODE: "perko-ode"
    case .networkDerivative: "network-derivative"
    case .attraction: "attraction"
    case .stepBound: "step-bound"
    case .hypothesisSweep: "hypothesis-sweep"
    case .slowEscape: "slow-escape"
    case .note: "note"
    }
  }

  /// The one-line text of the row, rendered from the data alone.
  public var rendered: String {
    switch self {
    case .avoidance(let e): e.rendered
    case .spectrumBracket(let e): e.rendered
    case .etaLipschitzTable(let e): e.summary
    case .repellingDirections(let e): e.rendered
    case .lipschitzCertificate(let e): e.rendered
    case .plantedCriticalPoints(let e): e.rendered
    case .unstableFixedPoint(let e): e.rendered
    case .inertia(let e): e.rendered
    case .variationOfConstants(let e): e.rendered
    case .trajectoryInequalities(let e): e.rendered
    case .diffeomorphism(let e): e.rendered
    case .stableSetGraph(let e): e.rendered
    case .adaptiveStableSet(let e): e.rendered
    case .talkIdentity(let e): e.rendered
    case .perkoODE(let e): e.rendered
    case .networkDerivative(let e): e.rendered
    case .attraction(let e): e.rendered
    case .stepBound(let e): e.rendered
    case .hypothesisSweep(let e): e.rendered
    case .slowEscape(let e): e.rendered
    case .note(let e): e.text
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
    case "lipschitz-certificate": self = .lipschitzCertificate(try LipschitzCertificateCheck.Evidence(from: decoder))
    case "planted-critical-points": self = .plantedCriticalPoints(try PlantedCriticalPointsCheck.Evidence(from: decoder))
    case "unstable-fixed-point": self = .unstableFixedPoint(try UnstableFixedPointEvidence(from: decoder))
    case "inertia": self = .inertia(try InertiaEvidence(from: decoder))
    case "variation-of-constants": self = .variationOfConstants(try VariationOfConstantsEvidence(from: decoder))
    case "trajectory-inequalities": self = .trajectoryInequalities(try TrajectoryInequalitiesEvidence(from: decoder))
    case "diffeomorphism": self = .diffeomorphism(try DiffeomorphismEvidence(from: decoder))
    case "stable-set-graph": self = .stableSetGraph(try StableSetCheck.Evidence(from: decoder))
    case "adaptive-stable-set": self = .adaptiveStableSet(try StableSetCheck.AdaptiveEvidence(from: decoder))
    case "talk-identity": self = .talkIdentity(try TalkIdentityEvidence(from: decoder))
    case "perko-ode": self = .perkoODE(try PerkoODEEvidence(from: decoder))
    case "network-derivative": self = .networkDerivative(try NetworkDerivativeEvidence(from: decoder))
    case "attraction": self = .attraction(try AttractionEvidence(from: decoder))
    case "step-bound": self = .stepBound(try StepBoundEvidence(from: decoder))
    case "hypothesis-sweep": self = .hypothesisSweep(try HypothesisSweepEvidence(from: decoder))
    case "slow-escape": self = .slowEscape(try SlowEscapeEvidence(from: decoder))
    case "note": self = .note(try NoteEvidence(from: decoder))
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container, debugDescription: "kind: unknown evidence kind '\(kind)' (known: " +
            Self.kinds.joined(separator: ", ") + ")")
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
    case .lipschitzCertificate(let e): try e.encode(to: encoder)
    case .plantedCriticalPoints(let e): try e.encode(to: encoder)
    case .unstableFixedPoint(let e): try e.encode(to: encoder)
    case .inertia(let e): try e.encode(to: encoder)
    case .variationOfConstants(let e): try e.encode(to: encoder)
    case .trajectoryInequalities(let e): try e.encode(to: encoder)
    case .diffeomorphism(let e): try e.encode(to: encoder)
    case .stableSetGraph(let e): try e.encode(to: encoder)
    case .adaptiveStableSet(let e): try e.encode(to: encoder)
    case .talkIdentity(let e): try e.encode(to: encoder)
    case .perkoODE(let e): try e.encode(to: encoder)
    case .networkDerivative(let e): try e.encode(to: encoder)
    case .attraction(let e): try e.encode(to: encoder)
    case .stepBound(let e): try e.encode(to: encoder)
    case .hypothesisSweep(let e): try e.encode(to: encoder)
    case .slowEscape(let e): try e.encode(to: encoder)
    case .note(let e): try e.encode(to: encoder)
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
  /// A remark on the claim printed after the counts (e.g. that [MB26] disputes earlier proofs).
  public var note: String?

  /// The data of `evidence`, produced by `check`.
  public init(_ evidence: SaddleAvoidanceCheck.Evidence, check: SaddleAvoidanceCheck, note: String? = nil) {
    self.note = note
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

  /// The bound on P(hit) the row's runs support, or nil (``SaddleAvoidanceCheck/Evidence/hitProbabilityBound(alpha:)``).
  public var hitProbabilityBound: Double? {
    var e = SaddleAvoidanceCheck.Evidence(starts: starts, hits: hits, minima: minima, unclassified: unclassified, upperBound: upperBound)
    e.notCoveredReason = notCoveredReason
    return e.hitProbabilityBound(alpha: alpha)
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
    return e.summary(alpha: alpha) + (note.map { " — " + $0 } ?? "")
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
  /// A failed row: how many trajectories failed, and the first one's finding.
  public var failing: Int?
  public var firstFailure: String?
  /// An inconclusive row: the trajectories still moving at their last checkpoint, and the
  /// first one's horizon T, ‖∇f(x_T)‖ and drift; the horizon that would decide (nil: unknown).
  public var stillMoving: Int?
  public var movingHorizon: Int?
  public var movingGradient: Double?
  public var movingDrift: Double?
  public var neededSteps: Int?

  public init(steps: Int, driftTolerance: Double, adaGradBracket: Bool, trajectories: [Trajectory]) {
    self.steps = steps
    self.driftTolerance = driftTolerance
    self.adaGradBracket = adaGradBracket
    self.trajectories = trajectories
  }

  /// The one-line text, rendered from the data (`steps` is the cap when the row does not hold).
  public var rendered: String {
    if let failing, let firstFailure { return "\(failing) of \(trajectories.count) trajectories: \(firstFailure)" }
    if let stillMoving {
      let needed = neededSteps.map { "about \($0) steps (from the drift's decay)" } ?? "an unknown horizon (the drift is not decreasing)"
      return "\(stillMoving) of \(trajectories.count) trajectories still moving at T = \(movingHorizon ?? 0) (cap \(steps)): "
        + "‖∇f(x_T)‖ = \(short(movingGradient ?? .nan)), ‖Γ_T − Γ_{T/2}‖/‖Γ_T‖ = \(short(movingDrift ?? .nan)) > "
        + "\(driftTolerance); deciding would need \(needed)"
    }
    return "\(trajectories.count) trajectories × \(steps) steps: spectrum in its bracket at every step, ‖Γ_T − " +
        "Γ_{T/2}‖/‖Γ_T‖ ≤ \(trajectories.compactMap(\.drift).max() ?? 0)"
  }
}

/// The open question's rows, one per number k of repelling directions.
public struct RepellingDirectionsEvidence: Sendable, Hashable, Codable {
  public var rows: [RepellingDirectionsExperiment.Row]

  public init(rows: [RepellingDirectionsExperiment.Row]) { self.rows = rows }

  /// The one-line text, rendered from the rows.
  public var rendered: String {
    "open question, evidence only — " + rows.map { r in
      "k = \(r.k): \(r.hits)/\(r.starts) starts attracted (95 % CP " +
          "[\(String(format: "%.3g", r.interval.lower)), \(String(format: "%.3g", r.interval.upper))]), " +
          "\(r.attractingInstances)/\(r.instances) instances attract, \(r.robustInstances) with a " +
          "positive-measure basin"
    }.joined(separator: "; ")
  }
}

/// What `saddlecheck check --json` prints: a versioned document with the run's
/// seed and profile, exact integer counts, and every row with its data.
public struct ResultsDocument: Sendable, Hashable, Codable {
  /// The schema identifier of this layout; bumped on any incompatible change.
  ///
  /// - `saddlecheck.results/1`: rows carry `data` for four kinds (avoidance, spectrum-bracket,
  ///   eta-lipschitz-table, repelling-directions), `null` for the others.
  /// - `saddlecheck.results/2`: every row carries `data` of one of ``CheckEvidence/kinds`` and its
  ///   `evidence` text is the data's rendering; the document adds `hypotheses`, `leftOut`
  ///   and `skipped` (instance runs; an optional field, so /2 readers still decode it). A /1
  ///   document still decodes (``decode(_:)``); its rows may lack data.
  public static let schema = "saddlecheck.results/2"
  /// The schemas ``decode(_:)`` reads.
  public static let readableSchemas = ["saddlecheck.results/1", schema]

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
  /// Instance runs (`check --instance`, `check --function`): the theorems' hypotheses as
  /// measured, one statement a line (nil for the battery, which satisfies them by construction).
  public var hypotheses: [String]?
  /// Instance runs: what got no row and why (e.g. strict saddles beyond the cap); nil or empty when nothing.
  public var leftOut: [String]?
  /// Instance runs with methods (`check --instance F --method M`, ``CustomBattery``): the claims
  /// that were not run for a method and why (e.g. outside its hypotheses); nil for the battery.
  public var skipped: [SkippedClaim]?
  public var results: [CheckResult]

  /// Decodes a document of a readable schema (non-finite numbers as the strings
  /// "Infinity", "-Infinity", "NaN"); throws naming the field for anything else.
  public static func decode(_ data: Data) throws -> ResultsDocument {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    let document = try decoder.decode(ResultsDocument.self, from: data)
    guard readableSchemas.contains(document.schema) else {
      throw DecodingProblem(field: "schema",
                            problem: "expected one of \(readableSchemas.joined(separator: ", ")), got '\(document.schema)'")
    }
    return document
  }

  public init(seed: UInt64, profile: Profile, starts: Int, results: [CheckResult], hypotheses: [String]? = nil,
              leftOut: [String]? = nil, skipped: [SkippedClaim]? = nil) {
    self.hypotheses = hypotheses
    self.leftOut = leftOut
    self.skipped = skipped
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
