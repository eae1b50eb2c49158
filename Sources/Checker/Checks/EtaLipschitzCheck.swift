public import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics

/// `adagrad.eta-lipschitz-small` (the talk's Proposition): along a
/// trajectory that converges to the strict saddle x*, with
/// θ(x) = ∇f(x) − ∇²f(x*)(x − x*) and η(t, x) = −Γθ(x) − (Γ_t − Γ)∇f(x),
/// for every ε > 0 there are r, t0 with ‖η(t, x) − η(t, y)‖ ≤ ε‖x − y‖ on
/// B_r(x*) for t > t0.
///
/// The trajectory starts on the saddle's stable set. ``run(_:on:saddle:start:horizon:seed:label:)``
/// simulates it, which needs an exactly invariant stable set (the axis-aligned separable
/// landscape of ``axisAlignedLandscape(dimension:seed:)``, whose stable hyperplane is invariant
/// in floating point under every AdaGrad geometry); ``run(gammas:method:on:saddle:seed:label:)``
/// takes the Γ_t of an orbit computed elsewhere — on landscapes with no invariant subspace, an
/// orbit of the stable set found by the discrete Lyapunov–Perron iteration
/// (``AdaptiveStableSet``), which converges to x* for as long as it is computed. Γ is taken as
/// Γ_T at the horizon. The sampled ratio ε̂(r, t) — the largest over
/// 40 pairs in B_r(x*) and over later times t' ∈ {t, …, t + 9, 2t, 2t + 1, …, 5t + 1},
/// since the claim is about all t > t0 — must (1) stay below the analytic bound
/// ‖Γ‖·M₃·r + L‖Γ_t − Γ‖ (M₃ the certified third-derivative bound, since
/// ‖∇²f(x) − ∇²f(x*)‖ ≤ M₃‖x − x*‖), and (2) decrease to 0: ε̂ at the
/// smallest r and largest t is at most 1/10 of ε̂ at the largest r and smallest t.
public enum EtaLipschitzCheck {
  public struct Table: Sendable, Hashable, Codable {
    public var radii: [Double]
    public var times: [Int]
    /// ratio[i][j] = ε̂(radii[i], times[j]).
    public var ratio: [[Double]]
    public var bound: [[Double]]
    /// Per radius: the largest ‖∇²f(x) − ∇²f(x*)‖₂ over the 80 sampled points of B_r (a lower
    /// estimate of the sup in the bound, shown next to the certified M₃r ≥ sup used there).
    public var sampledCurvature: [Double] = []
    public var certifiedCurvature: [Double] = []
    /// The rounding slack a cell may exceed its bound by (nil in documents before it was recorded).
    public var slack: Double?
    /// Where the orbit came from, when it is not a trajectory of the method from a start
    /// (e.g. "on the stable-set orbit from a⁺ = …"), appended to the text in parentheses.
    public var orbit: String?

    init(radii: [Double], times: [Int], ratio: [[Double]], bound: [[Double]]) {
      self.radii = radii
      self.times = times
      self.ratio = ratio
      self.bound = bound
    }

    private enum CodingKeys: String, CodingKey { case radii, times, ratio, bound, sampledCurvature, certifiedCurvature, slack, orbit }

    /// Decodes a table; the two curvature rows are optional (results written before they existed).
    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      radii = try c.decode([Double].self, forKey: .radii)
      times = try c.decode([Int].self, forKey: .times)
      ratio = try c.decode([[Double]].self, forKey: .ratio)
      bound = try c.decode([[Double]].self, forKey: .bound)
      sampledCurvature = try c.decodeIfPresent([Double].self, forKey: .sampledCurvature) ?? []
      certifiedCurvature = try c.decodeIfPresent([Double].self, forKey: .certifiedCurvature) ?? []
      slack = try c.decodeIfPresent(Double.self, forKey: .slack)
      orbit = try c.decodeIfPresent(String.self, forKey: .orbit)
      guard ratio.count == radii.count, bound.count == radii.count,
            ratio.allSatisfy({ $0.count == times.count }), bound.allSatisfy({ $0.count == times.count }) else {
        throw DecodingError.dataCorruptedError(forKey: .ratio, in: c,
            debugDescription: "ratio and bound must have one row per radius and one entry per time")
      }
    }

    /// The first cell (radius-major) whose ratio exceeds its bound plus the slack, as text; else, if
    /// ε̂ does not fall tenfold from the first cell to the last, that; nil when the table passes.
    public var violation: String? {
      for i in radii.indices {
        for j in times.indices where ratio[i][j] > bound[i][j] + (slack ?? 0) {
          return "ε̂(\(radii[i]), \(times[j])) = \(ratio[i][j]) exceeds the bound \(bound[i][j])"
        }
      }
      guard let first = ratio.first?.first, let last = ratio.last?.last else { return "the table is empty" }
      guard last <= first / 10 else {
        return "ε̂ does not decrease: \(first) at (r, t) = (\(radii[0]), \(times[0])), "
          + "\(last) at (\(radii.last!), \(times.last!))"
      }
      return nil
    }

    /// The one-line text of the row, rendered from the table.
    public var summary: String {
      var text = violation ?? "ε̂(r, t) from \(ratio[0][0]) at r = \(radii[0]), t = \(times[0]) down to "
        + "\(ratio.last!.last!) at r = \(radii.last!), t = \(times.last!), below the analytic bound in every cell"
      if let orbit { text += " (\(orbit))" }
      return text
    }

    /// The table as text, one row per radius.
    public var rendered: String {
      "r \\ t  " + times.map { "t=\($0)" }.joined(separator: "  ") + "\n"
        + radii.indices.map { i in
          "r=\(radii[i])  " + times.indices.map { j in "\(short(ratio[i][j])) (≤ \(short(bound[i][j])))" }.joined(separator: "  ")
        }.joined(separator: "\n")
        + (sampledCurvature.isEmpty ? "" : "\nsup_{B_r}‖∇²f − ∇²f(x*)‖: sampled "
             + radii.indices.map { "\(short(sampledCurvature[$0])) (r=\(radii[$0]))" }.joined(separator: ", ")
             + "; certified M₃r " + certifiedCurvature.map(short).joined(separator: ", "))
    }

    func short(_ x: Double) -> String { x == 0 ? "0" : String(format: "%.2e", x) }
  }

  public static func run<P: MatrixStepPolicy, F: Objective>(
    _ method: PolicyDescent<P>, on f: F, saddle: PlantedCriticalPoint, start: Vector, horizon: Int = 2000, seed: UInt64, label: String
  ) -> (CheckResult, Table) {
    var m = method
    var x = start
    var gammas: [Matrix] = []
    for _ in 0...horizon {
      let g = f.gradient(at: x)
      gammas.append(m.policy.stepMatrix(for: g))
      x = m.step(from: x, on: f)
    }
    return run(gammas: gammas, method: method.name, on: f, saddle: saddle, seed: seed, label: label)
  }

  /// The check on a given orbit's step matrices Γ_0 … Γ_N (Γ = Γ_N): for an orbit that
  /// converges to x* computed elsewhere, e.g. a point of the stable set found by
  /// ``AdaptiveStableSet/lyapunovPerron(_:saddle:split:stable:makePolicy:horizon:initialUnstable:maximumSweeps:)``.
  public static func run<F: Objective>(
    gammas: [Matrix], method name: String, on f: F, saddle: PlantedCriticalPoint, seed: UInt64, label: String
  ) -> (CheckResult, Table) {
    precondition(gammas.count >= 3, "need an orbit of at least 2 steps")
    let claim = Claim.adagradEtaLipschitzSmall.id
    let xs = saddle.location
    let h = f.hessian(at: xs)
    let horizon = gammas.count - 1
    let gamma = gammas[horizon]
    let times = [1, 10, 100, 1000].filter { $0 < horizon }
    let radii = [1e-1, 1e-2, 1e-3]
    let m3 = f.thirdDerivativeBound, l = f.lipschitzConstant
    var rng = Xoshiro256StarStar(seed: seed)
    var table = Table(radii: radii, times: times, ratio: [], bound: [])
    let slack = roundingAllowance(f.dimension) * (l * gamma.frobeniusNorm + 1) * 1e3
    for r in radii {
      var row: [Double] = [], boundRow: [Double] = []
      let pairs = (0..<40).map { _ in (Draw.inBall(center: xs, radius: r, using: &rng), Draw.inBall(center: xs, radius: r, using: &rng)) }
      table.sampledCurvature.append(pairs.flatMap { [$0.0, $0.1] }.map { (f.hessian(at: $0) - h).symmetricPart.spectralNorm }.max() ?? 0)
      table.certifiedCurvature.append(m3 * r)
      for t in times {
        // "for t > t0": the worst over later times t' (t … t + 9 and 2t … 5t, +1 for both parities).
        let later = Set((t..<(t + 10)) + (2...5).flatMap { [$0 * t, $0 * t + 1] }).filter { $0 < horizon }.sorted()
        var worst = 0.0
        var worstDifference = 0.0
        for s in later {
          let difference = gammas[s] - gamma
          worstDifference = Swift.max(worstDifference, difference.symmetricPart.spectralNorm)
          func eta(_ y: Vector) -> Vector {
            let g = f.gradient(at: y)
            return -(gamma * (g - h * (y - xs))) - difference * g
          }
          for (a, b) in pairs where a != b {
            worst = Swift.max(worst, (eta(a) - eta(b)).euclideanNorm / a.distance(to: b))
          }
        }
        let bound = gamma.symmetricPart.spectralNorm * m3 * r + l * worstDifference
        row.append(worst)
        boundRow.append(bound)
      }
      table.ratio.append(row)
      table.bound.append(boundRow)
    }
    table.slack = slack
    let result = CheckResult(claim: claim, method: name, landscape: label, verdict: table.violation == nil ? .holds : .fails,
                             data: .etaLipschitzTable(table))
    return (result, table)
  }

  /// The axis-aligned landscape the claim is checked on: one double well
  /// (the unstable axis e₁) and quadratics, in dimension d.
  public static func axisAlignedLandscape(dimension d: Int, seed: UInt64) -> RotatedDoubleWell {
    var rng = Xoshiro256StarStar(seed: seed)
    var profiles: [RotatedDoubleWell.Profile] = [.doubleWell(mu: Draw.uniform(from: 0.5, to: 1, using: &rng),
        r: Draw.uniform(from: 0.5, to: 1.5, using: &rng))]
    for _ in 1..<d { profiles.append(.quadratic(h: Draw.uniform(from: 0.2, to: 1, using: &rng))) }
    return RotatedDoubleWell(rotation: .identity(d), profiles: profiles)
  }
}

import Foundation
