import Testing
import Foundation
import SaddleCheckCommand
import Checker
import Landscapes
import LinearAlgebra

/// A run that leaves work out exits 1 (it is incomplete) and says so on its last line; the
/// left-out list stays short however many points it names.
@Suite struct IncompleteRunTests {
  /// 3^5 = 243 planted points of a separable double well (32 minima), 1 saddle checked: 210 strict saddles
  /// left out, named as ranges (before: every number, about 1200 characters).
  @Test func capLeavesACompactList() throws {
    let f = RotatedDoubleWell(rotation: .identity(5), profiles: Array(repeating: .doubleWell(mu: 1, r: 1), count: 5))
    let report = InstanceChecks.report(f, label: "dw5", starts: 1, horizon: 20, maximumSaddles: 1, seed: 3)
    let line = try #require(report.leftOut.first)
    #expect(line.hasPrefix("210 of 211 strict saddles got no unstable-fixed-point or avoidance row (cap 1): points #"), "\(line)")
    #expect(line.contains("–#") && line.count < 400, "\(line.count) characters: \(line)")
  }

  /// A simplex instance: the claims stated on R^d are named with the reason, and the last line says
  /// why the exit status is 1 although every row that ran is as predicted.
  @Test func nonEuclideanDomainSaysWhichClaimsAndWhy() throws {
    let landscape = SaddleCheckCommandTests.run(["landscape", "--family", "simplex-quadratic", "--dim", "3", "--index", "1"])
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-simplex-\(UInt64.random(in: 0...UInt64.max)).json")
    try landscape.output.write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    let r = SaddleCheckCommandTests.run(["check", "--instance", url.path, "--starts", "2"])
    #expect(r.status == SaddleCheckCommand.unexpectedVerdict)
    #expect(r.output.contains("LEFT OUT: saddle.unstable-fixed-point, gd.avoids-strict-saddles, gd.descent, gd.diffeomorphism "
                              + "did not run (1 saddle point: #0): their theorems are stated on R^d and the domain is the simplex"),
            "\(r.output)")
    let last = try #require(r.output.split(separator: "\n").last)
    #expect(last.hasPrefix("exit status 1: the run is incomplete (") && last.hasSuffix("every row that ran (2) is as the theory predicts"),
            "\(last)")
    let json = SaddleCheckCommandTests.run(["check", "--instance", url.path, "--starts", "2", "--json"])
    #expect(json.status == SaddleCheckCommand.unexpectedVerdict && json.diagnostics.contains("exit status 1: the run is incomplete"))
  }
}
