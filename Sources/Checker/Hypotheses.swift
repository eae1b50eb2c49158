import LinearAlgebra
import Foundation
public import Landscapes
public import Dynamics

/// The hypotheses of the avoidance theorems ([LPP+19] Thm 2 / Cor 2 for
/// constant steps, [AMPW22] for AdaGrad-type Γ_t) for one objective and one
/// method, stated before a run's rows:
/// - ∇f is L-Lipschitz with L certified (on the objective's `certifiedRegion`), or only
///   estimated when the objective's `boundProvenance` says so (the statement then says *estimated*);
/// - the step bound ‖Γ_t‖·L < 1 (GD: α < 1/L; AdaGrad: η/δ0 < 1/L), read from
///   the method's stated step spectrum (``FirstOrderMethod/lastStepSpectrum``)
///   on one step from each point itself (where g = 0 and an adaptive Γ_t is
///   largest) and 100 steps from 0.1 away along (1, …, 1)/√d — evidence, not
///   proof, for a user's method; unknown when the method states no spectrum;
/// - each point under test is a strict saddle, λ_min(∇²f(x*)) < 0.
///
/// A row is *covered* when all three hold; otherwise *outside the hypotheses*
/// (the theorem predicts nothing; a failure there is expected-possible).
public struct Hypotheses: Sendable, Hashable, Codable {
  /// L (certified or estimated: ``provenance``) and where.
  public var lipschitz: Double
  public var region: String
  /// Whether L is certified or only estimated (then the step bound rests on the estimate).
  public var provenance: BoundProvenance = .certified
  /// The largest ‖Γ_t‖ seen (nil: the method states no step spectrum).
  public var largestStep: Double?
  /// The points under test: location's index among the objective's planted points and λ_min.
  public var points: [(index: Int, lambdaMin: Double)] { zip(pointIndices, pointLambdaMin).map { ($0, $1) } }
  var pointIndices: [Int]
  var pointLambdaMin: [Double]
  /// For a method with an auxiliary state (``ExtendedStateMethod``): the conditions of the
  /// extended-map theorem it states, evaluated for L; they replace the step bound ‖Γ_t‖·L < 1.
  public var methodConditions: [MethodCondition]?
  /// Set when sampling refuted the stated L (the `landscape.lipschitz-certificate` row failed, e.g.
  /// an understated L, a wrong gradient, a non-finite value): every row is then outside the hypotheses.
  public var lipschitzRefutation: String?

  /// Whether ‖Γ_t‖·L < 1 was seen to hold (nil: unknown).
  public var stepBoundHolds: Bool? { largestStep.map { $0 * lipschitz < 1 } }

  /// Measures the hypotheses of `method` on `f` at `points` (indices into `f.criticalPoints`).
  public static func measure<M: FirstOrderMethod, F: Objective>(_ method: M, on f: F, points: [Int]) -> Hypotheses {
    let planted = f.criticalPoints
    var largest: Double?
    for k in points.prefix(5) {
      let p = planted[k].location
      var m = method
      var x = m.step(from: p, on: f)
      guard let s = m.lastStepSpectrum?.components.map(abs).max(), !s.isNaN else {
        largest = nil
        break
      }
      largest = Swift.max(largest ?? 0, s)
      m = method
      x = p + (0.1 / Double(f.dimension).squareRoot()) * Vector(Array(repeating: 1.0, count: f.dimension))
      for _ in 0..<100 {
        x = m.step(from: x, on: f)
        guard x.isFinite else { break }
        if let s = m.lastStepSpectrum?.components.map(abs).max(), !s.isNaN { largest = Swift.max(largest ?? 0, s) }
      }
    }
    if points.isEmpty {
      var m = method
      _ = m.step(from: Vector(zeros: f.dimension), on: f)
      largest = m.lastStepSpectrum?.components.map(abs).max()
    }
    var h = Hypotheses(lipschitz: f.lipschitzConstant, region: f.certifiedRegion.summary, provenance: f.boundProvenance,
                       largestStep: largest,
                       pointIndices: points, pointLambdaMin: points.map { planted[$0].hessianEigenvalues.components.first ?? 0 })
    if let extended = method as? any ExtendedStateMethod { h.methodConditions = extended.conditions(lipschitz: f.lipschitzConstant) }
    return h
  }

  /// The coverage of a row about point `index` (nil: a row about the method alone).
  public func coverage(point index: Int?) -> Coverage {
    var reasons: [String] = []
    if lipschitzRefutation != nil { reasons.append("L is refuted by sampling (landscape.lipschitz-certificate fails)") }
    if let methodConditions {
      reasons += methodConditions.filter { !$0.holds }.map { "condition fails: \($0.statement)" }
    } else {
    switch stepBoundHolds {
    case .some(true): break
    case .some(false): reasons.append("step bound violated: ‖Γ_t‖·L = \(short((largestStep ?? 0) * lipschitz)) ≥ 1")
    case .none: reasons.append("step bound not established: the method states no step spectrum")
    }
    }
    if let index, let k = pointIndices.firstIndex(of: index), pointLambdaMin[k] >= 0 {
      reasons.append("x* is not a strict saddle (λ_min = \(pointLambdaMin[k]))")
    }
    return reasons.isEmpty ? .covered : .outsideHypotheses(reason: reasons.joined(separator: "; "))
  }

  /// The L line: *certified*, or *estimated* with how (never called certified then).
  var lipschitzLine: String {
    switch provenance {
    case .certified: "  L = \(short(lipschitz)) certified on \(region)"
    case .estimated(let how):
      "  L = \(short(lipschitz)) ESTIMATED, not certified (\(how)): the step bound and coverage rest on this estimate"
    }
  }

  /// The statement printed before the rows.
  public var lines: [String] {
    var out = ["hypotheses of the avoidance theorems ([LPP+19] Thm 2, [AMPW22]):",
               lipschitzLine]
    if region != "R^d" {
      out.append("  L holds on \(region) only: a row whose runs diverge out of it, or whose map's inverse leaves it, "
                 + "is outside the hypotheses")
    }
    if let lipschitzRefutation {
      out.append("  L REFUTED by sampling (\(lipschitzRefutation)): every row is outside the hypotheses")
    }
    if let methodConditions {
      out[0] = "hypotheses of the avoidance theorem for the extended map ([LPP+19] Thm 2 applied to G; [OW19]):"
      for c in methodConditions { out.append("  \(c.statement) — \(c.holds ? "holds" : "FAILS: rows are outside the hypotheses")") }
    } else {
    switch stepBoundHolds {
    case .some(let ok):
      let verdict = ok ? "holds" : "VIOLATED: rows are outside the hypotheses"
      out.append("  step bound ‖Γ_t‖·L < 1: largest ‖Γ_t‖·L seen = \(short((largestStep ?? 0) * lipschitz)) — \(verdict)")
    case .none:
      out.append("  step bound ‖Γ_t‖·L < 1: not established (the method states no step spectrum): rows are outside the hypotheses")
    }
    }
    let strict = pointLambdaMin.filter { $0 < 0 }.count
    out.append("  points under test: \(pointIndices.count), strict saddles (λ_min < 0): \(strict)"
               + (strict < pointIndices.count ? ", not strict (λ_min = 0, not covered): \(pointIndices.count - strict)" : ""))
    return out
  }
}

/// A run's hypotheses, its rows, and what was left out when work was capped.
public struct CheckReport: Sendable, Hashable, Codable {
  /// The hypotheses statement (printed before the rows).
  public var hypotheses: [String]
  /// The rows.
  public var results: [CheckResult]
  /// What a cap left out (empty when nothing was).
  public var leftOut: [String]
  /// The claims that do not apply to a method or objective, each with the reason (empty when
  /// every claim ran). Unlike ``leftOut`` this is not missing work: the claim says nothing there.
  public var skipped: [SkippedClaim]

  public init(hypotheses: [String], results: [CheckResult], leftOut: [String] = [], skipped: [SkippedClaim] = []) {
    self.hypotheses = hypotheses
    self.results = results
    self.leftOut = leftOut
    self.skipped = skipped
  }

  /// The report as text: the hypotheses, one entry per row (verdict, claim · method · landscape,
  /// coverage when outside the hypotheses, then the evidence indented), what was left out, and the
  /// skipped claims with their reasons.
  public var rendered: String {
    var lines = hypotheses
    lines.append("")
    for r in results {
      let indent = String(repeating: " ", count: 13)
      var head = Self.wrap(indent + "\(r.claim) · \(r.method) · \(r.landscape)", indent: indent)
      head[0] = r.verdict.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0) + head[0].dropFirst(13)
      lines += head
      if case .outsideHypotheses(let reason) = r.coverage {
        lines += Self.wrap(indent + "outside the hypotheses: " + reason, indent: indent)
      }
      lines += Self.wrap(indent + r.evidence, indent: indent)
    }
    if !leftOut.isEmpty { lines.append("LEFT OUT: " + leftOut.joined(separator: "\n          ")) }
    if !skipped.isEmpty { lines.append("SKIPPED (claims that do not apply, and why):") ; lines += skippedLines.map { "  " + $0 } }
    return lines.joined(separator: "\n")
  }

  /// The skipped claims as lines: claims sharing a reason on one line ("claims — reason"), followed
  /// by the methods and landscapes it was given for.
  public var skippedLines: [String] {
    var reasons: [String] = []
    var claims: [String: [String]] = [:], targets: [String: [String]] = [:]
    for s in skipped {
      if claims[s.reason] == nil { reasons.append(s.reason) }
      if !(claims[s.reason] ?? []).contains(s.claim) { claims[s.reason, default: []].append(s.claim) }
      let target = "\(s.method) · \(s.landscape)"
      if !(targets[s.reason] ?? []).contains(target) { targets[s.reason, default: []].append(target) }
    }
    return reasons.flatMap { r in
      Self.wrap("\((claims[r] ?? []).joined(separator: ", ")) — \(r)", indent: "    ")
        + Self.wrap("    for " + (targets[r] ?? []).joined(separator: "; "), indent: "        ")
    }
  }

  /// `text` broken at spaces into lines of at most `width` characters, continued with `indent`.
  static func wrap(_ text: String, width: Int = 110, indent: String) -> [String] {
    let lead = String(text.prefix { $0 == " " })
    var lines: [String] = [], line = lead
    for word in text.dropFirst(lead.count).split(separator: " ") {
      if line.count > lead.count, line.count + 1 + word.count > width {
        lines.append(line)
        line = indent + word
      } else {
        line += (line.count > lead.count ? " " : "") + word
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}

/// A claim that was not run for a method on an objective, and why.
public struct SkippedClaim: Sendable, Hashable, Codable {
  /// The claim's identifier (or "every claim").
  public var claim: String
  public var method: String
  public var landscape: String
  /// Why the claim does not apply (or could not run).
  public var reason: String

  public init(claim: String, method: String, landscape: String, reason: String) {
    self.claim = claim
    self.method = method
    self.landscape = landscape
    self.reason = reason
  }
}
