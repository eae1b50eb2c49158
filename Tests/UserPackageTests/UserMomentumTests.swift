import Foundation
import Testing
import SaddleCheckKit

/// A user's own momentum method, written against the public API only: quasi-hyperbolic
/// momentum (J. Ma, D. Yarats, "Quasi-hyperbolic momentum and Adam for deep learning", ICLR 2019):
/// ```
/// m_{t+1} = βm_t + (1 − β)∇f(x_t),   x_{t+1} = x_t − α[(1 − ν)∇f(x_t) + νm_{t+1}]
/// ```
/// Extended map G(x, m), with H = ∇²f(x):
/// ```
/// DG = [ I − α(1 − νβ)H   −ανβI ]      det DG = β^d·det(I − α(1 − ν)H)
///      [   (1 − β)H          βI  ]
/// ```
/// so G is a diffeomorphism when β ∈ (0, 1) and α(1 − ν)L < 1; at a saddle eigenvalue λ < 0 the
/// characteristic polynomial is αλ(1 − β) < 0 at μ = 1: the extended fixed point is unstable.
struct QuasiHyperbolicMomentum: ExtendedStateMethod {
  var alpha: Double
  var nu: Double
  var beta: Double
  var buffer = Vector(zeros: 0)
  var iteration = 0

  var name: String { "qhm(alpha=\(alpha),nu=\(nu),beta=\(beta))" }

  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    let g = objective.gradient(at: x)
    var m = (1 - beta) * g
    if buffer.dimension == x.dimension { m.add(buffer, scaledBy: beta) }
    buffer = m
    iteration += 1
    return x - alpha * ((1 - nu) * g + nu * m)
  }

  var auxiliaryState: Vector {
    get { buffer }
    set { buffer = newValue }
  }

  func auxiliaryDimension(for d: Int) -> Int { d }

  func analyticExtendedJacobian<F: Objective>(at z: Vector, on objective: F) -> Matrix? {
    let d = objective.dimension
    let h = objective.hessian(at: Vector(Array(z.components[..<d])))
    var j = Matrix(zeros: 2 * d, 2 * d)
    for r in 0..<d {
      for c in 0..<d {
        j[r, c] = (r == c ? 1 : 0) - alpha * (1 - nu * beta) * h[r, c]
        j[d + r, c] = (1 - beta) * h[r, c]
      }
      j[r, d + r] = -alpha * nu * beta
      j[d + r, d + r] = beta
    }
    return j
  }

  func conditions(lipschitz l: Double) -> [MethodCondition] {
    [MethodCondition("β ∈ (0, 1): det DG = β^d·det(I − α(1 − ν)H)", holds: beta > 0 && beta < 1),
     MethodCondition("α(1 − ν)L < 1: I − α(1 − ν)H ≻ 0", holds: alpha * (1 - nu) * l < 1)]
  }
}

@Suite struct UserMomentumTests {
  /// The user's QHM and two mutants on the user's loss (`CosineValley`, L = 1), one battery run.
  static let report = CustomBattery(
    objectives: [BatteryObjective(CosineValley(), label: "cosine valley")],
    methods: [BatteryMethod { f in QuasiHyperbolicMomentum(alpha: 0.5 / f.lipschitzConstant, nu: 0.7, beta: 0.9) },
              // Mutant 1: β = 0 forgets the buffer — the extended map is not invertible.
              BatteryMethod { f in QuasiHyperbolicMomentum(alpha: 0.5 / f.lipschitzConstant, nu: 0.7, beta: 0) },
              // Mutant 2: α(1 − ν)L = 1.5 — det DG < 0 where the Hessian's eigenvalue exceeds 2/3.
              BatteryMethod { f in QuasiHyperbolicMomentum(alpha: 3 / f.lipschitzConstant, nu: 0.5, beta: 0.9) }],
    starts: 12, horizon: 800).run(seed: 12)

  static func rows(_ method: String) -> [CheckResult] { report.results.filter { $0.method == method } }

  @Test("the user's momentum through the battery: unstable extended fixed point, diffeomorphism, avoidance — all hold, covered")
  func userMomentumHolds() throws {
    let rows = Self.rows("qhm(alpha=0.5,nu=0.7,beta=0.9)")
    let claims = Set(rows.map(\.claim))
    #expect(claims == ["saddle.unstable-fixed-point", "momentum.diffeomorphism", "momentum.avoids-strict-saddles"])
    for r in rows {
      #expect(r.verdict == .holds, "\(r.claim): \(r.evidence)")
      #expect(r.coverage == .covered, "\(r.claim): \(String(describing: r.coverage))")
    }
    // The certificates run once per objective, before the methods.
    #expect(Self.report.results.filter { $0.claim == "landscape.lipschitz-certificate" }.count == 1)
    #expect(Self.report.skipped.contains { $0.claim == "linearization.inertia" && $0.method.hasPrefix("qhm") })
    #expect(Self.report.hypotheses.contains { $0.contains("α(1 − ν)L < 1") && $0.contains("holds") })
  }

  @Test("mutants: β = 0 and α(1 − ν)L = 1.5 change the diffeomorphism verdict to fails, labelled outside the hypotheses")
  func mutantsChangeTheVerdict() throws {
    for name in ["qhm(alpha=0.5,nu=0.7,beta=0.0)", "qhm(alpha=3.0,nu=0.5,beta=0.9)"] {
      let row = try #require(Self.rows(name).first { $0.claim == "momentum.diffeomorphism" })
      #expect(row.verdict == .fails, "\(name): \(row.evidence)")
      #expect(row.isOutsideHypotheses, "\(name): a failure outside the hypotheses is expected-possible, not a counterexample")
    }
  }
}

@Suite struct CustomBatteryInputTests {
  struct NoCurvatureBound: Objective {
    var dimension: Int { 1 }
    func value(at x: Vector) -> Double { x[0] }
    func gradient(at x: Vector) -> Vector { Vector([1]) }
    func hessian(at x: Vector) -> Matrix { Matrix(zeros: 1, 1) }
    var lipschitzConstant: Double { 0 }
    var lowerBound: Double { -.infinity }
    var thirdDerivativeBound: Double { 0 }
    var criticalPoints: [PlantedCriticalPoint] { [] }
  }
  struct FactoryError: Error, CustomStringConvertible { var description: String { "no step for this loss" } }

  @Test("no trap on a user's input: L = 0 and a throwing factory become skipped claims naming why")
  func badInputsAreSkipped() {
    let report = CustomBattery(
      objectives: [BatteryObjective(NoCurvatureBound(), label: "affine"), BatteryObjective(CosineValley(), label: "valley")],
      methods: [BatteryMethod("picky") { (_: any Objective) throws -> HeavyBall in throw FactoryError() }],
      starts: 2, horizon: 10).run(seed: 1)
    #expect(report.results.isEmpty)
    #expect(report.skipped.contains { $0.landscape == "affine" && $0.reason.contains("L = 0.0") })
    #expect(report.skipped.contains { $0.landscape == "valley" && $0.reason.contains("no step for this loss") })
  }
}
