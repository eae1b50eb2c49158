import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Randomness

extension SaddleCheckCommand {
  /// `saddlecheck benchmark [--seconds s] [--json] [--cpu-time] [--workers w]
  /// [--dimensions d,…] [--methods name,…]`: trajectory steps per second,
  /// scalar path and batched engine, per method and dimension.
  ///
  /// Workload (the same as `shared/bench/numpy_reference.py`):
  /// `rotated-double-well` with one well (seed 1) in dimension d = 2, 10, 50;
  /// GD (α = 0.9/L), diagonal and full-matrix AdaGrad (current gradient,
  /// δ0 = 2L, η = 1; full: rank-one updated, and recomputed each step for
  /// comparison); runs of 1000 steps (full-matrix AdaGrad: 200, as numpy's script)
  /// with no early stop. The scalar column runs `Trajectory.run` from x0 = 0.3·(1, …, 1)/√d on one core; the batched
  /// columns run `BatchedTrajectory.run` on N starts x0 + 10⁻³·N(0, I)
  /// (N = 4096 for d ≤ 10, 1024 for d = 50; full AdaGrad 256 and 32) on one
  /// worker and on two. Each figure repeats its workload until `--seconds`
  /// have passed. Build with `-c release`.
  ///
  /// `--cpu-time` times the scalar and one-worker columns in process CPU
  /// time instead of wall time (for a shared machine, where wall time
  /// measures the other processes too; pair it with numpy's `time.process_time`).
  /// The w-worker column (`--workers`, default 2) is always wall time, and so
  /// is the one-worker figure it is divided by for the speed-up column: it
  /// measures parallel speed-up. `--dimensions` and `--methods` select rows
  /// (for profiling one workload).
  static func benchmark(_ arguments: [String], output: (String) -> Void,
      diagnostics: @escaping @Sendable (String) -> Void) throws(UsageError) -> Int32 {
    let args = try Arguments(arguments, options: ["--seconds", "--workers", "--dimensions", "--methods"],
        flags: ["--json", "--cpu-time"])
    let seconds = Double(try args.integer("--seconds", in: 1...600) ?? 2)
    let workers = try args.integer("--workers", in: 1...256) ?? 2
    let json = args.has("--json")
    let cpu = args.has("--cpu-time")
    let methodNames = ["gd", "adagrad-diagonal", "adagrad-full", "adagrad-full-recompute"]
    var dimensions = [2, 10, 50]
    if let text = args.string("--dimensions") {
      dimensions = try text.split(separator: ",", omittingEmptySubsequences: false).map { part throws(UsageError) -> Int in
        guard let d = Int(part), (1...1000).contains(d) else {
          throw UsageError(description: "--dimensions needs whole numbers from 1 to 1000 separated by commas, got '\(text)'")
        }
        return d
      }
    }
    var selected = methodNames
    if let text = args.string("--methods") {
      selected = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      if let bad = selected.first(where: { !methodNames.contains($0) }) {
        throw UsageError(description: "--methods: unknown method '\(bad)' (known: \(methodNames.joined(separator: ", ")))")
      }
    }
    #if DEBUG
      diagnostics("saddlecheck benchmark: this is a debug build; figures are meaningful only with `swift " +
          "run -c release saddlecheck benchmark`")
    #endif
    if !json {
      output("method                  d    scalar steps/s   batched, 1 core   batched, \(workers) workers (wall)   speed-up  "
             + "speed-up (critical path, thread CPU)")
    }
    var rows: [String] = []
    for d in dimensions {
      let f = RotatedDoubleWell.random(dimension: d, wells: 1, seed: 1)
      let start = Vector(Array(repeating: 0.3 / Double(d).squareRoot(), count: d))
      let l = f.lipschitzConstant
      let methods: [(String, any FirstOrderMethod)] = [
        ("gd", GradientDescent(stepSize: 0.9 / l)),
        ("adagrad-diagonal", PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * l, dimension: d)),
        ("adagrad-full", PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * l, dimension: d)),
        ("adagrad-full-recompute", PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * l,
            dimension: d, fullMatrixUpdate: .recompute)),
      ]
      for (name, method) in methods where selected.contains(name) {
        let full = name.hasPrefix("adagrad-full")
        let n = full ? (d <= 10 ? 256 : 32) : (d <= 10 ? 4096 : 1024)
        var rng = Xoshiro256StarStar(seed: 0)
        let starts = (0..<n).map { _ in start + 1e-3 * Draw.gaussianVector(dimension: d, using: &rng) }
        let scalar = stepsPerSecond(method, on: f, from: start, seconds: seconds, cpuTime: cpu)
        let one = batchedStepsPerSecond(method, on: f, from: starts, workers: 1, seconds: seconds, cpuTime: cpu)
        // The speed-up divides two wall-clock rates measured back to back.
        let oneWall = workers == 1 ? one : batchedStepsPerSecond(method, on: f, from: starts, workers: 1, seconds: seconds, cpuTime: false)
        let many = batchedStepsPerSecond(method, on: f, from: starts, workers: workers, seconds: seconds, cpuTime: false)
        let speedUp = many / oneWall
        // On a shared machine the wall-clock speed-up measures the other processes; the
        // critical path in thread CPU time does not (see threadCPUSpeedUp).
        let oneCPU = cpu ? one : batchedStepsPerSecond(method, on: f, from: starts, workers: 1, seconds: seconds, cpuTime: true)
        let cpuSpeedUp = threadCPUSteps(method, on: f, from: starts, workers: workers, seconds: seconds) / oneCPU
        if json {
          rows.append(#"{"method": "\#(name)", "d": \#(d), "scalar": \#(scalar), "batched": \#(one), "#
              + #""workers": \#(workers), "batchedWorkers": \#(many), "batchedOneWorkerWall": \#(oneWall), "speedUp": \#(speedUp), "#
              + #""criticalPathSpeedUp": \#(cpuSpeedUp)}"#)
        } else {
          output(name.padding(toLength: 23, withPad: " ", startingAt: 0) + " "
                 + String(format: "%-4d %-16.3g %-17.3g %-29.3g %-9.2f %.2f", d, scalar, one, many, speedUp, cpuSpeedUp))
        }
      }
    }
    if json { output("[\n  " + rows.joined(separator: ",\n  ") + "\n]") }
    return success
  }

  /// Trajectory steps per second of thread CPU time on the critical path of
  /// `workers` workers: the engine's own parallel structure (its batches,
  /// ``BatchedTrajectory/defaultBatchSize(dimension:starts:workers:)``, over
  /// ``Batch/map(count:workers:_:)`` with `workers` threads), each batch timed
  /// in the CPU time of the thread that runs it; the pass's time on `workers`
  /// free cores is the makespan of ``Batch``'s dynamic scheduling replayed on
  /// those batch times (each batch to the worker that is free first, in index
  /// order). Divided by the one-worker rate in process CPU time, it is the
  /// speed-up with the overheads of running in parallel (imbalance, shared
  /// caches, locks) but without the time other processes take from the workers.
  static func threadCPUSteps<F: Objective>(
    _ method: any FirstOrderMethod, on f: F, from starts: [Vector], workers: Int, seconds: Double
  ) -> Double {
    let full = isFullMatrix(method)
    func measure<M: FirstOrderMethod>(_ m: M) -> Double {
      let size = BatchedTrajectory.defaultBatchSize(dimension: f.dimension, starts: starts.count, workers: workers)
      let batches = (starts.count + size - 1) / size
      let begin = clock(cpuTime: false)
      var steps = 0
      var criticalPath = 0.0
      var sink = 0.0
      while true {
        let results = Batch.map(count: batches, workers: workers) { b -> (runs: [TrajectoryResult], seconds: Double) in
          let t0 = threadCPUTime()
          let range = (b * size)..<Swift.min(starts.count, (b + 1) * size)
          let r = BatchedTrajectory.run(m, on: f, from: Array(starts[range]), rules: rules(fullMatrix: full), batchSize: size, workers: 1)
          return (r, threadCPUTime() - t0)
        }
        var free = [Double](repeating: 0, count: workers)
        for batch in results {
          for r in batch.runs {
            steps += r.steps
            sink += r.final[0]
          }
          let w = free.indices.min { free[$0] < free[$1] }!
          free[w] += batch.seconds
        }
        criticalPath += free.max()!
        if clock(cpuTime: false) - begin >= seconds { return sink.isNaN ? 0 : Double(steps) / criticalPath }
      }
    }
    return measure(method)
  }

  /// This thread's CPU time in seconds.
  static func threadCPUTime() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// Never stop early: the tolerances are unreachable.
  static let benchmarkRules = Classification(horizon: 1000, pointTolerance: 1e-300, gradientTolerance: 1e-300, escapeRadius: 1e300)

  /// The rules of a method's runs: 1000 steps, and 200 for full-matrix AdaGrad — the run length
  /// numpy's reference script times for it (`steps=200`), so both sides time the same steps (late
  /// steps of a long run are cheaper for the rank-one update, which deflates; `eigh` is not).
  static func isFullMatrix(_ method: any FirstOrderMethod) -> Bool {
    (method as? PolicyDescent<AdaGrad>)?.policy.geometry == .full
  }

  static func rules(fullMatrix: Bool) -> Classification {
    var r = benchmarkRules
    if fullMatrix { r.horizon = 200 }
    return r
  }

  /// Seconds on the wall clock, or of this process's CPU time.
  static func clock(cpuTime: Bool) -> Double {
    if cpuTime {
      var t = timespec()
      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
      return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  static func stepsPerSecond<F: Objective>(_ method: any FirstOrderMethod, on f: F, from start: Vector,
      seconds: Double, cpuTime: Bool) -> Double {
    let full = isFullMatrix(method)
    func measure<M: FirstOrderMethod>(_ m: M) -> Double {
      let begin = clock(cpuTime: cpuTime)
      var steps = 0
      var sink = 0.0
      while true {
        let r = Trajectory.run(m, on: f, from: start, rules: rules(fullMatrix: full))
        steps += r.steps
        sink += r.final[0]
        let s = clock(cpuTime: cpuTime) - begin
        if s >= seconds { return sink.isNaN ? 0 : Double(steps) / s }
      }
    }
    return measure(method)
  }

  static func batchedStepsPerSecond<F: Objective>(
    _ method: any FirstOrderMethod, on f: F, from starts: [Vector], workers: Int, seconds: Double, cpuTime: Bool
  ) -> Double {
    let full = isFullMatrix(method)
    func measure<M: FirstOrderMethod>(_ m: M) -> Double {
      // Batches dealt round-robin: with 2 workers each takes every other batch.
      let begin = clock(cpuTime: cpuTime)
      var steps = 0
      var sink = 0.0
      while true {
        let results = BatchedTrajectory.run(m, on: f, from: starts, rules: rules(fullMatrix: full), workers: workers)
        for r in results {
          steps += r.steps
          sink += r.final[0]
        }
        let s = clock(cpuTime: cpuTime) - begin
        if s >= seconds { return sink.isNaN ? 0 : Double(steps) / s }
      }
    }
    return measure(method)
  }
}
