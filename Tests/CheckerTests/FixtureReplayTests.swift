import Testing
import Foundation
import LinearAlgebra
import Checker
import PropertyTesting
import SaddleCheckTesting

/// Every fixture in `Fixtures/` replays forever after (CI regression gating).
@Suite struct FixtureReplayTests {
  static let files = SaddleCheckTesting.fixtureFiles()

  @Test("every fixture replays as recorded", arguments: files)
  func replay(_ url: URL) {
    SaddleCheckTesting.replay(url)
  }

  @Test("Fixtures/ is not unexpectedly empty")
  func sentinel() throws {
    let all = try SaddleCheckTesting.fixtureStore().files()
    #expect(!all.isEmpty, "Fixtures/ holds no fixture: were they deleted?")
    if let id = ProcessInfo.processInfo.environment["SADDLECHECK_REPLAY"], !id.isEmpty {
      #expect(!Self.files.isEmpty, "SADDLECHECK_REPLAY=\(id) matches no fixture")
    }
  }
}

/// A malformed fixture must not take `swift test` down: it is refused at
/// decoding (naming the field) and becomes a recorded issue of its test.
@Suite struct MalformedFixtureTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("SaddleCheckCommandTests/BadInputs")

  @Test("each fixture that used to trap or hang is a recorded issue naming the field", arguments: [
    ("crash-replay-00133.json", "shrunk.horizon"), ("crash-replay-01003.json", "shrunk.confidence"),
    ("crash-replay-04735.json", "shrunk.factor"), ("crash-replay-07083.json", "shrunk.startRadius"),
    ("hang-replay-02585.json", "shrunk.horizon"),
  ])
  func recordedNotTrapped(file: String, field: String) {
    withKnownIssue {
      SaddleCheckTesting.replay(Self.examples.appendingPathComponent(file))
    } matching: { issue in
      issue.comments.contains { $0.rawValue.contains(field) }
    }
  }
}

/// The replay logic itself, on fixtures built in the test.
@Suite struct ReplayLogicTests {
  static func fixture(lower: Vector, upper: Vector, status: Fixture<ProjectedGDAttractionProperty.Case>.Status) -> (URL, FixtureStore) {
    let p = ProjectedGDAttractionProperty()
    let c = ProjectedGDAttractionProperty.Case(c: 0.5, alpha: 0.1, lower: lower, upper: upper, starts: 40, startSeed: "0x1",
                                              horizon: 1500, pointTolerance: 1e-6, confidence: 1e-3)
    let record = FailureRecord(caseIndex: 0, caseSeed: 9, original: c, originalOutcome: .fails(PropertyFailure(kind: "positive-attraction", margin: 5, message: "")),
                               shrunk: c, shrunkOutcome: .fails(PropertyFailure(kind: "positive-attraction", margin: 5, message: "")), shrinkSteps: 0, shrinkEvaluations: 0)
    let store = FixtureStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-replay-\(UInt64.random(in: 0...UInt64.max))"))
    let url = try! store.write(Fixture(claim: p.claim, status: status, record: record, configuration: RunConfiguration(seed: 1))).url
    return (url, store)
  }

  @Test("a refutation that still fails replays as recorded, with drift detected for a hand-made case")
  func asRecorded() throws {
    let (url, store) = Self.fixture(lower: [-1, 0], upper: [1, 1], status: .refutation)
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let r = try PropertyRegistry.replay(url)
    #expect(r.agreement == .asRecorded && r.drift != nil)
  }

  @Test("a refutation that stops failing is reported as such")
  func stoppedReproducing() throws {
    // Starts with x0 < y0 only: PGD never converges to the saddle from there.
    let (url, store) = Self.fixture(lower: [-1, 0.5], upper: [0, 1], status: .refutation)
    defer { try? FileManager.default.removeItem(at: store.directory) }
    #expect(try PropertyRegistry.replay(url).agreement == .stoppedReproducing)
  }

  @Test("a fixed fixture that fails again is a regression")
  func regression() throws {
    let (url, store) = Self.fixture(lower: [-1, 0], upper: [1, 1], status: .fixed)
    defer { try? FileManager.default.removeItem(at: store.directory) }
    // As if the claim should hold (the registry's replayer, for a refutation claim, refuses status fixed).
    let replayer = PropertyReplayer(ProjectedGDAttractionProperty(), isRefutation: false)
    #expect(try replayer.replay(Data(contentsOf: url), file: url.lastPathComponent).agreement == .regressed)
    #expect(throws: FixtureError.self) { try PropertyRegistry.replay(url) }
  }

  @Test("an unknown claim and a malformed file are clear errors")
  func errors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-replay-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let unknown = dir.appendingPathComponent("u.json")
    try Data(#"{"schema": "saddlecheck.fixture/1", "id": "x", "claim": "no.such-claim", "status": "failing"}"#.utf8).write(to: unknown)
    #expect(throws: FixtureError.self) { try PropertyRegistry.replay(unknown) }
    let truncated = dir.appendingPathComponent("t.json")
    let header = #"{"schema": "saddlecheck.fixture/1", "id": "0123456789abcdef", "claim": "projected-gd.can-converge-to-saddle", "#
      + #""status": "refutation"}"#
    try Data(header.utf8).write(to: truncated)
    do {
      _ = try PropertyRegistry.replay(truncated)
      Issue.record("accepted a fixture without its case")
    } catch {
      #expect(error.description.contains("missing"))
    }
  }
}
