public import LinearAlgebra
import Randomness
public import Landscapes
import Dynamics
public import PropertyTesting
import Foundation

/// A quadratic f(x) = ½xᵀHx on a polyhedral cone X = {x : a_jᵀx ≥ 0}: the
/// random constrained instances of `projected-gd.two-repelling-directions`.
/// The origin is a strict saddle of index k (H has k negative eigenvalues).
/// f is unbounded below on X, so f_low is certified on the unit ball only.
public struct ConstrainedQuadratic: Objective {
  public let curvature: SpectralMatrix
  public let normals: [Vector]

  public var dimension: Int { curvature.dimension }
  public var domain: Domain { .polyhedron(normals.map { Domain.HalfSpace(normal: -$0, offset: 0) }) }
  public func value(at x: Vector) -> Double { 0.5 * x.dot(curvature.apply(x)) }
  public func gradient(at x: Vector) -> Vector { curvature.apply(x) }
  public func hessian(at x: Vector) -> Matrix { curvature.matrix }
  public var lipschitzConstant: Double { curvature.spectralNorm }
  public var certifiedRegion: Region { .ball(center: Vector(zeros: dimension), radius: 1) }
  public var lowerBound: Double { 0.5 * Swift.min(curvature.eigenvalues.components.min() ?? 0, 0) }
  public var thirdDerivativeBound: Double { 0 }
  public var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: Vector(zeros: dimension), hessianEigenvalues: curvature.eigenvalues)]
  }

  /// The number of negative-curvature eigenvectors q with q or −q feasible:
  /// the saddle's repelling feasible directions.
  public var repellingDirections: Int {
    (0..<dimension).filter { curvature.eigenvalues[$0] < 0 }.filter { j in
      let q = curvature.rotation.column(j)
      return normals.allSatisfy { $0.dot(q) >= 0 } || normals.allSatisfy { $0.dot(q) <= 0 }
    }.count
  }
}

/// `projected-gd.two-repelling-directions` (the talk's open question: "if
/// projected gradient descent has at least two repelling directions at the
/// saddle point, does it avoid saddle points?"). Evidence, not a verdict:
/// for k = 1, 2, 3 repelling feasible directions, random instances
/// (d = k + 2, H with k negative eigenvalues in [−1, −0.2] and 2 positive in
/// [0.2, 1], Haar eigenvectors, k random half-spaces through the origin,
/// resampled until exactly k negative eigen-directions are feasible), PGD
/// (α = 0.5/L) from starts uniform in X ∩ B(0, 1); a hit is convergence to
/// the origin within 1e-6. Reported per k: hits pooled over instances with
/// their exact Clopper–Pearson interval, how many instances attract at all,
/// and in how many a hit is robust (20 perturbed starts within 1e-3 all
/// converge: a basin of positive measure).
public enum RepellingDirectionsExperiment {
  public struct Row: Sendable, Hashable, Codable {
    public var k: Int
    public var instances: Int
    public var attractingInstances: Int
    public var hits: Int
    public var starts: Int
    public var interval: BinomialInterval
    /// Instances where a hit is robust: 20 starts within 1e-3 of it (projected onto X) all
    /// converge too — a basin of positive measure, not a start near a measure-zero set.
    public var robustInstances: Int
    /// Hits per instance, in order (each of `starts / instances` starts; nil in documents before it was recorded).
    public var instanceHits: [Int]?
  }

  public static func run(instances: Int, startsPerInstance: Int, seed: UInt64) -> [Row] {
    (1...3).map { k in
      var rng = Xoshiro256StarStar(seed: Seed.derive(seed, UInt64(k)))
      var totalHits = 0, attracting = 0, robust = 0
      var perInstance: [Int] = []
      for _ in 0..<instances {
        let f = instance(k: k, using: &rng)
        let streamSeed = rng.next()
        let rules = Classification(horizon: 3000, pointTolerance: 1e-6, gradientTolerance: 1e-6, escapeRadius: 1e3)
        let pgd = ProjectedGradientDescent(alpha: 0.5 / f.lipschitzConstant)
        let outcomes = Batch.map(count: startsPerInstance) { i -> (start: Vector, hit: Bool) in
          var r = Xoshiro256StarStar(seed: streamSeed, stream: UInt64(i))
          var x = Draw.inBall(center: Vector(zeros: f.dimension), radius: 1, using: &r)
          for _ in 0..<1000 where !f.domain.contains(x) { x = Draw.inBall(center: Vector(zeros: f.dimension), radius: 1, using: &r) }
          return (x, Trajectory.run(pgd, on: f, from: x, rules: rules).outcome == .converged(toPlantedPoint: 0))
        }
        let hits = outcomes.filter(\.hit).count
        totalHits += hits
        perInstance.append(hits)
        if hits > 0 { attracting += 1 }
        if let first = outcomes.first(where: \.hit) {
          let neighbours = (0..<20).allSatisfy { j -> Bool in
            var r = Xoshiro256StarStar(seed: streamSeed ^ 0xbad5eed, stream: UInt64(j))
            let y = f.domain.project(Draw.inBall(center: first.start, radius: 1e-3, using: &r))
            return Trajectory.run(pgd, on: f, from: y, rules: rules).outcome == .converged(toPlantedPoint: 0)
          }
          if neighbours { robust += 1 }
        }
      }
      let n = instances * startsPerInstance
      return Row(k: k, instances: instances, attractingInstances: attracting, hits: totalHits, starts: n,
                 interval: BinomialInterval.clopperPearson(successes: totalHits, trials: n, alpha: 0.05), robustInstances: robust,
                 instanceHits: perInstance)
    }
  }

  /// One random instance with exactly k repelling feasible directions.
  public static func instance(k: Int, seed: UInt64) -> ConstrainedQuadratic {
    var rng = Xoshiro256StarStar(seed: seed)
    return instance(k: k, using: &rng)
  }

  static func instance(k: Int, using rng: inout Xoshiro256StarStar) -> ConstrainedQuadratic {
    let d = k + 2
    while true {
      let mu = (0..<k).map { _ in -Draw.uniform(from: 0.2, to: 1,
          using: &rng) } + (0..<2).map { _ in Draw.uniform(from: 0.2, to: 1, using: &rng) }
      let h = SpectralMatrix(rotation: Draw.haarOrthogonal(dimension: d, using: &rng), eigenvalues: Vector(mu))
      let normals = (0..<k).map { _ in Draw.onUnitSphere(dimension: d, using: &rng) }
      let f = ConstrainedQuadratic(curvature: h, normals: normals)
      if f.repellingDirections == k { return f }
    }
  }

  /// The battery's row: evidence only (expected verdict: inconclusive).
  public static func result(_ rows: [Row], seed: UInt64) -> CheckResult {
    CheckResult(claim: Claim.projectedGDTwoRepellingDirections.id, method: "projected-gd(alpha=0.5/L)",
                landscape: "random cones, d = k + 2", verdict: .inconclusive,
                data: .repellingDirections(RepellingDirectionsEvidence(rows: rows)), seed: Seed.hex(seed), expected: .inconclusive)
  }
}
