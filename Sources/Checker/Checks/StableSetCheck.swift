import LinearAlgebra
import Randomness
public import Landscapes
import Dynamics
import Foundation

/// `stable-set.structure` (the talk's stable manifold, "x0⁻ = F(x0⁺, x0⁻)";
/// [LPP+19] Thm 2): near a strict saddle x* of index k the starts that
/// converge to x* form the graph of a function F from the stable
/// coordinates a⁺ (a ball of E^s, dimension d − k) to the unstable ones.
///
/// Located numerically:
/// - k = 1, any method: for each a⁺, bisection on the unstable coordinate s
///   between starts that leave towards opposite sides; the boundary s*(a⁺)
///   is where the trajectory converges. A scan of s shows exactly one
///   change of side (uniqueness per stable coordinate).
/// - k ≥ 2, GD: the discrete Lyapunov–Perron iteration of CLAIMS.md
///   ("Numerical notes"): on an orbit x_0 … x_N in eigen-coordinates of
///   A = I − αH, x_t⁺ = B x_{t−1}⁺ + z_{t−1}⁺ (x_0⁺ = a⁺) and
///   x_t⁻ = −Σ_{i≥t} C^{−(i−t+1)} z_i⁻, z = η(x) = −α(∇f(x) − H x); F(a⁺) = x_0⁻.
///   Uniqueness: iterations from two different initial orbits reach the same F(a⁺).
///
/// Then, for both: the graph is Lipschitz (largest |F(a) − F(b)|/‖a − b‖
/// over sampled pairs < 1), tangent to E^s at x* (|F(a)|/‖a‖ shrinks at
/// least 3× as ‖a‖ shrinks 10×, or F vanishes to rounding), and the start on
/// the graph comes at least 100× closer to x* than the start offset by
/// ε = 1e-6 along an unstable direction. (How close the on-graph start gets
/// depends on the landscape: rounding grows like |c|^t along the unstable
/// direction while the approach decays like |b|^t, so the closest approach
/// is about ‖a‖^{log|c|/(log|c| − log|b|)}·u^{…}, between 1e-12 and 1e-5
/// here — CLAIMS.md's 1e-9 is one example.) A (d − k)-dimensional Lipschitz graph has
/// Lebesgue measure zero: measure zero exhibited geometrically.
public enum StableSetCheck {
  public struct Evidence: Sendable, Hashable, Codable {
    public var points: Int
    public var lipschitz: Double
    public var tangency: Double
    public var closestApproach: Double
    public var offsetApproach: Double
    public var uniqueness: Bool
    /// The saddle's index, the method that found F (bisection for k = 1, else discrete
    /// Lyapunov–Perron), and the radius of the stable ball sampled.
    public var index: Int
    public var method: String
    public var radius: Double
  }

  /// Runs the check with GD (α) on `f` at the planted strict saddle `saddle`.
  public static func run<F: Objective>(_ f: F, saddle: PlantedCriticalPoint, alpha: Double,
      radius: Double = 0.05, points: Int = 8, seed: UInt64, label: String) -> CheckResult {
    let claim = Claim.stableSetStructure.id
    let d = f.dimension
    let xs = saddle.location
    let h = f.hessian(at: xs)
    let e = SymmetricEigendecomposition(of: h)
    let k = e.count(below: 0)
    guard k >= 1, k < d else {
      return CheckResult(claim: claim, method: "gd(alpha=\(alpha))", landscape: label, verdict: .inconclusive,
                         data: .finding("index \(k) in dimension \(d): no stable coordinates to parametrize"))
    }
    let unstable = (0..<k).map { e.eigenvectors.column($0) }
    let stable = (k..<d).map { e.eigenvectors.column($0) }
    let gd = GradientDescent(stepSize: alpha)
    var rng = Xoshiro256StarStar(seed: seed)
    func stablePoint(_ scale: Double) -> Vector {
      let c = Draw.onUnitSphere(dimension: d - k, using: &rng)
      var a = Vector(zeros: d)
      for j in 0..<(d - k) { a.add(stable[j], scaledBy: scale * c[j]) }
      return a
    }
    // F(a⁺) as unstable coordinates, plus a uniqueness flag.
    func graph(_ a: Vector) -> (Vector, Bool)? {
      k == 1 ? bisection(f, gd, xs, a, unstable[0], radius: radius) : lyapunovPerron(f, alpha: alpha, xs: xs, a: a, e: e, k: k)
    }
    var samples: [(a: Vector, value: Vector)] = []
    var unique = true
    for i in 0..<points {
      let a = stablePoint(radius * (0.2 + 0.8 * Double(i) / Double(max(points - 1, 1))))
      guard let (value, u) = graph(a) else {
        return CheckResult(claim: claim, method: gd.name, landscape: label, verdict: .inconclusive,
            data: .finding("the graph point for a⁺ = \(a) was not found"))
      }
      unique = unique && u
      samples.append((a, value))
    }
    var lipschitz = 0.0
    for i in 0..<samples.count {
      for j in (i + 1)..<samples.count {
        lipschitz = Swift.max(lipschitz, (samples[i].value - samples[j].value).euclideanNorm / samples[i].a.distance(to: samples[j].a))
      }
    }
    // Tangency: |F(a)|/‖a‖ at ‖a‖ = radius and radius/10 along one direction.
    let direction = stablePoint(1)
    func ratio(_ s: Double) -> Double? { graph(s * direction).map { $0.0.euclideanNorm / s } }
    guard let far = ratio(radius), let near = ratio(radius / 10) else {
      return CheckResult(claim: claim, method: gd.name, landscape: label, verdict: .inconclusive,
                         data: .finding("tangency points not found"))
    }
    // A flat graph (F = 0 to rounding, e.g. an invariant eigenspace) is tangent.
    let tangency = far <= 1e-10 ? 0 : near / far
    // Approach from the graph, escape from an offset.
    let (a0, f0) = samples[samples.count / 2]
    var start = xs + a0
    for j in 0..<k { start.add(unstable[j], scaledBy: f0[j]) }
    let approach = closestApproach(f, gd, from: start, to: xs, steps: 3000)
    var offset = start
    offset.add(unstable[0], scaledBy: 1e-6)
    let offsetApproach = closestApproach(f, gd, from: offset, to: xs, steps: 3000)
    let ok = unique && lipschitz < 1 && tangency <= 1.0 / 3.0 && approach <= offsetApproach / 100
    let method = k == 1 ? "bisection" : "discrete Lyapunov–Perron"
    let evidence = Evidence(points: points, lipschitz: lipschitz, tangency: tangency, closestApproach: approach,
                            offsetApproach: offsetApproach, uniqueness: unique, index: k, method: method, radius: radius)
    return CheckResult(claim: claim, method: gd.name, landscape: label, verdict: ok ? .holds : .fails,
                       data: .stableSetGraph(evidence))
  }

  /// The smallest distance to `target` along the trajectory.
  static func closestApproach<F: Objective>(_ f: F, _ gd: GradientDescent, from start: Vector, to target: Vector, steps: Int) -> Double {
    var x = start
    var best = x.distance(to: target)
    for _ in 0..<steps {
      x = gd.map(x, on: f)
      guard x.isFinite else { break }
      best = Swift.min(best, x.distance(to: target))
    }
    return best
  }

  /// Which side of x* along `u` the trajectory from x* + a + s u leaves by (±1), or 0 if it never leaves.
  static func side<F: Objective>(_ f: F, _ gd: GradientDescent, _ xs: Vector, _ start: Vector, _ u: Vector, exit: Double) -> Int {
    var x = start
    for _ in 0..<20_000 {
      let offset = x - xs
      if offset.euclideanNorm > exit { return offset.dot(u) > 0 ? 1 : -1 }
      x = gd.map(x, on: f)
      guard x.isFinite else { return 0 }
    }
    return 0
  }

  /// k = 1: the unstable coordinate s*(a) by bisection, and whether a scan of s shows a single change of side.
  static func bisection<F: Objective>(_ f: F, _ gd: GradientDescent, _ xs: Vector, _ a: Vector, _ u: Vector,
      radius: Double) -> (Vector, Bool)? {
    let exit = 4 * radius
    func sideAt(_ s: Double) -> Int {
      var start = xs + a
      start.add(u, scaledBy: s)
      return side(f, gd, xs, start, u, exit: exit)
    }
    var lo = -radius, hi = radius
    guard sideAt(lo) == -1, sideAt(hi) == 1 else { return nil }
    for _ in 0..<200 {
      let mid = lo + (hi - lo) / 2
      if mid <= lo || mid >= hi { break }
      let s = sideAt(mid)
      if s == 0 { lo = mid; hi = mid; break }
      if s < 0 { lo = mid } else { hi = mid }
    }
    let star = lo + (hi - lo) / 2
    let scan = stride(from: -radius, through: radius, by: radius / 20).map(sideAt)
    let changes = zip(scan, scan.dropFirst()).filter { $0 != $1 }.count
    return ([star], changes == 1)
  }

  /// k ≥ 2: F(a⁺) by the discrete Lyapunov–Perron iteration, and whether two different initial orbits agree.
  static func lyapunovPerron<F: Objective>(_ f: F, alpha: Double, xs: Vector, a: Vector,
      e: SymmetricEigendecomposition, k: Int) -> (Vector, Bool)? {
    let d = f.dimension
    let n = 400
    let v = e.eigenvectors
    let lambda = e.eigenvalues.components.map { 1 - alpha * $0 }  // eigenvalues of A = I − αH
    let aCoordinates = v.transposed * a
    func solve(initialUnstable: Double) -> Vector? {
      // Orbit in eigen-coordinates y_t (y = Vᵀ(x − x*)).
      var orbit = [Vector](repeating: Vector(zeros: d), count: n + 1)
      for t in 0...n { for j in 0..<k { orbit[t][j] = initialUnstable } }
      var previous = Vector(Array(repeating: Double.infinity, count: k))
      for _ in 0..<60 {
        let z = orbit.map { y -> Vector in
          let x = xs + v * y
          let theta = f.gradient(at: x) - f.hessian(at: xs) * (x - xs)
          return v.transposed * (-alpha * theta)
        }
        var next = orbit
        // Stable part forward.
        for j in k..<d { next[0][j] = aCoordinates[j] }
        for t in 1...n { for j in k..<d { next[t][j] = lambda[j] * next[t - 1][j] + z[t - 1][j] } }
        // Unstable part backward: acc_t = C⁻¹(z_t + acc_{t+1}), x_t⁻ = −acc_t.
        var acc = [Double](repeating: 0, count: k)
        for t in stride(from: n, through: 0, by: -1) {
          for j in 0..<k {
            acc[j] = (z[t][j] + acc[j]) / lambda[j]
            next[t][j] = -acc[j]
          }
        }
        orbit = next
        let value = Vector((0..<k).map { orbit[0][$0] })
        if !value.isFinite { return nil }
        if (value - previous).maximumMagnitude <= 1e-16 { return value }
        previous = value
      }
      return previous.isFinite ? previous : nil
    }
    guard let first = solve(initialUnstable: 0), let second = solve(initialUnstable: 1e-3) else { return nil }
    return (first, (first - second).maximumMagnitude <= 1e-12)
  }
}
