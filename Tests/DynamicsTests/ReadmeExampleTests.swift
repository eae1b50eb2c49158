import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics

/// The README's worked example of a user step policy, verbatim.
struct HalvingSteps: StepPolicy {
  var alpha0: Double
  var t = 0
  /// Γ_t's eigenvalues at the last step: the checks read the step bound ‖Γ_t‖·L < 1 from it.
  var lastStepSpectrum: Vector?
  var name: String { "halving(alpha0=\(alpha0))" }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector {
    defer { t += 1 }
    let alpha = alpha0 * pow(0.5, Double(t) / 100)
    lastStepSpectrum = Vector(Array(repeating: alpha, count: g.dimension))
    return alpha * g
  }
  // Optional: ∂(Γ_t g)/∂g for an analytic Jacobian.
  func displacementDerivative(for g: Vector) -> Matrix? { (alpha0 * pow(0.5, Double(t) / 100)) * Matrix.identity(g.dimension) }
}

@Suite struct ReadmeExampleTests {
  @Test("the README's user policy runs, halves its step every 100 iterations, and its Jacobian matches differences")
  func halvingSteps() {
    let f = RotatedDoubleWell.random(dimension: 3, wells: 1, seed: 2)
    var method = PolicyDescent(HalvingSteps(alpha0: 0.5))
    var x: Vector = [0.2, 0.1, 0.3]
    for _ in 0..<100 { x = method.step(from: x, on: f) }
    #expect(method.policy.t == 100)
    let g = f.gradient(at: x)
    #expect((method.map(x, on: f) - (x - 0.25 * g)).euclideanNorm <= 1e-15 * max(1, x.euclideanNorm))
    let numeric = method.numericalJacobian(at: x, on: f)
    let analytic = method.jacobian(at: x, on: f)
    #expect((analytic - numeric.matrix).frobeniusNorm <= 10 * numeric.errorEstimate + 1e-8)
    // It states its spectrum (the last step, t = 99), so the step bound can be established.
    #expect(method.lastStepSpectrum?.components.allSatisfy { $0 == 0.5 * pow(0.5, 0.99) } == true)  // step t = 99
    #expect(0.5 * f.lipschitzConstant < 1)
  }
}
