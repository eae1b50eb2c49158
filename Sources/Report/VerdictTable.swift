import Foundation
public import Checker

/// The terminal verdict table: one line per claim, at most ``width`` columns
/// (claim, verdict, rows as predicted, the key figure), and per-row detail for `--verbose`.
public enum VerdictTable {
  /// The widest line the table prints.
  public static let width = 120

  /// One claim's rows, in the order they first appear.
  public struct ClaimSummary: Sendable {
    public var claim: String
    public var rows: [CheckResult]
    /// Rows whose verdict is the predicted one.
    public var asPredicted: Int { rows.filter(\.isAsExpected).count }

    /// "holds", "refuted (expected)", "open (evidence)", or the unexpected verdict in capitals;
    /// rows counted apart are named in at most 18 columns: "holds, 1 outside" (rows outside the
    /// theorem's hypotheses), "holds, 2 uncovered" (points that are not strict saddles), and a
    /// claim all of whose rows are apart reads "outside hypotheses" or "not covered".
    public var verdict: String {
      let unexpected = rows.filter { !$0.isAsExpected }
      if unexpected.contains(where: { $0.verdict == .fails }) { return "FAILS (unexpected)" }
      if unexpected.contains(where: { $0.verdict == .inconclusive }) { return "INCONCLUSIVE" }
      if !unexpected.isEmpty { return "UNEXPECTED" }
      let uncovered = rows.filter { $0.verdict == .notCovered }.count
      let outside = rows.filter { $0.isOutsideHypotheses && $0.verdict != .notCovered }.count
      if outside == rows.count { return "outside hypotheses" }
      if uncovered + outside == rows.count { return "not covered" }
      let note = outside > 0 && uncovered > 0 ? ", \(outside + uncovered) apart"
        : outside > 0 ? ", \(outside) outside" : uncovered > 0 ? ", \(uncovered) uncovered" : ""
      switch rows.first?.expected ?? .holds {
      case .holds: return "holds" + note
      case .fails: return note.isEmpty ? "refuted (expected)" : "refuted" + note
      case .inconclusive: return note.isEmpty ? "open (evidence)" : "open" + note
      case .notCovered: return "not covered"
      }
    }

    /// The number that matters most for the claim, from the rows' typed evidence where they have it.
    public var keyFigure: String {
      let avoidance = rows.compactMap { r -> AvoidanceEvidence? in if case .avoidance(let a) = r.data { return a } else { return nil } }
      if !avoidance.isEmpty {
        let hits = avoidance.map(\.hits).reduce(0, +), starts = avoidance.map(\.starts).reduce(0, +)
        // Rows whose runs support a bound (all decided, or the undecided counted as hits; no bound
        // without runs or for a point not covered): never a figure a row's own runs disown.
        let worst = avoidance.compactMap { $0.hitProbabilityBound }.max()
        return "\(hits)/\(starts) hit" + (worst.map { String(format: "; P(hit) ≤ %.3g each (α = %g)",
            $0, avoidance[0].alpha) } ?? "")
      }
      let spectra = rows.compactMap { r -> SpectrumBracketEvidence? in
        if case .spectrumBracket(let s) = r.data { return s } else { return nil }
      }
      if !spectra.isEmpty {
        let runs = spectra.flatMap(\.trajectories)
        let inside = runs.filter { t in
          guard let lo = t.lower, let hi = t.upper, let a = t.smallestEigenvalue, let b = t.largestEigenvalue else { return false }
          return a >= lo * (1 - 1e-12) && b <= hi * (1 + 1e-12)
        }.count
        let drift = runs.compactMap(\.drift).max() ?? .nan
        return "Γ_t in bracket on \(inside)/\(runs.count) runs; "
          + (drift == 0 ? "Γ_T = Γ_{T/2}" : "‖ΔΓ‖/‖Γ‖ ≤ " + String(format: "%.2g", drift))
      }
      if let figure = compactFigure { return figure }
      for r in rows {
        if case .repellingDirections(let e) = r.data {
          return e.rows.map { "k=\($0.k): \($0.hits)/\($0.starts)" }.joined(separator: ", ") + " attracted"
        }
        if case .etaLipschitzTable(let t) = r.data, let first = t.ratio.first?.first, let last = t.ratio.last?.last {
          let shrink = (t.radii.first ?? 1) / (t.radii.last ?? 1), grow = Double(t.times.last ?? 1) / Double(t.times.first ?? 1)
          return String(format: "ε̂ %.2g → %.2g as r ÷ %g, t × %g", first, last, shrink, grow)
        }
      }
      let shown = rows.first { !$0.isAsExpected } ?? rows.first
      return shown?.evidence ?? ""
    }
  }

  /// The rows grouped by claim, in order of first appearance.
  public static func claims(_ results: [CheckResult]) -> [ClaimSummary] {
    var order: [String] = []
    var rows: [String: [CheckResult]] = [:]
    for r in results {
      if rows[r.claim] == nil { order.append(r.claim) }
      rows[r.claim, default: []].append(r)
    }
    return order.map { ClaimSummary(claim: $0, rows: rows[$0]!) }
  }

  /// One line per claim, each at most ``width`` columns.
  public static func render(_ results: [CheckResult]) -> String {
    let columns = [40, 18, 9]
    func cell(_ s: String, _ w: Int) -> String { fit(s, w).padding(toLength: w, withPad: " ", startingAt: 0) }
    let keyWidth = width - columns.reduce(0, +) - 2 * columns.count
    var lines = [cell("claim", columns[0]) + "  " + cell("verdict", columns[1]) + "  " + cell("predicted",
        columns[2]) + "  " + "key figure"]
    for c in claims(results) {
      lines.append(cell(c.claim, columns[0]) + "  " + cell(c.verdict,
          columns[1]) + "  " + cell("\(c.asPredicted)/\(c.rows.count)", columns[2])
                   + "  " + fit(c.keyFigure, keyWidth))
    }
    return lines.joined(separator: "\n")
  }

  /// Every row: claim · method · landscape, verdict, and its evidence wrapped to ``width`` columns.
  public static func renderRows(_ results: [CheckResult]) -> String {
    var lines: [String] = []
    for r in results {
      let verdict: String
      if r.verdict == .notCovered {
        verdict = "not covered by the theorem"
      } else if r.isOutsideHypotheses {
        verdict = r.verdict.rawValue + (r.verdict == .holds ? " (outside hypotheses)" : " (outside hypotheses: expected-possible)")
      } else {
        verdict = r.isAsExpected ? (r.expected == .fails ? "refuted " +
            "(expected)" : r.verdict.rawValue) : r.verdict.rawValue.uppercased() + " (unexpected)"
      }
      lines.append(fit("\(r.claim) · \(r.method) · \(r.landscape): \(verdict)", width))
      lines += wrap(r.evidence, width: width - 6).map { "      " + $0 }
    }
    return lines.joined(separator: "\n")
  }

  /// The rows' longer tables (`details`), each headed by its claim, every line wrapped to ``width`` columns.
  public static func renderDetails(_ results: [CheckResult]) -> String {
    var lines: [String] = []
    for r in results {
      guard let d = r.details else { continue }
      lines.append("")
      for line in "\(r.claim) — \(d)".split(separator: "\n", omittingEmptySubsequences: false) {
        lines += line.count <= width ? [String(line)] : wrap(String(line), width: width)
      }
    }
    return lines.joined(separator: "\n")
  }

  /// `s` cut to `w` characters with an ellipsis.
  static func fit(_ s: String, _ w: Int) -> String { s.count <= w ? s : String(s.prefix(w - 1)) + "…" }

  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = [], current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      let word = fit(String(word), width)
      if !current.isEmpty && current.count + word.count + 1 > width {
        lines.append(current)
        current = word
      } else {
        current += (current.isEmpty ? "" : " ") + word
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }
}

extension VerdictTable.ClaimSummary {
  /// The data of every row of one kind.
  func data<T>(_ pick: (CheckEvidence) -> T?) -> [T] { rows.compactMap { $0.data.flatMap(pick) } }

  /// A short key figure (≲ 47 columns) from the rows' data, for the kinds that have one; nil
  /// when no row of the claim carries such data (the first row's text is shown instead).
  var compactFigure: String? {
    func g(_ x: Double?) -> String { x.map { String(format: "%.2g", $0) } ?? "–" }
    func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
    guard rows.allSatisfy(\.isAsExpected) else { return nil }  // an unexpected row: show its own text
    let lipschitz = data { if case .lipschitzCertificate(let e) = $0 { e } else { nil } }
    if !lipschitz.isEmpty { return "sampled max/L ≤ \(g(lipschitz.map(\.tightness).max())), \(count(lipschitz.count, "landscape"))" }
    let planted = data { if case .plantedCriticalPoints(let e) = $0 { e } else { nil } }
    if !planted.isEmpty {
      return "\(planted.map(\.points).reduce(0, +)) points, ‖∇f‖ ≤ \(g(planted.map(\.largestGradient).max())), "
        + "spectra to \(g(planted.map(\.largestEigenvalueError).max()))"
    }
    let fixed = data { if case .unstableFixedPoint(let e) = $0, e.outcome == .compared { e.spectralRadius } else { nil } }
    // ρ − 1, not ρ: two digits of ρ = 1.03 would read "1", as if the saddle were not unstable.
    if let lo = fixed.min(), let hi = fixed.max() {
      return "ρ(Dg(x*)) ∈ 1 + [\(g(lo - 1)), \(g(hi - 1))], \(count(fixed.count, "saddle"))"
    }
    let inertia = data { if case .inertia(let e) = $0 { e } else { nil } }
    if !inertia.isEmpty {
      let agree = inertia.filter { $0.negativeEigenvalues == $0.plantedIndex && $0.expandingEigenvalues == $0.plantedIndex }.count
      return "counts = planted index \(agree)/\(inertia.count); residual ≤ \(g(inertia.compactMap(\.similarityResidual).max()))"
    }
    let variation = data { if case .variationOfConstants(let e) = $0 { e } else { nil } }
    if !variation.isEmpty {
      return "summed-form error ≤ \(g(variation.map(\.summedError).max())) (tol. \(g(variation.map(\.tolerance).min())))"
    }
    let inequalities = data { if case .trajectoryInequalities(let e) = $0 { e } else { nil } }
    if !inequalities.isEmpty {
      return "\(inequalities.map(\.violating).reduce(0, +)) violations in \(inequalities.map(\.trajectories).reduce(0, +)) "
        + "trajectories × \(inequalities.map(\.steps).max() ?? 0) steps"
    }
    let maps = data { if case .diffeomorphism(let e) = $0 { e } else { nil } }
    let inside = data { if case .hypothesisSweep(let e) = $0, e.inside { e } else { nil } }.flatMap { $0.cells.filter(\.withinHypotheses) }
    if !maps.isEmpty || !inside.isEmpty {
      var parts: [String] = []
      if !maps.isEmpty { parts.append("det Dg > 0 on \(maps.filter(\.determinantPositive).count)/\(maps.count) rows") }
      if !inside.isEmpty { parts.append("\(inside.filter(\.breaks).count)/\(inside.count) sweep cells broke") }
      return parts.joined(separator: "; ")
    }
    let attraction = data { if case .attraction(let e) = $0 { e } else { nil } }
    if let a = attraction.first {
      return "\(a.hits)/\(a.starts) attracted, \(String(format: "%g", 100 * (1 - a.confidence))) % CP [\(g(a.lower)), \(g(a.upper))]"
    }
    let steps = data { if case .stepBound(let e) = $0 { e } else { nil } }
    let sweeps = data { if case .hypothesisSweep(let e) = $0, !e.inside { e } else { nil } }
    if !steps.isEmpty || !sweeps.isEmpty {
      let outside = sweeps.flatMap { $0.cells.filter { !$0.withinHypotheses } }
      var parts: [String] = []
      if !steps.isEmpty { parts.append("det Dg ≤ 0 in \(steps.filter(\.refuted).count)/\(steps.count) cases") }
      if !outside.isEmpty { parts.append("\(outside.filter(\.breaks).count)/\(outside.count) cells broke") }
      return parts.joined(separator: "; ")
    }
    let graphs = data { if case .stableSetGraph(let e) = $0 { e.lipschitz } else { nil } }
    let adaptive = data { if case .adaptiveStableSet(let e) = $0 { e.lipschitz } else { nil } }
    if !graphs.isEmpty || !adaptive.isEmpty {
      return "graph of F, Lipschitz ≤ \(g((graphs + adaptive).max())) on \(count(graphs.count + adaptive.count, "saddle"))"
    }
    let perko = data { if case .perkoODE(let e) = $0 { e } else { nil } }
    if let p = perko.first { return "|c₃ + c₁²/3|/(c₁²/3) ≤ \(g(p.relativeError)) (trapezoid rule)" }
    let network = data { if case .networkDerivative(let e) = $0 { e } else { nil } }
    if let n = network.first { return "∂f/∂x within \(g(n.derivativeRatio)) of tolerance at \(n.points) points" }
    return nil
  }
}
