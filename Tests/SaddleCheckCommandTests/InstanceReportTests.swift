import Testing
import Foundation
import SaddleCheckCommand
import Checker

/// `check --instance`: hypotheses first, `not-covered` rows counted apart, `--horizon`.
@Suite struct InstanceReportTests {
  static func document(_ arguments: [String]) throws -> String {
    let r = SaddleCheckCommandTests.run(["landscape"] + arguments)
    try #require(r.status == SaddleCheckCommand.success)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-\(arguments.joined(separator: "_")).json").path
    try r.output.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test("the degenerate-saddle family's origin: not covered by the theorem, counted apart, exit 0")
  func degenerateInstance() throws {
    let path = try Self.document(["--family", "degenerate-saddle", "--dim", "3", "--seed", "1"])
    let r = SaddleCheckCommandTests.run(["check", "--instance", path, "--starts", "4", "--horizon", "200"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.output)")
    #expect(r.output.hasPrefix("hypotheses of the avoidance theorems"))
    #expect(r.output.contains("not covered by the theorems (λ_min = 0): 2"), "\(r.output)")
    #expect(!r.output.contains("UNEXPECTED"))
    let bad = SaddleCheckCommandTests.run(["check", "--instance", path, "--horizon", "0"])
    #expect(bad.status == SaddleCheckCommand.usageError)
  }

  @Test("check --instance --json: the hypotheses statement, the left-out list, and typed evidence on every row")
  func instanceJSON() throws {
    let path = try Self.document(["--family", "degenerate-saddle", "--dim", "3", "--seed", "1"])
    let text = SaddleCheckCommandTests.run(["check", "--instance", path, "--starts", "4", "--horizon", "200"])
    let r = SaddleCheckCommandTests.run(["check", "--instance", path, "--starts", "4", "--horizon", "200", "--json"])
    #expect(r.status == SaddleCheckCommand.success)
    let document = try ResultsDocument.decode(Data(r.output.utf8))
    #expect(document.schema == ResultsDocument.schema)
    // The same statement the table prints first, line by line; nothing left out.
    let hypotheses = try #require(document.hypotheses)
    #expect(!hypotheses.isEmpty && text.output.hasPrefix(hypotheses.joined(separator: "\n")))
    #expect(document.leftOut == [])
    let problems = document.results.compactMap { row in row.evidenceProblem.map { "\(row.claim) · \(row.landscape): \($0)" } }
    #expect(problems.isEmpty, "\(problems)")
    let kinds = Set(document.results.compactMap(\.data?.kind))
    #expect(kinds.isSuperset(of: ["lipschitz-certificate", "planted-critical-points", "unstable-fixed-point", "avoidance",
                                  "trajectory-inequalities", "diffeomorphism"]), "\(kinds)")
    // The not-covered rows say why, from their data.
    let notCovered = document.results.filter { $0.verdict == .notCovered }
    #expect(notCovered.count == 2 && notCovered.allSatisfy { $0.data != nil })
  }
}
