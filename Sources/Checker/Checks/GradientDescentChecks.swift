import LinearAlgebra
import Randomness
public import Landscapes
package import Dynamics

/// Starts for the exact-inequality checks: uniform in the ball of radius
/// `radius` around the planted points (cycling through them), inside the
/// certified region.
func sampleStarts<F: Objective>(_ f: F, count: Int, radius: Double, seed: UInt64) -> [Vector] {
  let points = f.criticalPoints.map(\.location)
  return (0..<count).map { i in
    var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
    let center = points.isEmpty ? Vector(zeros: f.dimension) : points[i % points.count]
    for _ in 0..<100 {
      let x = Draw.inBall(center: center, radius: radius, using: &rng)
      if f.certifiedRegion.contains(x) { return x }
    }
    return center
  }
}

/// `gd.descent` ([LSJR16] §2; the descent lemma): for α ≤ 1/L,
/// f(x_{t+1}) ≤ f(x_t) − (α/2)‖∇f(x_t)‖² at every step, hence
/// Σ_t ‖∇f(x_t)‖² ≤ 2(f(x_0) − f_low)/α. Asserted at every step of every
/// trajectory with a rounding slack γ(|f(x_t)| + |f(x_{t+1})| + L‖x‖² + 1).
///
/// The trajectories run on the batched engine
/// (``BatchedTrajectory/observe(methodForStart:on:from:steps:values:methods:batchSize:workers:fault:initial:observer:)``);
/// the scalar loop (`engine: false`) is kept as the reference the engine is tested against, bit for bit.
public enum GradientDescentDescentCheck {
  public static func run<F: Objective>(_ f: F, alpha: Double, starts: Int, steps: Int, seed: UInt64, label: String) -> CheckResult {
    run(f, alpha: alpha, starts: starts, steps: steps, seed: seed, label: label, engine: true)
  }

  /// One trajectory's record: f(x_0), Σ‖∇f(x_t)‖², the worst excess over the slack (step, excess).
  package struct Record: Sendable {
    package var f0: Double
    package var sum = 0.0
    package var worst: (step: Int, excess: Double)?
  }

  /// The check on the batched engine (`engine: true`, with `batchSize` and `workers`) or on the
  /// scalar reference loop (`engine: false`, one trajectory at a time); the results are identical.
  /// `fault` breaks the engine's observation (the tests' mutants).
  package static func run<F: Objective>(
    _ f: F, alpha: Double, starts: Int, steps: Int, seed: UInt64, label: String, engine: Bool,
    batchSize: Int? = nil, workers: Int = Batch.defaultWorkers, fault: ObservationFault? = nil
  ) -> CheckResult {
    let gd = GradientDescent(stepSize: alpha)
    let gamma = roundingAllowance(f.dimension)
    let lowerBound = f.lowerBound
    let records = trajectories(f, alpha: alpha, starts: starts, steps: steps, seed: seed, engine: engine,
                               batchSize: batchSize, workers: workers, fault: fault)
    let violations = records.map { r -> (step: Int, excess: Double, sumRatio: Double)? in
      let f0 = r.f0
      let ratio = r.sum / (2 * (f0 - lowerBound) / alpha + gamma * (abs(f0) + 1) / alpha)
      if let worst = r.worst { return (worst.0, worst.1, ratio) }
      return ratio > 1 ? (-1, 0, ratio) : nil
    }
    let failures = violations.compactMap { $0 }
    let what = failures.first.map { first in
      first.step >= 0 ? "f(x_{t+1}) exceeds f(x_t) − (α/2)‖∇f‖² by \(first.excess) at step \(first.step)"
        : "Σ‖∇f‖² exceeds 2(f(x_0) − f_low)/α by a factor \(first.sumRatio)"
    }
    let evidence = TrajectoryInequalitiesEvidence(inequalities: .descentLemma, trajectories: starts, steps: steps,
                                                  violating: failures.count, firstViolation: what)
    return CheckResult(claim: Claim.gdDescent.id, method: gd.name, landscape: label, verdict: what == nil ? .holds : .fails,
                       data: .trajectoryInequalities(evidence))
  }

  /// Each trajectory's record, on the engine or (`engine: false`) by the scalar reference loop,
  /// each trajectory stepped alone with `GradientDescent.map`.
  package static func trajectories<F: Objective>(
    _ f: F, alpha: Double, starts: Int, steps: Int, seed: UInt64, engine: Bool,
    batchSize: Int? = nil, workers: Int = Batch.defaultWorkers, fault: ObservationFault? = nil
  ) -> [Record] {
    let gd = GradientDescent(stepSize: alpha)
    let gamma = roundingAllowance(f.dimension)
    let initial = sampleStarts(f, count: starts, radius: 1, seed: seed)
    if engine {
      let lipschitz = f.lipschitzConstant, region = f.certifiedRegion
      return BatchedTrajectory.observe(
        methodForStart: { _ in gd }, on: f, from: initial, steps: steps, batchSize: batchSize, workers: workers,
        fault: fault, initial: { Record(f0: f.value(at: initial[$0])) }
      ) { r, step in
        let x = step.current, g = step.gradient, next = step.next
        let fx = step.currentValue, fn = step.nextValue
        guard region.contains(next), fn.isFinite else { return false }
        let slack = gamma * (abs(fx) + abs(fn) + lipschitz * (x.squaredNorm + 1) + 1)
        let excess = fn - (fx - alpha / 2 * g.squaredNorm)
        if excess > slack, r.worst == nil || excess > r.worst!.1 { r.worst = (step.t, excess) }
        r.sum += g.squaredNorm
        return true
      }
    }
    return Batch.map(count: initial.count, workers: workers) { i -> Record in
      var x = initial[i]
      var r = Record(f0: f.value(at: x))
      for t in 0..<steps {
        let g = f.gradient(at: x)
        let fx = f.value(at: x)
        let next = gd.map(x, on: f)
        let fn = f.value(at: next)
        guard f.certifiedRegion.contains(next), fn.isFinite else { break }
        let slack = gamma * (abs(fx) + abs(fn) + f.lipschitzConstant * (x.squaredNorm + 1) + 1)
        let excess = fn - (fx - alpha / 2 * g.squaredNorm)
        if excess > slack, r.worst == nil || excess > r.worst!.1 { r.worst = (t, excess) }
        r.sum += g.squaredNorm
        x = next
      }
      return r
    }
  }
}

/// `gd.diffeomorphism` ([LPP+19] Prop 4): for 0 < α < 1/L the map
/// g(x) = x − α∇f(x) has eig(Dg) ⊂ (0, 2) and det Dg > 0 everywhere, is
/// injective — quantitatively, ‖g(x) − g(y)‖ ≥ (1 − αL)‖x − y‖ — and its
/// inverse (a contraction's fixed point) round-trips. Checked at sampled
/// points and pairs; the necessity case α > 1/L finds det Dg ≤ 0.
public enum GradientDescentDiffeomorphismCheck {
  public static func run<F: Objective>(_ f: F, alpha: Double, samples: Int, seed: UInt64, label: String) -> CheckResult {
    let gd = GradientDescent(stepSize: alpha)
    let l = f.lipschitzConstant
    let gamma = roundingAllowance(f.dimension)
    var rng = Xoshiro256StarStar(seed: seed)
    let sampler = RegionSampler(f)
    var smallestDeterminantSign = 1.0, eigenRange = (Double.infinity, -Double.infinity)
    var worstInjectivity = Double.infinity, worstRoundTrip = 0.0
    // Rounding of ‖g(x) − g(y)‖/‖x − y‖: each g is computed to γ(‖x‖ + α‖∇f(x)‖), so the
    // ratio to γ(‖x‖ + ‖y‖ + α‖∇f(x)‖ + α‖∇f(y)‖)/‖x − y‖ (large far from the origin).
    // The largest shortfall below 1 − αL beyond that slack (≤ 0 passes).
    var injectivityExcess = -Double.infinity
    var counterexample: Vector?
    for k in 0..<samples {
      let x = k % 2 == 0 ? sampler.anywhere(dimension: f.dimension, using: &rng)
        : sampler.point(
            around: sampler.planted.isEmpty ? Vector(zeros: f.dimension) : sampler.planted[k % sampler.planted.count],
            scale: 0.5, using: &rng)
      let j = gd.jacobian(at: x, on: f).symmetricPart
      let e = SymmetricEigendecomposition(of: j)
      eigenRange = (Swift.min(eigenRange.0, e.minimum), Swift.max(eigenRange.1, e.maximum))
      let sign = LUDecomposition(of: j).determinantSign
      if sign <= 0 && counterexample == nil { counterexample = x }
      smallestDeterminantSign = Swift.min(smallestDeterminantSign, sign)
      let y = sampler.point(around: x, scale: 0.1, using: &rng)
      let distance = x.distance(to: y)
      if distance > 0 {
        let ratio = (gd.map(x, on: f) - gd.map(y, on: f)).euclideanNorm / distance
        let slack = gamma * 8 * (1 + (x.euclideanNorm + y.euclideanNorm
          + alpha * (f.gradient(at: x).euclideanNorm + f.gradient(at: y).euclideanNorm)) / distance)
        injectivityExcess = Swift.max(injectivityExcess, (1 - alpha * l) - ratio - Swift.max(gamma * 8, slack))
        worstInjectivity = Swift.min(worstInjectivity, ratio)
      }
      let back = gd.inverse(of: gd.map(x, on: f), on: f, initialGuess: nil)
      worstRoundTrip = Swift.max(worstRoundTrip, back.converged ? back.point.distance(to: x) / (1 + x.euclideanNorm) : .infinity)
    }
    let lowerLimit = 1 - alpha * l
    let ok = smallestDeterminantSign > 0 && eigenRange.0 > 0 && eigenRange.1 < 2 && injectivityExcess <= 0
      && worstRoundTrip <= 1e-9
    let evidence = DiffeomorphismEvidence(
      map: .gradientDescent, samples: samples, determinantPositive: smallestDeterminantSign > 0,
      counterexample: counterexample?.components, roundTrip: worstRoundTrip, smallestEigenvalue: eigenRange.0,
      largestEigenvalue: eigenRange.1, smallestExpansion: worstInjectivity, expansionBound: lowerLimit)
    return CheckResult(claim: Claim.gdDiffeomorphism.id, method: gd.name, landscape: label,
        verdict: ok ? .holds : .fails, data: .diffeomorphism(evidence))
  }
}
