public import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
import Foundation

/// The stable set of a time-dependent step policy at a strict saddle, computed as the talk
/// computes it (slides 28–36): in the local form x_{t+1} = (I − ΓH)x_t + η(t, x_t),
/// Γ = lim Γ_t of the orbit, H = ∇²f(x*), with
/// ```
/// η(t, x) = −Γθ(x) − (Γ_t − Γ)∇f(x),   θ(x) = ∇f(x) − H(x − x*),
/// ```
/// by the discrete Lyapunov–Perron iteration of CLAIMS.md ("Numerical notes"), with Γ_t
/// recomputed from the current orbit at every sweep.
///
/// **Coordinates.** Γ, and with it the stable space of I − ΓH, depends on the start. The
/// graph is therefore parametrized over a fixed split: the Hessian's orthonormal eigenvectors,
/// E^s_H (the d − k positive eigenvalues) and E^u_H (the k negative ones). A start is
/// x_0 = x* + V_s a⁺ + V_u F(a⁺), a⁺ ∈ R^{d−k}, F(a⁺) ∈ R^k. E^s_H is the stable space of
/// I − Γ(0)H, where Γ(0) = η/δ0·I = lim_{a⁺→0} Γ(a⁺) (the orbit of x* itself has ∇f = 0, so
/// Γ_t = η/δ0·I for every AdaGrad variant with G_0 = δ0²I). Each orbit's own stable space
/// E^s(I − Γ(a⁺)H) differs from E^s_H by an angle that is reported (O(‖a⁺‖²)).
///
/// **One sweep.** On the orbit x_0 … x_N (deviations from x*): run the policy along it
/// (Γ_t, and the map images g_t(x_t)); take Γ = Γ_N; decompose I − ΓH through the symmetric
/// S = Γ^{1/2}HΓ^{1/2} = W diag(s) Wᵀ (right eigenvectors R = Γ^{1/2}W, left Γ^{−1/2}W,
/// eigenvalues 1 − s_j, real because ΓH is similar to S); z_t = g_t(x_t) − (I − ΓH)x_t,
/// which is η(t, x_t) (the talk's formula, reported as a consistency residual), in those
/// coordinates; unstable part backward, y_t⁻ = −Σ_{i≥t} C^{−(i−t+1)} z_i⁻ (truncated at N);
/// stable part forward, y_t⁺ = B y_{t−1}⁺ + z_{t−1}⁺, with y_0⁺ chosen so that V_sᵀx_0 = a⁺.
/// A fixed point is an orbit of the policy that converges to x*; F(a⁺) = V_uᵀ x_0.
public enum AdaptiveStableSet {
  /// One point of the graph and how it was found.
  public struct GraphPoint: Sendable, Hashable {
    /// The stable coordinates a⁺ (in E^s_H).
    public var stable: Vector
    /// F(a⁺): the unstable coordinates (in E^u_H) of the start.
    public var unstable: Vector
    /// The start x_0 = x* + V_s a⁺ + V_u F(a⁺).
    public var start: Vector
    /// The orbit, x_t − x* for t = 0 … N.
    public var orbit: [Vector]
    /// Γ_t along the orbit, t = 0 … N (Γ_N is taken as Γ = lim Γ_t).
    public var gammas: [Matrix]
    /// Sweeps until the orbit stopped changing (to rounding).
    public var sweeps: Int
    /// The largest ratio of successive sweep changes before rounding (the contraction factor).
    public var contraction: Double
    /// max_t ‖x_{t+1} − g_t(x_t)‖: how far the fixed point is from a true orbit.
    public var orbitResidual: Double
    /// max_t ‖η_dynamics(t) − (−Γθ(x_t) − (Γ_t − Γ)∇f(x_t))‖: the talk's decomposition.
    public var etaResidual: Double
    /// sin of the largest angle between a stable eigenvector of I − ΓH and E^s_H.
    public var stableSpaceAngle: Double
    /// Whether the sweeps converged to rounding within the budget.
    public var converged: Bool
  }

  /// The Hessian split at the saddle.
  public struct Split: Sendable {
    public var hessian: Matrix
    /// Columns: the k unstable eigenvectors (negative eigenvalues), then the d − k stable ones.
    public var unstable: [Vector]
    public var stable: [Vector]
    public init(hessian h: Matrix) {
      let e = SymmetricEigendecomposition(of: h)
      let k = e.count(below: 0)
      hessian = h
      unstable = (0..<k).map { e.eigenvectors.column($0) }
      stable = (k..<h.rows).map { e.eigenvectors.column($0) }
    }
    public var index: Int { unstable.count }
    /// V_s a + V_u u.
    public func point(stable a: Vector, unstable u: Vector) -> Vector {
      var x = Vector(zeros: hessian.rows)
      for j in 0..<stable.count { x.add(self.stable[j], scaledBy: a[j]) }
      for j in 0..<unstable.count { x.add(self.unstable[j], scaledBy: u[j]) }
      return x
    }
  }

  /// The eigen-split of A = I − ΓH for a symmetric positive definite Γ.
  struct LinearSplit: Sendable {
    /// Eigenvalues of A: unstable (> 1) first, then stable.
    var lambda: [Double]
    /// Right eigenvectors (columns of x = R y) and the left ones (y = Lᵀ x).
    var right: Matrix
    var leftTransposed: Matrix
    var k: Int

    init?(gamma: Matrix, hessian h: Matrix) {
      let eg = SymmetricEigendecomposition(of: gamma.symmetricPart)
      guard eg.minimum > 0 else { return nil }
      let root = eg.spectralMap { $0.squareRoot() }
      let inverseRoot = eg.spectralMap { 1 / $0.squareRoot() }
      let es = SymmetricEigendecomposition(of: (root * h * root).symmetricPart)
      k = es.count(below: 0)
      lambda = es.eigenvalues.components.map { 1 - $0 }
      right = root * es.eigenvectors
      leftTransposed = es.eigenvectors.transposed * inverseRoot
    }
  }

  /// F(a⁺) by the discrete Lyapunov–Perron iteration for the policy `makePolicy()`.
  ///
  /// - Parameters:
  ///   - initialUnstable: the unstable H-coordinates of the first orbit's x_t (two different
  ///     values must give the same F: single-valuedness).
  ///   - horizon: N, the orbit's length; the unstable sum is truncated there.
  /// - Returns: nil when Γ_N is not positive definite, I − ΓH has no or a different number of
  ///   unstable eigenvalues than H, or the orbit leaves every bound.
  public static func lyapunovPerron<P: StepPolicy & MatrixStepPolicy, F: Objective>(
    _ f: F, saddle xs: Vector, split: Split, stable a: Vector, makePolicy: () -> P, horizon n: Int = 400,
    initialUnstable: Double = 0, maximumSweeps: Int = 80
  ) -> GraphPoint? {
    let d = f.dimension, k = split.index
    let h = split.hessian
    var orbit = [Vector](repeating: Vector(zeros: d), count: n + 1)
    let first = split.point(stable: a, unstable: Vector(Array(repeating: initialUnstable, count: k)))
    for t in 0...n { orbit[t] = Double(n - t) / Double(n) * first }
    var previousChange = Double.infinity
    var contraction = 0.0
    var sweeps = 0
    var converged = false
    var gammas: [Matrix] = []
    var images: [Vector] = []
    func runPolicy() {
      var p = makePolicy()
      gammas = []
      images = []
      for t in 0...n {
        let x = xs + orbit[t]
        let g = f.gradient(at: x)
        gammas.append(p.stepMatrix(for: g))
        if t < n { images.append(orbit[t] - p.displacement(for: g, at: x)) }
      }
    }
    while sweeps < maximumSweeps {
      sweeps += 1
      runPolicy()
      guard let s = LinearSplit(gamma: gammas[n], hessian: h), s.k == k else { return nil }
      var ys = [Vector](repeating: Vector(zeros: d), count: n + 1)
      var z = [Vector]()
      z.reserveCapacity(n)
      for t in 0..<n {
        var ax = orbit[t]
        ax -= gammas[n] * (h * orbit[t])
        z.append(s.leftTransposed * (images[t] - ax))
      }
      // Unstable coordinates backward: acc_t = C⁻¹(z_t + acc_{t+1}), y_t⁻ = −acc_t.
      var acc = [Double](repeating: 0, count: k)
      for t in stride(from: n - 1, through: 0, by: -1) {
        for j in 0..<k {
          acc[j] = (z[t][j] + acc[j]) / s.lambda[j]
          ys[t][j] = -acc[j]
        }
      }
      // y_0⁺ with V_sᵀ(R⁺y⁺ + R⁻y⁻) = a⁺.
      let m = d - k
      var system = Matrix(zeros: m, m)
      var rhs = a
      for r in 0..<m {
        let vr = split.stable[r]
        for c in 0..<m { system[r, c] = vr.dot(s.right.column(k + c)) }
        for c in 0..<k { rhs[r] -= vr.dot(s.right.column(c)) * ys[0][c] }
      }
      guard let plus = try? LUDecomposition(of: system).solve(rhs), plus.isFinite else { return nil }
      for j in 0..<m { ys[0][k + j] = plus[j] }
      for t in 1...n { for j in k..<d { ys[t][j] = s.lambda[j] * ys[t - 1][j] + z[t - 1][j] } }
      let next = ys.map { s.right * $0 }
      guard next.allSatisfy({ $0.isFinite }) else { return nil }
      var change = 0.0
      for t in 0...n { change = Swift.max(change, (next[t] - orbit[t]).maximumMagnitude) }
      orbit = next
      let floor = 64 * Double.ulpOfOne * Swift.max(a.maximumMagnitude, 1e-300)
      if change <= floor { converged = true; break }
      if previousChange.isFinite && previousChange > floor * 16 { contraction = Swift.max(contraction, change / previousChange) }
      // Rounding plateau: no longer decreasing at the level of a few ulps of the orbit.
      if change <= 1e4 * floor && change >= previousChange / 2 { converged = true; break }
      previousChange = change
    }
    runPolicy()
    let gamma = gammas[n]
    var orbitResidual = 0.0, etaResidual = 0.0
    for t in 0..<n {
      orbitResidual = Swift.max(orbitResidual, (orbit[t + 1] - images[t]).euclideanNorm)
      let x = xs + orbit[t]
      let g = f.gradient(at: x)
      let talk = -(gamma * (g - h * orbit[t])) - (gammas[t] - gamma) * g
      var ax = orbit[t]
      ax -= gamma * (h * orbit[t])
      etaResidual = Swift.max(etaResidual, ((images[t] - ax) - talk).euclideanNorm)
    }
    var angle = 0.0
    if let s = LinearSplit(gamma: gamma, hessian: h) {
      for c in k..<d {
        let r = s.right.column(c).normalized()
        angle = Swift.max(angle, Vector(split.unstable.map { $0.dot(r) }).euclideanNorm)
      }
    }
    let unstable = Vector(split.unstable.map { $0.dot(orbit[0]) })
    return GraphPoint(stable: a, unstable: unstable, start: xs + orbit[0], orbit: orbit, gammas: gammas, sweeps: sweeps,
                      contraction: contraction, orbitResidual: orbitResidual, etaResidual: etaResidual,
                      stableSpaceAngle: angle, converged: converged)
  }

  /// Which side of x* along `u` the trajectory from `start` leaves B_exit(x*) by (±1), or 0
  /// when it has not left after `steps` steps (or stops being finite).
  public static func exitSide<M: FirstOrderMethod, F: Objective>(
    _ method: M, on f: F, saddle xs: Vector, from start: Vector, along u: Vector, exit: Double, steps: Int = 20_000
  ) -> Int {
    var m = method
    var x = start
    for _ in 0..<steps {
      let offset = x - xs
      if offset.euclideanNorm > exit { return offset.dot(u) > 0 ? 1 : -1 }
      x = m.step(from: x, on: f)
      guard x.isFinite else { return 0 }
    }
    return 0
  }

  /// Shooting for k = 1: the unstable coordinate s*(a⁺) by bisection between starts
  /// x* + V_s a⁺ ± s u that leave towards opposite sides, and the number of side changes on a
  /// 41-point scan of s ∈ [−radius, radius] (exactly one for a graph; a start that never
  /// leaves counts as its own side).
  public static func shooting<M: FirstOrderMethod, F: Objective>(
    _ method: M, on f: F, saddle xs: Vector, split: Split, stable a: Vector, radius: Double
  ) -> (value: Double, sideChanges: Int, undecided: Int)? {
    precondition(split.index == 1, "shooting is for index 1")
    let u = split.unstable[0]
    let base = xs + split.point(stable: a, unstable: [0])
    func side(_ s: Double) -> Int {
      var start = base
      start.add(u, scaledBy: s)
      return exitSide(method, on: f, saddle: xs, from: start, along: u, exit: 4 * radius)
    }
    var lo = -radius, hi = radius
    guard side(lo) == -1, side(hi) == 1 else { return nil }
    for _ in 0..<200 {
      let mid = lo + (hi - lo) / 2
      if mid <= lo || mid >= hi { break }
      let s = side(mid)
      if s == 0 { lo = mid; hi = mid; break }
      if s < 0 { lo = mid } else { hi = mid }
    }
    let scan = stride(from: -radius, through: radius, by: radius / 20).map(side)
    let changes = zip(scan, scan.dropFirst()).filter { $0 != $1 }.count
    return (lo + (hi - lo) / 2, changes, scan.filter { $0 == 0 }.count)
  }

  /// The smallest distance to x* along the trajectory from `start`, and the largest distance
  /// reached after it (escape shows as a largest distance ≫ the closest one).
  public static func approach<M: FirstOrderMethod, F: Objective>(
    _ method: M, on f: F, saddle xs: Vector, from start: Vector, steps: Int
  ) -> (closest: Double, at: Int, farthestAfter: Double) {
    var m = method
    var x = start
    var best = x.distance(to: xs), bestAt = 0, farthest = 0.0
    for t in 1...steps {
      x = m.step(from: x, on: f)
      guard x.isFinite else { return (best, bestAt, .infinity) }
      let r = x.distance(to: xs)
      if r < best { best = r; bestAt = t; farthest = 0 } else { farthest = Swift.max(farthest, r) }
      if r > 1e3 { break }
    }
    return (best, bestAt, farthest)
  }

  /// A landscape with no exactly invariant subspace at its index-k saddle: a Haar-rotated
  /// double well (k wells, d − k quadratics; ``RotatedDoubleWell/random(dimension:wells:conditioning:seed:)``)
  /// plus, for every well coordinate u and quadratic coordinate s (rotated coordinates),
  /// ε tanh(y_u) tanh²(y_s) and ε' tanh(y_s) tanh²(y_u), |ε| = 0.3·L_base/d with random signs.
  /// The first term has ∂/∂y_u = ε sech²(y_u) tanh²(y_s) ≠ 0 on {y_u = 0}, so E^s_H is not
  /// invariant even for GD; the rotation makes diagonal AdaGrad non-separable as well.
  /// Planted saddle and Hessian are exact (couplings vanish to third order, ``CoupledDoubleWell``).
  public static func genericLandscape(dimension d: Int, index k: Int, seed: UInt64) -> CoupledDoubleWell {
    precondition(1 <= k && k < d, "need 1 ≤ k < d")
    let base = RotatedDoubleWell.random(dimension: d, wells: k, seed: Seed.derive(seed, 0))
    var rng = Xoshiro256StarStar(seed: Seed.derive(seed, 1))
    var couplings: [CoupledDoubleWell.Coupling] = []
    let size = 0.3 * base.lipschitzConstant / Double(d)
    for u in 0..<k {
      for s in k..<d {
        for (i, j) in [(u, s), (s, u)] {
          let sign: Double = Draw.integer(below: 2, using: &rng) == 1 ? 1 : -1
          couplings.append(.init(i: i, j: j, epsilon: sign * size))
        }
      }
    }
    return CoupledDoubleWell(base: base, couplings: couplings)
  }
}
