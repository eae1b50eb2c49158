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
///
/// The trajectories run on the batched engine (norm and diagonal AdaGrad on its
/// batched kernels, full-matrix AdaGrad lane by lane); the scalar loop
/// (`engine: false`) is kept as the reference the engine is tested against, bit for bit.
public enum AdaGradDescentCheck {
  public static func run<F: Objective>(
    _ f: F, geometry: AdaGrad.Geometry, includesCurrentGradient: Bool, delta0: Double,
    starts: Int, steps: Int, seed: UInt64, label: String
  ) -> CheckResult {
    run(f, geometry: geometry, includesCurrentGradient: includesCurrentGradient, delta0: delta0, starts: starts,
        steps: steps, seed: seed, label: label, engine: true)
  }

  /// One trajectory's record: f(x_0), S_t, the largest √S_T/(δ0 + f(x_0) − f_low), the first failure.
  package struct Record: Sendable {
    package var f0: Double
    package var s: Double
    package var worstRatio = 0.0
    package var failure: String?
    /// Whether x_{t+1} left the certified region or f(x_{t+1}) is not finite: the trajectory ends.
    package var stopped = false
  }

  /// The check on the batched engine (`engine: true`, with `batchSize` and `workers`) or on the
  /// scalar reference loop (`engine: false`, one trajectory at a time); the results are identical.
  /// `fault` breaks the engine's observation (the tests' mutants).
  package static func run<F: Objective>(
    _ f: F, geometry: AdaGrad.Geometry, includesCurrentGradient: Bool, delta0: Double,
    starts: Int, steps: Int, seed: UInt64, label: String, engine: Bool,
    batchSize: Int? = nil, workers: Int = Batch.defaultWorkers, fault: ObservationFault? = nil
  ) -> CheckResult {
    let method = PolicyDescent(adaGrad: geometry, includesCurrentGradient: includesCurrentGradient, delta0: delta0, dimension: f.dimension)
    let results = trajectories(f, geometry: geometry, includesCurrentGradient: includesCurrentGradient, delta0: delta0,
                               starts: starts, steps: steps, seed: seed, engine: engine, batchSize: batchSize,
                               workers: workers, fault: fault)
    let failures = results.compactMap(\.failure)
    let tightest = results.map(\.worstRatio).max() ?? 0
    let evidence = TrajectoryInequalitiesEvidence(inequalities: .adaGrad, trajectories: starts, steps: steps,
                                                  violating: failures.count, firstViolation: failures.first, largestRatio: tightest)
    return CheckResult(claim: Claim.adagradDescent.id, method: method.name, landscape: label,
                       verdict: failures.isEmpty ? .holds : .fails, data: .trajectoryInequalities(evidence))
  }

  /// Each trajectory's record, on the engine or (`engine: false`) by the scalar reference loop,
  /// each trajectory stepped alone.
  package static func trajectories<F: Objective>(
    _ f: F, geometry: AdaGrad.Geometry, includesCurrentGradient: Bool, delta0: Double,
    starts: Int, steps: Int, seed: UInt64, engine: Bool,
    batchSize: Int? = nil, workers: Int = Batch.defaultWorkers, fault: ObservationFault? = nil
  ) -> [Record] {
    let method = PolicyDescent(adaGrad: geometry, includesCurrentGradient: includesCurrentGradient, delta0: delta0, dimension: f.dimension)
    let initial = sampleStarts(f, count: starts, radius: 1, seed: seed)
    let start = { @Sendable (i: Int) in Record(f0: f.value(at: initial[i]), s: delta0 * delta0) }
    if engine {
      let region = f.certifiedRegion
      return BatchedTrajectory.observe(
        methodForStart: { _ in method }, on: f, from: initial, steps: steps, methods: true,
        batchSize: batchSize, workers: workers, fault: fault, initial: start
      ) { r, step in
        let g = step.gradient
        let gammaT = step.method.policy.stepMatrix(for: g)
        let failure = firstFailure(f, record: &r, t: step.t, delta0: delta0, g: g, gammaT: gammaT, x: step.current,
                                   fx: step.currentValue, fn: step.nextValue, inRegion: { region.contains(step.next) })
        r.failure = failure
        return failure == nil && !r.stopped
      }
    }
    return Batch.map(count: starts, workers: workers) { i -> Record in
      var m = method
      var x = initial[i]
      var r = start(i)
      for t in 0..<steps {
        let g = f.gradient(at: x)
        let gammaT = m.policy.stepMatrix(for: g)
        let fx = f.value(at: x)
        let next = m.step(from: x, on: f)
        let fn = f.value(at: next)
        let failure = firstFailure(f, record: &r, t: t, delta0: delta0, g: g, gammaT: gammaT, x: x, fx: fx, fn: fn,
                                   inRegion: { f.certifiedRegion.contains(next) })
        r.failure = failure
        guard failure == nil, !r.stopped else { break }
        x = next
      }
      return r
    }
  }

  /// Step t's inequalities (i)–(iv), in order: the first that fails, or nil. A step whose x_{t+1}
  /// leaves the certified region or has f not finite ends the trajectory (`stopped`). Γ_t is the
  /// step matrix of the method's state before the step.
  static func firstFailure<F: Objective>(
    _ f: F, record r: inout Record, t: Int, delta0: Double, g: Vector, gammaT: Matrix, x: Vector,
    fx: Double, fn: Double, inRegion: () -> Bool
  ) -> String? {
    let gamma = roundingAllowance(f.dimension)
    let norm = gammaT.symmetricPart.spectralNorm
    if norm > (1 + 16 * gamma) / delta0 { return "(i) ‖Γ_t‖ = \(norm) > 1/δ0 = \(1 / delta0) at step \(t)" }
    guard fn.isFinite, inRegion() else {
      r.stopped = true
      return nil
    }
    let quadratic = g.dot(gammaT * g)
    let slack = gamma * (abs(fx) + abs(fn) + f.lipschitzConstant * (x.squaredNorm + 1) + 1)
    if fn > fx - 0.5 * quadratic + slack {
      return "(ii) f(x_{t+1}) − f(x_t) + ½gᵀΓg = \(fn - fx + 0.5 * quadratic) > 0 at step \(t)"
    }
    r.s += g.squaredNorm
    if quadratic < g.squaredNorm / r.s.squareRoot() * (1 - 16 * gamma) - 1e-300 {
      return "(iii) gᵀΓg = \(quadratic) < ‖g‖²/√S_t = \(g.squaredNorm / r.s.squareRoot()) at step \(t)"
    }
    let bound = delta0 + r.f0 - f.lowerBound
    r.worstRatio = Swift.max(r.worstRatio, r.s.squareRoot() / bound)
    if r.s.squareRoot() > bound * (1 + 16 * gamma) + gamma * (abs(r.f0) + 1) {
      return "(iv) √S_T = \(r.s.squareRoot()) > δ0 + f(x_0) − f_low = \(bound) at T = \(t)"
    }
    return nil
  }
}

/// `adagrad.pd-limit` (the talk's Proposition "lim Γ_t = Γ ≻ 0"), for any
/// policy that states Γ_t as a matrix: along trajectories,
/// - a positive-definite, bounded spectrum: λ_min(Γ_t) stays above a floor and
///   λ_max below a ceiling — for AdaGrad the spectral bracket
///   spec(Γ_t) ⊂ [1/(δ0 + f(x_0) − f_low), 1/δ0] of CLAIMS.md, at every t;
///   for other policies [1e-6·λ_min(Γ_0), 1e6·λ_max(Γ_0)];
///   for AdaGrad also G_t non-decreasing in Loewner order;
/// - Cauchy convergence: ‖Γ_T − Γ_{T/2}‖_F ≤ 1e-3·‖Γ_T‖_F, tested at
///   T = `steps`, 2·`steps`, 4·`steps`, … up to `maximumSteps` (default 16·`steps`).
///
/// When the drift at T exceeds 1e-3 the run is judged by where x_T is:
/// - *still moving* (‖∇f(x_T)‖ > 1e-8): the horizon doubles; at the cap the row is
///   **inconclusive**, with the horizon the drift's observed decay would need (the
///   doubling stops early when ‖∇f(x_T)‖ fails to halve between checkpoints: x_t is
///   not converging, so more steps decide nothing);
/// - *stationary* and Γ_t still shrinking (‖Γ_T‖ < (1 − 1e-3)‖Γ_{T/2}‖): **fails**,
///   "the limit is not positive definite" (Γ_t → 0 at a critical point);
/// - *stationary* and Γ_t changing otherwise: **fails**, "Γ_t has no limit".
public enum PositiveDefiniteLimitCheck {
  /// The Cauchy tolerance on ‖Γ_T − Γ_{T/2}‖_F/‖Γ_T‖_F.
  public static let cauchyTolerance = 1e-3
  /// ‖∇f(x_T)‖ above this means the trajectory is still moving.
  public static let stationaryGradient = 1e-8

  /// One trajectory's end.
  enum Finding: Sendable {
    case decided(drift: Double, horizon: Int)
    case failed(String)
    case stillMoving(drift: Double, gradient: Double, horizon: Int, needed: Int?)
  }

  public static func run<M: StepMatrixMethod, F: Objective>(
    _ method: M, on f: F, starts: Int, steps: Int, maximumSteps: Int? = nil, seed: UInt64, label: String,
    bracket: (@Sendable (Vector, Double) -> ClosedRange<Double>)? = nil
  ) -> CheckResult {
    run(method, on: f, starts: starts, steps: steps, maximumSteps: maximumSteps, seed: seed, label: label, bracket: bracket,
        engine: true)
  }

  /// One trajectory's state: Γ_t's spectrum so far, the doubling horizons, and the finding once decided.
  struct Tracker: Sendable {
    let first: Int, cap: Int, hasBracket: Bool
    var range: ClosedRange<Double>?
    var smallest = Double.infinity, largest = -Double.infinity
    var drift = Double.nan
    var t = 0
    var previous: Matrix?
    var checkpoint: Int
    var half: Matrix?
    var lastDrift: Double?
    var lastGradient: Double?
    var finding: Finding?

    init(first: Int, cap: Int, bracket: ClosedRange<Double>?) {
      (self.first, self.cap, self.hasBracket, self.range, self.checkpoint) = (first, cap, bracket != nil, bracket, first)
    }

    var record: SpectrumBracketEvidence.Trajectory {
      .init(lower: range?.lowerBound ?? .nan, upper: range?.upperBound ?? .nan,
          smallestEigenvalue: smallest, largestEigenvalue: largest, drift: drift, steps: t + 1)
    }

    /// Step t's tests on Γ_t = `m.stepMatrix(for: g)` (m in its state before the step, g = ∇f(x_t)):
    /// the finding when the trajectory is decided at t, else nil (take the step).
    mutating func examine<M: StepMatrixMethod>(_ m: M, gradient g: Vector) -> Finding? {
      let gammaT = m.stepMatrix(for: g).symmetricPart
      guard gammaT.isFinite else { return .failed("Γ_\(t) is not finite") }
      let e = SymmetricEigendecomposition(of: gammaT)
      if range == nil { range = (1e-6 * e.minimum)...(1e6 * e.maximum) }
      (smallest, largest) = (Swift.min(smallest, e.minimum), Swift.max(largest, e.maximum))
      if let r = range, e.minimum < r.lowerBound * (1 - 1e-12) {
        return .failed(!hasBracket
          ? "the limit is not positive definite: λ_min(Γ_\(t)) = \(e.minimum) fell below 1e-6·λ_min(Γ_0) = \(r.lowerBound)"
          : "spec(Γ_\(t)) = [\(e.minimum), \(e.maximum)] leaves [\(r.lowerBound), \(r.upperBound)]")
      }
      if let r = range, e.maximum > r.upperBound * (1 + 1e-12) {
        return .failed(!hasBracket
          ? "Γ_t is unbounded: λ_max(Γ_\(t)) = \(e.maximum) exceeds 1e6·λ_max(Γ_0) = \(r.upperBound)"
          : "spec(Γ_\(t)) = [\(e.minimum), \(e.maximum)] leaves [\(r.lowerBound), \(r.upperBound)]")
      }
      if let previous, hasBracket {
        // AdaGrad: Γ_t = η G_t^{-1/2} non-increasing ⇔ G_t non-decreasing (Loewner).
        let increase = SymmetricEigendecomposition(of: (previous - gammaT).symmetricPart).minimum
        if increase < -1e-12 * e.maximum { return .failed("Γ_t increased in Loewner order at step \(t) " +
            "(λ_min(Γ_{t−1} − Γ_t) = \(increase))") }
      }
      previous = gammaT
      if t == checkpoint / 2 { half = gammaT }
      if t == checkpoint, let h = half {
        let size = gammaT.frobeniusNorm
        drift = (gammaT - h).frobeniusNorm / Swift.max(size, 1e-300)
        if drift <= cauchyTolerance { return .decided(drift: drift, horizon: t) }
        let moving = g.euclideanNorm
        if moving <= stationaryGradient {
          if size < (1 - cauchyTolerance) * h.frobeniusNorm {
            return .failed("the limit is not positive definite: x_t is stationary (‖∇f‖ = \(short(moving))) "
                           + "but Γ_t keeps shrinking, ‖Γ_T‖/‖Γ_{T/2}‖ = \(short(size / h.frobeniusNorm)), "
                           + "λ_min(Γ_T) = \(short(e.minimum)) at T = \(t)")
          }
          return .failed("Γ_t has no limit: x_t is stationary (‖∇f‖ = \(short(moving))) but ‖Γ_T − " +
              "Γ_{T/2}‖/‖Γ_T‖ = \(short(drift)) at T = \(t)")
        }
        // Extend only while x_t converges: ‖∇f‖ must halve between checkpoints.
        let futile = lastGradient.map { moving > $0 / 2 } ?? false
        if t >= cap || futile {
          var needed: Int?
          if let d1 = lastDrift, d1 > drift {
            let p = Foundation.log2(d1 / drift)
            needed = Int(Swift.min(1e12, Double(t) * Foundation.pow(drift / cauchyTolerance, 1 / p)).rounded(.up))
          }
          return .stillMoving(drift: drift, gradient: moving, horizon: t, needed: futile ? nil : needed)
        }
        lastDrift = drift
        lastGradient = moving
        checkpoint = Swift.min(2 * checkpoint, cap)
        half = nil
        if checkpoint / 2 <= t { half = gammaT }  // Γ_t is Γ_{T/2} for the next T (or the nearest, at a cap)
      }
      return nil
    }

    /// After the step from x_t: x_{t+1} must be finite.
    mutating func stepped(to next: Vector) -> Finding? {
      t += 1
      return next.isFinite ? nil : .failed("the trajectory diverged at step \(t)")
    }
  }

  /// The check on the batched engine (`engine: true`, with `batchSize` and `workers`; norm and diagonal
  /// AdaGrad on the batched kernels, other methods lane by lane) or on the scalar reference loop
  /// (`engine: false`, one trajectory at a time); the results are identical.
  package static func run<M: StepMatrixMethod, F: Objective>(
    _ method: M, on f: F, starts: Int, steps: Int, maximumSteps: Int? = nil, seed: UInt64, label: String,
    bracket: (@Sendable (Vector, Double) -> ClosedRange<Double>)? = nil, engine: Bool,
    batchSize: Int? = nil, workers: Int = Batch.defaultWorkers, fault: ObservationFault? = nil
  ) -> CheckResult {
    let claim = Claim.adagradPositiveDefiniteLimit.id
    let initial = sampleStarts(f, count: starts, radius: 1, seed: seed)
    let first = Swift.max(2, steps)
    let cap = Swift.max(first, maximumSteps ?? 16 * first)
    let start = { @Sendable (i: Int) in
      Tracker(first: first, cap: cap, bracket: bracket.map { $0(initial[i], f.value(at: initial[i])) })
    }
    let trackers: [Tracker]
    if engine {
      // Every trajectory is decided at t ≤ cap, before its step t.
      trackers = BatchedTrajectory.observe(
        methodForStart: { _ in method }, on: f, from: initial, steps: cap + 1, values: false, methods: true,
        batchSize: batchSize, workers: workers, fault: fault, initial: start
      ) { tracker, step in
        tracker.finding = tracker.examine(step.method, gradient: step.gradient)
        if tracker.finding == nil { tracker.finding = tracker.stepped(to: step.next) }
        return tracker.finding == nil
      }
    } else {
      trackers = Batch.map(count: starts, workers: workers) { i -> Tracker in
        var tracker = start(i)
        var m = method
        var x = initial[i]
        while tracker.finding == nil {
          tracker.finding = tracker.examine(m, gradient: f.gradient(at: x))
          guard tracker.finding == nil else { break }
          x = m.step(from: x, on: f)
          tracker.finding = tracker.stepped(to: x)
        }
        return tracker
      }
    }
    let results = trackers.map { tracker -> (finding: Finding, record: SpectrumBracketEvidence.Trajectory) in
      guard let finding = tracker.finding else { preconditionFailure("a trajectory undecided at its cap") }
      return (finding, tracker.record)
    }
    var failures: [String] = [], moving: [(Double, Double, Int, Int?)] = []
    var drift = 0.0, longest = 0
    var data = SpectrumBracketEvidence(steps: cap, driftTolerance: cauchyTolerance,
        adaGradBracket: bracket != nil, trajectories: results.map(\.record))
    func row(_ verdict: Verdict) -> CheckResult {
      CheckResult(claim: claim, method: method.name, landscape: label, verdict: verdict, data: .spectrumBracket(data))
    }
    for r in results.map(\.finding) {
      switch r {
      case .failed(let why): failures.append(why)
      case .stillMoving(let d, let g, let h, let n): moving.append((d, g, h, n))
      case .decided(let d, let h):
        drift = Swift.max(drift, d)
        longest = Swift.max(longest, h)
      }
    }
    if let first = failures.first {
      data.failing = failures.count
      data.firstFailure = first
      return row(.fails)
    }
    if let m = moving.first {
      data.stillMoving = moving.count
      (data.movingDrift, data.movingGradient, data.movingHorizon) = (m.0, m.1, m.2)
      data.neededSteps = moving.compactMap(\.3).max()
      return row(.inconclusive)
    }
    data.steps = longest
    return row(.holds)
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
    return StepMapDiffeomorphismCheck.run(method, on: f, samples: samples, seed: seed, label: label,
        claim: Claim.adagradDiffeomorphism) { m, y in
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
      let y = sampler.point(around: sampler.planted.isEmpty ? x : sampler.planted[(k / 2) % sampler.planted.count],
          scale: scale, using: &rng)
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
    let evidence = DiffeomorphismEvidence(
      map: .stepMap, samples: samples, determinantPositive: minSign > 0, counterexample: counterexample?.components,
      roundTrip: worstRoundTrip, collapsedPairs: collapsed, perturbationRadius: perturbationBound == nil ? nil : worstPerturbation,
      perturbationBound: perturbationBound)
    return CheckResult(claim: claim.id, method: fresh.name, landscape: label, verdict: ok ? .holds : .fails,
                       data: .diffeomorphism(evidence))
  }
}
