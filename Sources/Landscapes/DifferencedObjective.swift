import Foundation
public import LinearAlgebra
import Randomness

/// An ``Objective`` for a user who has only f and ∇f: the Hessian comes from central
/// differences of ∇f with its own error estimate, and L, f_low and M₃ are *estimated* by
/// sampling a region with a safety factor — labelled `.estimated` (``boundProvenance``),
/// so every report prints L as *estimated*, never *certified*.
///
/// **Hessian.** Column j of ∇²f(x) is (∇f(x + h e_j) − ∇f(x − h e_j))/(2h) + O(h²). At
/// steps h and h/2 the two differences are combined by Richardson extrapolation
/// (4H_{h/2} − H_h)/3 (the h² terms cancel), and the error is estimated as
/// ```
/// ‖H_h − H_{h/2}‖_F·4/3  (truncation)  +  2.2e-16·(‖∇f(x)‖ + ‖H‖_F·(h + ‖x‖))·√d/h  (rounding)
/// ```
/// — the rule of `FirstOrderMethod.refinedNumericalJacobian` (Sources/Dynamics). The step
/// starts at h₀ = 1e-2·max(1, ‖x‖) (the extrapolated error is O(h⁴), so the best h balances
/// h⁴ against ε/h near ε^{1/5} ≈ 1e-3) and shrinks tenfold, at most six times, until the
/// estimate is ≤ 1e-8·‖H‖_F; else the step with the smallest estimate is kept. The result is
/// symmetrized. Cost: 4d gradients per step size tried.
///
/// **Estimated bounds.** L = `safetyFactor` × the largest ‖∇²f(x)‖₂ + error estimate over
/// `samples` seeded points of `region` (uniform, plus its centre); f_low = the smallest sampled
/// f minus `safetyFactor` × the sampled range of f; M₃ = `safetyFactor` × the largest
/// |v·(∇²f(x + δv) − ∇²f(x − δv))v|/(2δ) over the samples (δ = 1e-3·(1 + ‖x‖), v random
/// unit). Sampling can miss a sharp feature: none of the three is a bound.
/// Use the interval certifier (`saddlecheck check --function`) when f can be written as an expression.
public struct DifferencedObjective: Objective {
  public let dimension: Int
  let valueFunction: @Sendable (Vector) -> Double
  let gradientFunction: @Sendable (Vector) -> Vector
  /// The estimated L (see the type's doc comment).
  public private(set) var lipschitzConstant: Double
  /// The estimated f_low.
  public private(set) var lowerBound: Double
  /// The estimated M₃.
  public private(set) var thirdDerivativeBound: Double
  /// The region the estimates were sampled on.
  public let certifiedRegion: Region
  /// The largest sampled ‖∇²f‖₂ (before the safety factor) and the largest Hessian error estimate seen.
  public private(set) var sampledCurvature: Double
  public private(set) var largestHessianError: Double
  /// Critical points the user knows (exact spectra), or none.
  public let criticalPoints: [PlantedCriticalPoint]
  public private(set) var boundProvenance: BoundProvenance

  /// Why the estimates could not be made.
  public struct EstimationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The argument or sample at fault.
    public var field: String
    public var problem: String
    public var description: String { "\(field): \(problem)" }
  }

  /// Wraps f and ∇f, estimating L, f_low and M₃ on `region`.
  /// - Parameters:
  ///   - dimension: d ≥ 1.
  ///   - region: a box or ball of dimension d, where the estimates are sampled (and "hold").
  ///   - samples: points sampled (≥ 1; each costs about 12d gradients).
  ///   - safetyFactor: multiplies the sampled maxima (≥ 1).
  ///   - seed: the sampling seed.
  ///   - criticalPoints: points the user knows, with their exact Hessian eigenvalues.
  /// - Throws: ``EstimationError`` naming the argument, or the sample at which f, ∇f or
  ///   the differenced Hessian is not finite or ∇f has the wrong dimension.
  public init(dimension: Int, region: Region, samples: Int = 128, safetyFactor: Double = 2, seed: UInt64 = 0,
              criticalPoints: [PlantedCriticalPoint] = [],
              value: @escaping @Sendable (Vector) -> Double,
              gradient: @escaping @Sendable (Vector) -> Vector) throws(EstimationError) {
    guard dimension >= 1 else { throw EstimationError(field: "dimension", problem: "must be ≥ 1, got \(dimension)") }
    guard samples >= 1 else { throw EstimationError(field: "samples", problem: "must be ≥ 1, got \(samples)") }
    guard safetyFactor >= 1, safetyFactor.isFinite else {
      throw EstimationError(field: "safetyFactor", problem: "must be finite and ≥ 1, got \(safetyFactor)")
    }
    let points = try Self.samplePoints(region, dimension: dimension, count: samples, seed: seed)
    for (k, p) in criticalPoints.enumerated() where p.location.dimension != dimension {
      throw EstimationError(field: "criticalPoints[\(k)]", problem: "dimension \(p.location.dimension), not \(dimension)")
    }
    self.dimension = dimension
    self.valueFunction = value
    self.gradientFunction = gradient
    self.certifiedRegion = region
    self.criticalPoints = criticalPoints
    // Provisional values while sampling (hessian(at:) does not use them).
    self.lipschitzConstant = .nan
    self.lowerBound = .nan
    self.thirdDerivativeBound = .nan
    self.sampledCurvature = .nan
    self.largestHessianError = .nan
    self.boundProvenance = .certified
    var curvature = 0.0, error = 0.0, third = 0.0
    var lowest = Double.infinity, highest = -Double.infinity
    var rng = Xoshiro256StarStar(seed: Seed.derive(seed, label: "third-derivative directions"))
    for (k, x) in points.enumerated() {
      let fx = value(x)
      let gx = gradient(x)
      guard fx.isFinite else { throw EstimationError(field: "value at sample #\(k)", problem: "f(\(x)) = \(fx) is not finite") }
      guard gx.dimension == dimension, gx.isFinite else {
        throw EstimationError(field: "gradient at sample #\(k)",
                              problem: "∇f(\(x)) = \(gx) is not a finite vector of dimension \(dimension)")
      }
      let h = hessianEstimate(at: x)
      guard h.matrix.isFinite, h.errorEstimate.isFinite else {
        throw EstimationError(field: "hessian at sample #\(k)", problem: "the differenced Hessian at \(x) is not finite")
      }
      let e = SymmetricEigendecomposition(of: h.matrix)
      curvature = Swift.max(curvature, Swift.max(abs(e.minimum), abs(e.maximum)))
      error = Swift.max(error, h.errorEstimate)
      lowest = Swift.min(lowest, fx)
      highest = Swift.max(highest, fx)
      let v = Draw.onUnitSphere(dimension: dimension, using: &rng)
      let delta = 1e-3 * (1 + x.euclideanNorm)
      let plus = hessianEstimate(at: x + delta * v).matrix, minus = hessianEstimate(at: x - delta * v).matrix
      let d3 = abs(v.dot((plus - minus) * v)) / (2 * delta)
      if d3.isFinite { third = Swift.max(third, d3) }
    }
    self.sampledCurvature = curvature
    self.largestHessianError = error
    self.lipschitzConstant = safetyFactor * (curvature + error)
    self.lowerBound = lowest - safetyFactor * Swift.max(highest - lowest, 1e-12 * (1 + abs(lowest)))
    self.thirdDerivativeBound = safetyFactor * third
    self.boundProvenance = .estimated(
      how: "sampled max ‖∇²f‖₂ × \(safetyFactor) over \(points.count) points of \(region.summary)")
  }

  public func value(at x: Vector) -> Double { valueFunction(x) }
  public func gradient(at x: Vector) -> Vector { gradientFunction(x) }
  /// The differenced Hessian (``hessianEstimate(at:)``'s matrix).
  public func hessian(at x: Vector) -> Matrix { hessianEstimate(at: x).matrix }

  /// A differenced Hessian with its error estimate (Frobenius norm; see the type's doc comment).
  public struct HessianEstimate: Sendable, Hashable {
    /// The symmetrized, Richardson-extrapolated central difference of ∇f.
    public var matrix: Matrix
    /// Truncation (Richardson) plus rounding estimate of ‖matrix − ∇²f(x)‖_F.
    public var errorEstimate: Double
    /// The step h used.
    public var step: Double
  }

  /// ∇²f(x) from central differences of ∇f, with the step chosen by the rounding-aware rule.
  public func hessianEstimate(at x: Vector) -> HessianEstimate {
    let d = dimension
    let norm = x.euclideanNorm
    let g = gradientFunction(x).euclideanNorm
    func centered(_ h: Double) -> Matrix {
      var m = Matrix(zeros: d, d)
      for c in 0..<d {
        var xp = x, xm = x
        xp[c] += h
        xm[c] -= h
        let column = (gradientFunction(xp) - gradientFunction(xm)) / (2 * h)
        for r in 0..<d { m[r, c] = column[r] }
      }
      return m
    }
    var best: HessianEstimate?
    var bestRelative = Double.infinity
    let h0 = 1e-2 * Swift.max(1, norm)
    for k in 0...6 {
      let h = h0 * Foundation.pow(10, -Double(k))
      let coarse = centered(h), fine = centered(h / 2)
      let matrix = ((1.0 / 3.0) * (4 * fine - coarse)).symmetricPart
      let size = matrix.frobeniusNorm
      let rounding = 2.2e-16 * (g + size * (h + norm)) * Double(d).squareRoot() / h
      let estimate = HessianEstimate(matrix: matrix, errorEstimate: (fine - coarse).frobeniusNorm * 4 / 3 + rounding, step: h)
      guard matrix.isFinite, estimate.errorEstimate.isFinite else { continue }
      let relative = estimate.errorEstimate / Swift.max(size, .leastNormalMagnitude)
      if relative < bestRelative { (best, bestRelative) = (estimate, relative) }
      if relative <= 1e-8 { return estimate }
    }
    return best ?? HessianEstimate(matrix: Matrix(zeros: d, d), errorEstimate: .infinity, step: .nan)
  }

  /// The seeded sample: the region's centre, then uniform points.
  static func samplePoints(_ region: Region, dimension d: Int, count: Int, seed: UInt64) throws(EstimationError) -> [Vector] {
    var rng = Xoshiro256StarStar(seed: Seed.derive(seed, label: "estimation samples"))
    switch region {
    case .everywhere:
      throw EstimationError(field: "region", problem: "must be bounded (a box or a ball): L is estimated by sampling it")
    case .box(let lo, let hi):
      guard lo.dimension == d, hi.dimension == d else {
        throw EstimationError(field: "region", problem: "a box of dimension \(lo.dimension)/\(hi.dimension), not \(d)")
      }
      for i in 0..<d where !(lo[i].isFinite && hi[i].isFinite && lo[i] <= hi[i]) {
        throw EstimationError(field: "region.lower[\(i)]", problem: "needs finite bounds with lower ≤ upper, got [\(lo[i]), \(hi[i])]")
      }
      var points = [0.5 * (lo + hi)]
      for _ in 1..<Swift.max(count, 1) {
        points.append(Vector((0..<d).map { lo[$0] == hi[$0] ? lo[$0] : Draw.uniform(from: lo[$0], to: hi[$0], using: &rng) }))
      }
      return points
    case .ball(let c, let r):
      guard c.dimension == d, c.isFinite, r.isFinite, r > 0 else {
        throw EstimationError(field: "region", problem: "a ball needs a finite centre of dimension \(d) and a finite radius > 0")
      }
      var points = [c]
      for _ in 1..<Swift.max(count, 1) { points.append(Draw.inBall(center: c, radius: r, using: &rng)) }
      return points
    }
  }
}
