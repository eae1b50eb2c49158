import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

/// Any method followed by the projection onto the saddle's stable eigenspace:
/// x ↦ x* + P_s(m(x) − x*). Every start then converges to the saddle.
struct StableSubspaceProjection<Base: FirstOrderMethod>: FirstOrderMethod {
  var base: Base
  var saddle: Vector
  var projection: Matrix

  init(_ base: Base, saddle: PlantedCriticalPoint, hessian: Matrix) {
    self.base = base
    self.saddle = saddle.location
    let e = SymmetricEigendecomposition(of: hessian)
    var p = Matrix(zeros: hessian.rows, hessian.rows)
    for k in 0..<hessian.rows where e.eigenvalues[k] > 0 { p = p + Matrix.outer(e.eigenvectors.column(k), e.eigenvectors.column(k)) }
    self.projection = p
  }

  var name: String { "\(base.name)+stable-projection" }
  var iteration: Int { base.iteration }
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    saddle + projection * (base.step(from: x, on: objective) - saddle)
  }
}

@Suite struct AvoidanceMutantTests {
  static let rules = Classification(horizon: 20_000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)

  @Test("vanishing.avoids-strict-saddles and adagrad.avoids-strict-saddles fail when steps stay in the stable subspace")
  func stableSubspace() {
    let f = SaddleLandscapes.coupled
    let p = SaddleLandscapes.origin(f)
    let h = f.hessian(at: p.location)
    let l = f.lipschitzConstant
    let vanishing = StableSubspaceProjection(PolicyDescent(VanishingStep(c: 0.9 / l, a: 0.5)), saddle: p, hessian: h)
    let v = SaddleAvoidanceCheck(claim: .vanishingAvoids, starts: 20, radius: 0.5, rules: Self.rules, certifyEscapeByDescent: true)
      .run(vanishing, on: f, saddle: p, seed: 1)
    #expect(v.verdict == .fails && v.evidence.hits == 20)
    for g in AdaGrad.Geometry.allCases {
      let m = StableSubspaceProjection(PolicyDescent(adaGrad: g, includesCurrentGradient: true, delta0: 2 * l, dimension: 3), saddle: p, hessian: h)
      let r = SaddleAvoidanceCheck(claim: .adagradAvoids, starts: 20, radius: 0.5, rules: Self.rules, certifyEscapeByDescent: true).run(m, on: f, saddle: p, seed: 2)
      #expect(r.verdict == .fails, "\(g): \(r.evidence.summary(alpha: 0.05))")
    }
  }
}
