import Testing
import Foundation
import SaddleCheckCommand
import Checker

/// `check --function`/`--expression`: certificate, claims, refusals.
@Suite struct ExpressionCommandTests {
  static func run(_ arguments: [String]) -> (status: Int32, output: String, diagnostics: String) {
    SaddleCheckCommandTests.run(arguments)
  }

  @Test("½x² + cos y: L = 1, three certified points, the claims hold, exit 0")
  func halfSquarePlusCosine() {
    let r = Self.run(["check", "--function", "0.5*x^2 + cos(y)", "--box", "-4,4", "--starts", "40", "--seed", "3"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.output)\n\(r.diagnostics)")
    #expect(r.output.contains("critical points: 3 certified"))
    #expect(r.output.contains("strict-saddle") && r.output.contains("undecided: none"))
    #expect(r.output.contains("gd.avoids-strict-saddles") && r.output.contains("as the theory predicts: 6"))
  }

  @Test("a degenerate critical point is reported undecided and the run exits 1")
  func degenerateIsUndecided() {
    let r = Self.run(["check", "--function", "x^4 + y^2", "--box", "-1,1", "--starts", "20"])
    #expect(r.status == SaddleCheckCommand.unexpectedVerdict)
    #expect(r.output.contains("UNDECIDED: 1 region"))
    #expect(r.output.contains("critical points: 0 certified"))
  }

  @Test("f undefined on part of the box: NOT CERTIFIED, no claims run, exit 1")
  func singularBox() {
    let r = Self.run(["check", "--function", "log(x) + y^2", "--box", "-1,1"])
    #expect(r.status == SaddleCheckCommand.unexpectedVerdict)
    #expect(r.output.contains("NOT CERTIFIED") && r.output.contains("no finite L"))
    #expect(!r.output.contains("gd.avoids-strict-saddles"))
  }

  @Test("a JSON document of schema saddlecheck.expression/1, per-coordinate box, two methods")
  func document() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-expression-\(getpid()).json")
    let document = #"{"schema": "saddlecheck.expression/1", "variables": ["u", "v"], "#
      + #""expression": "u^4/4 - u^2/2 + v^2/2", "box": [[-2, 2], [-1, 1]]}"#
    try Data(document.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let r = Self.run(["check", "--expression", url.path, "--method", "gd", "--method", "gd:alpha=0.5/L",
                      "--starts", "20", "--horizon", "3000"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.output)\n\(r.diagnostics)")
    #expect(r.output.contains("f(u, v) = u^4/4 - u^2/2 + v^2/2"))
    #expect(r.output.contains("critical points: 3 certified"))
    #expect(r.output.contains("gd(alpha=0.04545"))  // 0.5/L with L = 11
  }

  @Test("a document with a misspelled, missing or ill-typed field exits 64 naming it", arguments: [
    (#"{"schema": "saddlecheck.expression/1", "varibles": ["x"], "expression": "x^2", "box": [-1, 1]}"#, "varibles: unknown field"),
    (#"{"schema": "saddlecheck.expression/1", "expression": "x^2"}"#, "box: missing"),
    (#"{"schema": "saddlecheck.expression/1", "expression": "x^2", "box": [-1, 0, 1]}"#, "[lo, hi]"),
    (#"{"schema": "saddlecheck.landscape/1", "expression": "x^2", "box": [-1, 1]}"#, "schema: expected saddlecheck.expression/1"),
    (#"{"schema": "saddlecheck.expression/1", "expression": 3, "box": [-1, 1]}"#, "expression"),
  ])
  func badDocuments(text: String, fragment: String) throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-bad-\(UUID().uuidString).json")
    try Data(text.utf8).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let r = Self.run(["check", "--expression", url.path])
    #expect(r.status == SaddleCheckCommand.usageError)
    #expect(r.diagnostics.contains(fragment), "\(r.diagnostics)")
  }

  @Test("--json carries the certificate and the results")
  func json() throws {
    let r = Self.run(["check", "--function", "0.5*x^2 + cos(y)", "--box", "-1,1", "--starts", "10", "--json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    let certificate = try #require(object["certificate"] as? [String: Any])
    #expect((certificate["criticalPoints"] as? [Any])?.count == 1)
    #expect((object["results"] as? [Any])?.isEmpty == false)
    // The hypotheses statement and the left-out list, and rows whose text is their data's rendering.
    struct Document: Decodable { var hypotheses: [String]; var leftOut: [String]; var results: [CheckResult] }
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    let document = try decoder.decode(Document.self, from: Data(r.output.utf8))
    // It is a results document too (schema, seed, summary), so `report --results` reads it.
    let results = try ResultsDocument.decode(Data(r.output.utf8))
    #expect(results.schema == ResultsDocument.schema && results.summary.rows == document.results.count)
    #expect(document.hypotheses.first?.hasPrefix("hypotheses of the avoidance theorems") == true && document.leftOut.isEmpty)
    #expect(document.results.allSatisfy { $0.evidenceProblem == nil }, "\(document.results.compactMap(\.evidenceProblem))")
  }

  /// L certified on a box smaller than the landscape's basin: GD's runs leave it and diverge, where
  /// the theorem's L-smoothness is not established — the row is outside the hypotheses (it used to be
  /// a covered failure, exit 1).
  @Test("runs that diverge out of the certified box: the avoidance row is outside the hypotheses, exit 0")
  func runsLeavingTheBox() {
    let r = Self.run(["check", "--function", "x^8 - x^2/2 + y^2/2", "--box", "-0.3,0.3", "--starts", "10"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.output)")
    #expect(r.output.contains("only: a row whose runs diverge out of it, or whose map's inverse leaves it, is outside"))
    #expect(r.output.contains("outside the hypotheses: 1"), "\(r.output)")
    // GD's inverse leaving the box: the global claims of gd.diffeomorphism are outside too (det Dg > 0 held).
    let quartic = Self.run(["check", "--function", "x^4 - x^2/2 + y^2/2", "--box", "-0.3,0.3", "--starts", "10"])
    #expect(quartic.status == SaddleCheckCommand.success, "\(quartic.output)")
    #expect(!quartic.output.contains("FAILS (unexpected)"), "\(quartic.output)")
  }

  /// On a box so large that ∇²f overflows at the samples, the message says so (it used to say an
  /// enclosure was wrong, because L was "below" an infinite sample).
  @Test("a box where ∇²f overflows: the message names the overflow, not a wrong enclosure")
  func overflowingSamples() {
    let r = Self.run(["check", "--function", "x^4 + y^2", "--box", "-1e150,1e150", "--starts", "2"])
    #expect(r.status != SaddleCheckCommand.success)
    #expect(r.output.contains("evaluating ∇²f overflows Double") && !r.output.contains("an enclosure is wrong"), "\(r.output)")
  }

  @Test("bad input exits 64 naming the problem", arguments: [
    (["check", "--function", "abs(x) + y^2", "--box", "-1,1"], "abs is refused"),
    (["check", "--function", "x^2", "--box", "1,-1"], "lo < hi"),
    (["check", "--function", "x^2"], "--box"),
    (["check", "--function", "x^2 + y^2", "--box", "-1:1"], "2 variables (x, y) but dimension 1"),
    (["check", "--function", "x^2", "--box", "-1,1", "--method", "nope"], "unknown method"),
    (["check", "--expression", "/nonexistent/file.json"], "cannot read"),
    (["check", "--function", "x^2 +", "--box", "-1,1"], "unexpected end"),
  ])
  func usageErrors(arguments: [String], fragment: String) {
    let r = Self.run(arguments)
    #expect(r.status == SaddleCheckCommand.usageError)
    #expect(r.diagnostics.contains(fragment), "\(r.diagnostics)")
  }
}
