public import LinearAlgebra
import Randomness
public import Landscapes
import Foundation

/// Rounding allowance of one evaluation of f, ∇f or ∇²f in dimension d:
/// γ = 64(d + 8)·u, u = 2⁻⁵³ — a generous multiple of the γ_n = nu/(1 − nu)
/// of Higham (*Accuracy and Stability*, §3.1) for the O(d)-term sums and
/// products the families evaluate. Tolerances below scale it by the
/// magnitude of what was summed.
func roundingAllowance(_ d: Int) -> Double { 64 * Double(d + 8) * Double.ulpOfOne / 2 }

/// Points for sampling a landscape within its certified region.
struct RegionSampler {
  let region: Region
  let planted: [Vector]
  /// A radius that covers the planted points with room to spare.
  let spread: Double

  init<F: Objective>(_ f: F) {
    self.region = f.certifiedRegion
    self.planted = f.criticalPoints.map(\.location)
    self.spread = 2 * (1 + (planted.map { $0.euclideanNorm }.max() ?? 0))
  }

  /// A point in the region: uniform in the region when it is bounded,
  /// otherwise in the ball of radius `scale` around `center`.
  func point(around center: Vector, scale: Double, using rng: inout Xoshiro256StarStar) -> Vector {
    let x = Draw.inBall(center: center, radius: scale, using: &rng)
    if region.contains(x) { return x }
    return anywhere(dimension: center.dimension, using: &rng)
  }

  /// A point anywhere in the region (bounded regions: uniform; R^d: ball of radius `spread`·10).
  func anywhere(dimension d: Int, using rng: inout Xoshiro256StarStar) -> Vector {
    switch region {
    case .everywhere:
      return Draw.inBall(center: Vector(zeros: d), radius: 10 * spread, using: &rng)
    case .ball(let c, let r):
      return Draw.inBall(center: c, radius: r, using: &rng)
    case .box(let lo, let hi):
      return Vector((0..<d).map { Draw.uniform(from: lo[$0], to: hi[$0], using: &rng) })
    }
  }
}

/// `landscape.lipschitz-certificate`: the certified L is never exceeded, and
/// gradient and Hessian agree with central finite differences.
///
/// Samples (all inside the certified region): pairs far apart, pairs near
/// the planted points, pairs along rays to infinity (global certificates
/// only), and ‖∇²f‖₂ at every first point. Rounding slack for a pair:
/// γ(‖∇f(x)‖ + ‖∇f(y)‖ + L(‖x‖ + ‖y‖))/‖x − y‖ with γ of
/// `roundingAllowance`. Finite differences along random unit v use the step
/// h = (3γS/M₃)^{1/3} that balances truncation h²M₃/6 (M₃ the family's
/// certified third-derivative bound) against rounding γS/h (S the magnitude
/// of the values differenced); the tolerance is their sum.
public struct LipschitzCertificateCheck: Sendable {
  /// Number of sample pairs.
  public var samples: Int
  /// Number of finite-difference directions.
  public var finiteDifferenceSamples: Int

  public init(samples: Int = 200, finiteDifferenceSamples: Int = 20) {
    self.samples = samples
    self.finiteDifferenceSamples = finiteDifferenceSamples
  }

  /// What the check saw.
  public struct Evidence: Sendable, Hashable, Codable {
    /// Pairs and Hessians sampled.
    public var samples: Int
    /// The largest sampled ‖∇f(x) − ∇f(y)‖/‖x − y‖ or ‖∇²f(x)‖₂, divided by L: how tight L is.
    public var tightness: Double
    /// The largest finite-difference error divided by its tolerance (≤ 1 passes).
    public var worstFiniteDifferenceRatio: Double
    /// What failed, if anything.
    public var failure: String?
    /// The point where it failed.
    public var counterexample: Vector?
    /// Whether L is an estimate, not a certificate (the objective's `boundProvenance`); nil: certified.
    public var lEstimated: Bool?

    /// The same evidence, marked as resting on an estimated L when `estimated`.
    public func estimated(_ estimated: Bool) -> Evidence {
      var e = self
      e.lEstimated = estimated ? true : nil
      return e
    }
  }

  public func run<F: Objective>(_ f: F, seed: UInt64) -> (verdict: Verdict, evidence: Evidence) {
    let d = f.dimension
    let l = f.lipschitzConstant
    let gamma = roundingAllowance(d)
    let sampler = RegionSampler(f)
    var rng = Xoshiro256StarStar(seed: seed)
    var evidence = Evidence(samples: samples, tightness: 0, worstFiniteDifferenceRatio: 0)
    func fail(_ message: String, at x: Vector) -> (Verdict, Evidence) {
      evidence.failure = message
      evidence.counterexample = x
      return (.fails, evidence)
    }
    for k in 0..<samples {
      let x: Vector, y: Vector
      switch k % 4 {
      case 0:
        x = sampler.anywhere(dimension: d, using: &rng)
        y = sampler.anywhere(dimension: d, using: &rng)
      case 1:
        let p = sampler.planted.isEmpty ? Vector(zeros: d) : sampler.planted[(k / 4) % sampler.planted.count]
        x = sampler.point(around: p, scale: 1e-2, using: &rng)
        y = sampler.point(around: x, scale: 1e-3, using: &rng)
      case 2 where sampler.region.isGlobal:
        let t = pow(10, Double(2 + (k / 4) % 5))
        x = t * Draw.onUnitSphere(dimension: d, using: &rng)
        y = Draw.inBall(center: x, radius: 1, using: &rng)
      default:
        x = sampler.point(around: Vector(zeros: d), scale: sampler.spread, using: &rng)
        y = sampler.point(around: x, scale: 0.5, using: &rng)
      }
      let gx = f.gradient(at: x), gy = f.gradient(at: y)
      let distance = x.distance(to: y)
      guard gx.isFinite, gy.isFinite else { return fail("non-finite gradient", at: gx.isFinite ? y : x) }
      if distance > 0 {
        let ratio = (gx - gy).euclideanNorm / distance
        let slack = gamma * (gx.euclideanNorm + gy.euclideanNorm + l * (x.euclideanNorm + y.euclideanNorm)) / distance
        evidence.tightness = max(evidence.tightness, ratio / l)
        if ratio > l + slack {
          return fail("‖∇f(x) − ∇f(y)‖/‖x − y‖ = \(ratio) > L = \(l) (y = \(y))", at: x)
        }
      }
      let h = f.hessian(at: x)
      guard h.isFinite else { return fail("non-finite Hessian", at: x) }
      let hn = h.symmetricPart.spectralNorm
      evidence.tightness = max(evidence.tightness, hn / l)
      if hn > l + gamma * (l + h.frobeniusNorm) * max(1, x.euclideanNorm) {
        return fail("‖∇²f(x)‖₂ = \(hn) > L = \(l)", at: x)
      }
    }
    // Finite differences at points inside the region.
    let m3 = f.thirdDerivativeBound
    for k in 0..<finiteDifferenceSamples {
      let x = k % 2 == 0 || sampler.planted.isEmpty
        ? sampler.point(around: Vector(zeros: d), scale: sampler.spread / 2, using: &rng)
        : sampler.point(around: sampler.planted[k % sampler.planted.count], scale: 0.1, using: &rng)
      let v = Draw.onUnitSphere(dimension: d, using: &rng)
      let fScale = abs(f.value(at: x)) + l * (x.euclideanNorm + 1) * (x.euclideanNorm + 1) + abs(f.lowerBound) + 1
      let gScale = f.gradient(at: x).euclideanNorm + l * (x.euclideanNorm + 1) + 1
      for (scale, isGradient) in [(fScale, true), (gScale, false)] {
        let h = m3 > 0 ? pow(3 * gamma * scale / m3, 1.0 / 3.0) : 1e-3 * max(1, x.euclideanNorm)
        var xp = x, xm = x
        xp.add(v, scaledBy: h)
        xm.add(v, scaledBy: -h)
        guard sampler.region.contains(xp), sampler.region.contains(xm) else { continue }
        let tolerance = h * h * m3 / 6 + 2 * gamma * scale / h
        let error: Double
        if isGradient {
          let fd = (f.value(at: xp) - f.value(at: xm)) / (2 * h)
          error = abs(fd - f.gradient(at: x).dot(v))
        } else {
          let fd = (f.gradient(at: xp) - f.gradient(at: xm)) / (2 * h)
          let hv = f.hessian(at: x) * v
          error = (fd - hv).euclideanNorm
          let product = f.hessianVectorProduct(at: x, v)
          if (product - hv).euclideanNorm > gamma * gScale * 4 {
            return fail("hessianVectorProduct disagrees with hessian·v by \((product - hv).euclideanNorm)", at: x)
          }
        }
        evidence.worstFiniteDifferenceRatio = max(evidence.worstFiniteDifferenceRatio, error / tolerance)
        if error > tolerance {
          let what = isGradient ? "∇f·v" : "∇²f·v"
          return fail("\(what) differs from central differences by \(error) > tolerance \(tolerance) (h = \(h))", at: x)
        }
      }
    }
    return (.holds, evidence)
  }
}

/// `landscape.planted-critical-points`: each planted point is critical to
/// rounding, with the planted Hessian eigenvalues (tangent / Riemannian on
/// the simplex and the sphere), lies in the domain, and f_low ≤ f on samples
/// of the domain within the certified region.
///
/// Tolerances: ‖∇f(x*)‖ (tangent part) ≤ γL(1 + ‖x*‖); eigenvalues within
/// γ(L + ‖Ĥ‖_F)(1 + ‖x*‖) of the planted ones (Weyl's inequality bounds the
/// effect of the Hessian's rounding on each eigenvalue); f(x) ≥ f_low − γ(|f(x)| + L‖x‖² + 1).
public struct PlantedCriticalPointsCheck: Sendable {
  /// Samples for the lower bound.
  public var samples: Int

  public init(samples: Int = 500) { self.samples = samples }

  public struct Evidence: Sendable, Hashable, Codable {
    /// Planted points checked.
    public var points: Int
    /// The largest ‖∇f(x*)‖ over the planted points.
    public var largestGradient: Double
    /// The largest |λ̂ − λ| over the planted eigenvalues.
    public var largestEigenvalueError: Double
    /// min over samples of f(x) − f_low (≥ 0 passes; 0 when f_low is attained).
    public var smallestGap: Double
    public var failure: String?
    public var counterexample: Vector?
  }

  public func run<F: Objective>(_ f: F, seed: UInt64) -> (verdict: Verdict, evidence: Evidence) {
    let d = f.dimension
    let l = f.lipschitzConstant
    let gamma = roundingAllowance(d)
    let points = f.criticalPoints
    var evidence = Evidence(points: points.count, largestGradient: 0, largestEigenvalueError: 0, smallestGap: .infinity)
    func fail(_ message: String, at x: Vector) -> (Verdict, Evidence) {
      evidence.failure = message
      evidence.counterexample = x
      return (.fails, evidence)
    }
    let lowSlack = { (x: Vector, v: Double) in gamma * (abs(v) + l * x.squaredNorm + 1) }
    for (i, p) in points.enumerated() {
      let x = p.location
      guard f.domain.contains(x, tolerance: 1e-12) else { return fail("planted point \(i) lies outside the domain", at: x) }
      let t = f.domain.tangentBasis(at: x)
      let g = (t.transposed * f.gradient(at: x)).euclideanNorm
      evidence.largestGradient = max(evidence.largestGradient, g)
      if g > gamma * l * (1 + x.euclideanNorm) {
        return fail("planted point \(i) is not critical: ‖∇f‖ = \(g)", at: x)
      }
      let h = f.domain.restrictedHessian(of: f, at: x)
      let computed = SymmetricEigendecomposition(of: h).eigenvalues
      guard computed.dimension == p.hessianEigenvalues.dimension else {
        return fail("planted point \(i) lists \(p.hessianEigenvalues.dimension) eigenvalues, the Hessian has \(computed.dimension)", at: x)
      }
      let error = (computed - p.hessianEigenvalues).maximumMagnitude
      evidence.largestEigenvalueError = max(evidence.largestEigenvalueError, error)
      if error > gamma * (l + h.frobeniusNorm) * max(1, x.euclideanNorm) {
        return fail("planted point \(i): Hessian eigenvalues \(computed) differ from the planted " +
            "\(p.hessianEigenvalues) by \(error)", at: x)
      }
      let v = f.value(at: x)
      evidence.smallestGap = min(evidence.smallestGap, v - f.lowerBound)
      if v < f.lowerBound - lowSlack(x, v) { return fail("f(x*) = \(v) < f_low = \(f.lowerBound)", at: x) }
    }
    var rng = Xoshiro256StarStar(seed: seed)
    let sampler = RegionSampler(f)
    for _ in 0..<samples {
      var x: Vector
      switch f.domain {
      case .sphere: x = Draw.onUnitSphere(dimension: d, using: &rng)
      case .simplex: x = Draw.dirichlet(concentration: Array(repeating: 1, count: d), using: &rng)
      case .euclidean, .polyhedron:
        x = sampler.anywhere(dimension: d, using: &rng)
        if !f.domain.contains(x) { x = f.domain.project(x) }
      }
      guard sampler.region.contains(x) else { continue }
      let v = f.value(at: x)
      evidence.smallestGap = min(evidence.smallestGap, v - f.lowerBound)
      if v < f.lowerBound - lowSlack(x, v) { return fail("f(x) = \(v) < f_low = \(f.lowerBound)", at: x) }
    }
    return (.holds, evidence)
  }
}
