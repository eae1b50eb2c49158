import Testing
import Foundation
@testable import SaddleCheckCommand
@testable import Checker
import Landscapes
import Dynamics

/// `report --results` refuses rows it would misstate (fresh-user finding: an edited row rendered
/// as "holds", `starts: -3` as "0/-3 hit", an upper bound of NaN as "P(hit) ≤ nan").
@Suite struct ReportResultsValidationTests {
  static func avoidanceRow() throws -> CheckResult {
    let f = QuarticSaddle()
    let check = SaddleAvoidanceCheck(starts: 8, radius: 0.3, rules: Classification(horizon: 200, pointTolerance: 1e-6,
                                     gradientTolerance: 1e-8, escapeRadius: 1e6))
    let (verdict, evidence) = check.run(GradientDescent(stepSize: 0.5), on: f, saddle: f.criticalPoints[0], seed: 3)
    return .avoidance(claim: "gd.avoids-strict-saddles", method: "gd", landscape: "q", verdict: verdict, evidence: evidence,
                      check: check, seed: 3)
  }

  @Test("an untouched row passes; edited text, edited data and impossible counts are refused naming the row")
  func refusals() throws {
    let row = try Self.avoidanceRow()
    #expect(throws: Never.self) { try SaddleCheckCommand.validateRows([row], path: "r.json") }
    var text = row
    text.evidence = "all good trust me"
    var data = row
    guard case .avoidance(var a) = row.data else { Issue.record("no avoidance data"); return }
    a.starts = -3
    data.data = .avoidance(a)
    data.evidence = a.rendered  // consistent text: only the counts are impossible
    var nan = row
    a.starts = 8
    a.upperBound = .nan
    nan.data = .avoidance(a)
    nan.evidence = a.rendered
    for (bad, expected) in [(text, "results[0]"), (data, "impossible avoidance counts"), (nan, "impossible avoidance counts")] {
      do {
        try SaddleCheckCommand.validateRows([bad], path: "r.json")
        Issue.record("accepted: \(bad.evidence)")
      } catch {
        #expect(error.description.contains(expected) && error.description.contains("gd.avoids-strict-saddles"), "\(error)")
      }
    }
  }
}
