import Foundation
import Testing
import SaddleCheckKit

/// A user's own loss, written against the public API only: f(x, y) = cos x + y²/2.
///
/// ∇²f = diag(−cos x, 1), so ‖∇²f‖₂ ≤ 1 = L everywhere, f ≥ −1 = f_low and
/// |D³f[v, v, v]| = |sin x|·v₁³ ≤ 1 = M₃. Critical points (kπ, 0): strict saddles
/// for even k (eigenvalues −1, 1), strict minima for odd k (1, 1).
struct CosineValley: Objective {
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

@Suite struct UserObjectiveTests {
  /// The user's loss through every applicable claim with gradient descent, α = 0.9/L:
  /// the certificate, the planted points, the saddle's instability and avoidance.
  @Test func userLossThroughInstanceChecks() {
    let report = InstanceChecks.report(CosineValley(), label: "cosine valley", starts: 50, seed: 7)
    #expect(!report.hypotheses.isEmpty)
    #expect(report.leftOut.isEmpty)
    #expect(report.results.count >= 4)
    for row in report.results {
      #expect(row.verdict == .holds, "\(row.claim): \(row.evidence)")
    }
  }

  /// A wrong L (half the true one) is caught by the certificate check.
  @Test func wrongLipschitzConstantIsCaught() {
    struct Understated: Objective {
      var base = CosineValley()
      var dimension: Int { 2 }
      func value(at x: Vector) -> Double { base.value(at: x) }
      func gradient(at x: Vector) -> Vector { base.gradient(at: x) }
      func hessian(at x: Vector) -> Matrix { base.hessian(at: x) }
      var lipschitzConstant: Double { 0.5 }
      var lowerBound: Double { -1 }
      var thirdDerivativeBound: Double { 1 }
      var criticalPoints: [PlantedCriticalPoint] { base.criticalPoints }
    }
    let report = InstanceChecks.report(Understated(), label: "understated L", starts: 10, seed: 7)
    let certificate = report.results.first { $0.claim == "landscape.lipschitz-certificate" }
    #expect(certificate?.verdict == .fails)
    // Every other row then stands outside the hypotheses (the step bound rests on the refuted L),
    // and the statement says so first.
    let others = report.results.filter { !$0.claim.hasPrefix("landscape.") }
    #expect(!others.isEmpty && others.allSatisfy(\.isOutsideHypotheses), "\(others.map(\.coverage))")
    #expect(report.hypotheses.contains { $0.contains("L REFUTED by sampling") }, "\(report.hypotheses)")
  }
}
