import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
import Foundation

extension StableSetCheck {
  /// What the adaptive check measured (one saddle, one policy).
  public struct AdaptiveEvidence: Sendable, Hashable, Codable {
    public var index: Int
    public var points: Int
    /// Largest number of sweeps, and largest contraction factor, over the graph points.
    public var sweeps: Int
    public var contraction: Double
    /// Largest max_t ‖x_{t+1} − g_t(x_t)‖ and η-decomposition residual over the graph points.
    public var orbitResidual: Double
    public var etaResidual: Double
    /// |F from two different initial orbits| (single-valuedness).
    public var initialOrbitGap: Double
    /// k = 1: |F_LP − s*_shooting|, side changes on the scans, undecided scan starts.
    public var shootingGap: Double?
    public var sideChanges: Int?
    public var undecided: Int?
    /// max |F(a) − F(b)|/‖a − b‖ over sampled pairs.
    public var lipschitz: Double
    /// |F(a)|/‖a‖ at ‖a‖ = radius, and its ratio at radius/10 to that.
    public var slope: Double
    public var tangency: Double
    /// sin of the angle between the orbit's E^s(I − ΓH) and E^s_H, at ‖a‖ = radius and radius/10.
    public var angleFar: Double
    public var angleNear: Double
    /// Closest approach to x* from the graph start (and its step); from the 1e-6 offset, and
    /// the farthest distance the offset reaches after its closest approach.
    public var closestApproach: Double
    public var closestStep: Int
    public var offsetApproach: Double
    public var offsetEscape: Double
    /// Γ = lim Γ_t of the middle graph point's orbit: its spectrum (ascending), and
    /// ‖Γ − Γ(x*)‖/‖Γ(x*)‖ with Γ(x*) = the policy's step matrix at the saddle (η/δ0·I).
    public var gammaSpectrum: [Double]
    public var gammaChange: Double
    /// The E^s_H ball's radius and the orbit horizon N (nil in documents before they were recorded).
    public var radius: Double?
    public var horizon: Int?
    /// Every problem found, in order; the row fails on the first (empty: it holds).
    public var problems: [String]?
  }

  /// `stable-set.structure` for a step policy with a time-dependent Γ_t (AdaGrad: the talk's
  /// slides 28–36), at the planted strict saddle of `f`: F by the discrete Lyapunov–Perron
  /// iteration of ``AdaptiveStableSet`` (Γ_t recomputed from the orbit at every sweep), and for
  /// k = 1 by shooting with the method itself as an independent second computation.
  ///
  /// Holds when: every graph point converges (sweeps to rounding) to a true orbit of the
  /// policy (residual ≤ 1e-12); two different initial orbits give the same F (≤ 1e-12);
  /// k = 1: shooting agrees with Lyapunov–Perron to 1e-9 at `shootingPoints` points and a scan
  /// of the unstable coordinate changes side exactly once, every scan start deciding;
  /// F is Lipschitz with constant < 1 over the sampled ball; F is tangent to E^s_H at 0
  /// (|F(a)|/‖a‖ shrinks at least 3× as ‖a‖ shrinks 10×, or F vanishes to 1e-10·‖a‖);
  /// the graph start comes at least 100× closer to x* than a start offset by 1e-6 along E^u_H,
  /// and that offset escapes (reaches distance ≥ `radius` after its closest approach); and,
  /// independently of the iteration, no two of seven starts over one a⁺ (unstable coordinates
  /// 0, ±1e-3, ±1e-2, ±1e-1 times `radius`) both converge to x*. Fails on any of these;
  /// inconclusive when the iteration does not converge (no graph found is not a counterexample).
  public static func runAdaptive<P: MatrixStepPolicy, F: Objective>(
    _ f: F, saddle: PlantedCriticalPoint, policy makePolicy: () -> P, radius: Double = 0.05, points: Int = 6,
    shootingPoints: Int = 2, horizon: Int = 400, seed: UInt64, label: String
  ) -> (CheckResult, AdaptiveEvidence?) {
    let claim = Claim.stableSetStructure.id
    let xs = saddle.location
    let split = AdaptiveStableSet.Split(hessian: f.hessian(at: xs))
    let d = f.dimension, k = split.index
    let name = makePolicy().name
    func result(_ v: Verdict, _ e: String) -> CheckResult {
      CheckResult(claim: claim, method: name, landscape: label, verdict: v, data: .finding(e))
    }
    guard k >= 1, k < d else { return (result(.inconclusive, "index \(k) in dimension \(d): no stable coordinates to parametrize"), nil) }
    var rng = Xoshiro256StarStar(seed: seed)
    func direction() -> Vector { Draw.onUnitSphere(dimension: d - k, using: &rng) }
    func graph(_ a: Vector, _ u0: Double = 0) -> AdaptiveStableSet.GraphPoint? {
      AdaptiveStableSet.lyapunovPerron(f, saddle: xs, split: split, stable: a, makePolicy: makePolicy, horizon: horizon,
                                       initialUnstable: u0)
    }
    // Independent of the iteration: over one a⁺, starts with different unstable coordinates
    // must not both converge (end within 1e-12 of x* after 4N steps; on a graph, rounding
    // pushes even the graph start off, so at most one can).
    let probe = 0.2 * radius * direction()
    var converging: [Double] = []
    for s in [-0.1, -0.01, -0.001, 0, 0.001, 0.01, 0.1].map({ $0 * radius }) {
      var m = PolicyDescent(makePolicy())
      var x = xs + split.point(stable: probe, unstable: Vector(Array(repeating: s, count: k)))
      for _ in 0..<(4 * horizon) { x = m.step(from: x, on: f) }
      if x.distance(to: xs) <= 1e-12 { converging.append(s) }
    }
    if converging.count >= 2 {
      return (result(.fails, "not a graph: over a⁺ = \(probe) the starts with unstable coordinates \(converging) along E^u_H "
                       + "all converge to x* (within 1e-12 after \(4 * horizon) steps)"), nil)
    }
    var samples: [AdaptiveStableSet.GraphPoint] = []
    for i in 0..<points {
      let a = radius * (0.2 + 0.8 * Double(i) / Double(Swift.max(points - 1, 1))) * direction()
      guard let p = graph(a), p.converged else {
        return (result(.inconclusive, "the Lyapunov–Perron iteration did not converge for a⁺ = \(a)"), nil)
      }
      samples.append(p)
    }
    let sweeps = samples.map(\.sweeps).max()!
    let contraction = samples.map(\.contraction).max()!
    let orbitResidual = samples.map(\.orbitResidual).max()!
    let etaResidual = samples.map(\.etaResidual).max()!
    var problems: [String] = []
    if orbitResidual > 1e-12 { problems.append("the fixed point is not an orbit: residual \(orbitResidual)") }
    // Single-valued: a different initial orbit reaches the same F.
    var gap = 0.0
    for p in samples.prefix(2) {
      guard let q = graph(p.stable, 0.2 * radius), q.converged else {
        return (result(.inconclusive, "the iteration from a second initial orbit did not converge"), nil)
      }
      gap = Swift.max(gap, (q.unstable - p.unstable).maximumMagnitude)
    }
    if gap > 1e-12 { problems.append("two initial orbits give F values \(gap) apart: not single-valued") }
    var shootingGap: Double?, changes: Int?, undecided: Int?
    if k == 1 {
      var worst = 0.0, most = 0, open = 0
      for p in samples.suffix(shootingPoints) {
        guard let s = AdaptiveStableSet.shooting(PolicyDescent(makePolicy()), on: f, saddle: xs, split: split, stable: p.stable,
                                                 radius: radius) else {
          problems.append("shooting: the starts at ±\(radius) along E^u_H do not leave on opposite sides")
          continue
        }
        worst = Swift.max(worst, abs(s.value - p.unstable[0]))
        most = Swift.max(most, s.sideChanges)
        open += s.undecided
      }
      shootingGap = worst
      changes = most
      undecided = open
      if worst > 1e-9 { problems.append("shooting and Lyapunov–Perron disagree by \(worst)") }
      if most != 1 || open > 0 {
        problems.append("the scan of the unstable coordinate changes side \(most) times with \(open) starts that never leave")
      }
    }
    var lipschitz = 0.0
    for i in samples.indices {
      for j in samples.indices where j > i {
        let ratio = (samples[i].unstable - samples[j].unstable).euclideanNorm / samples[i].stable.distance(to: samples[j].stable)
        lipschitz = Swift.max(lipschitz, ratio)
      }
    }
    if lipschitz >= 1 { problems.append("Lipschitz constant \(lipschitz) ≥ 1") }
    let u = direction()
    guard let far = graph(radius * u), far.converged, let near = graph(radius / 10 * u), near.converged else {
      return (result(.inconclusive, "the tangency points did not converge"), nil)
    }
    let slope = far.unstable.euclideanNorm / radius
    let tangency = slope <= 1e-10 ? 0 : (near.unstable.euclideanNorm / (radius / 10)) / slope
    if tangency > 1.0 / 3.0 { problems.append("not tangent to E^s_H: |F(a)|/‖a‖ shrinks only by \(tangency) for ‖a‖ ÷ 10") }
    let middle = samples[samples.count / 2]
    let steps = 4 * horizon
    let on = AdaptiveStableSet.approach(PolicyDescent(makePolicy()), on: f, saddle: xs, from: middle.start, steps: steps)
    var offset = middle.start
    offset.add(split.unstable[0], scaledBy: 1e-6)
    let off = AdaptiveStableSet.approach(PolicyDescent(makePolicy()), on: f, saddle: xs, from: offset, steps: steps)
    if !(on.closest <= off.closest / 100) {
      problems.append("the graph start comes within \(on.closest), the 1e-6 offset within \(off.closest)")
    }
    if !(off.farthestAfter >= radius) {
      problems.append("the 1e-6 offset does not escape (farthest \(off.farthestAfter) after its closest approach)")
    }
    let spectrum = SymmetricEigendecomposition(of: middle.gammas[horizon].symmetricPart).eigenvalues.components
    let atSaddle = makePolicy().stepMatrix(for: Vector(zeros: d))
    let gammaChange = (middle.gammas[horizon] - atSaddle).symmetricPart.spectralNorm / atSaddle.symmetricPart.spectralNorm
    let evidence = AdaptiveEvidence(
      index: k, points: points, sweeps: sweeps, contraction: contraction, orbitResidual: orbitResidual, etaResidual: etaResidual,
      initialOrbitGap: gap, shootingGap: shootingGap, sideChanges: changes, undecided: undecided, lipschitz: lipschitz,
      slope: slope, tangency: tangency, angleFar: far.stableSpaceAngle, angleNear: near.stableSpaceAngle,
      closestApproach: on.closest, closestStep: on.at, offsetApproach: off.closest, offsetEscape: off.farthestAfter,
      gammaSpectrum: spectrum, gammaChange: gammaChange, radius: radius, horizon: horizon, problems: problems)
    let row = CheckResult(claim: claim, method: name, landscape: label, verdict: problems.isEmpty ? .holds : .fails,
                          data: .adaptiveStableSet(evidence))
    return (row, evidence)
  }

  static func describe(_ e: AdaptiveEvidence, radius: Double, horizon: Int) -> String {
    func s(_ x: Double) -> String { String(format: "%.2g", x) }
    var text = "index \(e.index), discrete Lyapunov–Perron with Γ_t from the orbit at every sweep (N = \(horizon)): "
      + "\(e.points) points over the E^s_H ball of radius \(radius); ≤ \(e.sweeps) sweeps, contraction factor ≤ \(s(e.contraction)); "
      + "orbit residual ≤ \(s(e.orbitResidual)), η = −Γθ − (Γ_t − Γ)∇f to \(s(e.etaResidual)); "
      + "two initial orbits agree to \(s(e.initialOrbitGap))"
    if let g = e.shootingGap { text += "; shooting agrees to \(s(g)), one side change on the scan" }
    text += "; Lipschitz constant \(s(e.lipschitz)); tangent to E^s_H = E^s(I − (η/δ0)H): "
      + "|F(a)|/‖a‖ = \(s(e.slope)) at ‖a‖ = \(radius), ×\(s(e.tangency)) at ‖a‖/10"
    text += "; the orbit's own E^s(I − ΓH), Γ = lim Γ_t (spectrum \(s(e.gammaSpectrum.first ?? .nan))…"
      + "\(s(e.gammaSpectrum.last ?? .nan)), "
      + "‖Γ − η/δ0·I‖/‖η/δ0·I‖ = \(s(e.gammaChange))), is at sin angle \(s(e.angleFar)) "
      + "(\(s(e.angleNear)) at ‖a‖/10) from E^s_H"
    text += "; graph start within \(s(e.closestApproach)) of x* (step \(e.closestStep)), "
      + "a 1e-6 offset only within \(s(e.offsetApproach)), then escapes to \(s(e.offsetEscape))"
    return text
  }
}
