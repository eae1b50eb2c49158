import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
import Foundation

/// `saddle.unstable-fixed-point` for a method with an auxiliary state (heavy ball, Nesterov,
/// a user's momentum): the strict saddle x* gives the fixed point z* = (x*, s*) of the
/// *extended* map G (s* = ``ExtendedStateMethod/restingState(at:)``), and the claim is
/// ρ(DG(z*)) > 1 (the talk's "strict saddle point is an unstable fixed point of g", with g = G;
/// [OW19] §3 for heavy ball).
///
/// DG is the method's analytic formula when it states one — checked first against a refined
/// central difference of G (``CentralDifference/refined(at:_:)``): a stated Jacobian that
/// differs by more than 10× the difference's own error estimate plus 1e-7·‖DG‖_F fails the row
/// (a wrong formula would otherwise decide the verdict). Without a formula the difference is
/// used, and ρ is compared with 1 only when its error estimate E resolves it (|ρ − 1| > 10E,
/// E ≤ 1e-3·max(ρ, 1)); otherwise the row is inconclusive. A point with λ_min ≥ 0 is not a
/// strict saddle: ``Verdict/notCovered``.
public enum ExtendedFixedPointCheck {
  /// The row and the numbers behind it.
  public struct Outcome: Sendable {
    /// The battery row.
    public var row: CheckResult
    /// ρ(DG(z*)) (nil when the check stopped before computing it).
    public var spectralRadius: Double?
    /// ‖DG_stated − DG_differences‖_F (nil without a stated formula).
    public var formulaDiscrepancy: Double?
  }

  public static func run<M: ExtendedStateMethod, F: Objective>(
    _ method: M, on f: F, saddle: PlantedCriticalPoint, label: String
  ) -> Outcome {
    let claim = Claim.unstableFixedPoint.id
    let d = f.dimension, k = method.auxiliaryDimension(for: d)
    var data = UnstableFixedPointEvidence(
      outcome: .notStrict, index: saddle.index, smallestEigenvalue: saddle.hessianEigenvalues.components.first ?? 0,
      extendedState: .init(dimension: d, auxiliaryDimension: k))
    func row(_ verdict: Verdict) -> CheckResult {
      CheckResult(claim: claim, method: method.name, landscape: label, verdict: verdict, data: .unstableFixedPoint(data))
    }
    guard saddle.isStrictSaddle else { return Outcome(row: row(.notCovered)) }
    let x = saddle.location
    let s = method.restingState(at: x)
    let z = Vector(x.components + s.components)
    let moved = (method.extendedMap(z, on: f) - z).euclideanNorm
    let fixedTolerance = roundingAllowance(z.dimension) * (1 + z.euclideanNorm) * Swift.max(1, f.lipschitzConstant)
    data.fixedPointResidual = moved
    data.fixedPointTolerance = fixedTolerance
    guard moved.isFinite, moved <= fixedTolerance else {
      data.outcome = .notFixed
      return Outcome(row: row(.fails))
    }
    let numerical = method.refinedExtendedJacobian(at: z, on: f)
    if let stated = method.analyticExtendedJacobian(at: z, on: f) {
      guard stated.rows == z.dimension, stated.columns == z.dimension, stated.isFinite else {
        data.outcome = .statedJacobianNotFinite
        return Outcome(row: row(.fails))
      }
      let discrepancy = (stated - numerical.matrix).frobeniusNorm
      let allowed = 10 * numerical.errorEstimate + 1e-7 * Swift.max(1, stated.frobeniusNorm)
      data.extendedState?.formulaDiscrepancy = discrepancy
      data.extendedState?.allowedDiscrepancy = allowed
      guard discrepancy <= allowed else {
        data.outcome = .statedJacobianWrong
        return Outcome(row: row(.fails), formulaDiscrepancy: discrepancy)
      }
      let rho = spectralRadius(stated)
      let r = UnstableFixedPointCheck.resolution(dimension: z.dimension)
      data.spectralRadius = rho
      data.resolution = r
      guard abs(rho - 1) > r else {
        data.outcome = .unresolved
        return Outcome(row: row(.inconclusive), spectralRadius: rho, formulaDiscrepancy: discrepancy)
      }
      data.outcome = .compared
      return Outcome(row: row(rho > 1 ? .holds : .fails), spectralRadius: rho, formulaDiscrepancy: discrepancy)
    }
    guard numerical.matrix.isFinite, numerical.errorEstimate.isFinite else {
      data.outcome = .jacobianNotFinite
      return Outcome(row: row(.inconclusive))
    }
    let rho = spectralRadius(numerical.matrix)
    let e = 10 * numerical.errorEstimate
    data.spectralRadius = rho
    data.differenceError = numerical.errorEstimate
    guard e < abs(rho - 1), numerical.errorEstimate <= 1e-3 * Swift.max(rho, 1) else {
      data.outcome = .unresolved
      return Outcome(row: row(.inconclusive), spectralRadius: rho)
    }
    data.outcome = .compared
    return Outcome(row: row(rho > 1 ? .holds : .fails), spectralRadius: rho)
  }
}

/// `momentum.diffeomorphism`: the extended map G of a method with an auxiliary state is a
/// local diffeomorphism and invertible, at states z = (y, s): y near the planted points
/// (0.01…1 away) and s from a random start (even samples) or from a trajectory's current
/// state (odd samples) — det DG(z) > 0 (DG analytic where stated, else a refined difference)
/// and G⁻¹(G(z)) = z to 1e-8 relative by Newton's method (``ExtendedStateMethod/extendedInverse(of:on:initialGuess:)``).
/// Fails on det DG ≤ 0 or a round trip to another preimage; a Newton solve that does not
/// converge decides nothing, so it makes the row inconclusive (never holds).
///
/// Heavy ball: det DG = β^d, explicit inverse — holds for every α when β ∈ (0, 1) and fails for
/// β = 0 (DG singular: the map forgets v). Nesterov: det DG = β^d·det(I − α∇²f(x + βv)) —
/// holds for α·L < 1 and can fail beyond (see ``Nesterov``).
public enum ExtendedDiffeomorphismCheck {
  public static func run<M: ExtendedStateMethod, F: Objective>(
    _ fresh: M, on f: F, samples: Int, seed: UInt64, label: String
  ) -> CheckResult {
    let d = f.dimension
    let k = fresh.auxiliaryDimension(for: d)
    var rng = Xoshiro256StarStar(seed: seed)
    let sampler = RegionSampler(f)
    var advanced = fresh
    advanced.auxiliaryState = fresh.startingState(dimension: d, unitBallDraw: Draw.inBall(center: Vector(zeros: k), radius: 1, using: &rng))
    var x = sampler.point(around: Vector(zeros: d), scale: 1, using: &rng)
    var minSign = 1.0, worstRoundTrip = 0.0, checked = 0, unresolved = 0
    var counterexample: Vector?
    for n in 0..<Swift.max(1, samples) {
      let scale = pow(10, -2 + 2 * Double((n / 2) % 5) / 4)
      let center = sampler.planted.isEmpty ? x : sampler.planted[(n / 2) % sampler.planted.count]
      let y = sampler.point(around: center, scale: scale, using: &rng)
      let s: Vector
      let method: M
      if n % 2 == 0 {
        s = fresh.startingState(dimension: d, unitBallDraw: Draw.inBall(center: Vector(zeros: k), radius: 1, using: &rng))
        method = fresh
      } else {
        s = advanced.auxiliaryState
        method = advanced
      }
      let z = Vector(y.components + s.components)
      let j = method.extendedJacobian(at: z, on: f).matrix
      let sign = j.isFinite ? LUDecomposition(of: j).determinantSign : 0
      if sign <= 0, counterexample == nil { counterexample = z }
      minSign = Swift.min(minSign, sign)
      let back = method.extendedInverse(of: method.extendedMap(z, on: f), on: f)
      if back.converged {
        let error = back.point.distance(to: z) / (1 + z.euclideanNorm)
        worstRoundTrip = Swift.max(worstRoundTrip, error.isNaN ? .infinity : error)
      } else {
        unresolved += 1
      }
      checked += 1
      x = advanced.step(from: x, on: f)
      if !x.isFinite || !advanced.auxiliaryState.isFinite {
        x = sampler.anywhere(dimension: d, using: &rng)
        advanced = fresh
      }
    }
    // det DG ≤ 0, or Newton converging to a different preimage, is a counterexample; Newton not
    // converging is not (the map may still be invertible): that leaves the row inconclusive.
    let verdict: Verdict = minSign <= 0 || worstRoundTrip > 1e-8 ? .fails : (unresolved > 0 ? .inconclusive : .holds)
    let data = DiffeomorphismEvidence(
      map: .extendedState, samples: checked, determinantPositive: minSign > 0, counterexample: counterexample?.components,
      roundTrip: worstRoundTrip, stateDimension: d + k, unresolved: unresolved)
    return CheckResult(claim: Claim.momentumDiffeomorphism.id, method: fresh.name, landscape: label,
                       verdict: verdict, data: .diffeomorphism(data))
  }
}
