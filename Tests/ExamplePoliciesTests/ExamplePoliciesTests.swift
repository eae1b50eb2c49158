import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import ExamplePolicies

/// RMSProp and Adam, written as user policies through the public protocol.
@Suite struct ExamplePoliciesTests {
  static let quadratic = RotatedDoubleWell(rotation: .identity(2), profiles: [.quadratic(h: 1), .quadratic(h: 4)])

  /// First step from (1, 1), g = (1, 4), β = 0.9: v = 0.1·g², Γ = η/(√v + ε).
  @Test("RMSProp's first step by hand")
  func rmsprop() {
    var m = PolicyDescent(RMSProp(eta: 0.01, beta: 0.9, epsilon: 1e-8, dimension: 2))
    let x = m.step(from: [1, 1], on: Self.quadratic)
    let root = 0.1.squareRoot()
    let expected0: Double = 1 - 0.01 * 1 / (root * 1 + 1e-8)
    let expected1: Double = 1 - 0.01 * 4 / (root * 4 + 1e-8)
    #expect(abs(x[0] - expected0) <= 1e-15)
    #expect(abs(x[1] - expected1) <= 1e-15)
  }

  /// Adam's bias correction makes the first step η·g/(|g| + ε/√…) ≈ η·sign(g).
  @Test("Adam's first step is η·sign(g) up to ε")
  func adam() {
    var m = PolicyDescent(Adam(eta: 0.01, dimension: 2))
    let x = m.step(from: [1, -1], on: Self.quadratic)
    #expect(abs(x[0] - 0.99) <= 1e-9 && abs(x[1] - (-0.99)) <= 1e-9)
  }

  /// With a constant η RMSProp does not converge on ½(x² + 4y²): it settles
  /// into a 2-cycle x_t = ±η/2·(1, 1) where its step matrix has reached the
  /// edge of stability, Γ = diag(2/h_i) (so I − ΓH = −I). Γ_t converges, the
  /// iterates do not; CLAIMS.md's "Γ_t blows up as gradients vanish" needs
  /// gradients that vanish, which this RMSProp never lets happen.
  @Test("RMSProp with constant η ends in a 2-cycle at the edge of stability, Γ → diag(2/h)")
  func rmspropEdgeOfStability() {
    var m = PolicyDescent(RMSProp(eta: 0.01, dimension: 2))
    var x: Vector = [1, 1]
    for _ in 0..<3000 { x = m.step(from: x, on: Self.quadratic) }
    let spectrum = m.lastStepSpectrum?.components ?? []
    #expect(spectrum.count == 2 && abs(spectrum[0] - 0.5) <= 1e-6 && abs(spectrum[1] - 2) <= 1e-6)
    let next = m.step(from: x, on: Self.quadratic)
    #expect((next + x).euclideanNorm <= 1e-6 && abs(x[0]) > 0.004)
  }
}
