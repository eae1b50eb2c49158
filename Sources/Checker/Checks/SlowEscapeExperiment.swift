import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
import Foundation

/// Slow escape ([DJL+17]): on a ``SaddleChain`` GD passes the strict saddles z_1, z_2, … in
/// turn, and the time spent at each grows geometrically along the chain — yet every start
/// still avoids every saddle. Avoidance is classified by the growth of the unstable component,
/// never by "not yet at the saddle": saddle i is *escaped* at the first step with
/// |x_i| ≥ τ2 (its unstable coordinate has left the switching band), and a run that has not
/// escaped by the horizon is *escaping* when |x_i| grew over the last 100 steps by at least
/// (1 + αμ/2)^100 (the linearization predicts (1 + αμ)^100), *stuck* otherwise (converging to
/// z_i: a counterexample) — unless x_i arrived at z_i below 1e-290, where double precision
/// underflows and the run stops at z_i in floating point (counted as *underflowed*, outside
/// what the theorem, which is about real arithmetic, can be checked on).
public enum SlowEscapeExperiment {
  /// One chain length's figures.
  public struct Row: Sendable, Hashable, Codable {
    public var dimension: Int
    public var starts: Int
    /// Runs that escaped every saddle, are escaping at the horizon, or are stuck.
    public var escapedAll: Int
    public var escaping: Int
    public var stuck: Int
    /// Stuck runs whose unstable coordinate arrived below 1e-290 (underflow: a limit of double
    /// precision, not a counterexample; counted apart from `stuck`).
    public var underflowed: Int
    /// Median over runs of the step at which saddle i was escaped (i = 1 … d).
    public var medianEscapeStep: [Int]
    /// Median over runs of |x_i| when saddle i − 1 was escaped (arrival size at z_i).
    public var medianArrival: [Double]
    /// Smallest per-step growth factor of |x_i| measured while |x_i| < 0.1, over saddles and runs.
    public var smallestGrowth: Double
  }

  /// Runs `method` (made per start) from `starts` uniform starts in the box [−0.05, 0.05]^d
  /// for up to `horizon` steps on the chain of dimension d.
  public static func run<M: FirstOrderMethod>(
    chain f: SaddleChain, method make: () -> M, alpha: Double, starts: Int, horizon: Int, seed: UInt64
  ) -> Row {
    let d = f.dimension
    var rng = Xoshiro256StarStar(seed: seed)
    var escapedAll = 0, escaping = 0, stuck = 0, underflowed = 0
    var escapes = [[Int]](repeating: [], count: d), arrivals = [[Double]](repeating: [], count: d)
    var smallestGrowth = Double.infinity
    let threshold = pow(1 + alpha * f.mu / 2, 100)
    for _ in 0..<starts {
      var m = make()
      var x = Vector((0..<d).map { _ in Draw.uniform(from: -0.05, to: 0.05, using: &rng) })
      var current = 0  // the saddle being passed (0-based coordinate)
      var history: [Double] = []  // |x_current| per step since arriving
      var windowStart: (Int, Double)?
      var t = 0
      var arrival = abs(x[0])
      arrivals[0].append(arrival)
      while t < horizon && current < d {
        x = m.step(from: x, on: f)
        t += 1
        let u = abs(x[current])
        history.append(u)
        if u < 0.1 && u > 0 {
          if windowStart == nil { windowStart = (t, u) }
        } else if let (t0, u0) = windowStart, t > t0 + 10, u0 > 0 {
          smallestGrowth = Swift.min(smallestGrowth, pow(Swift.min(u, 0.1) / u0, 1 / Double(t - t0)))
          windowStart = nil
        }
        if u >= f.tau2 {
          escapes[current].append(t)
          current += 1
          history = []
          windowStart = nil
          if current < d { arrival = abs(x[current]); arrivals[current].append(arrival) }
        }
      }
      if current == d { escapedAll += 1; continue }
      if history.count > 100, history[history.count - 101] > 0, history.last! / history[history.count - 101] >= threshold {
        escaping += 1
      } else if arrival < 1e-290 {
        underflowed += 1
      } else {
        stuck += 1
      }
    }
    func median<T: Comparable>(_ a: [T], _ fallback: T) -> T { a.isEmpty ? fallback : a.sorted()[a.count / 2] }
    return Row(dimension: d, starts: starts, escapedAll: escapedAll, escaping: escaping, stuck: stuck, underflowed: underflowed,
               medianEscapeStep: escapes.map { median($0, -1) }, medianArrival: arrivals.map { median($0, .nan) },
               smallestGrowth: smallestGrowth)
  }

  /// `gd.avoids-strict-saddles` along chains of dimension `dimensions` (GD, α = 0.9/L): holds
  /// when no run is stuck at a saddle of the chain (inconclusive when some underflowed); the evidence gives the median escape step
  /// of the last saddle per d (growing geometrically with d) and the smallest measured growth
  /// factor of the unstable component (≥ 1 + αμ/2 for avoidance by growth).
  public static func result(dimensions: [Int], starts: Int, seed: UInt64) -> (CheckResult, [Row]) {
    result(dimensions: dimensions, starts: starts, seed: seed, name: "gd(alpha=0.9/L)") { GradientDescent(stepSize: $0) }
  }

  /// The same for a method made from the step α = 0.9/L (a broken variant, in the tests).
  public static func result<M: FirstOrderMethod>(dimensions: [Int], starts: Int, seed: UInt64, name: String, horizon: Int = 400_000,
                                                 method makeMethod: (Double) -> M) -> (CheckResult, [Row]) {
    var rows: [Row] = []
    for d in dimensions {
      let f = SaddleChain(dimension: d)
      let alpha = 0.9 / f.lipschitzConstant
      rows.append(run(chain: f, method: { makeMethod(alpha) }, alpha: alpha, starts: starts,
                      horizon: horizon, seed: Seed.derive(seed, UInt64(d))))
    }
    let f2 = SaddleChain(dimension: 2)
    let alpha = 0.9 / f2.lipschitzConstant
    let stuck = rows.map(\.stuck).reduce(0, +)
    let underflowed = rows.map(\.underflowed).reduce(0, +)
    let growth = rows.map(\.smallestGrowth).min() ?? .nan
    let evidence = SlowEscapeEvidence(method: name, alpha: alpha, starts: starts, rows: rows)
    let verdict: Verdict = stuck > 0 || growth < 1 + alpha / 2 ? .fails : (underflowed > 0 ? .inconclusive : .holds)
    let label = "saddle-chain(d=\(dimensions.map(String.init).joined(separator: ",")))"
    return (CheckResult(claim: Claim.gdAvoidsStrictSaddles.id, method: name, landscape: label, verdict: verdict,
                        data: .slowEscape(evidence)), rows)
  }
}
