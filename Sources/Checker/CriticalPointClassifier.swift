public import LinearAlgebra
public import Landscapes
import Dynamics
import Randomness

/// Classifies a stationary point x̄ (the end of a run) as a strict local
/// minimum, a non-strict local minimum, a degenerate critical point that is
/// not a minimum, a strict saddle, or undecided.
///
/// Real losses have symmetries, so their minima are often non-isolated
/// (matrix factorization UUᵀ: an O(r) orbit with r(r−1)/2 zero Hessian
/// eigenvalues); a second-order test alone cannot call them minima. The rules,
/// with L the objective's certified constant and H = ∇²f(x̄):
/// 1. not stationary (‖∇f(x̄)‖ > `gradientTolerance`), non-finite, or not on R^d → *undecided*;
/// 2. λ_min(H) < −ε, ε = `zeroEigenvalueTolerance`·L → *strict saddle* of index #{λ < −ε};
/// 3. λ_min(H) > ε → *strict local minimum*;
/// 4. otherwise x̄ is second-order stationary with null-space dimension
///    k = #{|λ| ≤ ε}. The **local perturb-and-re-descend test**: x̄ is moved by
///    r = `perturbationRadius`·(1 + ‖x̄‖) along ± each null eigenvector (at most 8),
///    ± random unit vectors in the null space and ± random unit vectors of R^d
///    (`randomDirections` each, drawn from `seed`); each perturbed point is
///    re-descended by gradient descent with α = 1/(2L) (non-increasing in f while it
///    stays in the certified region) for at most `redescentSteps` steps or until
///    stationary. If some value falls below f(x̄) − τ, τ = `valueTolerance`·(1 + |f(x̄)|),
///    x̄ is a *degenerate critical point that is not a minimum*; if none does, a
///    *non-strict local minimum* (nullity k reported).
///
/// **Error rate of step 4.** The test finds no proof of minimality; it can err
/// in two ways. (a) It calls a degenerate saddle a minimum when every descent
/// direction misses the sampled directions — possible only when the null space
/// has dimension > 8 or the descent cone is thin — or when f decreases along it
/// by less than τ within radius r and the re-descent: a cubic descent c·y³
/// is found when |c|r³ > τ (r = 1e-2, τ = 1e-10: |c| > 1e-4), a quartic −c·y⁴
/// when c·r⁴ > τ (c > 1e-2); sixth-order flatness is missed. (b) It calls a
/// non-strict minimum "not a minimum" when a lower basin lies within r of x̄
/// (a basin narrower than 1e-2·(1 + ‖x̄‖)). Rounding alone cannot trigger (b):
/// x̄ is stationary to `gradientTolerance`, so f(x̄) exceeds the minimum value on
/// its manifold by O(‖∇f‖²/μ) ≈ 1e-16/μ ≪ τ for a nonzero curvature μ ≫ 1e-6.
/// Pinned by `CheckerTests/ClassificationRuleTests`.
public struct CriticalPointClassifier: Sendable {
  /// What x̄ is.
  public enum Class: Sendable, Hashable, Codable {
    /// λ_min(∇²f(x̄)) > ε: a strict local minimum.
    case strictMinimum
    /// Second-order stationary with `nullity` zero eigenvalues, and no
    /// re-descended perturbation went below f(x̄) − τ.
    case nonStrictMinimum(nullity: Int)
    /// Second-order stationary with `nullity` zero eigenvalues, and some
    /// perturbation descended below f(x̄) − τ (by `drop`).
    case degenerateNonMinimum(nullity: Int, drop: Double)
    /// λ_min(∇²f(x̄)) < −ε: a strict saddle (or maximum) of this index.
    case strictSaddle(index: Int)
    /// Not decided (why).
    case undecided(reason: String)

    /// Whether the class is a local minimum (strict or not).
    public var isMinimum: Bool {
      switch self {
      case .strictMinimum, .nonStrictMinimum: true
      default: false
      }
    }
  }

  /// Stationarity ‖∇f(x̄)‖ at most this counts as critical.
  public var gradientTolerance: Double
  /// Eigenvalues within ±(this·L) count as zero.
  public var zeroEigenvalueTolerance = 1e-6
  /// The perturbation radius, relative to 1 + ‖x̄‖.
  public var perturbationRadius = 1e-2
  /// Descent by more than this·(1 + |f(x̄)|) below f(x̄) refutes a minimum.
  public var valueTolerance = 1e-10
  /// Random directions of each kind (null space, whole space), each used with both signs.
  public var randomDirections = 4
  /// Gradient-descent steps of each re-descent, at most.
  public var redescentSteps = 2000

  public init(gradientTolerance: Double) {
    self.gradientTolerance = gradientTolerance
  }

  /// Classifies x̄ on `f` (see the type's rules); `seed` fixes the random directions.
  public func classify<F: Objective>(_ x: Vector, on f: F, seed: UInt64) -> Class {
    guard case .euclidean = f.domain else { return .undecided(reason: "not on R^d") }
    guard x.isFinite else { return .undecided(reason: "non-finite point") }
    let g = f.gradient(at: x).euclideanNorm
    guard g <= gradientTolerance else { return .undecided(reason: "not stationary (‖∇f‖ = \(g))") }
    let l = f.lipschitzConstant
    let h = f.hessian(at: x).symmetricPart
    guard h.isFinite, l.isFinite, l > 0 else { return .undecided(reason: "non-finite Hessian or L") }
    let e = SymmetricEigendecomposition(of: h)
    let epsilon = zeroEigenvalueTolerance * l
    let values = e.eigenvalues.components
    if e.minimum < -epsilon { return .strictSaddle(index: values.filter { $0 < -epsilon }.count) }
    if e.minimum > epsilon { return .strictMinimum }
    let null = values.indices.filter { abs(values[$0]) <= epsilon }.map { e.eigenvectors.column($0) }
    var directions: [Vector] = Array(null.prefix(8))
    var rng = Xoshiro256StarStar(seed: seed)
    for _ in 0..<randomDirections {
      var v = Vector(zeros: x.dimension)
      for n in null { v.add(n, scaledBy: Draw.standardNormal(using: &rng)) }
      if v.euclideanNorm > 0 { directions.append(v.normalized()) }
      directions.append(Draw.onUnitSphere(dimension: x.dimension, using: &rng))
    }
    let level = f.value(at: x)
    let tolerance = valueTolerance * (1 + abs(level))
    let radius = perturbationRadius * (1 + x.euclideanNorm)
    let alpha = 0.5 / l
    var deepest = 0.0
    for v in directions {
      for sign in [1.0, -1.0] {
        var y = x
        y.add(v, scaledBy: sign * radius)
        for _ in 0..<redescentSteps {
          let drop = level - f.value(at: y)
          deepest = Swift.max(deepest, drop)
          if drop > tolerance { return .degenerateNonMinimum(nullity: null.count, drop: drop) }
          let gy = f.gradient(at: y)
          guard gy.euclideanNorm > gradientTolerance else { break }
          let next = y - alpha * gy
          guard next.isFinite, f.certifiedRegion.contains(next) else { break }
          y = next
        }
        let drop = level - f.value(at: y)
        if drop > tolerance { return .degenerateNonMinimum(nullity: null.count, drop: drop) }
      }
    }
    return .nonStrictMinimum(nullity: null.count)
  }
}
