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

    /// "holds", "refuted (expected)", "open (evidence)", or the unexpected verdict in capitals.
    public var verdict: String {
      let unexpected = rows.filter { !$0.isAsExpected }
      if unexpected.contains(where: { $0.verdict == .fails }) { return "FAILS (unexpected)" }
      if unexpected.contains(where: { $0.verdict == .inconclusive }) { return "INCONCLUSIVE" }
      if !unexpected.isEmpty { return "UNEXPECTED" }
      let apart = rows.filter { $0.verdict == .notCovered || $0.isOutsideHypotheses }.count
      if apart == rows.count { return "not covered" }
      let note = apart > 0 ? " (\(apart) not covered)" : ""
      switch rows.first?.expected ?? .holds {
      case .holds: return "holds" + note
      case .fails: return "refuted (expected)" + note
      case .inconclusive: return "open (evidence)" + note
      case .notCovered: return "not covered"
      }
    }

    /// The number that matters most for the claim, from the rows' typed evidence where they have it.
    public var keyFigure: String {
      let avoidance = rows.compactMap { r -> AvoidanceEvidence? in if case .avoidance(let a) = r.data { return a } else { return nil } }
      if !avoidance.isEmpty {
        let hits = avoidance.map(\.hits).reduce(0, +), starts = avoidance.map(\.starts).reduce(0, +)
        let worst = avoidance.filter { $0.hits == 0 }.map(\.upperBound).max()
        return "\(hits)/\(starts) starts hit" + (worst.map { String(format: "; P(hit) ≤ %.3g each (α = %g)",
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
        return "spec(Γ_t) in bracket on \(inside)/\(runs.count) runs; drift ≤ " + String(format: "%.2g", drift)
      }
      for r in rows {
        if case .repellingDirections(let e) = r.data {
          return e.rows.map { "k=\($0.k): \($0.hits)/\($0.starts)" }.joined(separator: ", ") + " attracted"
        }
        if case .etaLipschitzTable(let t) = r.data, let first = t.ratio.first?.first, let last = t.ratio.last?.last {
          return String(format: "ε̂ from %.2g (r=%g, t=%d) to %.2g (r=%g, t=%d)", first, t.radii.first ?? 0, t.times.first ?? 0,
                        last, t.radii.last ?? 0, t.times.last ?? 0)
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
