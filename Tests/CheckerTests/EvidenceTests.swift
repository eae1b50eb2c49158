import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import PropertyTesting

/// Typed evidence: every row's text is rendered from its data (issue 16). The battery's and an
/// instance run's rows are checked in `BatteryTests` and `InstanceReportTests`; here the check
/// itself is seen failing on broken rows, and the documents' schemas on bad input.
@Suite struct EvidenceTests {
  /// A few cheap rows of different kinds on the battery's first landscape.
  static let rows: [CheckResult] = {
    let i = Battery.instances(seed: 5)[0]
    let l = i.landscape.lipschitzConstant
    let gd = GradientDescent(stepSize: 0.9 / l)
    return [
      UnstableFixedPointCheck.run(gd, on: i.landscape, saddle: i.saddle, label: i.label),
      InertiaCheck.run(i.landscape.objective, saddle: i.saddle, stepMatrix: (0.9 / l) * Matrix.identity(i.landscape.dimension),
                       method: gd.name, label: i.label),
      GradientDescentDiffeomorphismCheck.run(i.landscape, alpha: 0.9 / l, samples: 6, seed: 5, label: i.label),
      UnstableFixedPointCheck.run(gd, on: DegenerateSaddle(curvatures: [1, 2]), saddle: DegenerateSaddle(curvatures: [1, 2]).criticalPoints[0],
                                  label: "degenerate"),
    ]
  }()

  @Test("healthy rows: data present, text rendered from it, unchanged by a JSON round trip")
  func healthyRows() {
    #expect(Self.rows.map { $0.data?.kind } == ["unstable-fixed-point", "inertia", "diffeomorphism", "unstable-fixed-point"])
    for r in Self.rows { #expect(r.evidenceProblem == nil, "\(r.evidenceProblem ?? "")") }
    #expect(Self.rows[3].verdict == .notCovered && Self.rows[3].evidence.hasPrefix("not covered by the theorem"))
  }

  @Test("mutants: a check that forgets its data, text disagreeing with data, data disagreeing with text")
  func mutantsAreCaught() throws {
    let row = Self.rows[0]
    // A check that forgets its data: the text-only initializer.
    let forgetful = CheckResult(claim: row.claim, method: row.method, landscape: row.landscape, verdict: row.verdict, evidence: row.evidence)
    #expect(forgetful.evidenceProblem?.contains("no data") == true)
    // Text edited after rendering (a hand-written number).
    var edited = row
    edited.evidence = row.evidence.replacingOccurrences(of: ">", with: "≤")
    #expect(edited.evidence != row.evidence && edited.evidenceProblem?.contains("not the data's rendering") == true)
    // Data changed, text kept: the spectral radius the text states is no longer the data's.
    var moved = row
    guard case .unstableFixedPoint(var e) = row.data else { Issue.record("no data"); return }
    e.spectralRadius = (e.spectralRadius ?? 0) * 2
    moved.data = .unstableFixedPoint(e)
    #expect(moved.evidenceProblem != nil)
    // A note row built from a free text is data too, but only if the text is its rendering.
    var note = CheckResult(claim: row.claim, method: row.method, landscape: row.landscape, verdict: .inconclusive,
                           data: .note(NoteEvidence("the iteration did not converge")))
    #expect(note.evidenceProblem == nil)
    note.evidence += "."
    #expect(note.evidenceProblem != nil)
  }

  @Test("an instance run on an objective whose L is estimated says so in the Lipschitz row, from the row's data")
  func estimatedLipschitz() throws {
    let wrapped = DifferencedObjectiveTests.wrapped
    let rows = InstanceChecks.report(wrapped, label: "differenced", starts: 1, horizon: 20, maximumSaddles: 0, seed: 1).results
    let lipschitz = try #require(rows.first { $0.claim == Claim.lipschitzCertificate.id })
    guard case .lipschitzCertificate(let e) = lipschitz.data else { Issue.record("no data"); return }
    #expect(e.lEstimated == true && lipschitz.evidence.hasPrefix("L ESTIMATED, not certified: ") && lipschitz.evidenceProblem == nil)
    // The certified objective it wraps: no such prefix.
    #expect(e.estimated(false).lEstimated == nil && !CheckEvidence.lipschitzCertificate(e.estimated(false)).rendered.hasPrefix("L ESTIMATED"))
  }

  @Test("results documents: /1 still decodes, an unknown schema or kind is an error naming the field")
  func schemas() throws {
    let current = ResultsDocument(seed: 5, profile: .quick, starts: 3, results: Self.rows, hypotheses: ["h"], leftOut: [])
    let data = try current.jsonData()
    #expect(try ResultsDocument.decode(data) == current)
    // A /1 document (rows without data for the unconverted checks) decodes.
    var old = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    old["schema"] = "saddlecheck.results/1"
    var oldRows = try #require(old["results"] as? [[String: Any]])
    oldRows[1]["data"] = nil
    old["results"] = oldRows
    old["hypotheses"] = nil
    let decodedOld = try ResultsDocument.decode(try JSONSerialization.data(withJSONObject: old))
    #expect(decodedOld.results[1].data == nil && decodedOld.hypotheses == nil)
    #expect(decodedOld.results[1].evidenceProblem?.contains("no data") == true)
    old["schema"] = "saddlecheck.results/99"
    #expect { try ResultsDocument.decode(try JSONSerialization.data(withJSONObject: old)) } throws: { "\($0)".contains("schema") }
    oldRows[0]["data"] = ["kind": "telepathy"]
    old["results"] = oldRows
    old["schema"] = ResultsDocument.schema
    #expect { try ResultsDocument.decode(try JSONSerialization.data(withJSONObject: old)) } throws: { "\($0)".contains("kind") }
  }
}
