public import LinearAlgebra
public import Landscapes

/// Where a trajectory ended, judged against the landscape's planted points
/// with explicit tolerances (CLAIMS.md, "Numerical notes: finite precision").
public enum Outcome: Sendable, Hashable, Codable {
  /// Within tolerance of planted point `index` (of `Objective.criticalPoints`) and stationary.
  case converged(toPlantedPoint: Int)
  /// Stationary away from every planted point.
  case convergedToUnplantedCriticalPoint
  /// Left the escape radius or became non-finite (NaN or ±∞ never reach a verdict as a point).
  case diverged
  /// f fell below `Classification.valueFloor`: for a method that never
  /// increases f (GD with α ≤ 1/L, AdaGrad with δ0 ≥ L), the run can no
  /// longer converge to a critical point whose value is at or above the floor.
  case descendedBelowFloor
  /// None of the above at the horizon.
  case undecided

  /// Whether the run converged to a point (planted or not).
  public var isConverged: Bool {
    switch self {
    case .converged, .convergedToUnplantedCriticalPoint: true
    default: false
    }
  }
}

/// The rules that turn a run into an ``Outcome``.
///
/// A start "converges to the saddle" when, at the horizon, it lies within
/// `pointTolerance` of it and its stationarity measure is at most
/// `gradientTolerance`: in double precision a start on the stable set gets
/// near the saddle and then leaves, so the horizon and tolerances are part
/// of every verdict's evidence.
public struct Classification: Sendable, Hashable, Codable {
  /// Steps to run at most.
  public var horizon: Int
  /// Distance to a planted point that counts as "at" it.
  public var pointTolerance: Double
  /// Stationarity that counts as critical.
  public var gradientTolerance: Double
  /// ‖x‖ beyond which the run counts as diverged.
  public var escapeRadius: Double
  /// When set, the run stops as ``Outcome/descendedBelowFloor`` once
  /// f(x_t) < valueFloor (use only for methods that never increase f).
  public var valueFloor: Double?

  public init(horizon: Int, pointTolerance: Double, gradientTolerance: Double, escapeRadius: Double, valueFloor: Double? = nil) {
    precondition(horizon >= 0, "horizon must be non-negative")
    precondition(pointTolerance > 0 && gradientTolerance > 0 && escapeRadius > 0, "tolerances must be positive")
    self.horizon = horizon
    self.pointTolerance = pointTolerance
    self.gradientTolerance = gradientTolerance
    self.escapeRadius = escapeRadius
    self.valueFloor = valueFloor
  }
}

/// One recorded iterate: t, x_t, f(x_t), the stationarity measure and Γ_t's spectrum.
public struct TrajectoryRecord: Sendable, Hashable, Codable {
  public var t: Int
  public var x: Vector
  public var value: Double
  public var gradientNorm: Double
  /// The spectrum of the step matrix Γ used to leave x_t (nil for the last record or when undefined).
  public var stepSpectrum: Vector?
}

/// The end of one run: the outcome, the last iterate, the steps taken, and the records.
public struct TrajectoryResult: Sendable, Hashable, Codable {
  public var outcome: Outcome
  public var final: Vector
  public var steps: Int
  public var finalGradientNorm: Double
  /// The iterates recorded on the schedule (empty unless asked for).
  public var records: [TrajectoryRecord] = []
}

/// Runs first-order methods and classifies where they end.
public enum Trajectory {
  /// The stationarity measure of x on the objective's domain: ‖∇f‖ on R^d,
  /// the tangent part ‖Tᵀ∇f‖ on the sphere and the simplex, and the
  /// projected-gradient residual ‖x − Π(x − ∇f(x))‖ on a polyhedron.
  public static func stationarity<F: Objective>(of objective: F, at x: Vector) -> Double {
    let g = objective.gradient(at: x)
    switch objective.domain {
    case .euclidean: return g.euclideanNorm
    case .sphere, .simplex: return (objective.domain.tangentBasis(at: x).transposed * g).euclideanNorm
    case .polyhedron: return (x - objective.domain.project(x - g)).euclideanNorm
    }
  }

  /// Iterates `method` from `start` on `objective` and classifies the end.
  ///
  /// Stops early only at a planted *minimum* (within tolerance, stationary):
  /// minima attract, so stopping there cannot hide a later escape. Near a
  /// saddle it always runs to the horizon, because a start near the stable
  /// set comes close and leaves later.
  ///
  /// A step that turns a finite iterate with an exactly zero gradient into a
  /// non-finite one (0·∞: an infinite step matrix at a fixed point) is not a
  /// divergence: the iterate is a fixed point of the exact map, and the run
  /// is classified there.
  /// - Parameters:
  ///   - recordEvery: record t, x_t, f, stationarity and Γ_t's spectrum every
  ///     this many steps, the last iterate, and the iterate that left the
  ///     escape radius or became non-finite; nil records nothing.
  ///   - onRecord: when set, each record is handed to it as it is made (and
  ///     not kept in the result), so a long run streams in constant memory.
  public static func run<M: FirstOrderMethod, F: Objective>(
    _ method: M, on objective: F, from start: Vector, rules: Classification, recordEvery: Int? = nil,
    onRecord: ((TrajectoryRecord) -> Void)? = nil
  ) -> TrajectoryResult {
    precondition(start.dimension == objective.dimension,
        "start of dimension \(start.dimension) for a \(objective.dimension)-dimensional objective")
    precondition(recordEvery.map { $0 >= 1 } ?? true, "recordEvery must be at least 1")
    var method = method
    let points = objective.criticalPoints
    var records: [TrajectoryRecord] = []
    var x = start
    var t = 0
    func record(_ point: Vector, at step: Int, spectrum: Vector?) {
      // A non-finite iterate is recorded as it is, without evaluating f there.
      let finite = point.isFinite
      let r = TrajectoryRecord(
        t: step, x: point, value: finite ? objective.value(at: point) : .nan,
        gradientNorm: finite ? stationarity(of: objective, at: point) : .nan, stepSpectrum: spectrum)
      if let onRecord { onRecord(r) } else { records.append(r) }
    }
    while t < rules.horizon {
      let current = x
      x = method.step(from: current, on: objective)
      if let every = recordEvery, t % every == 0 { record(current, at: t, spectrum: method.lastStepSpectrum) }
      t += 1
      if !x.isFinite, current.isFinite, objective.gradient(at: current).maximumMagnitude == 0 {
        // 0·∞ at a fixed point: the exact step stays at `current`.
        x = current
        break
      }
      if !x.isFinite || x.euclideanNorm > rules.escapeRadius {
        if recordEvery != nil { record(x, at: t, spectrum: nil) }
        return TrajectoryResult(outcome: .diverged, final: x, steps: t, finalGradientNorm: .nan, records: records)
      }
      if let floor = rules.valueFloor, objective.value(at: x) < floor {
        if recordEvery != nil { record(x, at: t, spectrum: nil) }
        return TrajectoryResult(outcome: .descendedBelowFloor, final: x, steps: t,
            finalGradientNorm: stationarity(of: objective, at: x), records: records)
      }
      if t % 16 == 0, let i = nearestPoint(x, points, within: rules.pointTolerance), points[i].kind == .minimum,
        stationarity(of: objective, at: x) <= rules.gradientTolerance
      {
        if recordEvery != nil { record(x, at: t, spectrum: nil) }
        return TrajectoryResult(outcome: .converged(toPlantedPoint: i), final: x, steps: t,
                                finalGradientNorm: stationarity(of: objective, at: x), records: records)
      }
    }
    if recordEvery != nil { record(x, at: t, spectrum: nil) }
    var result = endOfRun(at: x, steps: t, on: objective, points: points, rules: rules)
    result.records = records
    return result
  }

  /// The classification of a run that reached the horizon at x after t steps
  /// (shared by ``run(_:on:from:rules:recordEvery:)`` and the batched engine).
  static func endOfRun<F: Objective>(
    at x: Vector, steps t: Int, on objective: F, points: [PlantedCriticalPoint], rules: Classification
  ) -> TrajectoryResult {
    let g = stationarity(of: objective, at: x)
    guard g.isFinite else { return TrajectoryResult(outcome: .diverged, final: x, steps: t, finalGradientNorm: g) }
    let outcome: Outcome
    if g <= rules.gradientTolerance {
      if let i = nearestPoint(x, points, within: rules.pointTolerance) {
        outcome = .converged(toPlantedPoint: i)
      } else {
        outcome = .convergedToUnplantedCriticalPoint
      }
    } else {
      outcome = .undecided
    }
    return TrajectoryResult(outcome: outcome, final: x, steps: t, finalGradientNorm: g)
  }

  /// The index of the planted point nearest to x if it is within `tolerance`.
  static func nearestPoint(_ x: Vector, _ points: [PlantedCriticalPoint], within tolerance: Double) -> Int? {
    var best: Int?
    var bestDistance = tolerance
    for (i, p) in points.enumerated() {
      let d = x.distance(to: p.location)
      if d <= bestDistance {
        best = i
        bestDistance = d
      }
    }
    return best
  }
}
