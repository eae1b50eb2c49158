package import LinearAlgebra
package import Landscapes

/// One step of one run in an observed batch
/// (``BatchedTrajectory/observe(methodForStart:on:from:steps:values:methods:batchSize:workers:fault:initial:observer:)``):
/// the run went from x_t to x_{t+1} using the gradient ∇f(x_t).
///
/// A view into the engine's batches for the duration of one observer call;
/// each accessor gathers one lane (no state is copied until asked for).
package struct ObservedStep<M: FirstOrderMethod> {
  /// The step index t (the step from x_t to x_{t+1}).
  package let t: Int
  let offset: Int
  let ids: [Int]
  let before: PointBatch
  let gradientBatch: PointBatch
  let after: PointBatch
  let currentValues: [Double]
  let nextValues: [Double]
  let observesValues: Bool
  /// Lane-by-lane runs: each lane's method before the step; batched AdaGrad: each lane's
  /// initial method, its accumulator before the step in `accumulators`.
  let methods: [M]
  let accumulators: PointBatch
  let kernel: StepKernel
  let observesMethods: Bool
  /// The lane of the run being observed.
  var lane = 0

  /// The run: the index of its start in `starts`.
  package var run: Int { offset + ids[lane] }
  /// x_t.
  package var current: Vector { before.point(lane) }
  /// ∇f(x_t), the gradient the step used (`objective.gradient(at: current)` bit for bit; for SGD
  /// the exact gradient, not the step's noisy one).
  package var gradient: Vector { gradientBatch.point(lane) }
  /// x_{t+1}.
  package var next: Vector { after.point(lane) }
  /// f(x_t), bit-identical to `objective.value(at: current)`.
  /// - Precondition: the run observes values.
  package var currentValue: Double {
    precondition(observesValues, "values are not observed")
    return currentValues[lane]
  }
  /// f(x_{t+1}), bit-identical to `objective.value(at: next)`.
  /// - Precondition: the run observes values.
  package var nextValue: Double {
    precondition(observesValues, "values are not observed")
    return nextValues[lane]
  }

  /// The run's method in the state it had before this step (what
  /// `stepMatrix(for: gradient)` reads): AdaGrad's accumulator and the step
  /// counter; `lastStepSpectrum` is not restored for batched AdaGrad.
  /// - Precondition: the run observes methods.
  package var method: M {
    precondition(observesMethods, "methods are not observed")
    switch kernel {
    case .adaGradNorm, .adaGradDiagonal:
      var m = methods[lane] as! PolicyDescent<AdaGrad>
      let d = accumulators.dimension
      m.policy = m.policy.replacingAccumulator((0..<d).map { accumulators[point: lane, coordinate: $0] })
      m.steps += t
      return m as! M
    default:
      return methods[lane]
    }
  }
}

/// A deliberate defect of the observation, for the tests' mutants only (nil in every real use).
package enum ObservationFault: Sendable {
  /// The observer is shown x_{t+1} as x_t.
  case nextAsCurrent
  /// Step 1 is taken but not shown to the observer.
  case skippedStep
}

extension BatchedTrajectory {
  /// Runs `methodForStart(i)` from `starts[i]` for every i, for at most
  /// `steps` steps, and shows every step of every run to `observer`; returns
  /// each run's observer state (in start order).
  ///
  /// This is the engine of the exact-inequality checks: no classification and
  /// no early exit of its own — a run stops after `steps` steps or when
  /// `observer` returns false. Run i's state starts as `initial(i)`; after
  /// step t the observer sees x_t, ∇f(x_t), x_{t+1} and, when `values`,
  /// f(x_t) and f(x_{t+1}) (batched ``Objective/values(at:into:workspace:)``),
  /// and, when `methods`, the method's state before the step. The iterates are
  /// bit-identical to the scalar `method.step(from:on:)` loop, and so are the
  /// states returned, whatever `batchSize` and `workers`.
  ///
  /// GD, vanishing steps and norm / diagonal AdaGrad step on their batched
  /// kernels (GD and vanishing steps lane by lane when `methods` is set,
  /// since their kernels do not keep the methods' states); every other method
  /// (SGD, full-matrix AdaGrad, a user's policy) steps lane by lane through its
  /// own ``FirstOrderMethod/step(from:on:)``, as in the scalar loop.
  /// ``BatchedTrajectory/run(methodForStart:on:from:rules:batchSize:workers:)``
  /// does not go through this path: observation costs it nothing.
  /// `fault` injects a defect for the tests' mutants.
  /// - Precondition: every start has the objective's dimension; steps ≥ 0, batchSize ≥ 1, workers ≥ 1.
  package static func observe<M: FirstOrderMethod, F: Objective, R: Sendable>(
    methodForStart: @Sendable (Int) -> M, on objective: F, from starts: [Vector], steps: Int,
    values: Bool = true, methods: Bool = false, batchSize: Int? = nil, workers: Int = Batch.defaultWorkers,
    fault: ObservationFault? = nil,
    initial: @Sendable (Int) -> R, observer: @Sendable (inout R, ObservedStep<M>) -> Bool
  ) -> [R] {
    let batchSize = batchSize ?? defaultBatchSize(dimension: objective.dimension, starts: starts.count, workers: workers)
    precondition(steps >= 0 && batchSize >= 1 && workers >= 1, "steps must be non-negative, batchSize and workers at least 1")
    for s in starts {
      precondition(s.dimension == objective.dimension,
          "start of dimension \(s.dimension) for a \(objective.dimension)-dimensional objective")
    }
    // Only the horizon matters: observation never classifies.
    let rules = Classification(horizon: steps, pointTolerance: 1, gradientTolerance: 1, escapeRadius: .infinity)
    let batches = (starts.count + batchSize - 1) / batchSize
    let parts = Batch.map(count: batches, workers: workers) { b -> [R] in
      let range = (b * batchSize)..<Swift.min(starts.count, (b + 1) * batchSize)
      var states = range.map(initial)
      var engine = Lanes(methods: range.map(methodForStart), starts: Array(starts[range]), objective: objective, rules: rules)
      engine.observe(steps: steps, values: values, methods: methods, offset: range.lowerBound, fault: fault, states: &states,
                     observer: observer)
      return states
    }
    return parts.flatMap { $0 }
  }
}

extension Lanes {
  /// The observation loop of
  /// ``BatchedTrajectory/observe(methodForStart:on:from:steps:values:methods:batchSize:workers:fault:initial:observer:)``:
  /// steps every lane, shows each to `observer`, removes the lanes it stops.
  mutating func observe<R>(
    steps: Int, values: Bool, methods observesMethods: Bool, offset: Int, fault: ObservationFault?, states: inout [R],
    observer: (inout R, ObservedStep<M>) -> Bool
  ) {
    let n = count
    previous = nil  // no 0·∞ rule: the observed loop is the plain scalar loop
    switch kernel {
    case .adaGradNorm, .adaGradDiagonal, .perLane: break
    case .constant, .vanishing: if observesMethods { kernel = .perLane }
    default: kernel = .perLane  // kernels whose per-lane state the observer could not read
    }
    var before = PointBatch(dimension: x.dimension, capacity: n)
    var accumulatorsBefore = accumulators
    var methodsBefore = observesMethods ? methods : []
    var currentValues = [Double](repeating: 0, count: values ? n : 0)
    var nextValues = currentValues
    var stop = [Bool](repeating: false, count: n)
    if values && n > 0 { objective.values(at: x, into: &currentValues, workspace: &workspace) }
    while t < steps && count > 0 {
      let m = count
      before.copy(from: x)
      let perLane: Bool
      if case .perLane = kernel { perLane = true } else { perLane = false }
      if perLane {
        gradients.count = m
        for l in 0..<m {
          let current = x.point(l)
          if observesMethods { methodsBefore[l] = methods[l] }
          gradients.set(point: l, to: objective.gradient(at: current))
          x.set(point: l, to: methods[l].step(from: current, on: objective))
        }
      } else {
        if observesMethods && accumulators.capacity > 0 { accumulatorsBefore.copy(from: accumulators) }
        step()
        normsReady = false
      }
      if values { objective.values(at: x, into: &nextValues, workspace: &workspace) }
      do {
        var view = ObservedStep<M>(
          t: t, offset: offset, ids: ids, before: fault == .nextAsCurrent ? x : before, gradientBatch: gradients, after: x,
          currentValues: currentValues, nextValues: nextValues, observesValues: values,
          methods: perLane ? methodsBefore : methods, accumulators: accumulatorsBefore, kernel: kernel,
          observesMethods: observesMethods)
        for l in 0..<m where !(fault == .skippedStep && t == 1) {
          view.lane = l
          stop[l] = !observer(&states[ids[l]], view)
        }
      }
      t += 1
      var l = 0
      while l < count {
        guard stop[l] else {
          l += 1
          continue
        }
        let last = count - 1
        stop[l] = stop[last]
        if values { nextValues[l] = nextValues[last] }
        if observesMethods {
          if perLane { methodsBefore[l] = methodsBefore[last] } else { methods[l] = methods[last] }
        }
        finish(l, TrajectoryResult(outcome: .undecided, final: x.point(l), steps: t, finalGradientNorm: .nan))
      }
      swap(&currentValues, &nextValues)
    }
  }
}
