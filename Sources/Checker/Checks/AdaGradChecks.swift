public import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
import Foundation

/// `adagrad.descent-and-summability` (CLAIMS.md C, in the style of [WWB19];
/// all three geometries, both variants, η = 1, δ0 ≥ L). With
/// S_t = δ0² + Σ_{s≤t}‖g_s‖², asserted at every step of every trajectory:
/// (i) ‖Γ_t‖ ≤ 1/δ0; (ii) f(x_{t+1}) ≤ f(x_t) − ½ g_tᵀΓ_tg_t;
/// (iii) g_tᵀΓ_tg_t ≥ ‖g_t‖²/√S_t; (iv) √S_T ≤ δ0 + f(x_0) − f_low for every T
/// — each with a rounding-level slack only (CLAIMS.md: (iv) is tight).
public enum AdaGradDescentCheck {
  public static func run<F: Objective>(
    _ f: F, geometry: AdaGrad.Geometry, includesCurrentGradient: Bool, delta0: Double,
    starts: Int, steps: Int, seed: UInt64, label: String
  ) -> CheckResult {
    let method = PolicyDescent(adaGrad: geometry, includesCurrentGradient: includesCurrentGradient, delta0: delta0, dimension: f.dimension)
    let gamma = roundingAllowance(f.dimension)
    let initial = sampleStarts(f, count: starts, radius: 1, seed: seed)
    let lowerBound = f.lowerBound
    let results = Batch.map(count: starts) { i -> (failure: String?, ratio: Double) in
      var m = method
      var x = initial[i]
      let f0 = f.value(at: x)
      var s = delta0 * delta0
      var worstRatio = 0.0
      for t in 0..<steps {
        let g = f.gradient(at: x)
        let gammaT = m.policy.stepMatrix(for: g)
        let norm = gammaT.symmetricPart.spectralNorm
        if norm > (1 + 16 * gamma) / delta0 { return ("(i) ‖Γ_t‖ = \(norm) > 1/δ0 = \(1 / delta0) at step \(t)", worstRatio) }
        let fx = f.value(at: x)
        let next = m.step(from: x, on: f)
        let fn = f.value(at: next)
        guard fn.isFinite, f.certifiedRegion.contains(next) else { break }
        let quadratic = g.dot(gammaT * g)
        let slack = gamma * (abs(fx) + abs(fn) + f.lipschitzConstant * (x.squaredNorm + 1) + 1)
        if fn > fx - 0.5 * quadratic + slack {
          return ("(ii) f(x_{t+1}) − f(x_t) + ½gᵀΓg = \(fn - fx + 0.5 * quadratic) > 0 at step \(t)", worstRatio)
        }
        s += g.squaredNorm
        if quadratic < g.squaredNorm / s.squareRoot() * (1 - 16 * gamma) - 1e-300 {
          return ("(iii) gᵀΓg = \(quadratic) < ‖g‖²/√S_t = \(g.squaredNorm / s.squareRoot()) at step \(t)", worstRatio)
        }
        let bound = delta0 + f0 - lowerBound
        worstRatio = Swift.max(worstRatio, s.squareRoot() / bound)
        if s.squareRoot() > bound * (1 + 16 * gamma) + gamma * (abs(f0) + 1) {
          return ("(iv) √S_T = \(s.squareRoot()) > δ0 + f(x_0) − f_low = \(bound) at T = \(t)", worstRatio)
        }
        x = next
      }
      return (nil, worstRatio)
    }
    let failures = results.compactMap(\.failure)
    let tightest = results.map(\.ratio).max() ?? 0
    if let first = failures.first {
      return CheckResult(claim: Claim.adagradDescent.id, method: method.name, landscape: label, verdict: .fails,
                         evidence: "\(failures.count) of \(starts) trajectories fail: \(first)")
    }
    return CheckResult(claim: Claim.adagradDescent.id, method: method.name, landscape: label, verdict: .holds,
                       evidence: "\(starts) trajectories × \(steps) steps: (i)–(iv) at every step; largest √S_T/(δ0 + f(x_0) − f_low) = \(tightest)")
  }
}

/// `adagrad.pd-limit` (the talk's Proposition "lim Γ_t = Γ ≻ 0"), for any
/// policy that states Γ_t as a matrix: along trajectories,
/// - Cauchy convergence: ‖Γ_T − Γ_{T/2}‖ ≤ 1e-3·‖Γ_T‖ (relative), and
/// - a positive-definite, bounded limit: λ_min(Γ_t) stays above a floor and
///   λ_max below a ceiling — for AdaGrad the spectral bracket
///   spec(Γ_t) ⊂ [1/(δ0 + f(x_0) − f_low), 1/δ0] of CLAIMS.md, at every t;
///   for other policies [1e-6·λ_min(Γ_0), 1e6·λ_max(Γ_0)].
/// For AdaGrad also G_t is non-decreasing in Loewner order (λ_min(G_{t+1} − G_t) ≥ −rounding).
public enum PositiveDefiniteLimitCheck {
  public static func run<P: MatrixStepPolicy, F: Objective>(
    _ method: PolicyDescent<P>, on f: F, starts: Int, steps: Int, seed: UInt64, label: String,
    bracket: (@Sendable (Vector, Double) -> ClosedRange<Double>)? = nil
  ) -> CheckResult {
    let claim = Claim.adagradPositiveDefiniteLimit.id
    let initial = sampleStarts(f, count: starts, radius: 1, seed: seed)
    let driftTolerance = 1e-3
    let results = Batch.map(count: starts) { i -> (failure: String?, record: SpectrumBracketEvidence.Trajectory) in
      var m = method
      var x = initial[i]
      let f0 = f.value(at: x)
      var history: [Matrix] = []
      var range: ClosedRange<Double>?
      if let bracket { range = bracket(x, f0) }
      var previous: Matrix?
      var (smallest, largest) = (Double.infinity, -Double.infinity)
      func record(drift: Double, steps: Int) -> SpectrumBracketEvidence.Trajectory {
        .init(lower: range?.lowerBound ?? .nan, upper: range?.upperBound ?? .nan, smallestEigenvalue: smallest, largestEigenvalue: largest, drift: drift, steps: steps)
      }
      for t in 0..<steps {
        let g = f.gradient(at: x)
        let gammaT = m.policy.stepMatrix(for: g).symmetricPart
        let e = SymmetricEigendecomposition(of: gammaT)
        if range == nil { range = (1e-6 * e.minimum)...(1e6 * e.maximum) }
        (smallest, largest) = (Swift.min(smallest, e.minimum), Swift.max(largest, e.maximum))
        if let r = range, e.minimum < r.lowerBound * (1 - 1e-12) || e.maximum > r.upperBound * (1 + 1e-12) {
          return ("spec(Γ_\(t)) = [\(e.minimum), \(e.maximum)] leaves [\(r.lowerBound), \(r.upperBound)]", record(drift: .nan, steps: t + 1))
        }
        if let previous, bracket != nil {
          // AdaGrad: Γ_t = η G_t^{-1/2} non-increasing ⇔ G_t non-decreasing (Loewner).
          let increase = SymmetricEigendecomposition(of: (previous - gammaT).symmetricPart).minimum
          if increase < -1e-12 * e.maximum {
            return ("Γ_t increased in Loewner order at step \(t) (λ_min(Γ_{t−1} − Γ_t) = \(increase))", record(drift: .nan, steps: t + 1))
          }
        }
        previous = gammaT
        history.append(gammaT)
        x = m.step(from: x, on: f)
        guard x.isFinite else { return ("the trajectory diverged at step \(t)", record(drift: .infinity, steps: t + 1)) }
      }
      guard let last = history.last, history.count >= 2 else { return (nil, record(drift: 0, steps: steps)) }
      let drift = (last - history[history.count / 2]).frobeniusNorm / Swift.max(last.frobeniusNorm, 1e-300)
      return (drift > driftTolerance ? "Γ_t is not Cauchy: ‖Γ_T − Γ_{T/2}‖/‖Γ_T‖ = \(drift) at T = \(steps)" : nil, record(drift: drift, steps: steps))
    }
    let evidence = SpectrumBracketEvidence(steps: steps, driftTolerance: driftTolerance, adaGradBracket: bracket != nil, trajectories: results.map(\.record))
    let failures = results.compactMap(\.failure)
    var result: CheckResult
    if let first = failures.first {
      result = CheckResult(claim: claim, method: method.name, landscape: label, verdict: .fails, evidence: "\(failures.count) of \(starts) trajectories: \(first)")
    } else {
      result = CheckResult(claim: claim, method: method.name, landscape: label, verdict: .holds, evidence: evidence.rendered)
    }
    result.data = .spectrumBracket(evidence)
    return result
  }

  /// CLAIMS.md's AdaGrad bracket [1/(δ0 + f(x_0) − f_low), 1/δ0] (η = 1).
  public static func adaGradBracket(delta0: Double, lowerBound: Double) -> @Sendable (Vector, Double) -> ClosedRange<Double> {
    { _, f0 in (1 / (delta0 + f0 - lowerBound))...(1 / delta0) }
  }
}

/// `adagrad.diffeomorphism` (the talk's global argument, δ0 > L): each step
/// map φ is a local diffeomorphism and injective.
/// - delayed (all geometries): Dφ = I − Γ_{t−1}∇²f with ρ(Γ_{t−1}∇²f) ≤ L/δ0 < 1;
/// - norm, current: Dφ = I − q^{-1/2}(I − ggᵀ/q)∇²f with perturbation norm ≤ L/δ0;
/// - diagonal, current: the analogous bound with diag((1 − g²/v)/√v);
/// - full, current: numerical evidence only (det Dφ ≠ 0, injective on pairs).
/// Checked by ``StepMapDiffeomorphismCheck`` plus, where the derivative is
/// known, the perturbation bound ρ((∂(Γg)/∂g)∇²f) ≤ L/δ0. Necessity (δ0 < L):
/// det Dφ ≤ 0 is found.
public enum AdaGradDiffeomorphismCheck {
  public static func run<F: Objective>(
    _ f: F, geometry: AdaGrad.Geometry, includesCurrentGradient: Bool, delta0: Double,
    samples: Int, seed: UInt64, label: String
  ) -> CheckResult {
    let method = PolicyDescent(adaGrad: geometry, includesCurrentGradient: includesCurrentGradient, delta0: delta0, dimension: f.dimension)
    let bound = f.lipschitzConstant / delta0
    return StepMapDiffeomorphismCheck.run(method, on: f, samples: samples, seed: seed, label: label, claim: Claim.adagradDiffeomorphism) { m, y in
      m.policy.displacementDerivative(for: f.gradient(at: y)).map { (spectralRadius($0 * f.hessian(at: y)), bound) }
    }
  }
}

/// The diffeomorphism evidence for any method's step maps g_t: at states
/// along a trajectory (even samples: the fresh state; odd: advanced) and at
/// points 0.01…1 from the planted points, det Dg_t > 0, no sampled pair
/// collapses (g_t(y) ≠ g_t(z) for y ≠ z), and g_t⁻¹(g_t(y)) = y to 1e-8.
/// An optional `perturbation` returns (ρ, bound) where a proof bounds
/// ρ(Dg − I) (AdaGrad: L/δ0); it must hold.
public enum StepMapDiffeomorphismCheck {
  public static func run<M: FirstOrderMethod, F: Objective>(
    _ fresh: M, on f: F, samples: Int, seed: UInt64, label: String, claim: Claim,
    perturbation: ((M, Vector) -> (Double, Double)?)? = nil
  ) -> CheckResult {
    var advanced = fresh
    var rng = Xoshiro256StarStar(seed: seed)
    let sampler = RegionSampler(f)
    var x = sampler.point(around: Vector(zeros: f.dimension), scale: 1, using: &rng)
    var worstPerturbation = 0.0, perturbationBound: Double?, minSign = 1.0, worstRoundTrip = 0.0, collapsed = 0
    var counterexample: Vector?
    for k in 0..<samples {
      let method = k % 2 == 0 ? fresh : advanced
      let scale = pow(10, -2 + 2 * Double((k / 2) % 5) / 4)
      let y = sampler.point(around: sampler.planted.isEmpty ? x : sampler.planted[(k / 2) % sampler.planted.count], scale: scale, using: &rng)
      if let (rho, bound) = perturbation?(method, y) {
        worstPerturbation = Swift.max(worstPerturbation, rho)
        perturbationBound = bound
      }
      let sign = LUDecomposition(of: method.jacobian(at: y, on: f)).determinantSign
      if sign <= 0, counterexample == nil { counterexample = y }
      minSign = Swift.min(minSign, sign)
      let z = sampler.point(around: y, scale: 0.05, using: &rng)
      if y != z, method.map(y, on: f) == method.map(z, on: f) { collapsed += 1 }
      let back = method.inverse(of: method.map(y, on: f), on: f, initialGuess: nil)
      worstRoundTrip = Swift.max(worstRoundTrip, back.converged ? back.point.distance(to: y) / (1 + y.euclideanNorm) : .infinity)
      x = advanced.step(from: x, on: f)
      if !x.isFinite { x = sampler.anywhere(dimension: f.dimension, using: &rng) }
    }
    let perturbationOK = perturbationBound.map { worstPerturbation <= $0 * (1 + 1e-9) } ?? true
    let ok = minSign > 0 && collapsed == 0 && worstRoundTrip <= 1e-8 && perturbationOK
    var evidence = "\(samples) states: det Dg \(minSign > 0 ? "> 0" : "≤ 0 somewhere"), collapsed pairs: \(collapsed), inverse round-trip ≤ \(worstRoundTrip)"
    if let b = perturbationBound { evidence += "; ρ(Dg − I) ≤ \(worstPerturbation) (bound \(b))" }
    if let counterexample { evidence += "; det Dg ≤ 0 at \(counterexample)" }
    return CheckResult(claim: claim.id, method: fresh.name, landscape: label, verdict: ok ? .holds : .fails, evidence: evidence)
  }
}
