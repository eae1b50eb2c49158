import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import ExamplePolicies
import PropertyTesting

/// Heavy ball, Nesterov and Adam through the extended-map claims (issue 12), each check seen
/// failing on a mutant.
@Suite struct MomentumTests {
  /// The battery's index-1 curved saddle (coupled double well, d = 3), shared by the tests.
  static let instance = Battery.instances(seed: RunConfiguration.defaultSeed)[0]

  /// The largest |μ| over the roots of μ² − bμ + c = 0 (complex roots: |μ| = √c).
  static func largestRoot(b: Double, c: Double) -> Double {
    let disc = b * b - 4 * c
    if disc < 0 { return c.squareRoot() }
    let r = disc.squareRoot()
    return Swift.max(abs((b + r) / 2), abs((b - r) / 2))
  }

  @Test("heavy ball: ρ(DG(x*, 0)) is the largest root of μ² − (1 + β − αλ)μ + β = 0 over the Hessian's λ")
  func heavyBallMatchesFormula() throws {
    let i = Self.instance
    let l = i.landscape.lipschitzConstant
    for (a, beta) in [(0.1, 0.9), (0.9, 0.5), (1.5, 0.0)] {
      let method = HeavyBall(alpha: a / l, beta: beta)
      let outcome = ExtendedFixedPointCheck.run(method, on: i.landscape, saddle: i.saddle, label: i.label)
      let rho = try #require(outcome.spectralRadius)
      let predicted = i.saddle.hessianEigenvalues.components.map {
        Self.largestRoot(b: 1 + beta - (a / l) * $0, c: beta)
      }.max() ?? 0
      // Gelfand's formula with 2^40 squarings: within ~1e-11 relative for a diagonalizable DG.
      #expect(abs(rho - predicted) <= 1e-9 * predicted, "α·L = \(a), β = \(beta): ρ = \(rho), formula \(predicted)")
      #expect(outcome.row.verdict == .holds, "\(outcome.row.evidence)")
      // The stated block Jacobian agrees with central differences of G.
      #expect(try #require(outcome.formulaDiscrepancy) < 1e-6)
    }
  }

  @Test("Nesterov: ρ(DG(x*, 0)) is the largest root of μ² − (1 + β)(1 − αλ)μ + β(1 − αλ) = 0")
  func nesterovMatchesFormula() throws {
    let i = Self.instance
    let l = i.landscape.lipschitzConstant
    let (a, beta) = (0.5 / l, 0.9)
    let outcome = ExtendedFixedPointCheck.run(Nesterov(alpha: a, beta: beta), on: i.landscape, saddle: i.saddle, label: i.label)
    let rho = try #require(outcome.spectralRadius)
    let predicted = i.saddle.hessianEigenvalues.components.map {
      Self.largestRoot(b: (1 + beta) * (1 - a * $0), c: beta * (1 - a * $0))
    }.max() ?? 0
    #expect(abs(rho - predicted) <= 1e-9 * predicted, "ρ = \(rho), formula \(predicted)")
    #expect(outcome.row.verdict == .holds)
  }

  @Test("mutant: a stated extended Jacobian without the −αH of the velocity row fails the row")
  func wrongStatedJacobianFails() {
    let i = Self.instance
    let outcome = ExtendedFixedPointCheck.run(WrongJacobianHeavyBall(alpha: 0.1 / i.landscape.lipschitzConstant),
                                              on: i.landscape, saddle: i.saddle, label: i.label)
    #expect(outcome.row.verdict == .fails, "\(outcome.row.evidence)")
    #expect(outcome.row.evidence.contains("formula is wrong"))
  }

  @Test("mutant: Newton's direction with momentum makes the extended fixed point stable (ρ = √β < 1) and attracts")
  func newtonMomentumIsAttracted() throws {
    let i = Self.instance
    let beta = 0.5
    let mutant = NewtonMomentum(beta: beta)
    let outcome = ExtendedFixedPointCheck.run(mutant, on: i.landscape, saddle: i.saddle, label: i.label)
    #expect(outcome.row.verdict == .fails, "\(outcome.row.evidence)")
    // Differences only (no stated formula): ρ = √β to the difference's accuracy.
    #expect(abs(try #require(outcome.spectralRadius) - beta.squareRoot()) < 1e-6)
    let report = InstanceChecks.report(i.landscape, label: i.label, method: mutant, starts: 8, horizon: 400, seed: 1)
    let avoidance = try #require(report.results.first { $0.claim == Claim.momentumAvoids.id })
    #expect(avoidance.verdict == .fails, "\(avoidance.evidence)")
  }

  @Test("momentum.diffeomorphism: heavy ball (β = 0.9) and Nesterov (α·L = 0.5) hold; β = 0 and Nesterov α·L = 1.9 fail")
  func diffeomorphism() {
    let i = Self.instance
    let l = i.landscape.lipschitzConstant
    func verdict<M: ExtendedStateMethod>(_ m: M) -> CheckResult {
      ExtendedDiffeomorphismCheck.run(m, on: i.landscape, samples: 12, seed: 5, label: i.label)
    }
    let heavy = verdict(HeavyBall(alpha: 0.9 / l, beta: 0.9))
    #expect(heavy.verdict == .holds, "\(heavy.evidence)")
    let nesterov = verdict(Nesterov(alpha: 0.5 / l, beta: 0.9))
    #expect(nesterov.verdict == .holds, "\(nesterov.evidence)")
    // Mutants: β = 0 forgets v (det DG = 0); α·L = 1.9 makes I − α∇²f indefinite near the minima.
    let forgetful = verdict(HeavyBall(alpha: 0.9 / l, beta: 0))
    #expect(forgetful.verdict == .fails, "\(forgetful.evidence)")
    let long = verdict(Nesterov(alpha: 1.9 / l, beta: 0.9))
    #expect(long.verdict == .fails, "\(long.evidence)")
  }

  /// One heavy-ball report, shared: its rows and its skipped claims.
  static let heavyBallReport = InstanceChecks.report(instance.landscape, label: instance.label,
      method: HeavyBall(alpha: 0.1 / instance.landscape.lipschitzConstant, beta: 0.9), starts: 16, horizon: 1500, seed: 3)

  @Test("heavy ball through InstanceChecks: covered rows hold, Γ_t claims skipped with reasons")
  func heavyBallReport() {
    let report = Self.heavyBallReport
    let claims = Set(report.results.map(\.claim))
    for claim in [Claim.unstableFixedPoint, .momentumDiffeomorphism, .momentumAvoids] {
      #expect(claims.contains(claim.id), "no row for \(claim.id)")
    }
    for r in report.results {
      #expect(r.verdict == .holds, "\(r.claim): \(r.evidence)")
      #expect(r.coverage == nil || r.coverage == .covered, "\(r.claim): \(String(describing: r.coverage))")
    }
    let skipped = Set(report.skipped.map(\.claim))
    for claim in [Claim.inertia, .adagradPositiveDefiniteLimit, .gdDescent] {
      #expect(skipped.contains(claim.id), "\(claim.id) not listed as skipped")
    }
    #expect(report.hypotheses.contains { $0.contains("β ∈ (0, 1)") })
  }

  @Test("Adam: the unstable-fixed-point claim is skipped (not C¹ at (x*, 0, 0)); its rows are outside the hypotheses")
  func adamOutsideHypotheses() {
    let i = Self.instance
    let adam = PolicyDescent(Adam(eta: 0.01, dimension: i.landscape.dimension))
    let report = InstanceChecks.report(i.landscape, label: i.label, method: adam, starts: 4, horizon: 300, seed: 4)
    #expect(report.skipped.contains { $0.claim == Claim.unstableFixedPoint.id && $0.reason.contains("C¹") })
    #expect(!report.results.contains { $0.claim == Claim.unstableFixedPoint.id })
    for r in report.results where r.method == adam.name {
      #expect(r.isOutsideHypotheses, "\(r.claim) is not labelled outside the hypotheses")
      #expect(r.isAsExpected)
    }
  }
}

/// Mutant: heavy ball whose stated extended Jacobian drops the −αH block of the velocity row.
struct WrongJacobianHeavyBall: ExtendedStateMethod {
  var base: HeavyBall
  init(alpha: Double) { base = HeavyBall(alpha: alpha, beta: 0.9) }
  var name: String { "wrong-jacobian-" + base.name }
  var iteration: Int { base.iteration }
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector { base.step(from: x, on: objective) }
  var auxiliaryState: Vector {
    get { base.auxiliaryState }
    set { base.auxiliaryState = newValue }
  }
  func auxiliaryDimension(for d: Int) -> Int { d }
  func conditions(lipschitz: Double) -> [MethodCondition] { base.conditions(lipschitz: lipschitz) }
  func analyticExtendedJacobian<F: Objective>(at z: Vector, on objective: F) -> Matrix? {
    guard var j = base.analyticExtendedJacobian(at: z, on: objective) else { return nil }
    let d = objective.dimension
    for r in 0..<d { for c in 0..<d { j[d + r, c] = 0 } }
    return j
  }
}

/// Mutant: v' = βv − ∇²f(x)⁻¹∇f(x), x' = x + v' — Newton's direction with momentum. At a
/// nondegenerate critical point DG = [[0, βI], [−I, βI]], whose eigenvalues have |μ|² = β < 1:
/// every critical point, saddles included, is an attracting fixed point.
struct NewtonMomentum: ExtendedStateMethod {
  var beta: Double
  var velocity = Vector(zeros: 0)
  var iteration = 0
  var name: String { "newton-momentum(beta=\(beta))" }
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    let newton = (try? LUDecomposition(of: objective.hessian(at: x)).solve(objective.gradient(at: x))) ?? Vector(zeros: x.dimension)
    var v = -newton
    if velocity.dimension == x.dimension { v.add(velocity, scaledBy: beta) }
    velocity = v
    iteration += 1
    return x + v
  }
  var auxiliaryState: Vector {
    get { velocity }
    set { velocity = newValue }
  }
  func auxiliaryDimension(for d: Int) -> Int { d }
  func conditions(lipschitz: Double) -> [MethodCondition] { [MethodCondition("a test mutant", holds: true)] }
}

@Suite struct MomentumBatteryTests {
  @Test("the main job's momentum rows: heavy ball and Nesterov at the confined quadratic's index-2 saddle hold, covered")
  func batteryRows() {
    let rows = Battery.momentumMethods(starts: 40, seed: RunConfiguration.defaultSeed)
    for r in rows { print("\(r.claim) | \(r.method) | \(r.verdict.rawValue) | \(r.evidence)") }
    #expect(rows.count == 6)
    for r in rows {
      #expect(r.verdict == .holds, "\(r.claim) · \(r.method): \(r.evidence)")
      #expect(r.coverage == .covered, "\(r.claim) · \(r.method): \(String(describing: r.coverage))")
    }
  }
}

@Suite struct AdamThroughBatteryTests {
  @Test("Battery.check(policy:) takes Adam (no step matrix) — rows outside the hypotheses, the linearization skipped")
  func adamThroughBattery() {
    let rows = Battery.checkReport(policy: { Adam(eta: 0.01, dimension: $0.dimension) }, name: "adam", seed: 1, starts: 2, horizon: 100)
    #expect(rows.results.contains { $0.claim == Claim.momentumAvoids.id })
    #expect(rows.results.filter { $0.method.hasPrefix("adam") }.allSatisfy { $0.isOutsideHypotheses && $0.isAsExpected })
    #expect(rows.skipped.filter { $0.claim == Claim.unstableFixedPoint.id }.count == 3)
  }
}
