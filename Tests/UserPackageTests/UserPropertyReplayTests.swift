import Foundation
import Testing
import SaddleCheckKit

/// A user's optimizer: gradient descent with step t/L, optionally clipped to t < 2 (the "fix").
struct MyGradientStep: Sendable {
  var clipsStep: Bool
  func step(_ x: Vector, stepTimesL t: Double, on f: CosineValley) -> Vector {
    let t = clipsStep ? Swift.min(t, 1.9) : t
    return x - (t / f.lipschitzConstant) * f.gradient(at: x)
  }
}

/// A property of the user's own: one step of their optimizer never increases f
/// (the descent lemma, true for t = α·L < 2). Cases draw t in [0.1, 3], so without the
/// clip the claim fails whenever t > 2 and |y| is not tiny (y² grows by (1 − t)²).
struct MyDescentProperty: Property {
  struct Case: Codable, Sendable, Hashable {
    var stepTimesL: Double
    var x: Double
    var y: Double
  }
  var optimizer = MyGradientStep(clipsStep: false)
  var claim: String { "user.gd-step-decreases-f" }

  func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case {
    var rng = Xoshiro256StarStar(seed: seed)
    return Case(stepTimesL: Draw.uniform(from: 0.1, to: 3, using: &rng), x: Draw.uniform(from: -2, to: 2, using: &rng),
                y: Draw.uniform(from: -2, to: 2, using: &rng))
  }

  /// Fails when f(x₁) > f(x₀) + 1e-12·(1 + |f(x₀)|) (rounding of the two values); margin in that unit.
  func check(_ c: Case) -> PropertyOutcome {
    let f = CosineValley()
    let x0 = Vector([c.x, c.y])
    let x1 = optimizer.step(x0, stepTimesL: c.stepTimesL, on: f)
    let tolerance = 1e-12 * (1 + abs(f.value(at: x0)))
    let rise = f.value(at: x1) - f.value(at: x0)
    if rise <= tolerance { return .holds(evidence: "f fell by \(-rise)") }
    return .fails(PropertyFailure(kind: "ascent", margin: rise / tolerance, message: "f rose by \(rise) at t = \(c.stepTimesL)"))
  }

  /// Simpler cases: x = 0, then the step factor and y rounded to one decimal.
  func shrink(_ c: Case) -> [Case] {
    var out: [Case] = []
    if c.x != 0 { out.append(Case(stepTimesL: c.stepTimesL, x: 0, y: c.y)) }
    let t = (c.stepTimesL * 10).rounded() / 10, y = (c.y * 10).rounded() / 10
    if t != c.stepTimesL || y != c.y { out.append(Case(stepTimesL: t, x: c.x, y: y)) }
    return out
  }
}

/// A user's property through `verify`, its fixture in a folder the user chose, and replay
/// from the user's test target with their registry — including status gating.
@Suite struct UserPropertyReplayTests {
  /// A fresh folder under the system's temporary directory.
  static func temporaryStore() -> FixtureStore {
    FixtureStore(directory: FileManager.default.temporaryDirectory
      .appendingPathComponent("saddlecheck-user-fixtures-\(UInt64.random(in: 0...UInt64.max))"))
  }

  static let registry: [any FixtureReplaying] = [PropertyReplayer(MyDescentProperty(), isRefutation: false)]
  static let fixedRegistry: [any FixtureReplaying] = [
    PropertyReplayer(MyDescentProperty(optimizer: MyGradientStep(clipsStep: true)), isRefutation: false),
  ]

  /// Runs the failing property into `store` (asked to write there); returns the fixture file.
  static func recordFailure(in store: FixtureStore) throws -> URL {
    let configuration = RunConfiguration(seed: 7, casesOverride: 20, writeFixtures: true)
    withKnownIssue("the user's property fails by design") {
      SaddleCheckTesting.verify(MyDescentProperty(), configuration: configuration, fixtures: store,
                                replayTest: "UserPropertyReplayTests")
    } matching: { issue in
      // The message names the user's replay test, not `saddlecheck replay` (which cannot know the claim).
      issue.comments.contains { $0.rawValue.contains("swift test --filter UserPropertyReplayTests")
        && !$0.rawValue.contains("saddlecheck replay") }
    }
    let files = try store.files()
    try #require(files.count == 1, "\(files)")
    return files[0]
  }

  /// The fixture (status `failing`) replays as a known issue with the user's registry; with
  /// the package's registry only it is the "no property registered" error users met before.
  @Test("a user's failing fixture replays from the user's test target")
  func failingFixtureReplays() throws {
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let url = try Self.recordFailure(in: store)
    #expect(url.lastPathComponent.hasPrefix("user.gd-step-decreases-f-"))
    let result = try PropertyRegistry.replay(url, registry: Self.registry)
    #expect(result.status == "failing" && result.agreement == .asRecorded, "\(result.summary)")
    // Inside the test: a failing fixture that still fails is a known issue, not a failure.
    let replayed = SaddleCheckTesting.replayFixtures(in: store, registry: Self.registry)
    #expect(replayed == [url])
    // Mutant (the old closed registry): the claim is unknown.
    #expect(throws: FixtureError.self) { try PropertyRegistry.replay(url) }
  }

  /// Status gating: once the user marks the fixture `fixed` (their optimizer now clips the
  /// step), it must hold — and with the unfixed optimizer it is reported as a regression.
  @Test("a fixed fixture must pass; the unfixed code is a regression")
  func fixedFixtureGating() throws {
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let url = try Self.recordFailure(in: store)
    var json = try String(contentsOf: url, encoding: .utf8)
    json = json.replacingOccurrences(of: "\"status\" : \"failing\"", with: "\"status\" : \"fixed\"")
    try json.write(to: url, atomically: true, encoding: .utf8)
    let fixed = try PropertyRegistry.replay(url, registry: Self.fixedRegistry)
    #expect(fixed.status == "fixed" && fixed.agreement == .asRecorded, "\(fixed.summary)")
    SaddleCheckTesting.replay(url, registry: Self.fixedRegistry)
    #expect(try PropertyRegistry.replay(url, registry: Self.registry).agreement == .regressed)
    withKnownIssue("the unfixed optimizer fails a fixed fixture") {
      SaddleCheckTesting.replay(url, registry: Self.registry)
    } matching: { issue in
      issue.comments.contains { $0.rawValue.contains("regression") }
    }
  }

  /// Without `SADDLECHECK_WRITE_FIXTURES=1` (a plain quick `swift test`), a new fixture goes
  /// to the temporary folder and is attached — the chosen store (a source tree's
  /// `Fixtures/`) stays untouched. Mutant (seen failing): the former default, writing into
  /// the store in the quick profile, leaves a file in it.
  @Test("a quick run writes new fixtures to a temporary folder, never into the store")
  func quickRunDoesNotWriteIntoTheStore() throws {
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let configuration = RunConfiguration(seed: 7, casesOverride: 20, writeFixtures: false, temporaryFixtures: true)
    withKnownIssue("the user's property fails by design") {
      SaddleCheckTesting.verify(MyDescentProperty(), configuration: configuration, fixtures: store)
    } matching: { issue in
      issue.comments.contains { $0.rawValue.contains("in a temporary folder") }
    }
    #expect(try store.files().isEmpty)
    #expect(try FixtureStore.temporary.files().contains { $0.lastPathComponent.hasPrefix("user.gd-step-decreases-f-") })
  }
}
