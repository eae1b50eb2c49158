import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import PropertyTesting

/// A method that states Γ_t through InstanceChecks (and so CustomBattery and `check --instance
/// --method`): the talk's Γ_t claims run on any objective, and a mutant policy changes the verdict.
@Suite struct StepMatrixReportTests {
  static let instance = Battery.instances(seed: RunConfiguration.defaultSeed)[0]

  @Test("diagonal AdaGrad (δ0 = 2L): inertia, variation of constants, Γ_t's limit, diffeomorphism, avoidance — all hold, covered")
  func adaGrad() {
    let i = Self.instance
    let method = PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * i.landscape.lipschitzConstant,
                               dimension: i.landscape.dimension)
    let report = InstanceChecks.report(i.landscape, label: i.label, method: method, starts: 16, horizon: 1000, seed: 8)
    let claims = Set(report.results.map(\.claim))
    for claim in [Claim.inertia, .variationOfConstants, .adagradPositiveDefiniteLimit, .adagradDiffeomorphism, .adagradAvoids,
                  .unstableFixedPoint] {
      #expect(claims.contains(claim.id), "no row for \(claim.id)")
    }
    #expect(!claims.contains(Claim.gdAvoidsStrictSaddles.id))
    for r in report.results {
      #expect(r.verdict == .holds, "\(r.claim): \(r.evidence)")
      #expect(r.coverage == nil || r.coverage == .covered)
    }
    #expect(report.skipped.contains { $0.claim == Claim.adagradEtaLipschitzSmall.id })
  }

  @Test("mutant: summable steps c/(t+1)² through the same path — Γ_t's limit fails (Γ_t → 0)")
  func summableStepsFail() throws {
    let i = Self.instance
    let summable = PolicyDescent(SummableSteps(c: 0.5 / i.landscape.lipschitzConstant))
    let report = InstanceChecks.report(i.landscape, label: i.label, method: summable,
                                       starts: 2, horizon: 50, seed: 8)
    let limit = try #require(report.results.first { $0.claim == Claim.adagradPositiveDefiniteLimit.id })
    #expect(limit.verdict == .fails, "\(limit.evidence)")
  }
}
