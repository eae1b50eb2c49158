import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

/// Γ_t alternating between α and 2α: bounded, but without a limit.
struct AlternatingSteps: MatrixStepPolicy {
  var alpha: Double
  var t = 0
  var name: String { "alternating(alpha=\(alpha))" }
  func current() -> Double { t % 2 == 0 ? alpha : 2 * alpha }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector { defer { t += 1 }; return current() * g }
  func stepMatrix(for g: Vector) -> Matrix { current() * Matrix.identity(g.dimension) }
}

@Suite struct EtaLipschitzTests {
  static let f = EtaLipschitzCheck.axisAlignedLandscape(dimension: 3, seed: 81)
  static let start: Vector = [0, 0.4, -0.3]

  @Test("adagrad.eta-lipschitz-small holds for every AdaGrad variant; the ε̂(r, t) table shrinks", arguments: AdaGradVariant.all)
  func holds(_ v: AdaGradVariant) {
    let m = PolicyDescent(adaGrad: v.geometry, includesCurrentGradient: v.current, delta0: 2 * Self.f.lipschitzConstant, dimension: 3)
    let (r, table) = EtaLipschitzCheck.run(m, on: Self.f, saddle: Self.f.origin, start: Self.start, seed: 1, label: "axis-aligned double well")
    print("\(v.testDescription):\n\(table.rendered)")
    #expect(r.verdict == .holds, "\(r.evidence)")
  }

  @Test("the check fails for a policy whose Γ_t has no limit")
  func alternating() {
    let m = PolicyDescent(AlternatingSteps(alpha: 0.3 / Self.f.lipschitzConstant))
    let (r, _) = EtaLipschitzCheck.run(m, on: Self.f, saddle: Self.f.origin, start: Self.start, seed: 1, label: "axis-aligned double well")
    #expect(r.verdict == .fails, "\(r.evidence)")
  }
}
