import Foundation
import Certification
import Expressions

/// `saddlecheck certify-figures`: what the certifier proves on a set of
/// functions, how tight L is, and how the time grows with the box and the
/// dimension (Markdown tables, for the README; run with `-c release`).
enum CertificationFigures {
  static func run(_ arguments: [String], output: (String) -> Void) throws(UsageError) -> Int32 {
    _ = try Arguments(arguments, options: [], flags: [])
    func certify(_ text: String, _ rows: [(Double, Double)]) -> (SmoothExpression, Certificate, Double)? {
      guard let f = try? SmoothExpression(text, dimension: text.contains("[") ? rows.count : nil) else { return nil }
      let start = Date()
      let c = Certifier().certify(f, on: Box(lower: rows.map(\.0), upper: rows.map(\.1)))
      return (f, c, Date().timeIntervalSince(start))
    }
    func kinds(_ c: Certificate) -> String {
      let p = c.criticalPoints.filter(\.isInsideBox)
      let counts = CertifiedCriticalPoint.Kind.allCases.compactMap { k -> String? in
        let n = p.filter { $0.kind == k }.count
        return n == 0 ? nil : "\(n) \(k.rawValue)"
      }
      return counts.isEmpty ? "none" : counts.joined(separator: ", ")
    }
    func g(_ x: Double) -> String { String(format: "%.4g", x) }

    output("### Points certified, L against sampling\n")
    output("| f | box | certified points | undecided regions | certified L | sampled max ‖∇²f‖ | L / sampled | f_low | time (s) |")
    output("|---|---|---|---|---|---|---|---|---|")
    let cases: [(String, [(Double, Double)])] = [
      ("0.5*x^2 + cos(y)", [(-4, 4), (-4, 4)]),
      ("x^4/4 - x^2/2 + y^2/2", [(-2, 2), (-2, 2)]),
      ("cos(x[1]) + cos(x[2]) + cos(x[3])", Array(repeating: (-1, 4), count: 3)),
      ("(1 - x)^2 + 100*(y - x^2)^2", [(-2, 2), (-2, 2)]),
      ("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", [(-5, 5), (-5, 5)]),
      ("(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2", [(-3, 3), (-2, 2)]),
      ("tanh(x)*tanh(y) + 0.1*(x^2 + y^2)", [(-3, 3), (-3, 3)]),
      ("log(1 + exp(x - y)) + 0.5*(x^2 + y^2) - x", [(-3, 3), (-3, 3)]),
      ("x^4 + y^2", [(-1, 1), (-1, 1)]),
      ("(x*y - 1)^2", [(-2, 2), (-2, 2)]),
      ("log(x) + y^2", [(-1, 1), (-1, 1)]),
    ]
    for (text, rows) in cases {
      guard let (_, c, t) = certify(text, rows) else { continue }
      let box = rows.allSatisfy { $0 == rows[0] } ? "[\(g(rows[0].0)), \(g(rows[0].1))]^\(rows.count)"
        : rows.map { "[\(g($0.0)), \(g($0.1))]" }.joined(separator: "×")
      output("| `\(text)` | \(box) | \(kinds(c)) | \(c.undecided.count) | \(g(c.lipschitz.certified)) | \(g(c.lipschitz.sampledMaximum)) | "
        + "\(c.lipschitz.certified.isFinite ? String(format: "%.4f", c.lipschitz.overestimate) : "—") | "
        + "\(g(c.lowerBound.certified)) | \(String(format: "%.3f", t)) |")
    }

    output("\n### Time against box size: `0.5*x^2 + cos(y)` on [−a, a]²\n")
    output("| a | certified points | boxes examined | L boxes | time (s) |")
    output("|---|---|---|---|---|")
    for a in [2.0, 8, 32, 128, 512] {
      guard let (_, c, t) = certify("0.5*x^2 + cos(y)", [(-a, a), (-a, a)]) else { continue }
      let points = c.criticalPoints.filter(\.isInsideBox).count
      output("| \(g(a)) | \(points) | \(c.boxesExamined) | \(c.lipschitz.boxes) | \(String(format: "%.3f", t)) |")
    }

    output("\n### Time against dimension: `Σ cos(x[i])` on [−1, 4]^d (2^d critical points)\n")
    output("| d | certified points | undecided | boxes examined | time (s) |")
    output("|---|---|---|---|---|")
    for d in 1...6 {
      let text = (1...d).map { "cos(x[\($0)])" }.joined(separator: " + ")
      guard let (_, c, t) = certify(text, Array(repeating: (-1, 4), count: d)) else { continue }
      let points = c.criticalPoints.filter(\.isInsideBox).count
      output("| \(d) | \(points) | \(c.undecided.count) | \(c.boxesExamined) | \(String(format: "%.3f", t)) |")
    }

    output("\n### Time against dimension, coupled: `Σ (x[i]^2 − 1)^2/4 + 0.2·Σ x[i]·x[i+1]` on [−2, 2]^d\n")
    output("| d | certified points (kinds) | undecided | boxes examined | certified L / sampled | time (s) |")
    output("|---|---|---|---|---|---|")
    for d in 1...5 {
      let wells = (1...d).map { "(x[\($0)]^2 - 1)^2/4" }.joined(separator: " + ")
      let coupling = d > 1 ? " + 0.2*(" + (1..<d).map { "x[\($0)]*x[\($0 + 1)]" }.joined(separator: " + ") + ")" : ""
      guard let (_, c, t) = certify(wells + coupling, Array(repeating: (-2, 2), count: d)) else { continue }
      output("| \(d) | \(c.criticalPoints.filter(\.isInsideBox).count) (\(kinds(c))) | \(c.undecided.count) | \(c.boxesExamined) | "
        + "\(String(format: "%.4f", c.lipschitz.overestimate)) | \(String(format: "%.3f", t)) |")
    }
    return SaddleCheckCommand.success
  }
}
