import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import ExamplePolicies
import PropertyTesting

/// Issue 10's inputs, each with its right answer: degenerate points are
/// `not-covered`, non-isolated minima are minima, every strict saddle gets its
/// row, hypotheses are stated, "not decided yet" is never "fails", and a
/// finite difference is never printed against its own error estimate.
@Suite struct TrustTests {
  static let degenerate = try! LandscapeFamily.named("degenerate-saddle")!.generate(dimension: 3, seed: 1)

  // MARK: degenerate points (item 2)

  @Test("a degenerate planted point is not covered by the theorem: no precondition, no 'fails'")
  func degeneratePointNotCovered() throws {
    let f = Self.degenerate
    let origin = try #require(f.criticalPoints.first { $0.kind == .degenerate })
    let gd = GradientDescent(stepSize: 0.9 / f.lipschitzConstant)
    let (verdict, evidence) = SaddleAvoidanceCheck(starts: 20, radius: 0.5, rules: Battery.rules).run(gd, on: f, saddle: origin, seed: 1)
    #expect(verdict == .notCovered && evidence.summary(alpha: 0.05).contains("λ_min = 0"))
    let fixed = UnstableFixedPointCheck.run(gd, on: f, saddle: origin, label: "degenerate")
    #expect(fixed.verdict == .notCovered && fixed.isAsExpected, "\(fixed.evidence)")
    // A strict saddle that is not among the planted points: no precondition either.
    let unplanted = PlantedCriticalPoint(location: Vector([0.1, 0, 0]), hessianEigenvalues: Vector([-1, 1, 1]))
    let off = SaddleAvoidanceCheck(starts: 3, radius: 0.5, rules: Battery.rules).run(gd, on: f, saddle: unplanted, seed: 1)
    #expect(off.evidence.hits == 0)
  }

  // MARK: non-isolated minima (item 1)

  /// `landscape --family matrix-factorization --dim 4 --index 2 --seed 1`, `check --instance`:
  /// every confirmed run ends at a global minimum on the O(2) orbit — a non-strict minimum.
  @Test("matrix factorization: runs end at non-strict minima, the avoidance row holds")
  func matrixFactorizationHolds() throws {
    let f = try LandscapeFamily.named("matrix-factorization")!.generate(dimension: 4, index: 2, seed: 1)
    let report = InstanceChecks.report(f, label: "mf", starts: 12, seed: 1)
    let rows = report.results.filter { $0.claim == Claim.gdAvoidsStrictSaddles.id }
    #expect(rows.count == 1)
    #expect(rows.allSatisfy { $0.verdict == .holds && $0.evidence.contains("non-strict, null space ≤ 1") }, "\(rows.map(\.evidence))")
    #expect(report.results.allSatisfy { $0.isAsExpected })
  }

  // MARK: every strict saddle (item 5)

  /// `landscape --family rotated-double-well --dim 3 --index 3 --seed 4`: 19 strict saddles, 19 rows each claim.
  @Test("check --instance gives every strict saddle its avoidance row, and says what a cap leaves out")
  func everyStrictSaddle() throws {
    let f = try LandscapeFamily.named("rotated-double-well")!.generate(dimension: 3, index: 3, seed: 4)
    let strict = f.criticalPoints.filter(\.isStrictSaddle).count
    #expect(strict == 19)
    let report = InstanceChecks.report(f, label: "rdw", starts: 2, seed: 4)
    #expect(report.results.filter { $0.claim == Claim.gdAvoidsStrictSaddles.id }.count == strict)
    #expect(report.results.filter { $0.claim == Claim.unstableFixedPoint.id }.count == strict)
    #expect(report.leftOut.isEmpty)
    let capped = InstanceChecks.report(f, label: "rdw", starts: 2, maximumSaddles: 5, seed: 4)
    #expect(capped.results.filter { $0.claim == Claim.gdAvoidsStrictSaddles.id }.count == 5)
    #expect(capped.leftOut.count == 1 && capped.leftOut[0].hasPrefix("14 of 19 strict saddles"), "\(capped.leftOut)")
  }

  // MARK: hypotheses (item 6)

  @Test("the hypotheses are stated; a step beyond 1/L puts every theorem row outside them, and its failures are expected-possible")
  func hypotheses() throws {
    let f = try LandscapeFamily.named("rotated-double-well")!.generate(dimension: 3, index: 1, seed: 2)
    let covered = InstanceChecks.report(f, label: "rdw", starts: 4, seed: 2)
    #expect(covered.hypotheses.contains { $0.contains("certified on") } && covered.hypotheses.contains { $0.contains("— holds") })
    #expect(covered.results.filter { $0.claim == Claim.gdAvoidsStrictSaddles.id }.allSatisfy { $0.coverage == .covered })
    let big = GradientDescent(stepSize: 1.5 / f.lipschitzConstant)
    let outside = InstanceChecks.report(f, label: "rdw", method: big, starts: 4, seed: 2)
    #expect(outside.hypotheses.contains { $0.contains("VIOLATED") }, "\(outside.hypotheses)")
    let theoremRows = outside.results.filter { $0.claim != Claim.lipschitzCertificate.id && $0.claim != Claim.plantedCriticalPoints.id }
    #expect(!theoremRows.isEmpty && theoremRows.allSatisfy { $0.isOutsideHypotheses })
    #expect(theoremRows.contains { $0.verdict == .fails }, "α = 1.5/L: det Dg ≤ 0 somewhere")
    #expect(outside.results.allSatisfy { $0.isAsExpected })
    // A framework-style AdaGrad (Γ_0 = lr/ε at g = 0) violates ‖Γ_t‖·L < 1.
    let i = Battery.instances(seed: RunConfiguration.defaultSeed)[0]
    let framework = Hypotheses.measure(PolicyDescent(FrameworkAdaGrad(dimension: 3)), on: i.landscape, points: [0])
    #expect(framework.stepBoundHolds == false)
  }

  // MARK: horizons (item 3)

  /// The policy at T = 1500 is still moving (‖∇f‖ ≈ 0.2): inconclusive with the
  /// horizon it would need, never "fails"; with the adaptive horizon (to 16 × 1500) it holds.
  @Test("adagrad.pd-limit: still moving is inconclusive; the adaptive horizon decides")
  func pdLimitStillMoving() {
    let i = Battery.instances(seed: RunConfiguration.defaultSeed)[0]
    let method = PolicyDescent(FrameworkAdaGrad(dimension: i.landscape.dimension))
    let fixed = PositiveDefiniteLimitCheck.run(method, on: i.landscape, starts: 2, steps: 1500, maximumSteps: 1500, seed: 1, label: i.label)
    #expect(fixed.verdict == .inconclusive && fixed.evidence.contains("still moving") && fixed.evidence.contains("would need"), "\(fixed.evidence)")
    let adaptive = PositiveDefiniteLimitCheck.run(method, on: i.landscape, starts: 2, steps: 1500, seed: 1, label: i.label)
    #expect(adaptive.verdict == .holds, "\(adaptive.evidence)")
  }

  /// Γ_t → 0 at a critical point is "not positive definite", not "not Cauchy"; Γ_t that keeps
  /// alternating at a critical point has "no limit".
  @Test("adagrad.pd-limit words its failures: limit not positive definite, no limit")
  func pdLimitWording() {
    let f = SaddleLandscapes.coupled
    let l = f.lipschitzConstant
    let shrinking = PositiveDefiniteLimitCheck.run(PolicyDescent(ShrinkingSteps(c: 0.9 / l)), on: f, starts: 2, steps: 400, seed: 1, label: "coupled")
    #expect(shrinking.verdict == .fails && shrinking.evidence.contains("not positive definite"), "\(shrinking.evidence)")
    let alternating = PositiveDefiniteLimitCheck.run(PolicyDescent(CyclingSteps(c: 0.5 / l)), on: f, starts: 2, steps: 400, seed: 1, label: "coupled")
    #expect(alternating.verdict == .fails && alternating.evidence.contains("no limit"), "\(alternating.evidence)")
  }

  // MARK: finite differences (item 4)

  /// Framework AdaGrad and Adam at the saddle: Dg(x*) = I − (lr/ε)∇²f(x*) exactly (the
  /// derivative of g/(|g| + ε) at g = 0 is 1/ε). The plain difference (h = 1e-5) is ~1e4 times
  /// too small and its own error estimate says so; the refined one agrees within its estimate.
  @Test("ρ(Dg(x*)) for framework AdaGrad and Adam: the refined difference matches lr/ε, the plain one is disowned",
        arguments: ["framework-adagrad", "adam"])
  func finiteDifferences(_ which: String) {
    let i = Battery.instances(seed: RunConfiguration.defaultSeed)[0]
    let (f, x) = (i.landscape, i.saddle.location)
    let d = f.dimension
    func check<P: StepPolicy>(_ policy: P, gain: Double) {
      let m = PolicyDescent(policy)
      let exact = spectralRadiusOf(Matrix.identity(d) - gain * f.hessian(at: x))
      let plain = m.numericalJacobian(at: x, on: f)
      #expect(plain.errorEstimate > 0.1 * plain.matrix.frobeniusNorm, "the plain difference's estimate must disown it")
      let refined = m.refinedNumericalJacobian(at: x, on: f)
      let rho = spectralRadiusOf(refined.matrix)
      #expect(abs(rho - exact) <= 10 * refined.errorEstimate && refined.errorEstimate <= 1e-3 * exact, "ρ = \(rho), exact \(exact), E = \(refined.errorEstimate)")
      let row = UnstableFixedPointCheck.run(m, on: f, saddle: i.saddle, label: i.label)
      #expect(row.verdict == .holds, "\(row.evidence)")
    }
    if which == "adam" { check(Adam(eta: 0.001, dimension: d), gain: 0.001 / 1e-8) } else { check(FrameworkAdaGrad(dimension: d), gain: 0.01 / 1e-10) }
  }

  /// signSGD is not differentiable at g = 0: no step resolves its Jacobian, so the row is inconclusive.
  @Test("a map that is not differentiable at x* gives an inconclusive row, not a number")
  func nonDifferentiable() {
    let i = Battery.instances(seed: RunConfiguration.defaultSeed)[0]
    let row = UnstableFixedPointCheck.run(PolicyDescent(SignStep()), on: i.landscape, saddle: i.saddle, label: i.label)
    #expect(row.verdict == .inconclusive && row.evidence.contains("does not resolve"), "\(row.evidence)")
  }
}

/// ρ of a small matrix via the eigenvalues of its symmetric part when symmetric, else by powers.
func spectralRadiusOf(_ j: Matrix) -> Double {
  var p = j
  var logScale = 0.0, k = 1.0
  for _ in 0..<40 {
    let n = p.frobeniusNorm
    guard n > 0, n.isFinite else { return 0 }
    p = (1 / n) * p
    logScale += Foundation.log(n) / k
    p = p * p
    k *= 2
  }
  return Foundation.exp(logScale + Foundation.log(p.frobeniusNorm) / k)
}

/// Γ_t = c/√(t + 1): Γ_t → 0, x_t still converges (Σ Γ_t = ∞).
struct ShrinkingSteps: MatrixStepPolicy {
  var c: Double
  var t = 0
  var name: String { "shrinking(c=\(c))" }
  func scale() -> Double { c / Double(t + 1).squareRoot() }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector { defer { t += 1 }; return scale() * g }
  func stepMatrix(for g: Vector) -> Matrix { scale() * Matrix.identity(g.dimension) }
}

/// Γ_t cycles through c, c/2, c/4: bounded, positive definite, never Cauchy
/// (T and T/2 never share a residue mod 3 unless 3 | T).
struct CyclingSteps: MatrixStepPolicy {
  var c: Double
  var t = 0
  var name: String { "cycling(c=\(c))" }
  func scale() -> Double { c / Double(1 << (t % 3)) }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector { defer { t += 1 }; return scale() * g }
  func stepMatrix(for g: Vector) -> Matrix { scale() * Matrix.identity(g.dimension) }
}
