import Foundation
import LinearAlgebra
import Landscapes
import Dynamics

extension SaddleCheckCommand {
  /// `saddlecheck benchmark`: trajectory steps per second, one core.
  ///
  /// Workload: `rotated-double-well` with one well (seed 1) in dimension d,
  /// from x0 = 0.3·(1, …, 1)/√d, with GD (α = 0.9/L), diagonal and
  /// full-matrix AdaGrad (current gradient, δ0 = 2L, η = 1; rank-one updated
  /// and, for comparison, recomputed each step); each row repeats
  /// runs of 1000 steps (horizon 1000, no early stop) until `--seconds`
  /// have passed, and reports steps per second. Build with `-c release`.
  static func benchmark(_ arguments: [String], output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void) throws(UsageError) -> Int32 {
    let args = try Arguments(arguments, options: ["--seconds"], flags: [])
    let seconds = Double(try args.integer("--seconds", in: 1...600) ?? 2)
    #if DEBUG
      diagnostics("saddlecheck benchmark: this is a debug build; figures are meaningful only with `swift run -c release saddlecheck benchmark`")
    #endif
    output("method                  d    steps/s")
    for d in [2, 10, 50] {
      let f = RotatedDoubleWell.random(dimension: d, wells: 1, seed: 1)
      let start = Vector(Array(repeating: 0.3 / Double(d).squareRoot(), count: d))
      let l = f.lipschitzConstant
      let rows: [(String, any FirstOrderMethod)] = [
        ("gd", GradientDescent(stepSize: 0.9 / l)),
        ("adagrad-diagonal", PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * l, dimension: d)),
        ("adagrad-full", PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * l, dimension: d)),
        ("adagrad-full-recompute", PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * l, dimension: d, fullMatrixUpdate: .recompute)),
      ]
      for (name, method) in rows {
        let rate = stepsPerSecond(method, on: f, from: start, seconds: seconds)
        output(name.padding(toLength: 23, withPad: " ", startingAt: 0) + " " + String(format: "%-4d %.3g", d, rate))
      }
    }
    return success
  }

  static func stepsPerSecond<F: Objective>(_ method: any FirstOrderMethod, on f: F, from start: Vector, seconds: Double) -> Double {
    // Never stop early: the tolerances are unreachable.
    let rules = Classification(horizon: 1000, pointTolerance: 1e-300, gradientTolerance: 1e-300, escapeRadius: 1e300)
    func measure<M: FirstOrderMethod>(_ m: M) -> Double {
      let clock = ContinuousClock()
      let begin = clock.now
      var steps = 0
      var sink = 0.0
      while true {
        let r = Trajectory.run(m, on: f, from: start, rules: rules)
        steps += r.steps
        sink += r.final[0]
        let elapsed = clock.now - begin
        let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if s >= seconds { return sink.isNaN ? 0 : Double(steps) / s }
      }
    }
    return measure(method)
  }
}
