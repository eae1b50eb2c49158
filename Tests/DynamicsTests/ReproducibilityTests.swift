import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Randomness

@Suite struct ReproducibilityTests {
  static let rules = Classification(horizon: 300, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)

  /// One SGD run per index, its start and noise derived from (seed, index).
  static func run(_ i: Int, seed: UInt64) -> TrajectoryResult {
    let f = RotatedDoubleWell.random(dimension: 5, wells: 2, seed: 77)
    var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
    let start = Draw.inBall(center: Vector(zeros: 5), radius: 0.5, using: &rng)
    let method = StochasticGradientDescent(c: 0.5 / f.lipschitzConstant, a: 0.6, sigma: 0.05, seed: Seed.derive(seed, UInt64(i)))
    return Trajectory.run(method, on: f, from: start, rules: rules, recordEvery: 50)
  }

  @Test("same seed ⇒ bit-identical trajectories")
  func trajectories() {
    let a = Self.run(3, seed: 99), b = Self.run(3, seed: 99)
    #expect(a == b)
    #expect(a.final.components.map(\.bitPattern) == b.final.components.map(\.bitPattern))
    #expect(Self.run(3, seed: 100) != a)
  }

  @Test("batch results are identical on 1 and 2 workers, in index order")
  func batches() {
    let one = Batch.map(count: 40, workers: 1) { Self.run($0, seed: 5) }
    let two = Batch.map(count: 40, workers: 2) { Self.run($0, seed: 5) }
    let many = Batch.map(count: 40, workers: 7) { Self.run($0, seed: 5) }
    #expect(one == two && two == many)
    #expect(one[17] == Self.run(17, seed: 5))
  }

  @Test("records carry t, x_t, f, ‖∇f‖ and Γ_t's spectrum on the schedule")
  func records() {
    let f = RotatedDoubleWell.random(dimension: 3, wells: 1, seed: 1)
    let m = PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * f.lipschitzConstant, dimension: 3)
    let r = Trajectory.run(m, on: f, from: [0.2, 0.1, -0.3], rules: Classification(horizon: 20, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6), recordEvery: 5)
    #expect(r.records.map(\.t) == [0, 5, 10, 15, 20])
    #expect(r.records.dropLast().allSatisfy { $0.stepSpectrum?.dimension == 3 })
    #expect(r.records[0].x == [0.2, 0.1, -0.3] && r.records[0].value == f.value(at: [0.2, 0.1, -0.3]))
  }

  @Test("NaN and overflow end a run as diverged")
  func nonFinite() {
    let f = diagonalQuadratic([1])
    let r = Trajectory.run(GradientDescent(stepSize: 1e300), on: f, from: [1e10], rules: Self.rules)
    #expect(r.outcome == .diverged)
  }
}
