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
/// ``StochasticGradientDescent``, norm / diagonal ``AdaGrad`` (each run's
/// accumulator in its own lane) and full-matrix ``AdaGrad`` (each run's G and
/// its eigendecomposition in preallocated flat storage, stepped by the same
/// `AdaGrad.fullStep` as the scalar path). Any other method — a user's ``StepPolicy`` — runs lane
/// by lane through its own ``FirstOrderMethod/step(from:on:)``, with the batched classification.
public enum BatchedTrajectory {
  /// The largest t ≥ 0 with √t ≤ r (correctly rounded square root, so √s ≤ r
  /// exactly when s ≤ t), at least 2⁻⁹⁰⁰; the greatest finite value when r² overflows.
  package static func squareBound(_ r: Double) -> Double {
    guard r.isFinite else { return .greatestFiniteMagnitude }
    var t = Swift.max(r * r, 0x1p-900)
    if !t.isFinite { t = .greatestFiniteMagnitude }
    // r² is within an ulp or two of the bound: step to it.
    while t.squareRoot() > r && t > 0x1p-900 { t = t.nextDown }
    while t < .greatestFiniteMagnitude && t.nextUp.squareRoot() <= r { t = t.nextUp }
    return t
  }

  /// Runs per batch by default in dimension d: about 2048/d lanes, a multiple
  /// of 8 in 16…1024, so one coordinate-major array of the batch takes about
  /// 16 KiB (the batch's arrays stay in L2, and the per-step overhead is shared
  /// by many lanes). Results do not depend on it.
  public static func defaultBatchSize(dimension d: Int) -> Int {
    Swift.min(1024, Swift.max(16, (2048 / Swift.max(d, 1)) / 8 * 8))
  }

  /// The batch size used when none is given: at most
  /// ``defaultBatchSize(dimension:)``, with at least 8 batches per worker and
  /// a number of batches that is a multiple of `workers`, all of about the
  /// same size, so that every worker has work to the end (runs of unequal cost —
  /// full-matrix AdaGrad lanes whose updates deflate — balance over more batches:
  /// with 4 per worker its 32-start benchmark at d = 50 reached 1.67× on two cores,
  /// the critical path 1.70×). Results do not depend on it.
  public static func defaultBatchSize(dimension d: Int, starts: Int, workers: Int) -> Int {
    let largest = defaultBatchSize(dimension: d), w = Swift.max(workers, 1)
    var batches = Swift.max((starts + largest - 1) / largest, 8 * w)
    batches = (batches + w - 1) / w * w
    return Swift.max(1, (starts + batches - 1) / batches)
  }

  /// Whether `method` has a batched step kernel (GD, vanishing steps, SGD,
  /// AdaGrad); other methods are stepped lane by lane.
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
  /// ``defaultBatchSize(dimension:starts:workers:)``), dealt to
  /// `workers` threads (``Batch``); runs whose methods share their parameters
  /// use the batched kernels, others step lane by lane.
  /// - Precondition: every start has the objective's dimension; batchSize ≥ 1, workers ≥ 1.
  public static func run<M: FirstOrderMethod, F: Objective>(
    methodForStart: @Sendable (Int) -> M, on objective: F, from starts: [Vector], rules: Classification,
    batchSize: Int? = nil, workers: Int = Batch.defaultWorkers
  ) -> [TrajectoryResult] {
    let batchSize = batchSize ?? defaultBatchSize(dimension: objective.dimension, starts: starts.count, workers: workers)
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
  case adaGradFull(eta: Double, includesCurrentGradient: Bool, recompute: Bool)
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
    } else if let m = first as? PolicyDescent<AdaGrad> {
      let p = m.policy
      let same = all(PolicyDescent<AdaGrad>.self) {
        $0.policy.geometry == .full && $0.policy.eta.bitPattern == p.eta.bitPattern
          && $0.policy.includesCurrentGradient == p.includesCurrentGradient && $0.policy.fullMatrixUpdate == p.fullMatrixUpdate
      }
      if same {
        self = .adaGradFull(eta: p.eta, includesCurrentGradient: p.includesCurrentGradient, recompute: p.fullMatrixUpdate == .recompute)
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
  /// Full-matrix AdaGrad's per-lane state (G, its eigenpairs, refresh counts).
  var fullMatrix: FullMatrixLaneState?
  var generators: [Xoshiro256StarStar]
  var methods: [M]
  /// The run (index into the batch's starts) in each lane.
  var ids: [Int]
  var results: [TrajectoryResult?]
  var t = 0
  /// The iterates before the last step, kept only when a step can turn a finite
  /// iterate with ∇f = 0 into a non-finite one (0·∞; see ``keepsPreviousIterates``).
  var previous: PointBatch?
  /// ‖x‖² at or below this (and above 2⁻⁹⁰⁰) means ‖x‖ ≤ escapeRadius.
  let escapeBound: Double
  /// A squared distance above this means a distance above pointTolerance.
  let nearBound: Double
  /// Indices of the planted minima.
  let minimumIndices: [Int]
  /// Per-lane scratch of the minimum test.
  var distances: [Double]
  var nearFlags: [UInt8]
  /// ‖x_l‖² per lane; `normsReady` when the step kernel computed them for the new iterates.
  var norms: [Double]
  var normsReady = false
  /// Lanes stepped one by one whose step hit the 0·∞ rule (their iterate stays), and how many.
  var fixedPoint: [Bool]
  var fixedPointCount = 0

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
    self.escapeBound = BatchedTrajectory.squareBound(rules.escapeRadius)
    self.nearBound = BatchedTrajectory.squareBound(rules.pointTolerance)
    let planted = objective.criticalPoints
    self.minimumIndices = planted.indices.filter { planted[$0].kind == .minimum }
    self.distances = Array(repeating: 0, count: n)
    self.nearFlags = Array(repeating: 0, count: n)
    self.norms = Array(repeating: 0, count: n)
    self.fixedPoint = Array(repeating: false, count: n)
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
    case .adaGradFull:
      accumulators = PointBatch(dimension: 0, capacity: 0)
      fullMatrix = FullMatrixLaneState(methods.map { ($0 as! PolicyDescent<AdaGrad>).policy }, dimension: d)
      if fullMatrix == nil { kernel = .perLane }
    default:
      accumulators = PointBatch(dimension: 0, capacity: 0)
    }
    if Self.keepsPreviousIterates(kernel, accumulators: accumulators) { previous = x }
  }

  /// Whether a batched step can make a finite iterate with ∇f = 0 non-finite,
  /// so the engine must keep the iterates before each step for the 0·∞ rule
  /// of ``Trajectory/run(_:on:from:rules:recordEvery:onRecord:)``: with a
  /// finite step size (GD; vanishing steps and SGD with c finite and a ≥ 0)
  /// the step of a zero gradient is 0; AdaGrad's scale η/√G is finite for
  /// every lane once η/√(min G) is (G never decreases). Lane-by-lane methods
  /// test the rule in ``step()`` itself.
  static func keepsPreviousIterates(_ kernel: StepKernel, accumulators: PointBatch) -> Bool {
    switch kernel {
    case .perLane, .adaGradFull: return false  // both test the rule in step() itself
    case .constant(let alpha): return !alpha.isFinite
    case .vanishing(let c, let a, _): return !(c.isFinite && a >= 0)
    case .sgd: return true
    case .adaGradNorm(let eta, _), .adaGradDiagonal(let eta, _):
      var smallest = Double.infinity
      for v in accumulators.coordinates.prefix(accumulators.dimension * accumulators.count) {
        if !(v >= smallest) { smallest = v }  // NaN is the smallest
      }
      return !(smallest > 0 && (eta / smallest.squareRoot()).isFinite)
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
    if previous != nil { previous!.copy(from: x) }
    switch kernel {
    case .adaGradFull(let eta, let current, let recompute):
      stepFullMatrixAdaGrad(eta: eta, includesCurrentGradient: current, recompute: recompute)
      return
    case .perLane:
      for l in 0..<m {
        let current = x.point(l)
        let next = methods[l].step(from: current, on: objective)
        if !next.isFinite, current.isFinite, objective.gradient(at: current).maximumMagnitude == 0 {
          // 0·∞ at a fixed point: the exact step stays at `current`; classified when the step is over.
          fixedPoint[l] = true
          fixedPointCount += 1
          continue
        }
        x.set(point: l, to: next)
      }
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
          norms.withUnsafeMutableBufferPointer { np in
            for l in 0..<m { np[l] = 0 }
            for j in 0..<d {
              let xj = xp.baseAddress! + j &* cap, gj = gp.baseAddress! + j &* cap
              for l in 0..<m {
                let v = xj[l] + minusAlpha * gj[l]
                xj[l] = v
                np[l] += v * v
              }
            }
          }
        }
      }
      normsReady = true
    case .adaGradNorm(let eta, let current):
      objective.gradients(at: x, into: &gradients, workspace: &workspace)
      Self.squaredNorms(of: gradients, into: &scratch)
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
              norms.withUnsafeMutableBufferPointer { np in
                for l in 0..<m { np[l] = 0 }
                for j in 0..<d {
                  let xj = xp.baseAddress! + j &* cap, gj = gp.baseAddress! + j &* cap
                  for l in 0..<m {
                    let v = xj[l] - sp[l] * gj[l]
                    xj[l] = v
                    np[l] += v * v
                  }
                }
              }
            }
          }
        }
      }
      normsReady = true
    case .adaGradDiagonal(let eta, let current):
      objective.gradients(at: x, into: &gradients, workspace: &workspace)
      x.coordinates.withUnsafeMutableBufferPointer { xp in
        gradients.coordinates.withUnsafeBufferPointer { gp in
          accumulators.coordinates.withUnsafeMutableBufferPointer { ap in
            norms.withUnsafeMutableBufferPointer { np in
              for l in 0..<m { np[l] = 0 }
              for j in 0..<d {
                let xj = xp.baseAddress! + j &* cap, gj = gp.baseAddress! + j &* cap, aj = ap.baseAddress! + j &* cap
                if current {
                  for l in 0..<m {
                    let g = gj[l]
                    let used = aj[l] + g * g
                    aj[l] = used
                    let v = xj[l] - (eta / used.squareRoot()) * g
                    xj[l] = v
                    np[l] += v * v
                  }
                } else {
                  for l in 0..<m {
                    let g = gj[l]
                    let scale = eta / aj[l].squareRoot()
                    aj[l] = aj[l] + g * g
                    let v = xj[l] - scale * g
                    xj[l] = v
                    np[l] += v * v
                  }
                }
              }
            }
          }
        }
      }
      normsReady = true
    }
  }

  /// x ← x − α·g in every lane (GD: `next -= α * g`), and norms[l] = ‖x_l‖² of the new iterates
  /// (fused: one pass over x).
  mutating func descend(scale alpha: Double) {
    let d = x.dimension, cap = x.capacity, m = count
    x.coordinates.withUnsafeMutableBufferPointer { xp in
      gradients.coordinates.withUnsafeBufferPointer { gp in
        norms.withUnsafeMutableBufferPointer { np in
          for l in 0..<m { np[l] = 0 }
          for j in 0..<d {
            let xj = xp.baseAddress! + j &* cap, gj = gp.baseAddress! + j &* cap
            for l in 0..<m {
              let v = xj[l] - alpha * gj[l]
              xj[l] = v
              np[l] += v * v
            }
          }
        }
      }
    }
    normsReady = true
  }

  /// out[l] = ‖v_l‖², summed in coordinate order from 0 (as `Vector.squaredNorm`).
  static func squaredNorms(of v: PointBatch, into out: inout [Double]) {
    let d = v.dimension, cap = v.capacity, m = v.count
    v.coordinates.withUnsafeBufferPointer { vp in
      out.withUnsafeMutableBufferPointer { sp in
        for l in 0..<m { sp[l] = 0 }
        for j in 0..<d {
          let vj = vp.baseAddress! + j &* cap
          for l in 0..<m { sp[l] += vj[l] * vj[l] }
        }
      }
    }
  }

  // MARK: - Early exits, in the scalar run's order

  /// Records the runs that diverged, fell below the value floor or sit at a
  /// planted minimum (every 16 steps), and removes them from the batch.
  ///
  /// Each test first sweeps every lane with a branch-free comparison that
  /// decides the common case exactly (‖x‖² in (2⁻⁹⁰⁰, `escapeBound`], so
  /// √‖x‖² ≤ R; every squared distance to a planted point above
  /// `nearBound`), and runs the scalar run's test only on the lanes it flags.
  mutating func removeFinished() {
    // 0. 0·∞ at a fixed point (the scalar run's rule): a finite iterate with ∇f = 0 exactly whose
    //    step is non-finite stays where it is, and the run is classified there as at the horizon.
    if fixedPointCount > 0 {
      var l = 0
      while l < count {
        if fixedPoint[l] {
          fixedPointCount -= 1
          finish(l, Trajectory.endOfRun(at: x.point(l), steps: t, on: objective, points: points, rules: rules))
        } else {
          l += 1
        }
      }
    }
    if !normsReady { Self.squaredNorms(of: x, into: &norms) }
    normsReady = false
    if previous != nil, anyLane(of: norms, outside: .greatestFiniteMagnitude) {
      // Only a lane whose ‖x‖² is not finite can hold a non-finite iterate.
      var l = 0
      while l < count {
        if !norms[l].isFinite, !x.point(l).isFinite {
          let current = previous!.point(l)
          if current.isFinite, objective.gradient(at: current).maximumMagnitude == 0 {
            finish(l, Trajectory.endOfRun(at: current, steps: t, on: objective, points: points, rules: rules))
            continue
          }
        }
        l += 1
      }
    }
    // 1. Non-finite or beyond the escape radius.
    if anyLane(of: norms, outside: escapeBound) {
      var l = 0
      while l < count {
        let s = norms[l]
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
    }
    // 2. Below the value floor.
    if let floor = rules.valueFloor, count > 0 {
      objective.values(at: x, into: &scratch, workspace: &workspace)
      if anyLane(of: scratch, below: floor) {
        var l = 0
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
    }
    // 3. At a planted minimum and stationary (checked every 16 steps).
    guard t % 16 == 0, count > 0, !minimumIndices.isEmpty else { return }
    flagLanesNearPlantedPoints()
    var l = 0
    while l < count {
      if nearFlags[l] != 0, let i = nearestPoint(lane: l), isMinimum[i] {
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

  /// Whether some lane's squared norm s is not in (2⁻⁹⁰⁰, bound] (NaN included): only
  /// such lanes can have diverged. Branch-free over the lanes.
  func anyLane(of values: [Double], outside bound: Double) -> Bool {
    values.withUnsafeBufferPointer { v in
      var flagged: UInt8 = 0
      for l in 0..<count {
        let s = v[l]
        flagged |= (s > 0x1p-900 && s <= bound) ? 0 : 1
      }
      return flagged != 0
    }
  }

  /// Whether some lane's value is below `floor`. Branch-free over the lanes.
  func anyLane(of values: [Double], below floor: Double) -> Bool {
    values.withUnsafeBufferPointer { v in
      var flagged: UInt8 = 0
      for l in 0..<count { flagged |= v[l] < floor ? 1 : 0 }
      return flagged != 0
    }
  }

  /// nearFlags[l] = 1 unless every squared distance s from lane l to a planted
  /// point (summed as ``nearestPoint(lane:)`` sums it) is finite and above
  /// `nearBound` — then √s > pointTolerance for every point and `nearestPoint`
  /// returns nil, so only flagged lanes need it.
  mutating func flagLanesNearPlantedPoints() {
    let d = x.dimension, cap = x.capacity, m = count
    let bound = nearBound, coordinates = x.coordinates, points = points
    coordinates.withUnsafeBufferPointer { xp in
      distances.withUnsafeMutableBufferPointer { sp in
        nearFlags.withUnsafeMutableBufferPointer { fp in
          for l in 0..<m { fp[l] = 0 }
          for p in points {
            for l in 0..<m { sp[l] = 0 }
            p.location.components.withUnsafeBufferPointer { pp in
              for j in 0..<d {
                let xj = xp.baseAddress! + j &* cap, pj = pp[j]
                for l in 0..<m {
                  let e = xj[l] - pj
                  sp[l] += e * e
                }
              }
            }
            for l in 0..<m {
              let s = sp[l]
              fp[l] |= (s > bound && s < .infinity) ? 0 : 1
            }
          }
        }
      }
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
      norms[l] = norms[last]
      fixedPoint[l] = fixedPoint[last]
      previous?.move(from: last, to: l)
      switch kernel {
      case .adaGradNorm, .adaGradDiagonal: accumulators.move(from: last, to: l)
      case .sgd: generators[l] = generators[last]
      case .adaGradFull: fullMatrix!.move(from: last, to: l)
      case .perLane: methods[l] = methods[last]
      default: break
      }
    }
    x.count = last
    previous?.count = last
    if accumulators.capacity > 0 { accumulators.count = last }
  }
}
