import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Randomness

@Suite struct GradientDescentTests {
  static func landscape(_ d: Int) -> RotatedDoubleWell {
    RotatedDoubleWell.indexOneSaddle(dimension: d, seed: Seed.derive(0xd7a0_0001, UInt64(d)))
  }

  /// On a quadratic ½xᵀHx, GD is the linear map x ↦ (I − αH)x.
  @Test("GD on a quadratic is the linear map I − αH")
  func linearOnQuadratic() {
    let q = Matrix.identity(3)
    let f = RotatedDoubleWell(rotation: q, profiles: [.quadratic(h: 0.5), .quadratic(h: 1), .quadratic(h: 2)])
    var gd = GradientDescent(stepSize: 0.25)
    let x: Vector = [1, -2, 4]
    let expected = (Matrix.identity(3) - 0.25 * Matrix.diagonal([0.5, 1, 2])) * x
    #expect(gd.step(from: x, on: f) == expected)
  }

  @Test("a start exactly at the saddle never leaves it: classified as converged to the saddle")
  func saddleIsFixed() {
    let f = Self.landscape(3)
    let rules = Classification(horizon: 100, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    let r = Trajectory.run(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, from: Vector(zeros: 3), rules: rules)
    let saddle = f.criticalPoints.firstIndex { $0.location == Vector(zeros: 3) }
    #expect(r.outcome == .converged(toPlantedPoint: saddle!))
  }

  @Test("a start off the saddle converges to a planted minimum")
  func convergesToMinimum() {
    let f = Self.landscape(5)
    let rules = Classification(horizon: 5000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    let start = f.rotation * Vector([0.3, 0.1, -0.2, 0.05, 0.4])
    let r = Trajectory.run(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, from: start, rules: rules)
    guard case .converged(let i) = r.outcome else {
      Issue.record("outcome \(r.outcome)")
      return
    }
    #expect(f.criticalPoints[i].kind == .minimum)
  }

  @Test("too large a step diverges and is reported as diverged, never as a point")
  func divergence() {
    let f = RotatedDoubleWell(rotation: .identity(1), profiles: [.quadratic(h: 1)])
    let rules = Classification(horizon: 10_000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    let r = Trajectory.run(GradientDescent(stepSize: 3), on: f, from: [1], rules: rules)
    #expect(r.outcome == .diverged)
  }

  @Test("a start too far to settle within the horizon is undecided")
  func undecided() {
    let f = Self.landscape(2)
    let rules = Classification(horizon: 2, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    let r = Trajectory.run(GradientDescent(stepSize: 0.5 / f.lipschitzConstant), on: f, from: [0.3, 0.2], rules: rules)
    #expect(r.outcome == .undecided)
  }
}
