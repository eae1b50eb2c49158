public import LinearAlgebra
import Randomness
import Serialization

/// Symmetric low-rank matrix factorization f(U) = ¼‖UUᵀ − M‖²_F, U ∈ R^{n×r},
/// M = V diag(λ) Vᵀ ⪰ 0 with a planted spectrum (CLAIMS.md "classics";
/// every non-global critical point is a strict saddle).
///
/// The variable is x = vec(U), row-major: U[a, k] = x[a·r + k], d = n·r.
/// With E = UUᵀ − M,
/// ```
/// ∇f = E U,       ∇²f[W] = (UWᵀ + WUᵀ)U + E W
/// ```
/// **Critical points (exact).** U = 0, Hessian W ↦ −MW: eigenvalues −λ_j,
/// each r times. For an r-subset S of eigenpairs, U_S = V_S Λ_S^{1/2}: the
/// Hessian has eigenvalues 2λ_k (k ∈ S), λ_k + λ_l (k < l in S), 0 with
/// multiplicity r(r−1)/2 (the O(r) symmetry), and λ_k − λ_j (k ∈ S, j ∉ S).
/// So U_S is a strict saddle unless S holds the r largest λ; for r ≥ 2 every
/// critical point is non-isolated (zero eigenvalues), which the kinds say.
/// Planted: U = 0 and U_S for every S (at most 256 subsets, in lexicographic
/// order), both signs ±U_S when r = 1.
///
/// **Certified L on the ball ‖U‖_F ≤ R.** ‖(UWᵀ + WUᵀ)U‖_F ≤ 2‖U‖₂²‖W‖_F and
/// ‖EW‖_F ≤ ‖UUᵀ − M‖₂‖W‖_F ≤ max(‖U‖₂², ‖M‖₂)‖W‖_F (difference of two
/// PSD matrices), so L = 2R² + max(R², ‖M‖₂). No global L exists (f is quartic).
/// f_low = ¼ Σ_{j ∉ top r} λ_j², exact: UUᵀ ranges over the PSD matrices of
/// rank ≤ r, and the best such approximation of M in ‖·‖_F keeps its r
/// largest eigenvalues (Eckart–Young–Mirsky).
public struct MatrixFactorization: Objective, Codable, Hashable {
  /// M = V diag(λ) Vᵀ, λ ≥ 0.
  public let target: SpectralMatrix
  /// The rank r of U.
  public let rank: Int
  /// The radius R of the certified region ‖U‖_F ≤ R.
  public let radius: Double
  /// The planted points, computed once.
  public let criticalPoints: [PlantedCriticalPoint]

  public init(target: SpectralMatrix, rank: Int, radius: Double) {
    if let p = Self.problem(target: target, rank: rank, radius: radius) { preconditionFailure(p) }
    self.target = target
    self.rank = rank
    self.radius = radius
    self.criticalPoints = Self.plant(target, rank)
  }

  public static func problem(target: SpectralMatrix, rank: Int, radius: Double) -> String? {
    guard 1 <= rank, rank <= target.dimension else { return "rank: must lie in 1…\(target.dimension), got \(rank)" }
    guard target.dimension * rank <= 2000 else { return "rank: d = n·r = \(target.dimension)·\(rank) exceeds the largest dimension, 2000" }
    if let k = target.eigenvalues.firstIndex(where: { $0 < 0 }) {
      return "target.eigenvalues[\(k)]: M must be positive semidefinite, got \(target.eigenvalues[k])"
    }
    guard radius > 0, radius.isFinite else { return "radius: must be positive and finite, got \(radius)" }
    return nil
  }

  /// A random instance: λ uniform in [2/κ, 2] (κ = `conditioning`), V Haar,
  /// R = 1.5·(Σ of the r largest λ)^{1/2} + 0.5 so that every planted point
  /// lies inside the region.
  public static func random(size n: Int, rank r: Int, conditioning: Double = 5, seed: UInt64) -> MatrixFactorization {
    precondition(conditioning >= 1 && conditioning.isFinite, "conditioning must be ≥ 1")
    var rng = Xoshiro256StarStar(seed: seed)
    let lambda = (0..<n).map { _ in Draw.uniform(from: 2 / conditioning, to: 2, using: &rng) }
    let v = Draw.haarOrthogonal(dimension: n, using: &rng)
    let top = lambda.sorted(by: >).prefix(r).reduce(0, +)
    return MatrixFactorization(
      target: SpectralMatrix(rotation: v, eigenvalues: Vector(lambda)), rank: r, radius: 1.5 * top.squareRoot() + 0.5)
  }

  public var dimension: Int { target.dimension * rank }
  var n: Int { target.dimension }

  /// U as an n×r matrix.
  func factor(_ x: Vector) -> Matrix {
    precondition(x.dimension == dimension, "point of dimension \(x.dimension) for d = \(dimension)")
    return Matrix(rows: n, columns: rank, elements: x.components)
  }

  func residual(_ u: Matrix) -> Matrix { u * u.transposed - target.matrix }

  public func value(at x: Vector) -> Double {
    let e = residual(factor(x)).frobeniusNorm
    return 0.25 * e * e
  }

  public func gradient(at x: Vector) -> Vector {
    let u = factor(x)
    return Vector((residual(u) * u).elements)
  }

  public func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector {
    let u = factor(x), w = factor(v)
    let sym = u * w.transposed + w * u.transposed
    return Vector((sym * u + residual(u) * w).elements)
  }

  public func hessian(at x: Vector) -> Matrix {
    let d = dimension
    var h = Matrix(zeros: d, d)
    for j in 0..<d {
      let column = hessianVectorProduct(at: x, Vector(basis: j, dimension: d))
      for i in 0..<d { h[i, j] = column[i] }
    }
    return h.symmetricPart
  }

  public var lipschitzConstant: Double {
    2 * radius * radius + Swift.max(radius * radius, target.spectralNorm)
  }

  public var certifiedRegion: Region { .ball(center: Vector(zeros: dimension), radius: radius) }
  public var lowerBound: Double {
    0.25 * target.eigenvalues.components.sorted(by: >).dropFirst(rank).reduce(0) { $0 + $1 * $1 }
  }
  /// D³f[W,W,W] = 3⟨UWᵀ + WUᵀ, WWᵀ⟩ ≤ 6‖U‖_F‖W‖_F³, so M₃ = 6R on the ball.
  public var thirdDerivativeBound: Double { 6 * radius }

  static func plant(_ m: SpectralMatrix, _ r: Int) -> [PlantedCriticalPoint] {
    let n = m.dimension
    let lambda = m.eigenvalues.components
    var points = [PlantedCriticalPoint(
      location: Vector(zeros: n * r), hessianEigenvalues: Vector(lambda.flatMap { Array(repeating: -$0, count: r) }))]
    for subset in subsets(of: n, size: r, limit: 256) {
      var eigen: [Double] = []
      for (a, k) in subset.enumerated() {
        eigen.append(2 * lambda[k])
        for l in subset[(a + 1)...] { eigen.append(lambda[k] + lambda[l]) }
        for j in 0..<n where !subset.contains(j) { eigen.append(lambda[k] - lambda[j]) }
      }
      eigen += Array(repeating: 0, count: r * (r - 1) / 2)
      var u = [Double](repeating: 0, count: n * r)
      for (column, k) in subset.enumerated() {
        let scale = lambda[k].squareRoot()
        for a in 0..<n { u[a * r + column] = scale * m.rotation[a, k] }
      }
      points.append(PlantedCriticalPoint(location: Vector(u), hessianEigenvalues: Vector(eigen)))
      if r == 1 { points.append(PlantedCriticalPoint(location: -Vector(u), hessianEigenvalues: Vector(eigen))) }
    }
    return points
  }

  /// The first `limit` r-subsets of 0..<n in lexicographic order.
  static func subsets(of n: Int, size r: Int, limit: Int) -> [[Int]] {
    var result: [[Int]] = []
    var current = Array(0..<r)
    while result.count < limit {
      result.append(current)
      var i = r - 1
      while i >= 0 && current[i] == n - r + i { i -= 1 }
      if i < 0 { break }
      current[i] += 1
      for j in (i + 1)..<r { current[j] = current[j - 1] + 1 }
    }
    return result
  }

  private enum CodingKeys: String, CodingKey { case target, rank, radius }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let m = try c.decode(SpectralMatrix.self, forKey: .target)
    let r = try c.decodeWholeNumber(forKey: .rank, in: 1...2000), radius = try c.decode(Double.self, forKey: .radius)
    if let p = Self.problem(target: m, rank: r, radius: radius) {
      throw DecodingError.fieldProblem(c.codingPath, p)
    }
    self.init(target: m, rank: r, radius: radius)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(target, forKey: .target)
    try c.encode(rank, forKey: .rank)
    try c.encode(radius, forKey: .radius)
  }
}
