public import Serialization

/// What one case of a property gave.
public enum PropertyOutcome: Sendable, Hashable, Codable {
  /// The claim held on the case, with its evidence.
  case holds(evidence: String)
  /// A counterexample.
  case fails(PropertyFailure)
  /// Numerically undecidable; never counted as holds.
  case inconclusive(reason: String)

  public var isFailure: Bool { if case .fails = self { true } else { false } }
  public var isInconclusive: Bool { if case .inconclusive = self { true } else { false } }

  /// One line for reports.
  public var summary: String {
    switch self {
    case .holds(let e): "holds: \(e)"
    case .fails(let f): "fails (\(f.kind), margin \(f.margin)): \(f.message)"
    case .inconclusive(let r): "inconclusive: \(r)"
    }
  }
}

extension PropertyOutcome {
  private enum CodingKeys: String, CodingKey { case verdict, evidence, failure, reason }

  /// `{"verdict": "holds", "evidence": …}`, `{"verdict": "fails", "failure": {…}}`
  /// or `{"verdict": "inconclusive", "reason": …}`.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .holds(let e):
      try c.encode("holds", forKey: .verdict)
      try c.encode(e, forKey: .evidence)
    case .fails(let f):
      try c.encode("fails", forKey: .verdict)
      try c.encode(f, forKey: .failure)
    case .inconclusive(let r):
      try c.encode("inconclusive", forKey: .verdict)
      try c.encode(r, forKey: .reason)
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    switch try c.decode(String.self, forKey: .verdict) {
    case "holds": self = .holds(evidence: try c.decode(String.self, forKey: .evidence))
    case "fails": self = .fails(try c.decode(PropertyFailure.self, forKey: .failure))
    case "inconclusive": self = .inconclusive(reason: try c.decode(String.self, forKey: .reason))
    case let other:
      throw DecodingError.dataCorruptedError(forKey: .verdict, in: c,
          debugDescription: "verdict '\(other)' is not holds, fails or inconclusive")
    }
  }
}

/// A counterexample: what kind of failure, by how much, and what was seen.
public struct PropertyFailure: Sendable, Hashable, Codable {
  /// The failure's category; shrinking keeps only candidates that fail the same way.
  public var kind: String
  /// How far past its threshold the case failed, in units of the check's
  /// tolerance (1 = exactly at the tolerance). Shrinking keeps only
  /// candidates whose margin stays at least the shrinker's minimum, so a
  /// gross bug never shrinks into a rounding-error look-alike.
  public var margin: Double
  /// What was seen.
  public var message: String

  public init(kind: String, margin: Double, message: String) {
    self.kind = kind
    self.margin = margin
    self.message = message
  }
}

/// A property: a claim checked on generated cases that are plain data.
///
/// A case records every draw explicitly (instance parameters, method and
/// hyperparameters, starts, horizon), so it replays from its data as well as
/// from its seed, and fixtures store it as JSON.
public protocol Property: Sendable {
  /// The explicit data of one case.
  associatedtype Case: Codable, Sendable, Hashable
  /// The claim ID of CLAIMS.md this property checks.
  var claim: String { get }
  /// Draws case `index` from `seed` (the case seed of the run configuration).
  func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case
  /// Checks the claim on one case.
  func check(_ testCase: Case) -> PropertyOutcome
  /// Simpler variants of a case, most promising first (lower dimension, fewer
  /// saddles, rounded parameters, identity rotation, simpler start, shorter horizon).
  func shrink(_ testCase: Case) -> [Case]
  /// Labels for the coverage table, e.g. ["dimension": "5", "method": "gd"].
  func labels(_ testCase: Case) -> [String: String]
  /// Label values that must each be exercised at least once (a coverage requirement).
  var requiredCoverage: [String: Set<String>] { get }
  /// Regenerates a stored case from its seed, for drift detection; a property
  /// whose generation depends on its own configuration reads it back from
  /// `original`. Default: ``generate(seed:index:configuration:)``.
  func regenerate(_ original: Case, seed: UInt64, index: Int, configuration: RunConfiguration) -> Case
  /// Checks a case that comes from outside (a fixture) against the documented
  /// range of each of its fields, before anything runs on it.
  /// - Returns: the first problem, its field relative to the case (`horizon`), or nil.
  func validate(_ testCase: Case) -> DecodingProblem?
  /// What checking the case costs, in gradient-evaluation equivalents (a
  /// trajectory step is one): the replay budget compares it with its limit.
  func cost(_ testCase: Case) -> Double
}

extension Property {
  public func shrink(_ testCase: Case) -> [Case] { [] }
  public func labels(_ testCase: Case) -> [String: String] { [:] }
  public var requiredCoverage: [String: Set<String>] { [:] }
  public func regenerate(_ original: Case, seed: UInt64, index: Int, configuration: RunConfiguration) -> Case {
    generate(seed: seed, index: index, configuration: configuration)
  }
  /// Default: nothing to validate (a property whose cases never come from files).
  public func validate(_ testCase: Case) -> DecodingProblem? { nil }
  /// Default: negligible.
  public func cost(_ testCase: Case) -> Double { 0 }
}
