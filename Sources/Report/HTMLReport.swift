import Foundation
package import Checker

/// The report as one self-contained HTML file: inline CSS and SVG, no
/// script, no network resource.
public enum HTMLReport {
  /// Figures that illustrate each claim (by figure id prefix).
  static let figuresByClaim: [String: [String]] = [
    Claim.gdAvoidsStrictSaddles.id: ["phase-", "escape-times", "hit-bound"],
    Claim.stableSetStructure.id: ["phase-"],
    Claim.vanishingAvoids.id: ["hit-bound"],
    Claim.adagradPositiveDefiniteLimit.id: ["spectrum-"],
    Claim.adagradEtaLipschitzSmall.id: ["eta-heatmap"],
    Claim.adagradAvoids.id: ["phase-", "escape-times", "hit-bound"],
    Claim.sgdNoiseEscapes.id: ["hit-bound"],
    Claim.mirrorDescentAvoids.id: ["hit-bound"],
    Claim.riemannianAvoids.id: ["hit-bound"],
    Claim.proximalAvoids.id: ["hit-bound"],
    Claim.coordinateDescentAvoids.id: ["hit-bound"],
    Claim.projectedGDCanConverge.id: ["projected-attraction"],
    Claim.projectedGDTwoRepellingDirections.id: ["repelling-directions"],
  ]

  /// The hypotheses, stated before the verdicts: an instance run's measured statement, what it left
  /// out and the claims it skipped; for the battery, what its construction guarantees.
  package static func hypothesesSection(_ run: ResultsDocument) -> String {
    var html = "<h2 id=\"hypotheses\">Hypotheses</h2>\n"
    if let lines = run.hypotheses, !lines.isEmpty {
      html += "<pre>" + escape(lines.joined(separator: "\n")) + "</pre>\n"
    } else {
      html += "<p>The battery's landscapes are generated with a certified Lipschitz constant L and planted strict "
        + "saddles; the methods run inside the theorems' step bounds (GD α = 0.9/L, AdaGrad δ0 ≥ L with η = 1). "
        + "Rows that break a hypothesis on purpose (part E: projected GD, a degenerate saddle, steps beyond the bound) "
        + "are expected to be refuted; any other row outside the hypotheses is labelled so.</p>\n"
    }
    if let left = run.leftOut, !left.isEmpty {
      html += "<p><b>Left out:</b></p><ul>" + left.map { "<li>" + escape($0) + "</li>" }.joined() + "</ul>\n"
    }
    if let skipped = run.skipped, !skipped.isEmpty {
      html += "<p><b>Skipped claims</b> (they do not apply; never counterexamples):</p><ul>"
        + skipped.map { "<li><code>\(escape($0.claim))</code> for \(escape($0.method)) on \(escape($0.landscape)): "
          + escape($0.reason) + "</li>" }.joined() + "</ul>\n"
    }
    return html
  }

  public static func render(_ document: ReportDocument) -> String {
    let results = document.run.results
    let summaries = VerdictTable.claims(results)
    let renderer = SVGRenderer()
    var html: [String] = []
    html.append("""
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8">
      <title>SaddleCheck report — seed \(escape(document.run.seed)), profile \(escape(document.run.profile))</title>
      <style>
      body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 15px; color: #1a1a1a; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; line-height: 1.45; }
      h1 { font-size: 1.6em; } h2 { border-bottom: 2px solid #1a1a1a; padding-bottom: 0.2em; margin-top: 2em; } h3 { margin-top: 1.6em; }
      table { border-collapse: collapse; margin: 0.6em 0; } th, td { border: 1px solid #8c8c8c; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
      th { background: #e8e8e8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
      .unexpected { font-weight: bold; text-decoration: underline; } .muted { color: #4d4d4d; }
      figure { margin: 1.2em 0; page-break-inside: avoid; } figcaption { max-width: 700px; font-size: 0.92em; }
      pre { background: #f4f4f4; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
      code { font-size: 0.95em; }
      </style></head><body>
      <h1>SaddleCheck report</h1>
      <p>Executable checks of “first-order methods avoid strict saddle points”. Every verdict below links to its claim's section:
      the talk's wording, every row with its evidence, and the figures that show it. The numbers are in <code>report.json</code>
      beside this file (schema <code>\(ReportDocument.schema)</code>).</p>
      <table>
      <tr><th>run seed</th><td><code>\(escape(document.run.seed))</code></td></tr>
      <tr><th>profile</th><td>\(escape(document.run.profile)) (\(document.run.starts) Monte Carlo starts per landscape)</td></tr>
      <tr><th>toolchain</th><td>\(escape(document.toolchain))</td></tr>
      <tr><th>reproduce</th><td><code>\(escape(document.command))</code></td></tr>
      <tr><th>rows</th><td>\(document.run.summary.rows) rows on \(document.run.summary.claims) claims; \(document.run.summary.asPredicted) with a verdict
      the theory allows (as predicted, or not covered by a theorem, or outside its hypotheses:
      \(document.run.summary.notCovered ?? 0) and \(document.run.summary.outsideHypotheses ?? 0))
      (\(document.run.summary.holds) hold, \(document.run.summary.fails) fail, \(document.run.summary.inconclusive) inconclusive)</td></tr>
      </table>
      \(hypothesesSection(document.run))
      <h2 id="verdicts">Verdicts by claim</h2>
      <table id="verdict-table">
      <tr><th>claim</th><th>part</th><th>verdict</th><th>rows as predicted</th><th>key figure</th></tr>
      """)
    for s in summaries {
      let part = Claim.all.first { $0.id == s.claim }?.part ?? "–"
      let flag = s.asPredicted < s.rows.count ? " class=\"unexpected\"" : ""
      html.append(
          "<tr><td><a " +
          "href=\"#claim-\(escape(s.claim))\">\(escape(s.claim))</a></td><td>\(part)</td><td\(flag)>\(escape(s.verdict))</td>"
                  + "<td class=\"num\">\(s.asPredicted)/\(s.rows.count)</td><td>\(escape(s.keyFigure))</td></tr>")
    }
    html.append("</table>")

    html.append("<h2 id=\"figures\">Figures</h2>")
    for f in document.figures {
      html.append("<figure id=\"\(escape(f.id))\"><h3>\(escape(f.title))</h3>")
      html.append(renderer.render(f))
      html.append("<figcaption>\(escape(f.caption))</figcaption></figure>")
    }

    html.append("<h2 id=\"claims\">Claims and their evidence</h2>")
    for s in summaries {
      let claim = Claim.all.first { $0.id == s.claim }
      html.append("<section id=\"claim-\(escape(s.claim))\"><h3>\(escape(s.claim)) — \(escape(s.verdict))</h3>")
      if let claim { html.append("<p>Part \(claim.part). <em>“\(escape(claim.statement))”</em></p>") }
      let figures = document.figures.filter { f in (figuresByClaim[s.claim] ?? []).contains { f.id.hasPrefix($0) } }
      if !figures.isEmpty {
        html.append("<p>Figures: " + figures.map { "<a " +
            "href=\"#\(escape($0.id))\">\(escape($0.title))</a>" }.joined(separator: " · ") + "</p>")
      }
      html.append("<table><tr><th>method</th><th>landscape</th><th>verdict</th><th>evidence</th><th>seed</th></tr>")
      for r in s.rows {
        let verdict = r.isAsExpected
            ? (r.expected == .fails ? "refuted (expected)" : r.verdict.rawValue)
            : r.verdict.rawValue.uppercased() + " (unexpected)"
        html.append(
            "<tr><td>\(escape(r.method))</td><td>\(escape(r.landscape))</td>"
                    + "<td\(r.isAsExpected ? "" : " class=\"unexpected\"")>\(escape(verdict))</td>"
                    + "<td>\(escape(r.evidence))</td><td><code>\(escape(r.seed))</code></td></tr>")
      }
      html.append("</table>")
      for r in s.rows { if let d = r.details { html.append("<pre>\(escape(r.method)) · \(escape(r.landscape))\n\(escape(d))</pre>") } }
      html.append("<p class=\"muted\"><a href=\"#verdicts\">back to the verdicts</a></p></section>")
    }
    html.append("</body></html>")
    return html.joined(separator: "\n")
  }
}
