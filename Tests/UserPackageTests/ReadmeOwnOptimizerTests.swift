import Foundation
import Testing
import SaddleCheckKit

// The README's "Check your own function / optimizer" example, verbatim: a user's loss and three
// optimizers (one of them the user's own momentum, `QuasiHyperbolicMomentum` in
// UserMomentumTests.swift) through every claim that applies.

/// f(x, y) = cos x + y²/2: ∇²f = diag(−cos x, 1), so L = 1, f ≥ −1, M₃ = 1; a strict saddle at
/// (0, 0) (eigenvalues −1, 1) and a minimum at (π, 0).
struct CosineSaddleLoss: Objective {
  var dimension: Int { 2 }
  func value(at x: Vector) -> Double { cos(x[0]) + 0.5 * x[1] * x[1] }
  func gradient(at x: Vector) -> Vector { Vector([-sin(x[0]), x[1]]) }
  func hessian(at x: Vector) -> Matrix { Matrix(rowArrays: [[-cos(x[0]), 0], [0, 1]]) }
  var lipschitzConstant: Double { 1 }
  var lowerBound: Double { -1 }
  var thirdDerivativeBound: Double { 1 }
  var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: Vector([0, 0]), hessianEigenvalues: Vector([-1, 1])),
     PlantedCriticalPoint(location: Vector([Double.pi, 0]), hessianEigenvalues: Vector([1, 1]))]
  }
}

@Suite struct ReadmeOwnOptimizerTests {
  @Test("the README example: a user's loss, heavy ball, Adam and the user's QHM — every row as the theory allows")
  func readmeExample() {
    let battery = CustomBattery(
      objectives: [BatteryObjective(CosineSaddleLoss(), label: "cos x + y²/2")],
      methods: [
        BatteryMethod { f in HeavyBall(alpha: 0.1 / f.lipschitzConstant, beta: 0.9) },
        BatteryMethod(policy: { f in Adam(eta: 0.01, dimension: f.dimension) }),
        BatteryMethod { f in QuasiHyperbolicMomentum(alpha: 0.5 / f.lipschitzConstant, nu: 0.7, beta: 0.9) },
      ],
      starts: 20, horizon: 2000)
    let report = battery.run(seed: 2026)
    print(report.rendered)
    #expect(report.results.allSatisfy { $0.isAsExpected })
    #expect(report.results.filter { $0.verdict == .holds && $0.coverage == .covered }.count == 6)
    #expect(report.skipped.contains { $0.claim == "saddle.unstable-fixed-point" && $0.method.hasPrefix("adam") })
  }
}
