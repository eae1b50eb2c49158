import Testing
import Foundation
import SaddleCheckCommand

/// `saddlecheck critical-points`, in-process: the planted or certified points as the oracle.
@Suite struct CriticalPointsCommandTests {
  static func run(_ arguments: [String]) -> (status: Int32, output: String, diagnostics: String) {
    SaddleCheckCommandTests.run(arguments)
  }

  /// A generated double well (nine planted points): every one found, exit 0.
  @Test("--instance: every planted point of a generated landscape is found")
  func instance() throws {
    let document = Self.run(["landscape", "--family", "rotated-double-well", "--dim", "2", "--index", "2", "--seed", "1"])
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-cp-\(UInt64.random(in: 0...UInt64.max)).json")
    try document.output.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let r = Self.run(["critical-points", "--instance", file.path, "--starts", "24", "--seed", "3"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.output)\n\(r.diagnostics)")
    #expect(r.output.contains("critical points found in box") && r.output.contains(": 9 (24 starts"), "\(r.output)")
    #expect(r.output.contains("every planted point in the region was found (9)"))
    #expect(r.output.contains("a finder can miss critical points"))
    // One start yields at most solutionsPerStart = 4 of the nine points: the missed ones are
    // named and the exit status is 1 (mutant seen failing: an exit status that ignores them).
    let few = Self.run(["critical-points", "--instance", file.path, "--starts", "1", "--seed", "3"])
    #expect(few.status == SaddleCheckCommand.unexpectedVerdict && few.output.contains("MISSED planted points: #"), "\(few.output)")
  }

  /// An expression: the certifier's three points (one saddle, two minima) are the oracle.
  @Test("--function: the certified points are found and named")
  func function() {
    let r = Self.run(["critical-points", "--function", "x^4/4 - x^2/2 + y^2/2", "--box", "-1.5,1.5", "--starts", "12", "--seed", "3"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.output)\n\(r.diagnostics)")
    #expect(r.output.contains("every certified point in the region was found (3)"), "\(r.output)")
    #expect(r.output.contains("strict saddle (index 1): x = (0, 0)"))
  }

  @Test("bad arguments exit 64", arguments: [
    ["critical-points"], ["critical-points", "--function", "x^2"],
    ["critical-points", "--starts", "0", "--function", "x^2", "--box", "-1,1"],
    ["critical-points", "--instance", "/no/such/file.json"], ["critical-points", "--function", "x^2", "--box", "1,-1"],
  ])
  func usageErrors(arguments: [String]) {
    let r = Self.run(arguments)
    #expect(r.status == SaddleCheckCommand.usageError && r.output.isEmpty && r.diagnostics.contains("error:"), "\(r.diagnostics)")
  }
}
