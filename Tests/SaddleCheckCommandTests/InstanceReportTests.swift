import Testing
import Foundation
import SaddleCheckCommand

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
}
