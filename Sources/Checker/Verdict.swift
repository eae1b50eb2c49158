/// The three answers a check can give (CLAIMS.md, "Verdicts").
public enum Verdict: String, Sendable, Hashable, Codable {
  /// The claim held on every case, with quantified evidence.
  case holds
  /// A reproducible counterexample was found.
  case fails
  /// Numerically undecidable (near-degenerate draws, trajectories undecided
  /// at the horizon). Never counted as holds.
  case inconclusive
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

  public init(claim: String, method: String, landscape: String, verdict: Verdict, evidence: String, seed: String = "-", expected: Verdict = .holds) {
    self.claim = claim
    self.method = method
    self.landscape = landscape
    self.verdict = verdict
    self.evidence = evidence
    self.seed = seed
    self.expected = expected
  }

  /// Whether the verdict is the one the theory predicts.
  public var isAsExpected: Bool { verdict == expected }
}
