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
  /// One line of evidence (counts, bounds, seed).
  public var evidence: String
  /// The run seed in hexadecimal, for replay.
  public var seed: String
  /// The verdict the theory predicts: `holds` for the claims, `fails` for the refutations of part E.
  public var expected: Verdict
  /// Longer evidence (a table), printed after the verdict table.
  public var details: String?
  /// The evidence as data, for the checks converted so far (``CheckEvidence``); nil for the others.
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

  /// Whether the row is outside its theorem's hypotheses.
  public var isOutsideHypotheses: Bool {
    if case .outsideHypotheses = coverage { true } else { false }
  }

  /// Whether the verdict is one the theory allows: the expected verdict; or,
  /// for a point the theorem does not cover (`not-covered`) or a row outside
  /// the hypotheses, any verdict (a failure there is expected-possible).
  public var isAsExpected: Bool { verdict == expected || verdict == .notCovered || isOutsideHypotheses }
}
