import Testing
import Foundation
import SaddleCheckCommand
import Checker

/// The command line in-process: exit codes, output formats, bad input.
@Suite struct SaddleCheckCommandTests {
  final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.withLock { lines.append(s) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) -> (status: Int32, output: String, diagnostics: String) {
    let out = Capture(), err = Capture()
    let status = SaddleCheckCommand.run(arguments: arguments, environment: environment,
                                        output: { out.append($0) }, diagnostics: { err.append($0) })
    return (status, out.text, err.text)
  }

  static let mainJobClaims = "landscape.lipschitz-certificate,gd.avoids-strict-saddles,adagrad.pd-limit,"
    + "adagrad.eta-lipschitz-small,linearization.inertia,projected-gd.can-converge-to-saddle"

  @Test("the main job prints a verdict table and exits 0 when every verdict is the predicted one")
  func mainJob() {
    // A cross-section of the claims (`--claims`: certificates, avoidance, Γ_t's limit and η, inertia,
    // a refutation) keeps the debug suite short; `BatteryTests.quickBattery` runs every claim.
    let r = Self.run(["--profile", "quick", "--starts", "20", "--seed", "7", "--verbose", "--claims", Self.mainJobClaims])
    #expect(r.status == SaddleCheckCommand.success, "\(r.output)")
    // One line per claim, then (--verbose) every row with its evidence; nothing wider than 120 columns.
    let lines = r.output.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 120 }, "\(lines.first { $0.count > 120 } ?? "")")
    #expect(r.output.contains("      0 of 20 converged to the saddle"))
    #expect(r.output.contains("gd.avoids-strict-saddles") && r.output.contains("holds") && r.output.contains("refuted (expected)"))
    #expect(r.output.contains("as the theory predicts") && r.diagnostics.contains("run seed 0x0000000000000007"))
  }

  static let jsonClaims = "landscape.lipschitz-certificate,landscape.planted-critical-points,gd.avoids-strict-saddles,"
    + "vanishing.avoids-strict-saddles,adagrad.avoids-strict-saddles"

  @Test("--json prints a versioned document: exact counts, rows with typed evidence")
  func json() throws {
    // The certificates and the avoidance claims only (`--claims`): the JSON path is the same for
    // every row, and `BatteryTests.quickBattery` checks every row of the whole battery's data.
    let r = Self.run(["--profile", "quick", "--starts", "10", "--json", "--claims", Self.jsonClaims])
    let document = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    #expect(document["schema"] as? String == "saddlecheck.results/2" && document["starts"] as? Int == 10)
    let decoded = document["results"] as? [[String: Any]]
    #expect(decoded?.count ?? 0 >= 60)  // 81 rows: 66 certificate rows, the avoidance rows
    #expect(decoded?.first?["verdict"] as? String == "holds" && decoded?.first?["expected"] as? String == "holds")
    let summary = try #require(document["summary"] as? [String: Any])
    #expect(summary["rows"] as? Int == decoded?.count)
    // Every avoidance row carries its counts as integers, its bound and α.
    let avoidance = (decoded ?? []).compactMap { $0["data"] as? [String: Any] }.filter { $0["kind"] as? String == "avoidance" }
    #expect(avoidance.count >= 20)
    #expect(avoidance.allSatisfy { $0["starts"] is Int && $0["hits"] as? Int == 0 && $0["alpha"] as? Double == 0.05 && $0["horizon"] is Int })
    // Decoded as a document: every row has data, and its text is the data's rendering.
    let typed = try ResultsDocument.decode(Data(r.output.utf8))
    let problems = typed.results.compactMap { row in row.evidenceProblem.map { "\(row.claim) · \(row.landscape): \($0)" } }
    #expect(problems.isEmpty, "\(problems)")
    #expect(typed.hypotheses == nil && typed.leftOut == nil && typed.summary.rows == typed.results.count)
  }

  @Test("report: bad arguments exit 64", arguments: [["report", "--profile", "fast"], ["report", "--out"], ["report", "--starts", "0"]])
  func reportUsageErrors(arguments: [String]) {
    let r = Self.run(arguments)
    #expect(r.status == SaddleCheckCommand.usageError && r.diagnostics.contains("error:"))
  }

  @Test("bad arguments exit 64 with a message and no output", arguments: [
    ["--seed"], ["--seed", "xyz"], ["--starts", "0"], ["--starts", "-3"], ["--starts", "many"], ["--frobnicate"],
  ])
  func usageErrors(arguments: [String]) {
    let r = Self.run(arguments)
    #expect(r.status == SaddleCheckCommand.usageError)
    #expect(r.diagnostics.contains("error:") && r.output.isEmpty)
  }

  @Test("a malformed SADDLECHECK_SEED exits 64")
  func badEnvironmentSeed() {
    #expect(Self.run([], environment: ["SADDLECHECK_SEED": "nope"]).status == SaddleCheckCommand.usageError)
  }

  @Test("--help exits 0 and documents the options")
  func help() {
    let r = Self.run(["--help"])
    #expect(r.status == 0 && r.output.contains("--seed") && r.output.contains("--json"))
  }
}

@Suite struct LandscapeCommandTests {
  @Test("landscape prints a document that decodes to the generated instance")
  func landscapeJSON() throws {
    let r = SaddleCheckCommandTests.run(["landscape", "--family", "confined-quadratic", "--dim", "4", "--index", "2", "--seed", "0x11"])
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any]
    #expect(object?["family"] as? String == "confined-quadratic" && object?["dimension"] as? Int == 4)
  }

  @Test("landscapes lists every family")
  func catalog() {
    let r = SaddleCheckCommandTests.run(["landscapes"])
    #expect(r.status == 0 && r.output.contains("half-plane-saddle") && r.output.contains("matrix-factorization"))
  }

  @Test("bad landscape requests exit 64 with a reason", arguments: [
    ["landscape"], ["landscape", "--family", "banana", "--dim", "2"], ["landscape", "--family", "quartic-saddle", "--dim", "3"],
    ["landscape", "--family", "rotated-double-well"], ["landscape", "--family", "rotated-double-well", "--dim", "3", "--index", "9"],
    ["landscape", "--family", "rotated-double-well", "--dim", "0"], ["frobnicate"], ["landscapes", "--dim", "2"],
    ["landscape", "--family", "rotated-double-well", "--dim", "3", "--conditioning", "0.5"],
    ["landscape", "--family", "rotated-double-well", "--dim", "3", "--conditioning", "nan"],
  ])
  func refusals(arguments: [String]) {
    let r = SaddleCheckCommandTests.run(arguments)
    #expect(r.status == SaddleCheckCommand.usageError && r.output.isEmpty && r.diagnostics.contains("error:"))
  }
}

@Suite struct TraceCommandTests {
  static func instanceFile() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-trace-\(UInt64.random(in: 0...UInt64.max)).json").path
    let r = SaddleCheckCommandTests.run(["landscape", "--family", "rotated-double-well", "--dim", "3", "--seed", "4"])
    try r.output.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("methods lists every method with its parameters")
  func methods() {
    let r = SaddleCheckCommandTests.run(["methods"])
    for name in ["gd", "vanishing", "adagrad-norm", "adagrad-diagonal", "adagrad-full", "sgd", "mwu", "riemannian", "proximal", "coordinate", "projected-gd", "rmsprop", "adam"] {
      #expect(r.output.contains("\n\(name)") || r.output.hasPrefix(name), "missing \(name)")
    }
  }

  @Test("trace --json prints one record per recorded iterate", arguments: ["gd", "adagrad-full:variant=delayed,delta0=3L", "sgd:sigma=0.01,seed=4", "adam"])
  func traceJSON(method: String) throws {
    let path = try Self.instanceFile()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = SaddleCheckCommandTests.run(["trace", "--instance", path, "--method", method, "--start", "0.1,0.2,0.3", "--steps", "10", "--every", "2", "--json"])
    #expect(r.status == 0, "\(r.diagnostics)")
    let lines = r.output.split(separator: "\n")
    #expect(lines.count == 7)  // t = 0, 2, 4, 6, 8, the last iterate, the outcome
    let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
    #expect(first?["t"] as? Int == 0 && (first?["x"] as? [Double]) == [0.1, 0.2, 0.3])
    let last = try JSONSerialization.jsonObject(with: Data(lines[6].utf8)) as? [String: Any]
    #expect(last?["outcome"] is String && last?["steps"] as? Int == 10)
    // A stable token, not Swift's debug form ("converged(toPlantedPoint: 0)").
    let tokens: Set<String> = ["converged", "converged-unplanted", "diverged", "descended-below-floor", "undecided"]
    #expect(tokens.contains(last?["outcome"] as? String ?? ""), "\(String(describing: last?["outcome"]))")
  }

  @Test("trace refuses bad input with a reason", arguments: [
    ["--method", "gd", "--start", "0.1,0.2"], ["--method", "gd", "--start", "0.1,nan,0.3"], ["--method", "gd:alpha=-1", "--start", "0,0,0"],
    ["--method", "banana", "--start", "0,0,0"], ["--method", "adagrad-norm:variant=sideways", "--start", "0,0,0"],
    ["--method", "gd", "--start", "0,0,0", "--steps", "-1"],
  ])
  func refusals(arguments: [String]) throws {
    let path = try Self.instanceFile()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = SaddleCheckCommandTests.run(["trace", "--instance", path] + arguments)
    #expect(r.status == SaddleCheckCommand.usageError && r.output.isEmpty && r.diagnostics.contains("error:"))
  }

  @Test("a missing or malformed instance file is a clear error")
  func badInstance() throws {
    let missing = SaddleCheckCommandTests.run(["trace", "--instance", "/nonexistent/x.json", "--method", "gd", "--start", "0"])
    #expect(missing.status == SaddleCheckCommand.usageError && missing.diagnostics.contains("cannot read"))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-bad-\(UInt64.random(in: 0...UInt64.max)).json").path
    try "{\"schema\": ".write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let bad = SaddleCheckCommandTests.run(["trace", "--instance", path, "--method", "gd", "--start", "0"])
    #expect(bad.status == SaddleCheckCommand.usageError && bad.diagnostics.contains("not valid JSON"))
  }
}

@Suite struct ReplayCommandTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  @Test("replay re-checks the committed fixtures and exits 0 when they replay as recorded")
  func committed() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).filter { $0.hasSuffix(".json") }
    let r = SaddleCheckCommandTests.run(["replay"] + files.map { Self.fixtures.appendingPathComponent($0).path })
    #expect(r.status == 0 && r.output.contains("asRecorded"), "\(r.output)\(r.diagnostics)")
  }

  @Test("replay refuses missing arguments and unreadable files", arguments: [["replay"], ["replay", "/nonexistent.json"], ["replay", "--all"]])
  func refusals(arguments: [String]) {
    let r = SaddleCheckCommandTests.run(arguments)
    #expect(r.status == SaddleCheckCommand.usageError && r.diagnostics.contains("error:"))
  }
}

@Suite struct CheckCommandTests {
  @Test("check --instance runs the applicable claims on a user's landscape")
  func instance() throws {
    let path = try TraceCommandTests.instanceFile()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let r = SaddleCheckCommandTests.run(["check", "--instance", path, "--starts", "50"])
    #expect(r.status == 0, "\(r.output)")
    #expect(r.output.contains("gd.avoids-strict-saddles") && r.output.contains("landscape.lipschitz-certificate"))
  }

  @Test("a bad profile is a usage error")
  func badProfile() {
    #expect(SaddleCheckCommandTests.run(["--profile", "turbo"]).status == SaddleCheckCommand.usageError)
  }
}
