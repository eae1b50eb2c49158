public import Testing
public import Foundation
public import PropertyTesting
public import Checker
import Randomness

/// Swift Testing integration of the property engine: run a property in a
/// `@Test`, record failures with the message every CI log shows (claim,
/// seed, fixture path, replay command), keep counterexamples as fixtures,
/// and replay the fixtures of `Fixtures/`.
///
/// Use it from your own test target to check your own step policy:
/// ```swift
/// @Test func myPolicyAvoidsSaddles() {
///   SaddleCheckTesting.verify(MyProperty(), fixtures: SaddleCheckTesting.fixtureStore())
/// }
/// ```
public enum SaddleCheckTesting {
  /// What a property is expected to do.
  public enum Expectation: Sendable {
    /// The claim holds: any failure is a counterexample (fixture status `failing`).
    case holds
    /// The claim is expected to be refuted (a limit of the theory): the
    /// failure is a known issue (fixture status `refutation`); not finding it is reported.
    case refuted
  }

  /// The nearest directory at or above `filePath` that holds `Package.swift`.
  public static func packageRoot(from filePath: String = #filePath) -> URL {
    var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
      url.deleteLastPathComponent()
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  }

  /// The package's `Fixtures/` store (or `$SADDLECHECK_FIXTURES`).
  public static func fixtureStore(from filePath: String = #filePath) -> FixtureStore {
    if let path = ProcessInfo.processInfo.environment["SADDLECHECK_FIXTURES"], !path.isEmpty {
      return FixtureStore(directory: URL(fileURLWithPath: path))
    }
    return FixtureStore(directory: packageRoot(from: filePath).appendingPathComponent("Fixtures"))
  }

  /// The run configuration from the environment; records an issue and returns nil when it is malformed.
  public static func configuration(sourceLocation: SourceLocation = #_sourceLocation) -> RunConfiguration? {
    do {
      return try RunConfiguration.fromEnvironment()
    } catch {
      Issue.record("\(error)", sourceLocation: sourceLocation)
      return nil
    }
  }

  /// Runs `property` and records the outcome in the current test.
  ///
  /// On a failure the message names the claim ID, the run seed, the case,
  /// the fixture path and the replay command — the text that reaches the
  /// console, xunit and CI logs. The shrunk counterexample is written to
  /// `fixtures` only when asked (`SADDLECHECK_WRITE_FIXTURES=1`, or a `configuration`
  /// with `writeFixtures`); otherwise it is attached to the test and, in the quick
  /// profile outside CI, written to a temporary folder whose path the message gives —
  /// never silently into a source tree. An existing fixture is never overwritten.
  ///
  /// For a property of your own (a claim `saddlecheck replay` does not know), the message
  /// names `replayTest`: the test of yours that calls
  /// ``replayFixtures(in:registry:sourceLocation:)`` with your property in the registry,
  /// run as `SADDLECHECK_REPLAY=<id> swift test --filter <replayTest>`.
  @discardableResult
  public static func verify<P: Property>(
    _ property: P, expecting expectation: Expectation = .holds, configuration: RunConfiguration? = nil,
    fixtures: FixtureStore, replayTest: String? = nil, maximumInconclusiveFraction: Double = 0.2,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> PropertyReport<P.Case>? {
    guard let configuration = configuration ?? Self.configuration(sourceLocation: sourceLocation) else { return nil }
    print("\(property.claim): \(configuration.summary)")
    let report = PropertyRunner.run(property, configuration: configuration, maximumInconclusiveFraction: maximumInconclusiveFraction)
    print("\(property.claim): \(report.cases) cases, \(report.holds) hold, \(report.inconclusive) " +
        "inconclusive, \(report.failure == nil ? "no failure" : "a failure")")
    if !report.coverage.counts.isEmpty { print("\(property.claim) coverage:\n\(report.coverage.rendered)") }
    for missing in report.missingCoverage {
      Issue.record("\(property.claim): coverage class \(missing) was never exercised (run seed \(Seed.hex(configuration.seed)))",
                   sourceLocation: sourceLocation)
    }
    if let problem = report.healthProblem {
      Issue.record("\(property.claim): health check failed: \(problem) (run seed \(Seed.hex(configuration.seed)))",
                   sourceLocation: sourceLocation)
    }
    guard let failure = report.failure else {
      if expectation == .refuted {
        Issue.record(
          "\(property.claim): the expected refutation was not reproduced in \(report.cases) cases (run seed \(Seed.hex(configuration.seed)))",
                     sourceLocation: sourceLocation)
      }
      return report
    }
    var fixture = Fixture(claim: property.claim, status: expectation == .holds ? .failing : .refutation,
        record: failure, configuration: configuration)
    let replay: String
    if PropertyRegistry.isBuiltIn(property.claim) {
      replay = "\(fixture.replay) or SADDLECHECK_REPLAY=\(fixture.id) swift test --filter FixtureReplayTests"
    } else {
      // `saddlecheck replay` does not know a user's claim: the user's own replay test does.
      fixture.replay = "SADDLECHECK_REPLAY=\(fixture.id) swift test --filter "
        + (replayTest ?? "<your test that calls SaddleCheckTesting.replayFixtures(in:registry:)>")
      replay = fixture.replay
    }
    let place = keep(fixture, in: fixtures, configuration: configuration)
    let message = """
      \(property.claim) \(expectation == .holds ? "FAILS" : "is refuted, as expected") — run seed \(Seed.hex(configuration.seed)), \
      case #\(failure.caseIndex) (case seed \(Seed.hex(failure.caseSeed))), shrunk in \(failure.shrinkSteps) steps: \
      \(failure.shrunkOutcome.summary). Fixture: \(place). Replay: \(replay)
      """
    switch expectation {
    case .holds: Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    case .refuted:
      print(message)
      withKnownIssue("\(property.claim) is a known limitation of the theory", isIntermittent: false) {
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
      }
    }
    return report
  }

  /// Keeps the fixture and returns where it is: in `store` when already recorded there or
  /// when `SADDLECHECK_WRITE_FIXTURES=1` (never overwriting); otherwise attached to the test
  /// and, in the quick profile outside CI, also written to ``FixtureStore/temporary`` —
  /// never silently into a source tree.
  static func keep<Case>(_ fixture: Fixture<Case>, in store: FixtureStore, configuration: RunConfiguration) -> String {
    let target = store.directory.appendingPathComponent(fixture.fileName)
    if FileManager.default.fileExists(atPath: target.path) { return "\(target.path) (already recorded)" }
    if configuration.writeFixtures {
      do {
        let (url, created) = try store.write(fixture)
        return created ? "\(url.path) (new)" : "\(url.path) (already recorded)"
      } catch {
        Issue.record("could not write fixture \(target.path): \(error)")
      }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if let data = try? encoder.encode(fixture) {
      Attachment.record([UInt8](data), named: fixture.fileName)
    }
    if configuration.temporaryFixtures, let (url, _) = try? FixtureStore.temporary.write(fixture) {
      return "\(url.path) (new, in a temporary folder: copy it to \(store.directory.path)/ to keep it, "
        + "or rerun with SADDLECHECK_WRITE_FIXTURES=1)"
    }
    return "attached to this test as \(fixture.fileName) (save with `swift test --attachments-path DIR`, "
      + "then move it to \(store.directory.path)/)"
  }

  /// The fixture files to replay: all of `Fixtures/`, or only `$SADDLECHECK_REPLAY`'s.
  public static func fixtureFiles(from filePath: String = #filePath) -> [URL] {
    let all = (try? fixtureStore(from: filePath).files()) ?? []
    guard let id = ProcessInfo.processInfo.environment["SADDLECHECK_REPLAY"], !id.isEmpty else { return all }
    return all.filter { $0.lastPathComponent.hasSuffix("-\(id).json") || $0.lastPathComponent == id }
  }

  /// Replays every fixture of `store` (only `$SADDLECHECK_REPLAY`'s when it is set) inside
  /// the current test, with the properties of `registry` — the replay test of a user's
  /// package:
  /// ```swift
  /// @Test func myFixturesReplay() {
  ///   SaddleCheckTesting.replayFixtures(in: SaddleCheckTesting.fixtureStore(),
  ///     registry: [PropertyReplayer(MyProperty(), isRefutation: false)])
  /// }
  /// ```
  /// Gating as in ``replay(_:registry:sourceLocation:)``. Records an issue when
  /// `$SADDLECHECK_REPLAY` names a fixture that is not in `store`.
  /// - Returns: the files replayed.
  @discardableResult
  public static func replayFixtures(in store: FixtureStore, registry: [any FixtureReplaying],
                                    sourceLocation: SourceLocation = #_sourceLocation) -> [URL] {
    let all: [URL]
    do { all = try store.files() } catch {
      Issue.record("cannot list \(store.directory.path): \(error)", sourceLocation: sourceLocation)
      return []
    }
    var files = all
    if let id = ProcessInfo.processInfo.environment["SADDLECHECK_REPLAY"], !id.isEmpty {
      files = all.filter { $0.lastPathComponent.hasSuffix("-\(id).json") || $0.lastPathComponent == id }
      if files.isEmpty {
        Issue.record("SADDLECHECK_REPLAY=\(id) matches no fixture in \(store.directory.path)", sourceLocation: sourceLocation)
      }
    }
    for url in files { replay(url, registry: registry, sourceLocation: sourceLocation) }
    return files
  }

  /// Replays one fixture file inside the current test: `failing` and
  /// `refutation` fixtures run in a non-intermittent `withKnownIssue`, so one
  /// that stops failing is reported; `fixed` ones must hold; drift of the
  /// generator is a warning. `registry` holds the properties that can replay
  /// (the package's own by default; add a user's with ``PropertyReplayer``).
  public static func replay(_ url: URL, registry: [any FixtureReplaying] = PropertyRegistry.replayers,
                            sourceLocation: SourceLocation = #_sourceLocation) {
    let result: ReplayResult
    do {
      result = try PropertyRegistry.replay(url, registry: registry)
    } catch {
      Issue.record("\(error)", sourceLocation: sourceLocation)
      return
    }
    print(result.summary)
    if let drift = result.drift {
      Issue.record("\(result.file): \(drift)", severity: .warning, sourceLocation: sourceLocation)
    }
    switch (result.status, result.agreement) {
    case ("fixed", .asRecorded):
      return
    case ("fixed", _):
      Issue.record("\(result.summary) — a fixed counterexample fails again (regression)", sourceLocation: sourceLocation)
    default:
      withKnownIssue("\(result.file) records a \(result.status) counterexample", isIntermittent: false) {
        if result.agreement == .asRecorded { Issue.record(Comment(rawValue: result.summary), sourceLocation: sourceLocation) }
      }
    }
  }
}
