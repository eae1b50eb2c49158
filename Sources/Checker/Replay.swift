public import Foundation
public import PropertyTesting
import Randomness

/// What replaying a fixture showed.
public struct ReplayResult: Sendable, Hashable {
  /// How the replay compares with the fixture's status.
  public enum Agreement: String, Sendable, Hashable {
    /// A `failing` or `refutation` fixture still fails the same way, or a `fixed` one holds.
    case asRecorded
    /// A `failing` or `refutation` fixture no longer fails: report it (bug fixed? refutation lost?).
    case stoppedReproducing
    /// A `fixed` fixture fails again: a regression.
    case regressed
  }

  public var file: String
  public var claim: String
  public var status: String
  public var outcome: PropertyOutcome
  public var agreement: Agreement
  /// Set when regenerating the case from its seed no longer gives the stored data.
  public var drift: String?

  /// One line for logs.
  public var summary: String {
    "\(file) [\(claim), \(status)]: \(agreement.rawValue) — \(outcome.summary)" + (drift.map { "; drift: \($0)" } ?? "")
  }
}

/// A property that can replay its fixtures (type-erased, for the registry).
public protocol FixtureReplaying: Sendable {
  var claim: String { get }
  func replay(_ data: Data, file: String) throws(FixtureError) -> ReplayResult
}

/// Replays fixtures of one property.
public struct PropertyReplayer<P: Property>: FixtureReplaying {
  public let property: P
  public init(_ property: P) { self.property = property }
  public var claim: String { property.claim }

  /// Re-checks the shrunk case, compares with the status, and regenerates the
  /// original case from its seed to detect drift of the generator.
  public func replay(_ data: Data, file: String) throws(FixtureError) -> ReplayResult {
    let fixture = try FixtureStore.decode(P.Case.self, from: data, file: file)
    let outcome = property.check(fixture.shrunk)
    let recordedKind: String? = if case .fails(let f) = fixture.outcome { f.kind } else { nil }
    let reproduces: Bool = if case .fails(let f) = outcome { f.kind == recordedKind } else { false }
    let agreement: ReplayResult.Agreement
    switch fixture.status {
    case .failing, .refutation: agreement = reproduces ? .asRecorded : .stoppedReproducing
    case .fixed: agreement = outcome.isFailure ? .regressed : .asRecorded
    }
    var drift: String?
    if let seed = Seed.parse(fixture.caseSeed), let profile = Profile(rawValue: fixture.profile) {
      let configuration = RunConfiguration(seed: Seed.parse(fixture.runSeed) ?? 0, profile: profile)
      if property.regenerate(fixture.original, seed: seed, index: fixture.caseIndex, configuration: configuration) != fixture.original {
        drift = "regenerating case \(fixture.caseIndex) from seed \(fixture.caseSeed) no longer gives the stored original case"
      }
    } else {
      drift = "the fixture's seeds or profile are unreadable"
    }
    return ReplayResult(file: file, claim: fixture.claim, status: fixture.status.rawValue, outcome: outcome, agreement: agreement, drift: drift)
  }
}

/// Every property whose fixtures can be replayed, by claim ID.
public enum PropertyRegistry {
  public static let replayers: [any FixtureReplaying] = [
    PropertyReplayer(ProjectedGDAttractionProperty()),
    PropertyReplayer(StrictnessProperty()),
    PropertyReplayer(StepBoundProperty()),
  ]

  /// Replays one fixture file.
  /// - Throws: ``FixtureError`` for unreadable files or claims with no registered property.
  public static func replay(_ url: URL) throws(FixtureError) -> ReplayResult {
    let (header, data) = try FixtureStore.read(url)
    guard let replayer = replayers.first(where: { $0.claim == header.claim }) else {
      throw FixtureError(file: url.lastPathComponent, problem: "no property registered for claim '\(header.claim)'")
    }
    return try replayer.replay(data, file: url.lastPathComponent)
  }
}
