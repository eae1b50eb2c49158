public import LinearAlgebra
public import Landscapes

/// Where a trajectory ended, judged against the landscape's planted points
/// with explicit tolerances (CLAIMS.md, "Numerical notes: finite precision").
public enum Outcome: Sendable, Hashable, Codable {
  /// Within tolerance of planted point `index` (of `Objective.criticalPoints`) with ‖∇f‖ below its tolerance.
  case converged(toPlantedPoint: Int)
  /// ‖∇f‖ below tolerance away from every planted point.
  case convergedToUnplantedCriticalPoint
  /// Left the escape radius or became non-finite.
  case diverged
  /// None of the above at the horizon.
  case undecided
}

/// The rules that turn a run into an ``Outcome``.
///
/// A start "converges to the saddle" when, at the horizon, it lies within
/// `pointTolerance` of it with ‖∇f‖ ≤ `gradientTolerance`: in double
/// precision a start on the stable set gets near the saddle and then leaves,
/// so the horizon and tolerances are part of every verdict's evidence.
public struct Classification: Sendable, Hashable, Codable {
  /// Steps to run at most.
  public var horizon: Int
  /// Distance to a planted point that counts as "at" it.
  public var pointTolerance: Double
  /// ‖∇f‖ that counts as critical.
  public var gradientTolerance: Double
  /// ‖x‖ beyond which the run counts as diverged.
  public var escapeRadius: Double

  public init(horizon: Int, pointTolerance: Double, gradientTolerance: Double, escapeRadius: Double) {
    precondition(horizon >= 0, "horizon must be non-negative")
    precondition(pointTolerance > 0 && gradientTolerance > 0 && escapeRadius > 0, "tolerances must be positive")
    self.horizon = horizon
    self.pointTolerance = pointTolerance
    self.gradientTolerance = gradientTolerance
    self.escapeRadius = escapeRadius
  }
}

/// The end of one run: the outcome, the last iterate and the steps taken.
public struct TrajectoryResult: Sendable, Hashable, Codable {
  public var outcome: Outcome
  public var final: Vector
  public var steps: Int
  public var finalGradientNorm: Double
}

/// Runs first-order methods and classifies where they end.
public enum Trajectory {
  /// Iterates `method` from `start` on `objective` and classifies the end.
  ///
  /// Stops early only at a planted *minimum* (within tolerance, gradient
  /// below tolerance): minima attract, so stopping there cannot hide a
  /// later escape. Near a saddle it always runs to the horizon, because a
  /// start near the stable set comes close and leaves later.
  public static func run<M: FirstOrderMethod, F: Objective>(
    _ method: M, on objective: F, from start: Vector, rules: Classification
  ) -> TrajectoryResult {
    precondition(start.dimension == objective.dimension, "start of dimension \(start.dimension) for a \(objective.dimension)-dimensional objective")
    var method = method
    let points = objective.criticalPoints
    var x = start
    var t = 0
    while t < rules.horizon {
      x = method.step(from: x, on: objective)
      t += 1
      if !x.isFinite || x.euclideanNorm > rules.escapeRadius {
        return TrajectoryResult(outcome: .diverged, final: x, steps: t, finalGradientNorm: .nan)
      }
      if t % 16 == 0, let i = nearestPoint(x, points, within: rules.pointTolerance), points[i].kind == .minimum,
        objective.gradient(at: x).euclideanNorm <= rules.gradientTolerance
      {
        return TrajectoryResult(outcome: .converged(toPlantedPoint: i), final: x, steps: t,
                                finalGradientNorm: objective.gradient(at: x).euclideanNorm)
      }
    }
    let g = objective.gradient(at: x).euclideanNorm
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
