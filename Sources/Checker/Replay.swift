public import Foundation
public import PropertyTesting
import Randomness
import Serialization

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
  /// Set when the replayed outcome (kind, margin, evidence text) differs from
  /// the recorded one: the code changed, or the file was edited by hand.
  public var evidenceDiffers: String?

  /// One line for logs.
  public var summary: String {
    "\(file) [\(claim), \(status)]: \(agreement.rawValue) — \(outcome.summary)" + (drift.map { "; drift: \($0)" } ?? "")
      + (evidenceDiffers.map { "; \($0)" } ?? "")
  }
}

/// What a replay may cost: fixtures are data from outside, and a few bytes
/// can ask for hours of work.
public enum ReplayBudget {
  /// The default limit, in gradient-evaluation equivalents (``Property/cost(_:)``):
  /// about 10 s of release time. `SADDLECHECK_MAX_WORK` overrides it on the command line.
  public static let defaultMaximumWork = 1e8
}

/// A property that can replay its fixtures (type-erased, for the registry).
public protocol FixtureReplaying: Sendable {
  var claim: String { get }
  /// Replays a fixture; refuses it (before running anything) when a field is
  /// out of range, the id does not match the content, the status does not fit
  /// the claim, or the case costs more than `maximumWork`.
  func replay(_ data: Data, file: String, maximumWork: Double) throws(FixtureError) -> ReplayResult
}

/// Replays fixtures of one property.
public struct PropertyReplayer<P: Property>: FixtureReplaying {
  public let property: P
  /// Whether the claim is an expected limit of the theory (part E): its
  /// fixtures must have status `refutation`; otherwise `failing` or `fixed`.
  public let isRefutation: Bool
  public init(_ property: P, isRefutation: Bool) {
    self.property = property
    self.isRefutation = isRefutation
  }
  public var claim: String { property.claim }

  /// Validates the fixture, re-checks the shrunk case, compares with the
  /// status and the recorded outcome, and regenerates the original case from
  /// its seed to detect drift of the generator.
  public func replay(_ data: Data, file: String,
    maximumWork: Double = ReplayBudget.defaultMaximumWork) throws(FixtureError) -> ReplayResult {
    let fixture = try FixtureStore.decode(P.Case.self, from: data, file: file)
    for (name, c) in [("original", fixture.original), ("shrunk", fixture.shrunk)] {
      if let p = property.validate(c) { throw FixtureError(file: file, problem: "\(name).\(p.field): \(p.problem)") }
    }
    let id = Fixture<P.Case>.contentID(claim: fixture.claim, shrunk: fixture.shrunk)
    guard id == fixture.id else {
      throw FixtureError(file: file, problem: "id: stored \(fixture.id) but the claim and the shrunk case give \(id) (the file was edited)")
    }
    let allowed: [Fixture<P.Case>.Status] = isRefutation ? [.refutation] : [.failing, .fixed]
    guard allowed.contains(fixture.status) else {
      throw FixtureError(file: file, problem: "status: '\(fixture.status.rawValue)' does not fit \(fixture.claim), "
        + (isRefutation ? "an expected limit of the theory (status refutation)" : "a claim that should hold (status failing or fixed)"))
    }
    let cost = property.cost(fixture.shrunk)
    guard cost <= maximumWork else {
      throw FixtureError(file: file, problem: "shrunk: costs \(cost) gradient evaluations, above the replay limit \(maximumWork) "
        + "(set SADDLECHECK_MAX_WORK to allow more)")
    }
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
      // Both seeds were validated when the fixture was decoded.
      let configuration = RunConfiguration(seed: Seed.parse(fixture.runSeed) ?? 0, profile: profile)
      if property.regenerate(fixture.original, seed: seed, index: fixture.caseIndex, configuration: configuration) != fixture.original {
        drift = "regenerating case \(fixture.caseIndex) from seed \(fixture.caseSeed) no longer gives the stored original case"
      }
    } else {
      drift = "the fixture's seeds or profile are unreadable"
    }
    let evidenceDiffers = outcome == fixture.outcome ? nil
      : "the replayed outcome differs from the recorded one (recorded: \(fixture.outcome.summary))"
    return ReplayResult(file: file, claim: fixture.claim, status: fixture.status.rawValue, outcome: outcome,
      agreement: agreement, drift: drift,
                        evidenceDiffers: evidenceDiffers)
  }
}

/// Every property whose fixtures can be replayed, by claim ID.
public enum PropertyRegistry {
  public static let replayers: [any FixtureReplaying] = [
    PropertyReplayer(ProjectedGDAttractionProperty(), isRefutation: true),
    PropertyReplayer(StrictnessProperty(), isRefutation: true),
    PropertyReplayer(StepBoundProperty(), isRefutation: true),
  ]

  /// Whether `claim` is one of the package's own (replayable by `saddlecheck replay`).
  public static func isBuiltIn(_ claim: String) -> Bool { replayers.contains { $0.claim == claim } }

  /// Replays one fixture file with the property registered for its claim in `registry`
  /// (the package's own by default; a user passes theirs, e.g.
  /// `[PropertyReplayer(MyProperty(), isRefutation: false)] + PropertyRegistry.replayers`).
  /// - Throws: ``FixtureError`` for unreadable or invalid files (naming the
  ///   field), claims with no property in `registry`, and cases costing more than `maximumWork`.
  public static func replay(_ url: URL, registry: [any FixtureReplaying] = replayers,
                            maximumWork: Double = ReplayBudget.defaultMaximumWork) throws(FixtureError) -> ReplayResult {
    let (header, data) = try FixtureStore.read(url)
    guard let replayer = registry.first(where: { $0.claim == header.claim }) else {
      let known = registry.map(\.claim).joined(separator: ", ")
      throw FixtureError(file: url.lastPathComponent, problem: "no property registered for claim '\(header.claim)' "
        + "(registered: \(known)); pass your property's PropertyReplayer in the registry")
    }
    return try replayer.replay(data, file: url.lastPathComponent, maximumWork: maximumWork)
  }
}
