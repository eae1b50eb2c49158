import Foundation
import Randomness
import Serialization

/// A counterexample kept forever: `Fixtures/<claim>-<id>.json`, schema
/// `saddlecheck.fixture/1`.
///
/// It stores the explicit data of the original and the shrunk case (so it
/// replays without the generator), the seeds in hexadecimal (so drift of the
/// generator can be detected), the verdict and evidence, the toolchain, and
/// the one-line replay command. The id is derived from the claim and the
/// shrunk case, so the same counterexample always gets the same file name.
public struct Fixture<Case: Codable & Sendable & Hashable>: Sendable, Hashable, Codable {
  /// What a fixture records.
  public enum Status: String, Sendable, Hashable, Codable {
    /// A counterexample to a claim that should hold: a bug, still open.
    case failing
    /// An expected counterexample: a limit of the theory (projected GD, α > 1/L, …).
    case refutation
    /// A past counterexample that now holds: a regression test.
    case fixed
  }

  public static var schema: String { "saddlecheck.fixture/1" }

  public var schema: String
  public var id: String
  public var claim: String
  public var status: Status
  /// The run seed and case seed, `0x`-hexadecimal.
  public var runSeed: String
  public var caseSeed: String
  public var caseIndex: Int
  public var profile: String
  public var original: Case
  public var originalOutcome: PropertyOutcome
  public var shrunk: Case
  public var outcome: PropertyOutcome
  public var shrinkSteps: Int
  public var toolchain: String
  /// `saddlecheck replay Fixtures/<file>`.
  public var replay: String

  /// A fixture from a failure record.
  public init(claim: String, status: Status, record: FailureRecord<Case>, configuration: RunConfiguration) {
    self.schema = Self.schema
    self.claim = claim
    self.status = status
    self.runSeed = Seed.hex(configuration.seed)
    self.caseSeed = Seed.hex(record.caseSeed)
    self.caseIndex = record.caseIndex
    self.profile = configuration.profile.rawValue
    self.original = record.original
    self.originalOutcome = record.originalOutcome
    self.shrunk = record.shrunk
    self.outcome = record.shrunkOutcome
    self.shrinkSteps = record.shrinkSteps
    self.toolchain = Toolchain.description
    self.id = Self.contentID(claim: claim, shrunk: record.shrunk)
    self.replay = "swift run saddlecheck replay Fixtures/\(claim)-\(id).json"
  }

  private enum CodingKeys: String, CodingKey {
    case schema, id, claim, status, runSeed, caseSeed, caseIndex, profile, original, originalOutcome, shrunk, outcome
    case shrinkSteps, toolchain, replay
  }

  /// Decodes and validates every field: the schema, a 16-hex-digit `id`,
  /// seeds that parse as 64-bit `0x` numbers, a known profile, whole-number
  /// counts in range. The cases' own fields are validated by their property
  /// (``Property/validate(_:)``), and the id against the content, when replayed.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    schema = try c.decode(String.self, forKey: .schema)
    guard schema == Self.schema else {
      throw DecodingError.dataCorruptedError(forKey: .schema, in: c, debugDescription: "'\(schema)' is not '\(Self.schema)'")
    }
    id = try c.decode(String.self, forKey: .id)
    guard id.count == 16, id.allSatisfy(\.isHexDigit) else {
      throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "must be 16 hexadecimal digits, got '\(id)'")
    }
    claim = try c.decode(String.self, forKey: .claim)
    status = try c.decode(Status.self, forKey: .status)
    runSeed = try c.decode(String.self, forKey: .runSeed)
    caseSeed = try c.decode(String.self, forKey: .caseSeed)
    for (key, text) in [(CodingKeys.runSeed, runSeed), (.caseSeed, caseSeed)] where !text.hasPrefix("0x") || Seed.parse(text) == nil {
      throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be a 64-bit seed in 0x-hexadecimal, got '\(text)'")
    }
    caseIndex = try c.decodeWholeNumber(forKey: .caseIndex, in: 0...1_000_000)
    profile = try c.decode(String.self, forKey: .profile)
    guard Profile(rawValue: profile) != nil else {
      throw DecodingError.dataCorruptedError(forKey: .profile, in: c,
        debugDescription: "must be one of \(Profile.allCases.map(\.rawValue).joined(separator: ", ")), got '\(profile)'")
    }
    original = try c.decode(Case.self, forKey: .original)
    originalOutcome = try c.decode(PropertyOutcome.self, forKey: .originalOutcome)
    shrunk = try c.decode(Case.self, forKey: .shrunk)
    outcome = try c.decode(PropertyOutcome.self, forKey: .outcome)
    shrinkSteps = try c.decodeWholeNumber(forKey: .shrinkSteps, in: 0...1_000_000)
    toolchain = try c.decode(String.self, forKey: .toolchain)
    replay = try c.decode(String.self, forKey: .replay)
  }

  /// The file name `<claim>-<id>.json`.
  public var fileName: String { "\(claim)-\(id).json" }

  /// 16 hex digits of FNV-1a over the claim and the shrunk case's sorted-key JSON.
  public static func contentID(claim: String, shrunk: Case) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = (try? encoder.encode(shrunk)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return String(Seed.hex(Seed.fnv1a(claim + "\n" + json)).dropFirst(2))
  }
}

/// The toolchain a fixture was made with.
public enum Toolchain {
  public static var description: String {
    #if swift(>=6.4)
      let swift = "Swift ≥ 6.4"
    #elseif swift(>=6.3)
      let swift = "Swift 6.3"
    #else
      let swift = "Swift < 6.3"
    #endif
    #if os(Linux)
      let os = "Linux"
    #elseif os(macOS)
      let os = "macOS"
    #else
      let os = "other OS"
    #endif
    #if arch(x86_64)
      let arch = "x86_64"
    #elseif arch(arm64)
      let arch = "arm64"
    #else
      let arch = "other architecture"
    #endif
    return "\(swift), \(os), \(arch)"
  }
}

/// The first fields of a fixture, read before its case type is known.
public struct FixtureHeader: Sendable, Hashable, Codable {
  public var schema: String
  public var id: String
  public var claim: String
  public var status: Fixture<Int>.Status
}
