import Foundation
import LinearAlgebra
public import Landscapes
import Randomness

/// Finds critical points of any ``Objective`` in a bounded region: deflated,
/// damped Newton iterations on ∇f = 0 from seeded starts, each root refined to
/// machine precision, de-duplicated and classified with ``CriticalPointClassifier``.
///
/// **The iteration.** On F = ∇f with Jacobian J = ∇²f, the Newton step is
/// Δ = −J⁻¹F, solved through the symmetric eigendecomposition of J with
/// eigenvalues of magnitude below δ = 1e-12·max(1, ‖J‖₂) moved to ±δ (a singular
/// Hessian, as at a degenerate point or on a manifold of minima, gives a finite
/// step). Newton on ∇f converges to saddles and maxima as well as minima — it is
/// root-finding, not descent. Every step is capped at a quarter of the region's
/// diameter (a trust radius). The full deflated Newton step is taken when it decreases
/// the merit φ = ‖G‖ (G below); otherwise Levenberg–Marquardt steps (AᵀA + λI)Δ = −AᵀF on
/// the deflated Jacobian A = J_G/M, with λ raised fourfold until φ decreases, so the
/// iteration converges from far; where φ has a local minimum that is not a root (∇²f
/// singular along ∇f, as between the wells of a double well), up to
/// ``maximumUphillSteps`` capped Newton steps are taken although φ grows.
///
/// **Deflation** (P. E. Farrell, Á. Birkisson, S. W. Funke, "Deflation techniques
/// for finding distinct solutions of nonlinear partial differential equations",
/// SIAM J. Sci. Comput. 37(4), A2026–A2045, 2015, arXiv:1410.5620; after
/// K. M. Brown and W. B. Gearhart, Numer. Math. 16, 1971): once roots x₁ … x_n are
/// known, Newton runs on the deflated residual
/// ```
/// G(x) = M(x)·F(x),   M(x) = Π_i ((ℓ/‖x − x_i‖)^p + σ),   p = 2, σ = 1,
/// ```
/// with ℓ = ``deflationLength`` × the region's diameter (the paper's M with a scaled norm),
/// which has every root of F except the x_i (near x_i, ‖G‖ ~ ‖x − x_i‖^{1−p} → ∞). A short
/// ℓ keeps the deflation local: unscaled (ℓ = 1) on boxes of width 2–3, φ fell outward from the roots
/// and runs left the region. At a degenerate root, where ∇f vanishes to second order or
/// more, p = 2 does not remove the root; a run that ends at a known point ends its start.
/// Its Newton step is the undeflated one rescaled (Sherman–Morrison on
/// J_G = M·J + F ∇Mᵀ): Δ_G = Δ / (1 − ∇log M · Δ); near a known root the factor is
/// ≈ −1, pushing the iterate away. Each start is re-used after every root it finds
/// (up to ``solutionsPerStart`` times), so one start can yield several distinct points,
/// as in the paper.
///
/// **Refinement.** A deflated run stops at ‖∇f‖ ≤ ``convergenceTolerance``; the point is
/// then refined by undeflated full Newton steps for as long as ‖∇f‖ keeps decreasing
/// (at most ``refinementSteps``), which for a nondegenerate root ends at the
/// rounding floor of ∇f (about 1e-15·‖∇²f‖·(1 + ‖x‖)). A point is accepted when the
/// refined ‖∇f‖ ≤ ``gradientTolerance`` and lies in the region; a point within
/// ``distinctness``·(1 + ‖x‖) of an earlier one is the same point (its ``FoundCriticalPoint/hits`` grows).
///
/// **What is not guaranteed.** A finder can miss critical points: a start may never
/// enter a root's basin, deflation can make φ nearly flat far from the roots, and a
/// non-isolated critical set (a manifold of minima) yields sample points of it, not
/// the set. Nothing here proves that the list is complete on the region; the interval
/// certifier (`Certifier.criticalPoints(_:on:)` in the `Certification` module,
/// issue 13; `saddlecheck check --function EXPR --box …`) proves completeness on a box for functions written as expressions. A
/// found point's classification is that of ``CriticalPointClassifier`` (its step 4
/// is a test, not a proof).
public struct CriticalPointFinder: Sendable {
  /// Seeded starts, uniform in the region (≥ 1).
  public var starts = 128
  /// Deflated Newton runs from each start: the start is re-used after each root it
  /// finds, up to this many times (≥ 1; 1 with ``deflates`` false gives plain multi-start Newton).
  public var solutionsPerStart = 4
  /// Iterations per run before the run is abandoned.
  public var maximumIterations = 20
  /// Whether found roots are deflated (Farrell et al. 2015). Off: plain multi-start Newton,
  /// where a start re-used finds the same root again.
  public var deflates = true
  /// The deflation exponent p, shift σ and length ℓ (relative to the region's diameter)
  /// of M(x) = Π ((ℓ/‖x − x_i‖)^p + σ).
  public var deflationPower = 2.0
  public var deflationShift = 1.0
  public var deflationLength = 0.05
  /// A deflated run ends once ‖∇f‖ is at most this; refinement takes it further.
  public var convergenceTolerance = 1e-6
  /// Consecutive deflated Newton steps taken although they increase ‖G‖ (to leave a
  /// local minimum of ‖G‖ that is not a root) before a run is called stalled.
  public var maximumUphillSteps = 5
  /// Undeflated Newton refinement steps at most (0: none).
  public var refinementSteps = 100
  /// A refined point is a critical point when ‖∇f‖ is at most this
  /// (the classifier's stationarity tolerance too).
  public var gradientTolerance = 1e-8
  /// Points within this·(1 + ‖x‖) of each other are one point.
  public var distinctness = 1e-6
  /// A planted point within this·(1 + ‖x*‖) of a found one is reported as matched (the
  /// avoidance rules' "at a point" distance; a degenerate root is located only to about
  /// (ε/c)^{1/(m−1)} when ∇f vanishes to order m − 1 there, e.g. 5e-7 for x⁴/4).
  public var plantedTolerance = 1e-6
  /// The search stops after this many distinct points (the result says it was capped).
  public var maximumPoints = 128

  public init() {}

  /// A region's problem: what the search needs from it.
  public struct RegionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field at fault (`region`, `region.lower`, `starts`, …).
    public var field: String
    public var problem: String
    public var description: String { "\(field): \(problem)" }
  }

  /// Searches `region` (a box or a ball of `f`'s dimension) for critical points of `f`.
  ///
  /// Every random draw comes from `seed` (start i uses `Seed.derive(seed, i)`), and the
  /// runs are sequential in start order, so the same seed gives the same list.
  /// Work: at most `starts`·`solutionsPerStart`·(`maximumIterations` + `refinementSteps`)
  /// Newton iterations, each one Hessian, one eigendecomposition and a few gradients.
  /// - Throws: ``RegionError`` when the region is unbounded, of the wrong dimension,
  ///   empty or not finite, when `f` is not on R^d, or when a setting is out of range.
  public func find<F: Objective>(in f: F, region: Region, seed: UInt64) throws(RegionError) -> CriticalPointSearch {
    try validate(f, region: region)
    let d = f.dimension
    let radius = 0.25 * diameter(of: region)
    var found: [Vector] = []
    var records: [FoundCriticalPoint] = []
    var runs = 0, converged = 0, startsConverged = 0, outside = 0
    var stalled = 0, wandered = 0, limited = 0, unrefined = 0
    var capped = false
    starts: for s in 0..<starts {
      var rng = Xoshiro256StarStar(seed: Seed.derive(seed, UInt64(s)))
      let start = draw(in: region, dimension: d, using: &rng)
      var startConverged = false
      for _ in 0..<solutionsPerStart {
        runs += 1
        let end = newton(f, from: start, deflating: deflates ? found : [], radius: radius, region: region)
        switch end {
        case .converged: break
        case .stalled: stalled += 1
        case .leftRegion: wandered += 1
        case .iterationLimit: limited += 1
        }
        guard case .converged(let root) = end else { break }
        let (x, residual) = refine(f, root)
        guard residual <= gradientTolerance, x.isFinite else {
          unrefined += 1
          break
        }
        converged += 1
        startConverged = true
        guard region.contains(x) else {
          outside += 1
          break
        }
        if let k = found.firstIndex(where: { $0.distance(to: x) <= distinctness * (1 + x.euclideanNorm) }) {
          records[k].hits += 1
          // A run that ends at a known point (no deflation, or deflation too weak at a
          // degenerate root, where ∇f vanishes faster than M blows up) would end there
          // again from the same start: the deflated problem is unchanged. Move on.
          break
        }
        found.append(x)
        records.append(FoundCriticalPoint(location: x, value: f.value(at: x), gradientNorm: residual,
                                          hessianEigenvalues: Vector(zeros: 0), classification: .undecided(reason: "pending"),
                                          start: s, hits: 1, plantedIndex: nil))
        if found.count >= maximumPoints {
          capped = true
          startsConverged += 1
          break starts
        }
      }
      if startConverged { startsConverged += 1 }
    }
    let classifier = CriticalPointClassifier(gradientTolerance: gradientTolerance)
    let planted = f.criticalPoints
    for k in records.indices {
      let x = records[k].location
      records[k].hessianEigenvalues = SymmetricEigendecomposition(of: f.hessian(at: x).symmetricPart).eigenvalues
      records[k].classification = classifier.classify(x, on: f, seed: Seed.derive(Seed.derive(seed, label: "classify"), UInt64(k)))
      records[k].plantedIndex = planted.indices.first {
        planted[$0].location.distance(to: x) <= plantedTolerance * (1 + planted[$0].location.euclideanNorm)
      }
    }
    let matched = Set(records.compactMap(\.plantedIndex))
    let missed = planted.indices.filter { region.contains(planted[$0].location) && !matched.contains($0) }
    return CriticalPointSearch(region: region, seed: Seed.hex(seed), starts: starts, runs: runs, convergedRuns: converged,
                               startsConverged: startsConverged,
                               failedRuns: RunFailures(stalled: stalled, leftRegion: wandered, iterationLimit: limited,
                                                       unrefined: unrefined),
                               outsideRegion: outside,
                               capped: capped, points: records, plantedInRegion: planted.filter { region.contains($0.location) }.count,
                               missedPlanted: missed)
  }

  // MARK: - Newton

  /// The Newton step −H⁻¹g with |λ| < δ moved to ±δ (see the type's doc comment).
  func newtonStep(hessian h: Matrix, gradient g: Vector) -> Vector? {
    guard h.isFinite, g.isFinite else { return nil }
    let e = SymmetricEigendecomposition(of: h.symmetricPart)
    let norm = e.eigenvalues.components.map(abs).max() ?? 0
    let delta = 1e-12 * Swift.max(1, norm)
    var step = Vector(zeros: g.dimension)
    for i in 0..<g.dimension {
      let v = e.eigenvectors.column(i)
      let lambda = e.eigenvalues[i]
      let clipped = abs(lambda) >= delta ? lambda : (lambda < 0 ? -delta : delta)
      step.add(v, scaledBy: -v.dot(g) / clipped)
    }
    return step.isFinite ? step : nil
  }

  /// log M(x) and ∇log M(x) for the deflation operator over `roots`.
  func deflation(at x: Vector, roots: [Vector], length: Double) -> (log: Double, gradient: Vector)? {
    let scale = length * length
    var logM = 0.0
    var grad = Vector(zeros: x.dimension)
    let p = deflationPower
    for r in roots {
      let e = x - r
      let n2 = e.squaredNorm / scale
      guard n2 > 0 else { return nil }
      let inv = Foundation.pow(n2, -p / 2)
      let m = inv + deflationShift
      logM += Foundation.log(m)
      // ∇ log(‖e‖^{−p} + σ) = −p‖e‖^{−p−2} e / (‖e‖^{−p} + σ)
      grad.add(e, scaledBy: -p * inv / n2 / m / scale)
    }
    return (logM, grad)
  }

  /// log φ(x) = log M(x) + log ‖∇f(x)‖ (−∞ at a root of F away from the roots).
  func logMerit<F: Objective>(_ f: F, at x: Vector, roots: [Vector], length: Double) -> Double? {
    guard x.isFinite, let m = deflation(at: x, roots: roots, length: length) else { return nil }
    let g = f.gradient(at: x).euclideanNorm
    guard g.isFinite else { return nil }
    return m.log + Foundation.log(g)
  }

  /// One deflated, damped Newton run from `start` (see the type's doc comment): the full
  /// deflated Newton step when it decreases φ = ‖G‖, else Levenberg–Marquardt steps
  /// (AᵀA + λI)Δ = −AᵀF on the deflated Jacobian A = J_G/M = ∇²f + F ∇log Mᵀ, with λ raised
  /// ×4 until φ decreases and lowered ÷4 after each success.
  func newton<F: Objective>(_ f: F, from start: Vector, deflating roots: [Vector], radius: Double,
                            region: Region) -> RunEnd {
    let length = radius * 4 * deflationLength
    var x = start
    guard var merit = logMerit(f, at: x, roots: roots, length: length) else { return .stalled }
    var lambda = 0.0
    var forced = 0
    func accepts(_ step: Vector) -> Bool {
      var step = step
      let size = step.euclideanNorm
      guard size.isFinite, size > 0 else { return false }
      if size > radius { step = (radius / size) * step }
      let candidate = x + step
      guard let c = logMerit(f, at: candidate, roots: roots, length: length), c < merit else { return false }
      (x, merit) = (candidate, c)
      return true
    }
    for _ in 0..<maximumIterations {
      let g = f.gradient(at: x)
      if g.euclideanNorm <= convergenceTolerance { return .converged(x) }
      let h = f.hessian(at: x).symmetricPart
      guard let plain = newtonStep(hessian: h, gradient: g),
            let m = deflation(at: x, roots: roots, length: length) else { return .stalled }
      // Deflated Newton step: Δ_G = Δ / (1 − ∇log M · Δ) (Sherman–Morrison).
      let denominator = 1 - m.gradient.dot(plain)
      var moved = abs(denominator) > 1e-12 && accepts((1 / denominator) * plain)
      if !moved {
        let a = h + Matrix.outer(g, m.gradient)
        let ata = a.transposed * a
        let rhs = -(a.transposed * g)
        let scale = Swift.max(ata.diagonalElements.maximumMagnitude, 1e-300)
        lambda = Swift.max(lambda, 1e-8 * scale)
        for _ in 0..<40 {
          var damped = ata
          for i in 0..<g.dimension { damped[i, i] += lambda }
          if let step = try? LUDecomposition(of: damped).solve(rhs), accepts(step) {
            moved = true
            lambda /= 4
            break
          }
          lambda *= 4
        }
      }
      if !moved, forced < maximumUphillSteps, abs(denominator) > 1e-12 {
        // Non-monotone escape: φ has a local minimum that is not a root (∇²f singular
        // along ∇f), so take the capped deflated Newton step even though φ grows.
        var step = (1 / denominator) * plain
        let size = step.euclideanNorm
        if size > radius { step = (radius / size) * step }
        if step.isFinite, let c = logMerit(f, at: x + step, roots: roots, length: length) {
          (x, merit) = (x + step, c)
          forced += 1
          moved = true
        }
      } else if moved {
        forced = 0
      }
      guard moved else { return .stalled }
      guard isNear(x, region: region) else { return .leftRegion }
    }
    return f.gradient(at: x).euclideanNorm <= convergenceTolerance ? .converged(x) : .iterationLimit
  }

  /// How a deflated Newton run ended.
  enum RunEnd {
    case converged(Vector)
    /// No step decreased the merit φ (a non-root local minimum of φ, or a non-finite value).
    case stalled
    /// The iterate left the region enlarged by half its size.
    case leftRegion
    /// `maximumIterations` reached.
    case iterationLimit
  }

  /// Undeflated full Newton steps while ‖∇f‖ decreases; the best point and its ‖∇f‖.
  func refine<F: Objective>(_ f: F, _ start: Vector) -> (Vector, Double) {
    var x = start
    var residual = f.gradient(at: x).euclideanNorm
    for _ in 0..<refinementSteps {
      guard residual > 0, let step = newtonStep(hessian: f.hessian(at: x), gradient: f.gradient(at: x)) else { break }
      let candidate = x + step
      let r = f.gradient(at: candidate).euclideanNorm
      guard r < residual else { break }
      (x, residual) = (candidate, r)
    }
    return (x, residual)
  }

  // MARK: - The region

  func validate<F: Objective>(_ f: F, region: Region) throws(RegionError) {
    guard case .euclidean = f.domain else {
      throw RegionError(field: "objective.domain", problem: "the finder works on R^d; the domain is not R^d")
    }
    guard starts >= 1, solutionsPerStart >= 1, maximumIterations >= 1, refinementSteps >= 0, maximumPoints >= 1 else {
      throw RegionError(field: "finder", problem: "starts, solutionsPerStart, maximumIterations and maximumPoints must be ≥ 1")
    }
    let d = f.dimension
    switch region {
    case .everywhere:
      throw RegionError(field: "region", problem: "must be bounded (a box or a ball): starts are drawn uniformly in it")
    case .box(let lo, let hi):
      guard lo.dimension == d, hi.dimension == d else {
        throw RegionError(field: "region", problem: "a box of dimension \(lo.dimension)/\(hi.dimension) for an objective of dimension \(d)")
      }
      for i in 0..<d where !(lo[i].isFinite && hi[i].isFinite && lo[i] <= hi[i]) {
        throw RegionError(field: "region.lower[\(i)]", problem: "needs finite bounds with lower ≤ upper, got [\(lo[i]), \(hi[i])]")
      }
    case .ball(let c, let r):
      guard c.dimension == d else {
        throw RegionError(field: "region.center", problem: "dimension \(c.dimension) for an objective of dimension \(d)")
      }
      guard c.isFinite, r.isFinite, r > 0 else {
        throw RegionError(field: "region.radius", problem: "needs a finite center and a finite radius > 0, got \(r)")
      }
    }
  }

  func diameter(of region: Region) -> Double {
    switch region {
    case .everywhere: .infinity
    case .box(let lo, let hi): Swift.max((hi - lo).euclideanNorm, 1e-300)
    case .ball(_, let r): 2 * r
    }
  }

  func draw<G: RandomNumberGenerator>(in region: Region, dimension d: Int, using rng: inout G) -> Vector {
    switch region {
    case .everywhere: return Vector(zeros: d)
    case .box(let lo, let hi):
      return Vector((0..<d).map { lo[$0] == hi[$0] ? lo[$0] : Draw.uniform(from: lo[$0], to: hi[$0], using: &rng) })
    case .ball(let c, let r): return Draw.inBall(center: c, radius: r, using: &rng)
    }
  }

  /// Whether an iterate is still within the region enlarged by half its size (runs that wander off are abandoned).
  func isNear(_ x: Vector, region: Region) -> Bool {
    switch region {
    case .everywhere: return true
    case .box(let lo, let hi):
      return x.indices.allSatisfy {
        let w = 0.5 * Swift.max(hi[$0] - lo[$0], 1e-12)
        return lo[$0] - w <= x[$0] && x[$0] <= hi[$0] + w
      }
    case .ball(let c, let r): return x.distance(to: c) <= 1.5 * r
    }
  }
}
