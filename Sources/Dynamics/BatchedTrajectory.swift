public import LinearAlgebra
public import Landscapes
import Randomness

/// The batched trajectory engine: many runs of one method advanced together,
/// their iterates in a structure-of-arrays ``PointBatch`` (each coordinate of
/// every run contiguous, so the steps and the families' batched gradients run
/// across SIMD lanes), with no allocation per step, and each finished run
/// removed from the batch at once (compaction: the last run moves into its slot).
///
/// Every run's result is **bit-identical** to ``Trajectory/run(_:on:from:rules:recordEvery:)``
/// from the same start: each lane performs the scalar path's operations in
/// the scalar path's order (the batched gradients are bound to that by the
/// ``Objective`` contract), the early exits are tested in the same order
/// (divergence, value floor, planted minimum every 16 steps), and the end of
/// the horizon is classified by the same function. Results therefore do not
/// depend on the batch size or on the number of workers.
///
/// Batched step kernels exist for GD (``ConstantStep``), ``VanishingStep``,
/// ``StochasticGradientDescent`` and norm / diagonal ``AdaGrad`` (each run's
/// accumulator in its own lane). Any other method — full-matrix AdaGrad, a
/// user's ``StepPolicy`` — runs lane by lane through its own
/// ``FirstOrderMethod/step(from:on:)``, with the batched classification.
public enum BatchedTrajectory {
  /// Runs per batch by default in dimension d: about 2048/d lanes, a multiple
  /// of 8 in 16…1024, so one coordinate-major array of the batch takes about
  /// 16 KiB (the batch's arrays stay in L2, and the per-step overhead is shared
  /// by many lanes). Results do not depend on it.
  public static func defaultBatchSize(dimension d: Int) -> Int {
    Swift.min(1024, Swift.max(16, (2048 / Swift.max(d, 1)) / 8 * 8))
  }

  /// Whether `method` has a batched step kernel (GD, vanishing steps, SGD,
  /// norm or diagonal AdaGrad); other methods are stepped lane by lane.
  public static func hasBatchedKernel<M: FirstOrderMethod>(_ method: M) -> Bool {
    if case .perLane = StepKernel([method]) { return false }
    return true
  }

  /// Runs `method` from every start; result i is what
  /// `Trajectory.run(method, on: objective, from: starts[i], rules: rules)` returns.
  public static func run<M: FirstOrderMethod, F: Objective>(
    _ method: M, on objective: F, from starts: [Vector], rules: Classification,
    batchSize: Int? = nil, workers: Int = Batch.defaultWorkers
  ) -> [TrajectoryResult] {
    run(methodForStart: { _ in method }, on: objective, from: starts, rules: rules, batchSize: batchSize, workers: workers)
  }

  /// Runs `methodForStart(i)` from `starts[i]` for every i; result i is what
  /// the scalar ``Trajectory/run(_:on:from:rules:recordEvery:)`` returns for it.
  ///
  /// Starts are cut into batches of `batchSize` consecutive starts (default
  /// ``defaultBatchSize(dimension:)``), dealt to
  /// `workers` threads (``Batch``); runs whose methods share their parameters
  /// use the batched kernels, others step lane by lane.
  /// - Precondition: every start has the objective's dimension; batchSize ≥ 1, workers ≥ 1.
  public static func run<M: FirstOrderMethod, F: Objective>(
    methodForStart: @Sendable (Int) -> M, on objective: F, from starts: [Vector], rules: Classification,
    batchSize: Int? = nil, workers: Int = Batch.defaultWorkers
  ) -> [TrajectoryResult] {
    let batchSize = batchSize ?? defaultBatchSize(dimension: objective.dimension)
    precondition(batchSize >= 1 && workers >= 1, "batchSize and workers must be at least 1")
    for s in starts {
      precondition(s.dimension == objective.dimension,
          "start of dimension \(s.dimension) for a \(objective.dimension)-dimensional objective")
    }
    let batches = (starts.count + batchSize - 1) / batchSize
    let parts = Batch.map(count: batches, workers: workers) { b -> [TrajectoryResult] in
      let range = (b * batchSize)..<Swift.min(starts.count, (b + 1) * batchSize)
      var engine = Lanes(methods: range.map(methodForStart), starts: Array(starts[range]), objective: objective, rules: rules)
      return engine.run()
    }
    return parts.flatMap { $0 }
  }
}

/// How a batch steps: a shared kernel, or each lane through its own method.
enum StepKernel {
  case constant(alpha: Double)
  case vanishing(c: Double, a: Double, t: Int)
  case adaGradNorm(eta: Double, includesCurrentGradient: Bool)
  case adaGradDiagonal(eta: Double, includesCurrentGradient: Bool)
  case sgd(c: Double, a: Double, sigma: Double, iteration: Int)
  case perLane

  /// The kernel for these methods: a batched one when they all have the same
  /// type and parameters (states such as accumulators may differ), else `.perLane`.
  init<M: FirstOrderMethod>(_ methods: [M]) {
    self = .perLane
    guard let first = methods.first else { return }
    func all<T>(_ type: T.Type, _ same: (T) -> Bool) -> Bool {
      methods.allSatisfy { ($0 as? T).map(same) ?? false }
    }
    if let m = first as? PolicyDescent<ConstantStep> {
      let alpha = m.policy.alpha
      if all(PolicyDescent<ConstantStep>.self, { $0.policy.alpha.bitPattern == alpha.bitPattern }) { self = .constant(alpha: alpha) }
    } else if let m = first as? PolicyDescent<VanishingStep> {
      let p = m.policy
      if all(PolicyDescent<VanishingStep>.self,
          { $0.policy.c.bitPattern == p.c.bitPattern && $0.policy.a.bitPattern == p.a.bitPattern
          && $0.policy.t == p.t }) {
        self = .vanishing(c: p.c, a: p.a, t: p.t)
      }
    } else if let m = first as? PolicyDescent<AdaGrad>, m.policy.geometry != .full {
      let p = m.policy
      let same = all(PolicyDescent<AdaGrad>.self) {
        $0.policy.geometry == p.geometry && $0.policy.eta.bitPattern == p.eta.bitPattern
          && $0.policy.includesCurrentGradient == p.includesCurrentGradient
      }
      if same {
        self = p.geometry == .norm ? .adaGradNorm(eta: p.eta, includesCurrentGradient: p.includesCurrentGradient)
          : .adaGradDiagonal(eta: p.eta, includesCurrentGradient: p.includesCurrentGradient)
      }
    } else if let m = first as? StochasticGradientDescent {
      let same = all(StochasticGradientDescent.self) {
        $0.c.bitPattern == m.c.bitPattern && $0.a.bitPattern == m.a.bitPattern && $0.sigma.bitPattern == m.sigma.bitPattern
          && $0.iteration == m.iteration
      }
      if same { self = .sgd(c: m.c, a: m.a, sigma: m.sigma, iteration: m.iteration) }
    }
  }
}

/// One batch of runs in flight: the lanes' iterates, states and bookkeeping.
struct Lanes<M: FirstOrderMethod, F: Objective> {
  let objective: F
  let rules: Classification
  let points: [PlantedCriticalPoint]
  /// Whether planted point i is a minimum (the only early stop at a point).
  let isMinimum: [Bool]
  var kernel: StepKernel
  /// The iterates x_t, one lane per run.
  var x: PointBatch
  var gradients: PointBatch
  /// Per-lane scratch: squared norms, values.
  var scratch: [Double]
  var workspace: [Double] = []
  /// AdaGrad's accumulators: one value per lane (norm) or one lane per run (diagonal, as x).
  var accumulators: PointBatch
  var generators: [Xoshiro256StarStar]
  var methods: [M]
  /// The run (index into the batch's starts) in each lane.
  var ids: [Int]
  var results: [TrajectoryResult?]
  var t = 0

  init(methods: [M], starts: [Vector], objective: F, rules: Classification) {
    let d = objective.dimension, n = starts.count
    self.objective = objective
    self.rules = rules
    self.points = objective.criticalPoints
    self.isMinimum = points.map { $0.kind == .minimum }
    self.kernel = StepKernel(methods)
    self.x = PointBatch(starts, dimension: d)
    self.gradients = PointBatch(dimension: d, capacity: n)
    self.scratch = Array(repeating: 0, count: n)
    self.ids = Array(0..<n)
    self.results = Array(repeating: nil, count: n)
    self.methods = methods
    self.generators = []
    switch kernel {
    case .adaGradNorm:
      accumulators = PointBatch(dimension: 1, capacity: n)
      for (i, m) in methods.enumerated() { accumulators[point: i, coordinate: 0] = (m as! PolicyDescent<AdaGrad>).policy.accumulator[0] }
    case .adaGradDiagonal:
      accumulators = PointBatch(dimension: d, capacity: n)
      for (i, m) in methods.enumerated() { accumulators.set(point: i, to: Vector((m as! PolicyDescent<AdaGrad>).policy.accumulator)) }
    case .sgd:
      accumulators = PointBatch(dimension: 0, capacity: 0)
      generators = methods.map { ($0 as! StochasticGradientDescent).generator }
    default:
      accumulators = PointBatch(dimension: 0, capacity: 0)
    }
  }

  /// The number of runs still in flight (lanes 0..<count).
  var count: Int { x.count }

  mutating func run() -> [TrajectoryResult] {
    while t < rules.horizon && count > 0 {
      step()
      t += 1
      removeFinished()
    }
    for l in 0..<count {
      results[ids[l]] = Trajectory.endOfRun(at: x.point(l), steps: t, on: objective, points: points, rules: rules)
    }
    return results.map { $0! }
  }

  // MARK: - One step for every lane

  mutating func step() {
    let d = x.dimension, cap = x.capacity, m = count
    switch kernel {
    case .perLane:
      for l in 0..<m { x.set(point: l, to: methods[l].step(from: x.point(l), on: objective)) }
      return
    case .constant(let alpha):
      objective.gradients(at: x, into: &gradients, workspace: &workspace)
      descend(scale: alpha)
    case .vanishing(let c, let a, let s):
      let alpha = c / _pow(Double(s + 1), a)
      kernel = .vanishing(c: c, a: a, t: s + 1)
      objective.gradients(at: x, into: &gradients, workspace: &workspace)
      descend(scale: alpha)
    case .sgd(let c, let a, let sigma, let iteration):
      let alpha = c / _pow(Double(iteration + 1), a)
      kernel = .sgd(c: c, a: a, sigma: sigma, iteration: iteration + 1)
      objective.gradients(at: x, into: &gradients, workspace: &workspace)
      if sigma > 0 {
        for l in 0..<m {
          for j in 0..<d { gradients.coordinates[j * cap + l] += sigma * Draw.standardNormal(using: &generators[l]) }
        }
      }
      let minusAlpha = -alpha
      x.coordinates.withUnsafeMutableBufferPointer { xp in
        gradients.coordinates.withUnsafeBufferPointer { gp in
          for j in 0..<d {
            let xj = xp.baseAddress! + j * cap, gj = gp.baseAddress! + j * cap
            for l in 0..<m { xj[l] += minusAlpha * gj[l] }
          }
        }
      }
    case .adaGradNorm(let eta, let current):
      objective.gradients(at: x, into: &gradients, workspace: &workspace)
      squaredNorms(of: gradients)
      x.coordinates.withUnsafeMutableBufferPointer { xp in
        gradients.coordinates.withUnsafeBufferPointer { gp in
          accumulators.coordinates.withUnsafeMutableBufferPointer { ap in
            scratch.withUnsafeMutableBufferPointer { sp in
              // sp: ‖g‖², then the step η/√G.
              for l in 0..<m {
                let used = current ? ap[l] + sp[l] : ap[l]
                ap[l] = ap[l] + sp[l]
                sp[l] = eta / used.squareRoot()
              }
              for j in 0..<d {
                let xj = xp.baseAddress! + j * cap, gj = gp.baseAddress! + j * cap
                for l in 0..<m { xj[l] = xj[l] - sp[l] * gj[l] }
              }
            }
          }
        }
      }
    case .adaGradDiagonal(let eta, let current):
      objective.gradients(at: x, into: &gradients, workspace: &workspace)
      x.coordinates.withUnsafeMutableBufferPointer { xp in
        gradients.coordinates.withUnsafeBufferPointer { gp in
          accumulators.coordinates.withUnsafeMutableBufferPointer { ap in
            for j in 0..<d {
              let xj = xp.baseAddress! + j * cap, gj = gp.baseAddress! + j * cap, aj = ap.baseAddress! + j * cap
              if current {
                for l in 0..<m {
                  let g = gj[l]
                  let used = aj[l] + g * g
                  aj[l] = used
                  xj[l] = xj[l] - (eta / used.squareRoot()) * g
                }
              } else {
                for l in 0..<m {
                  let g = gj[l]
                  let scale = eta / aj[l].squareRoot()
                  aj[l] = aj[l] + g * g
                  xj[l] = xj[l] - scale * g
                }
              }
            }
          }
        }
      }
    }
  }

  /// x ← x − α·g in every lane (GD: `next -= α * g`).
  mutating func descend(scale alpha: Double) {
    let d = x.dimension, cap = x.capacity, m = count
    x.coordinates.withUnsafeMutableBufferPointer { xp in
      gradients.coordinates.withUnsafeBufferPointer { gp in
        for j in 0..<d {
          let xj = xp.baseAddress! + j * cap, gj = gp.baseAddress! + j * cap
          for l in 0..<m { xj[l] = xj[l] - alpha * gj[l] }
        }
      }
    }
  }

  /// scratch[l] = ‖v_l‖², summed in coordinate order from 0 (as `Vector.squaredNorm`).
  mutating func squaredNorms(of v: PointBatch) {
    let d = v.dimension, cap = v.capacity, m = count
    v.coordinates.withUnsafeBufferPointer { vp in
      scratch.withUnsafeMutableBufferPointer { sp in
        for l in 0..<m { sp[l] = 0 }
        for j in 0..<d {
          let vj = vp.baseAddress! + j * cap
          for l in 0..<m { sp[l] += vj[l] * vj[l] }
        }
      }
    }
  }

  // MARK: - Early exits, in the scalar run's order

  /// Records the runs that diverged, fell below the value floor or sit at a
  /// planted minimum (every 16 steps), and removes them from the batch.
  mutating func removeFinished() {
    // 1. Non-finite or beyond the escape radius.
    squaredNorms(of: x)
    var l = 0
    while l < count {
      let s = scratch[l]
      let diverged: Bool
      if s.isFinite && s > 0x1p-900 {
        diverged = s.squareRoot() > rules.escapeRadius
      } else {
        let v = x.point(l)
        diverged = !v.isFinite || v.euclideanNorm > rules.escapeRadius
      }
      if diverged {
        finish(l, TrajectoryResult(outcome: .diverged, final: x.point(l), steps: t, finalGradientNorm: .nan))
      } else {
        l += 1
      }
    }
    // 2. Below the value floor.
    if let floor = rules.valueFloor, count > 0 {
      objective.values(at: x, into: &scratch, workspace: &workspace)
      l = 0
      while l < count {
        if scratch[l] < floor {
          let v = x.point(l)
          finish(l, TrajectoryResult(outcome: .descendedBelowFloor, final: v, steps: t,
                                     finalGradientNorm: Trajectory.stationarity(of: objective, at: v)))
        } else {
          l += 1
        }
      }
    }
    // 3. At a planted minimum and stationary (checked every 16 steps).
    guard t % 16 == 0 else { return }
    l = 0
    while l < count {
      if let i = nearestPoint(lane: l), isMinimum[i] {
        let v = x.point(l)
        if Trajectory.stationarity(of: objective, at: v) <= rules.gradientTolerance {
          finish(l, TrajectoryResult(outcome: .converged(toPlantedPoint: i), final: v, steps: t,
                                     finalGradientNorm: Trajectory.stationarity(of: objective, at: v)))
          continue
        }
      }
      l += 1
    }
  }

  /// `Trajectory.nearestPoint` for lane l, without gathering the iterate:
  /// ‖x − p‖ as `Vector.distance(to:)` computes it.
  func nearestPoint(lane l: Int) -> Int? {
    var best: Int?
    var bestDistance = rules.pointTolerance
    let d = x.dimension, cap = x.capacity
    for (i, p) in points.enumerated() {
      var s = 0.0
      for j in 0..<d {
        let e = x.coordinates[j * cap + l] - p.location[j]
        s += e * e
      }
      let distance = s.isFinite && s > 0x1p-900 ? s.squareRoot() : x.point(l).distance(to: p.location)
      if distance <= bestDistance {
        best = i
        bestDistance = distance
      }
    }
    return best
  }

  /// Stores lane l's result and moves the last lane into its slot.
  mutating func finish(_ l: Int, _ result: TrajectoryResult) {
    results[ids[l]] = result
    let last = count - 1
    if l != last {
      x.move(from: last, to: l)
      ids[l] = ids[last]
      scratch[l] = scratch[last]
      switch kernel {
      case .adaGradNorm, .adaGradDiagonal: accumulators.move(from: last, to: l)
      case .sgd: generators[l] = generators[last]
      case .perLane: methods[l] = methods[last]
      default: break
      }
    }
    x.count = last
    if accumulators.capacity > 0 { accumulators.count = last }
  }
}
