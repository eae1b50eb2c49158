import Testing
import Foundation
import LinearAlgebra
import Randomness
import Landscapes
import Dynamics
import PropertyTesting
import Checker
import Report

/// A small report built once: a few real rows of the converted checks (with
/// their typed evidence) and every figure on coarse grids.
enum SmallReport {
  static let seed: UInt64 = 11

  static let results: [CheckResult] = {
    let instance = Battery.instances(seed: seed)[0]
    let f = instance.landscape
    var rows: [CheckResult] = []
    // Avoidance rows: GD with two numbers of starts, so the bound figure has two points.
    for starts in [12, 30] {
      let check = SaddleAvoidanceCheck(starts: starts, radius: 0.5, rules: Battery.rules, certifyEscapeByDescent: true)
      let (verdict, evidence) = check.run(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, saddle: instance.saddle, seed: seed)
      rows.append(CheckResult(claim: Claim.gdAvoidsStrictSaddles.id, method: "gd", landscape: instance.label, verdict: verdict,
                              data: .avoidance(AvoidanceEvidence(evidence, check: check))))
    }
    let adagrad = PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * f.lipschitzConstant, dimension: f.dimension)
    rows.append(PositiveDefiniteLimitCheck.run(adagrad, on: f, starts: 2, steps: 100, seed: seed, label: instance.label,
                                               bracket: PositiveDefiniteLimitCheck.adaGradBracket(delta0: 2 * f.lipschitzConstant, lowerBound: f.lowerBound)))
    let axis = EtaLipschitzCheck.axisAlignedLandscape(dimension: 3, seed: seed)
    let m = PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * axis.lipschitzConstant, dimension: 3)
    rows.append(EtaLipschitzCheck.run(m, on: axis, saddle: axis.origin, start: [0, 0.4, -0.3], horizon: 200, seed: seed, label: "axis").0)
    rows.append(RepellingDirectionsExperiment.result(RepellingDirectionsExperiment.run(instances: 2, startsPerInstance: 4, seed: seed), seed: seed))
    // The sweep's four battery rows, on a 2 × 2 grid (one cell each side of the threshold per family).
    let cells = HypothesisSweep.run(landscapes: Array(HypothesisSweep.landscapes(seed: seed).prefix(1)), gdGrid: [0.5, 1.5],
                                    adaGrid: [0.5, 2], variants: [(.norm, true)], starts: 4, trajectories: 1, seed: seed)
    rows += HypothesisSweep.batteryRows(cells, seed: seed)
    return rows
  }()

  static let document = ReportDocument.build(results: results, seed: seed, profile: .quick, starts: 30, budget: .small, command: "saddlecheck report --seed 11")
}

@Suite struct ReportFigureTests {
  @Test("every figure's SVG parses as XML and draws exactly its data")
  func figuresDrawTheirData() throws {
    let renderer = SVGRenderer()
    let ids = SmallReport.document.figures.map(\.id)
    // The figure list the issue asks for (the ε̂ heat map and the open question come from rows' data).
    for expected in ["phase-quartic-saddle", "spectrum-norm", "spectrum-diagonal", "spectrum-full", "eta-heatmap", "escape-times", "hit-bound",
                     "projected-attraction", "repelling-directions", "sweep-phase"] {
      #expect(ids.contains(expected), "missing figure \(expected) in \(ids)")
    }
    #expect(ids.filter { $0.hasPrefix("phase-") }.count == 2)
    for f in SmallReport.document.figures {
      let reader = try #require(FigureReader.read(renderer.render(f)), "\(f.id) is not well-formed XML")
      #expect(reader.problems(against: f).isEmpty, "\(reader.problems(against: f))")
      // Not blank: every layer draws something.
      for i in f.layers.indices {
        let (points, rects) = reader.marks(layer: i, figure: f)
        #expect(points.count + rects.count > 0, "\(f.id) layer \(i) (\(f.layers[i].name)) draws nothing")
      }
    }
  }

  @Test("a drawing that disagrees with its data is caught (mutants: a moved point, a flipped axis, a recoloured cell)")
  func mutantsAreCaught() throws {
    let renderer = SVGRenderer()
    let bound = try #require(SmallReport.document.figures.first { $0.id == "hit-bound" })
    // A moved point: the data say one thing, the drawing another.
    var moved = bound
    moved.layers[2].y[0] *= 1.5
    #expect(!(try #require(FigureReader.read(renderer.render(moved)))).problems(against: bound).isEmpty)
    // A flipped axis: the renderer's y mapping inverted.
    var flipped = bound
    flipped.yAxis = .init(bound.yAxis.label, scale: .log, bound.yAxis.upper, bound.yAxis.lower)
    #expect(!(try #require(FigureReader.read(renderer.render(flipped)))).problems(against: bound).isEmpty)
    // A recoloured cell in the heat map.
    let heat = try #require(SmallReport.document.figures.first { $0.id == "eta-heatmap" })
    var recoloured = heat
    let scale = try #require(heat.colorScale)
    let original = heat.layers[0].values![0]
    recoloured.layers[0].values![0] = scale.color(original) == scale.color(scale.upper) ? scale.lower : scale.upper
    #expect(!(try #require(FigureReader.read(renderer.render(recoloured)))).problems(against: heat).isEmpty)
    // Not XML at all.
    #expect(FigureReader.read(renderer.render(bound).replacingOccurrences(of: "</svg>", with: "")) == nil)
  }

  @Test("plotted series are the rows' typed evidence")
  func seriesMatchTypedEvidence() throws {
    let figures = SmallReport.document.figures
    let avoidance = SmallReport.results.compactMap { r -> AvoidanceEvidence? in if case .avoidance(let a) = r.data { return a } else { return nil } }
    let bound = try #require(figures.first { $0.id == "hit-bound" })
    let rows = try #require(bound.layers.first { $0.kind == .scatter })
    #expect(rows.x == avoidance.map { Double($0.starts) } && rows.y == avoidance.map(\.upperBound))
    // The curve is 1 − α^{1/n}, through every row's bound.
    for a in avoidance { #expect(abs(a.upperBound - (1 - pow(a.alpha, 1 / Double(a.starts)))) <= 1e-12) }

    let heat = try #require(figures.first { $0.id == "eta-heatmap" })
    guard case .etaLipschitzTable(let table) = SmallReport.results[3].data else { Issue.record("no table"); return }
    #expect(heat.layers[0].values == table.ratio.flatMap { $0 })
    #expect(heat.layers[0].y == table.radii.flatMap { r in table.times.map { _ in r } })

    let open = try #require(figures.first { $0.id == "repelling-directions" })
    guard case .repellingDirections(let e) = SmallReport.results[4].data else { Issue.record("no rows"); return }
    #expect(open.layers[1].y == e.rows.map { Double($0.hits) / Double($0.starts) })
    #expect(open.layers[0].y.filter(\.isFinite) == e.rows.flatMap { [$0.interval.lower, $0.interval.upper] })
    // Per instance: each instance's hits over its own starts, beside its k.
    #expect(open.layers[2].y == e.rows.flatMap { r in (r.instanceHits ?? []).map { Double($0) / Double(r.starts / r.instances) } })
    #expect(zip(open.layers[2].x, e.rows.flatMap { r in (r.instanceHits ?? []).map { _ in Double(r.k) } }).allSatisfy { $0 > $1 && $0 < $1 + 0.5 })
    #expect(e.rows.allSatisfy { ($0.instanceHits ?? []).reduce(0, +) == $0.hits && $0.instanceHits?.count == $0.instances })

    // The sweep's phase diagram: one mark per cell of the rows' data, at its step-bound ratio and family, of its outcome.
    let sweep = try #require(figures.first { $0.id == "sweep-phase" })
    let sweepCells = SmallReport.results.flatMap { r -> [HypothesisSweep.Cell] in
      if case .hypothesisSweep(let h) = r.data, h.inside { return h.cells } else { return [] }
    }
    #expect(sweepCells.count == 4)
    #expect(sweepProblems(sweep, sweepCells).isEmpty, "\(sweepProblems(sweep, sweepCells))")
    // Mutants: an outcome drawn wrongly, a cell drawn on the wrong side of the threshold.
    var hit = sweepCells
    hit[0].hits = hit[0].starts
    hit[0].minimumDeterminant = 1
    hit[0].injectivityViolations = 0
    #expect(!sweepProblems(Figures.sweepPhase(hit), sweepCells).isEmpty)
    var misplaced = sweep
    misplaced.layers[0].x[0] = 1 / misplaced.layers[0].x[0]
    #expect(!sweepProblems(misplaced, sweepCells).isEmpty)

    // Γ_t: the bracket is [1/(δ0 + f0 − f_low), 1/δ0] with δ0 = 2L, and every plotted eigenvalue lies in it.
    let instance = Battery.instances(seed: SmallReport.seed)[0]
    for g in AdaGrad.Geometry.allCases {
      let s = try #require(figures.first { $0.id == "spectrum-\(g.rawValue)" })
      let bracket = try #require(s.layers.last)
      #expect(abs(bracket.y[0] - 1 / (2 * instance.landscape.lipschitzConstant)) <= 1e-15)
      let (lo, hi) = (bracket.y[3], bracket.y[0])
      #expect(lo > 0 && lo < hi)
      for layer in s.layers.dropLast() {
        #expect(layer.y.allSatisfy { $0 >= lo * (1 - 1e-12) && $0 <= hi * (1 + 1e-12) }, "\(g) \(layer.name)")
        #expect(layer.x.count >= 20)
      }
    }
    // Projected GD: the grid's attracted cells are those with x₀ > y₀.
    let pgd = try #require(figures.first { $0.id == "projected-attraction" })
    let cells = pgd.layers[0]
    for k in cells.x.indices where abs(cells.x[k] - cells.y[k]) > 0.05 {
      #expect((cells.values![k] == 0) == (cells.x[k] > cells.y[k]), "cell (\(cells.x[k]), \(cells.y[k]))")
    }
  }

  @Test("phase portraits: stable-manifold points flow to their saddle under GD")
  func phasePortraitGeometry() throws {
    let (label, f, box) = Figures.portraitLandscapes(seed: SmallReport.seed)[0]
    let fig = try #require(SmallReport.document.figures.first { $0.id == "phase-quartic-saddle" })
    #expect(label == "quartic-saddle" && fig.equalAspect && fig.xAxis.upper == box)
    let manifold = try #require(fig.layers.first { $0.name.hasPrefix("stable manifold") })
    let saddle = f.criticalPoints.first { $0.kind == .strictSaddle }!.location
    let gd = GradientDescent(stepSize: 0.9 / f.lipschitzConstant)
    let points = zip(manifold.x, manifold.y).filter { $0.0.isFinite }.map { Vector([$0.0, $0.1]) }
    #expect(points.count >= 20)
    // Forward GD from a manifold point returns to the saddle (to the precision the backward iteration kept).
    for p in points.prefix(40) where p.distance(to: saddle) > 1e-3 {
      var x = p
      for _ in 0..<60 { x = gd.map(x, on: f) }
      #expect(x.distance(to: saddle) < 1e-3 * Swift.max(1, p.distance(to: saddle) * 100), "\(p) → \(x)")
    }
    // Quartic saddle ½x² + ¼y⁴ − ½y²: the stable manifold of (0, 0) is the x-axis.
    #expect(points.allSatisfy { abs($0[1]) < 1e-9 })
  }
}

/// What is wrong with a sweep phase diagram against the sweep's cells: each cell must be one mark at
/// x = α·L (GD) or L/δ0 (AdaGrad), in its family's row, in the layer of its outcome (computed here
/// from the cell's fields), and a mark lies left of 1 exactly when its cell is inside the hypotheses.
func sweepProblems(_ figure: Figure, _ cells: [HypothesisSweep.Cell]) -> [String] {
  let names = ["no property broke", "det Dg ≤ 0 somewhere", "a second preimage (not injective)", "a start converged to the saddle"]
  let families = figure.yAxis.categories ?? []
  struct Mark: Hashable { var x: Double; var row: Int; var outcome: Int }
  var drawn: [Mark] = []
  for layer in figure.layers where layer.kind == .scatter {
    guard let outcome = names.firstIndex(of: layer.name) else { return ["unknown layer \(layer.name)"] }
    drawn += zip(layer.x, layer.y).map { Mark(x: $0, row: Int($1), outcome: outcome) }
  }
  var expected: [Mark] = []
  for c in cells {
    let method = c.method.hasPrefix("gd") ? "gd" : "adagrad-" + (c.method.contains("norm") ? "norm" : c.method.contains("diagonal") ? "diagonal" : "full")
      + (c.method.contains("delayed") ? "-delayed" : "-current")
    guard let row = families.firstIndex(of: method) else { return ["no row for \(method) in \(families)"] }
    let outcome = c.minimumDeterminant <= 0 ? 1 : c.injectivityViolations > 0 ? 2 : c.hits > 0 ? 3 : 0
    expected.append(Mark(x: c.parameter == "alpha*L" ? c.value : 1 / c.value, row: row + 1, outcome: outcome))
  }
  var problems: [String] = []
  let key = { (m: Mark) in "\(m.x) \(m.row) \(m.outcome)" }
  if drawn.map(key).sorted() != expected.map(key).sorted() { problems.append("marks \(drawn.map(key).sorted()) ≠ cells \(expected.map(key).sorted())") }
  if cells.filter(\.withinHypotheses).count != drawn.filter({ $0.x < 1 }).count { problems.append("marks left of the threshold ≠ cells inside") }
  return problems
}

/// The ε̂ table of a row, as the battery prints it.
func table(_ r: CheckResult) -> String {
  if case .etaLipschitzTable(let t) = r.data { return "ε̂\n" + t.rendered }
  return ""
}

@Suite struct ReportDocumentTests {
  @Test("typed evidence round-trips through JSON with its kind, and the text is rendered from it")
  func typedEvidenceRoundTrip() throws {
    let data = try SmallReport.document.jsonData()
    let decoded = try ReportDocument.decode(data)
    #expect(decoded.run.results.map(\.data) == SmallReport.results.map(\.data))
    #expect(decoded.figures.count == SmallReport.document.figures.count)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(object["schema"] as? String == "saddlecheck.report/2")
    let run = try #require(object["run"] as? [String: Any])
    #expect(run["schema"] as? String == "saddlecheck.results/2")
    let kinds = (run["results"] as? [[String: Any]] ?? []).compactMap { ($0["data"] as? [String: Any])?["kind"] as? String }
    #expect(kinds == ["avoidance", "avoidance", "spectrum-bracket", "eta-lipschitz-table", "repelling-directions"]
                + Array(repeating: "hypothesis-sweep", count: 4))
    // Exact integer counts.
    let summary = try #require(run["summary"] as? [String: Any])
    #expect(summary["rows"] as? Int == 9 && summary["claims"] as? Int == 7)
    for r in SmallReport.results {
      if case .avoidance(let a) = r.data { #expect(r.evidence == a.rendered && r.evidence.contains("of \(a.starts)")) }
    }
    // An unknown kind is a thrown error naming the field.
    let bad = Data(#"{"kind": "telepathy"}"#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(CheckEvidence.self, from: bad) }
  }

  @Test("the pd-limit row's data records every trajectory's bracket and extreme eigenvalues")
  func spectrumBracketData() throws {
    guard case .spectrumBracket(let s) = SmallReport.results[2].data else { Issue.record("no data"); return }
    #expect(s.trajectories.count == 2 && s.adaGradBracket && s.steps == 100)
    #expect(SmallReport.results[2].evidence == s.rendered && s.rendered.hasPrefix("2 trajectories × 100 steps"))
    for t in s.trajectories {
      let (lo, hi, a, b) = (try #require(t.lower), try #require(t.upper), try #require(t.smallestEigenvalue), try #require(t.largestEigenvalue))
      #expect(lo <= a && a <= b && b <= hi * (1 + 1e-12))
    }
  }

  @Test("the HTML is self-contained: no script, no external resource; its SVGs parse; every claim row links to its section")
  func htmlIsSelfContained() throws {
    let html = HTMLReport.render(SmallReport.document)
    #expect(!html.lowercased().contains("<script") && !html.contains("src=") && !html.contains("@import"))
    let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://"))
    var svgs = 0
    var rest = html[...]
    while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
      #expect(FigureReader.read(String(rest[start.lowerBound..<end.upperBound])) != nil)
      svgs += 1
      rest = rest[end.upperBound...]
    }
    #expect(svgs == SmallReport.document.figures.count)
    for c in VerdictTable.claims(SmallReport.results) {
      #expect(html.contains("href=\"#claim-\(c.claim)\"") && html.contains("id=\"claim-\(c.claim)\""))
    }
  }

  @Test("the terminal table: one line per claim within 120 columns, key figures from the data")
  func verdictTable() throws {
    let text = VerdictTable.render(SmallReport.results)
    let lines = text.split(separator: "\n")
    #expect(lines.count == 1 + 7)
    #expect(lines.allSatisfy { $0.count <= VerdictTable.width })
    #expect(text.contains("0/42 hit; P(hit) ≤ 0.221 each (α = 0.05)") && text.contains("open (evidence)"))
    // Key figures from the data: the sweep's claim row and its refutation, the pd-limit's drift.
    let sweepLine = try #require(lines.first { $0.hasPrefix("step-bound-is-needed") })
    let sweepCells = SmallReport.results.compactMap { r -> HypothesisSweepEvidence? in
      if case .hypothesisSweep(let h) = r.data, !h.inside { return h } else { return nil }
    }.flatMap { $0.cells.filter { !$0.withinHypotheses } }
    #expect(sweepLine.hasSuffix("\(sweepCells.filter(\.breaks).count)/\(sweepCells.count) cells broke"), "\(sweepLine)")
    #expect(lines.contains { $0.hasPrefix("gd.diffeomorphism") && $0.hasSuffix("0/1 sweep cells broke") })
    #expect(text.contains("Γ_t in bracket on 2/2 runs; ‖ΔΓ‖/‖Γ‖ ≤ "))
    #expect(!text.contains("…"), "a key figure was cut: \(text)")
    #expect(VerdictTable.renderRows(SmallReport.results).split(separator: "\n").allSatisfy { $0.count <= VerdictTable.width })
    var detailed = SmallReport.results
    detailed[3].details = String(repeating: "a long header line ", count: 12) + "\n" + table(SmallReport.results[3])
    let details = VerdictTable.renderDetails(detailed)
    #expect(details.contains("ε̂") && details.split(separator: "\n").allSatisfy { $0.count <= VerdictTable.width })
    // A row with a hit: the claim's line says so.
    var broken = SmallReport.results
    if case .avoidance(var a) = broken[0].data {
      a.hits = 1
      broken[0].data = .avoidance(a)
      broken[0].verdict = .fails
    }
    let brokenText = VerdictTable.render(broken)
    #expect(brokenText.contains("FAILS (unexpected)") && brokenText.contains("1/42 hit"))
  }
}

/// The verdict column names the rows counted apart, in its 18 columns.
@Suite struct VerdictColumnTests {
  static func row(_ verdict: Verdict, outside: Bool = false, expected: Verdict = .holds) -> CheckResult {
    var r = CheckResult(claim: "c", method: "m", landscape: "l", verdict: verdict, evidence: "e", expected: expected)
    if outside { r.coverage = .outsideHypotheses(reason: "not C¹") }
    return r
  }

  @Test("outside-hypotheses rows read 'outside', non-strict points 'uncovered'; neither is called the other")
  func apartRowsNamed() {
    func verdict(_ rows: [CheckResult]) -> String { VerdictTable.claims(rows)[0].verdict }
    #expect(verdict([Self.row(.holds), Self.row(.fails, outside: true)]) == "holds, 1 outside")
    #expect(verdict([Self.row(.holds), Self.row(.notCovered)]) == "holds, 1 uncovered")
    #expect(verdict([Self.row(.holds), Self.row(.notCovered), Self.row(.holds, outside: true)]) == "holds, 2 apart")
    #expect(verdict([Self.row(.holds, outside: true)]) == "outside hypotheses")
    #expect(verdict([Self.row(.notCovered)]) == "not covered")
    #expect(verdict([Self.row(.fails, expected: .fails), Self.row(.holds, outside: true, expected: .fails)])
            == "refuted, 1 outside")
    #expect(verdict([Self.row(.fails)]) == "FAILS (unexpected)")
    for rows in [[Self.row(.holds), Self.row(.notCovered), Self.row(.holds, outside: true)],
                 [Self.row(.fails, expected: .fails), Self.row(.holds, outside: true, expected: .fails)]] {
      #expect(verdict(rows).count <= 18)
    }
  }
}

/// The page states the hypotheses before the verdicts (fresh-user finding: a page built from an
/// instance document dropped them, and the battery's page never stated any).
@Suite struct HypothesesSectionTests {
  @Test("an instance document's hypotheses, left-out list and skipped claims reach the page; the battery's statement otherwise")
  func stated() {
    let row = CheckResult(claim: "gd.avoids-strict-saddles", method: "gd", landscape: "f", verdict: .holds, evidence: "e")
    let instance = ResultsDocument(seed: 1, profile: .quick, starts: 10, results: [row],
        hypotheses: ["hypotheses of the avoidance theorems ([LPP+19] Thm 2, [AMPW22]):", "  L = 1 certified on R^d"],
        leftOut: ["3 of 9 strict saddles got no row"],
        skipped: [SkippedClaim(claim: "saddle.unstable-fixed-point", method: "sgd", landscape: "f", reason: "fixes no point")])
    let html = HTMLReport.hypothesesSection(instance)
    for text in ["L = 1 certified on R^d", "3 of 9 strict saddles got no row", "fixes no point", "saddle.unstable-fixed-point"] {
      #expect(html.contains(text), "missing \(text)")
    }
    let battery = HTMLReport.hypothesesSection(ResultsDocument(seed: 1, profile: .quick, starts: 10, results: [row]))
    #expect(battery.contains("certified Lipschitz constant L") && battery.contains("strict"))
  }
}
