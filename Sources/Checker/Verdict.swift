import Foundation

/// The answers a check can give (CLAIMS.md, "Verdicts"), plus the label for
/// a point a theorem does not speak about.
public enum Verdict: String, Sendable, Hashable, Codable {
  /// The claim held on every case, with quantified evidence.
  case holds
  /// A reproducible counterexample was found.
  case fails
  /// Numerically undecidable (near-degenerate draws, trajectories undecided
  /// at the horizon, a derivative whose own error estimate disowns it).
  /// Never counted as holds.
  case inconclusive
  /// Not covered by the theorem: the point is not a strict saddle
  /// (λ_min(∇²f(x*)) = 0), so the claim says nothing there — neither a
  /// confirmation nor a counterexample. Counted apart from the other three.
  case notCovered = "not-covered"
}

/// Whether a row lies inside the hypotheses of the theorem it checks
/// ([LPP+19] Thm 2, [AMPW22]: L-smooth with L certified where the runs go,
/// step bound ‖Γ_t‖·L < 1 (α < 1/L, η/δ0 < 1/L), x* a strict saddle).
public enum Coverage: Sendable, Hashable, Codable {
  /// Every hypothesis holds for this objective, method and point.
  case covered
  /// Some hypothesis fails or could not be established (the reason says
  /// which): the theorem predicts nothing, so a failure is expected-possible,
  /// never a counterexample.
  case outsideHypotheses(reason: String)
}

/// A verdict with its evidence, as reported to tests, the CLI and users.
public struct CheckResult: Sendable, Hashable, Codable {
  /// The claim checked.
  public var claim: String
  /// The method checked, e.g. `gd(alpha=0.9)`.
  public var method: String
  /// The landscape, e.g. `rotated-double-well(d=10)`.
  public var landscape: String
  /// The verdict.
  public var verdict: Verdict
  /// One line of evidence (counts, bounds, seed): the rendering of ``data`` (``CheckEvidence/rendered``).
  public var evidence: String
  /// The run seed in hexadecimal, for replay.
  public var seed: String
  /// The verdict the theory predicts: `holds` for the claims, `fails` for the refutations of part E.
  public var expected: Verdict
  /// Longer evidence (a table), printed after the verdict table.
  public var details: String?
  /// The evidence as data (``CheckEvidence``); every row the library produces has it (nil only
  /// in documents of schema `saddlecheck.results/1`, or for rows a caller builds from text).
  public var data: CheckEvidence?
  /// Whether the row is inside the theorem's hypotheses (nil: not assessed,
  /// as for the battery's own landscapes and methods, which satisfy them by construction).
  public var coverage: Coverage?

  public init(claim: String, method: String, landscape: String, verdict: Verdict, evidence: String,
      seed: String = "-", expected: Verdict = .holds) {
    self.claim = claim
    self.method = method
    self.landscape = landscape
    self.verdict = verdict
    self.evidence = evidence
    self.seed = seed
    self.expected = expected
  }

  /// A row whose text is rendered from its data: `evidence` is `data.rendered`.
  public init(claim: String, method: String, landscape: String, verdict: Verdict, data: CheckEvidence,
      seed: String = "-", expected: Verdict = .holds) {
    self.init(claim: claim, method: method, landscape: landscape, verdict: verdict, evidence: data.rendered,
              seed: seed, expected: expected)
    self.data = data
  }

  /// What is wrong with the row's evidence, or nil: the row must carry data, its text must be
  /// the data's rendering, and the data must survive a JSON round trip (non-finite numbers as
  /// strings) with the same rendering — so the text says nothing the data does not.
  public var evidenceProblem: String? {
    guard let data else { return "no data: the evidence is text only" }
    guard data.rendered == evidence else {
      return "the text is not the data's rendering: text '\(evidence)', data renders '\(data.rendered)'"
    }
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    do {
      let decoded = try decoder.decode(CheckEvidence.self, from: try encoder.encode(data))
      guard decoded.rendered == evidence else {
        return "the data does not round-trip through JSON: decoded data renders '\(decoded.rendered)'"
      }
    } catch {
      return "the data does not round-trip through JSON: \(error)"
    }
    return nil
  }

  /// Whether the row is outside its theorem's hypotheses.
  public var isOutsideHypotheses: Bool {
    if case .outsideHypotheses = coverage { true } else { false }
  }

  /// Whether the verdict is one the theory allows: the expected verdict; or,
  /// for a point the theorem does not cover (`not-covered`) or a row outside
  /// the hypotheses, any verdict (a failure there is expected-possible).
  public var isAsExpected: Bool { verdict == expected || verdict == .notCovered || isOutsideHypotheses }
}
