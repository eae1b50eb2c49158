import Testing
import SaddleCheckKit

/// A user's 3-d objective f(x) = ½‖x‖² − x₀² (a strict saddle at 0, L = 1) with one thing wrong,
/// chosen by `fault`: the battery must skip it with a message naming the field, never trap.
struct MalformedBowl: Objective {
  enum Fault: String, CaseIterable, Sendable { case none, hessianShape, plantedDimension, eigenvalueCount, gradientDimension,
                                                   gradientNotFinite, productDimension }
  var fault: Fault
  var dimension: Int { 3 }
  func value(at x: Vector) -> Double { 0.5 * x.squaredNorm - x[0] * x[0] }
  func gradient(at x: Vector) -> Vector {
    switch fault {
    case .gradientDimension: return Vector([-x[0], x[1]])
    case .gradientNotFinite where x.squaredNorm == 0: return Vector([.nan, 0, 0])
    default: return Vector([-x[0], x[1], x[2]])
    }
  }
  func hessian(at x: Vector) -> Matrix {
    fault == .hessianShape ? Matrix(rowArrays: [[-1, 0], [0, 1]]) : Matrix(rowArrays: [[-1, 0, 0], [0, 1, 0], [0, 0, 1]])
  }
  func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector {
    fault == .productDimension ? Vector([-v[0]]) : hessian(at: x) * v
  }
  var lipschitzConstant: Double { 1 }
  var lowerBound: Double { -.infinity }
  var thirdDerivativeBound: Double { 0 }
  var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: Vector(fault == .plantedDimension ? [0, 0] : [0, 0, 0]),
                          hessianEigenvalues: Vector(fault == .eigenvalueCount ? [-1, 1] : [-1, 1, 1]))]
  }
}

@Suite struct MalformedObjectiveTests {
  /// The field each fault must be named by.
  static let expectedField: [MalformedBowl.Fault: String] = [
    .hessianShape: "hessian(at: criticalPoints[0]): 2 × 2, not 3 × 3",
    .plantedDimension: "criticalPoints[0].location: dimension 2, not 3",
    .eigenvalueCount: "criticalPoints[0].hessianEigenvalues: 2 values, not 3",
    .gradientDimension: "gradient(at: criticalPoints[0]): dimension 2, not 3",
    .gradientNotFinite: "gradient(at: criticalPoints[0]): not finite",
    .productDimension: "hessianVectorProduct(at: criticalPoints[0]): dimension 1, not 3",
  ]

  /// Each malformed objective becomes one skipped entry naming the field (before the fix, the
  /// first three trapped in `Matrix.*` inside the certificate checks: exit 132).
  @Test(arguments: MalformedBowl.Fault.allCases.filter { $0 != .none })
  func customBatterySkipsAMalformedObjective(fault: MalformedBowl.Fault) throws {
    let battery = CustomBattery(objectives: [BatteryObjective(MalformedBowl(fault: fault), label: "bowl")],
                                methods: [BatteryMethod(GradientDescent(stepSize: 0.5))], starts: 1, horizon: 10)
    let report = battery.run(seed: 1)
    #expect(report.results.isEmpty)
    let skipped = try #require(report.skipped.first)
    let field = try #require(Self.expectedField[fault])
    #expect(skipped.reason.contains(field), "\(skipped.reason)")
    #expect(skipped.landscape == "bowl")
  }

  /// The same check guards `InstanceChecks.report` called directly.
  @Test func instanceChecksSkipAMalformedObjective() throws {
    let report = InstanceChecks.report(MalformedBowl(fault: .hessianShape), label: "bowl", starts: 1, seed: 1)
    #expect(report.results.isEmpty)
    #expect(try #require(report.skipped.first).reason.contains("hessian(at: criticalPoints[0])"))
  }

  /// The battery's own settings out of range are named and nothing runs (they used to be clamped
  /// silently: `starts: 0` ran one start, a negative cap printed "cap -1").
  @Test(arguments: [(0, 10, 0.5, 64, "starts must be at least 1, got 0"), (5, 0, 0.5, 64, "horizon must be at least 1"),
                    (5, 10, -1.0, 64, "radius must be positive and finite"), (5, 10, .nan, 64, "radius must be positive"),
                    (5, 10, 0.5, -1, "maximumSaddles must be at least 0")])
  func settingsOutOfRange(starts: Int, horizon: Int, radius: Double, cap: Int, expected: String) throws {
    let battery = CustomBattery(objectives: [BatteryObjective(MalformedBowl(fault: .none), label: "bowl")],
                                methods: [BatteryMethod(GradientDescent(stepSize: 0.5))], starts: starts, horizon: horizon,
                                radius: radius, maximumSaddles: cap)
    let report = battery.run(seed: 1)
    #expect(report.results.isEmpty)
    #expect(try #require(report.skipped.first).reason.contains(expected), "\(report.skipped)")
  }

  /// The well-formed objective passes the validation (so the check is not refusing everything).
  @Test func wellFormedObjectivePasses() {
    #expect(ObjectiveValidation.problem(MalformedBowl(fault: .none)) == nil)
  }
}
