import Testing
import Foundation
import Expressions
import LinearAlgebra
import Landscapes
import Checker
@testable import Certification

/// The certifier against closed forms.
@Suite struct CertifierTests {
  /// ½x² + cos y on [−4, 4]²: ∇²f = diag(1, −cos y), so L = 1 (attained at y = 0 and
  /// y = ±π); f_low = −1 at (0, ±π); critical points: the saddle (0, 0) and the minima (0, ±π).
  @Test func halfSquarePlusCosine() throws {
    let f = try SmoothExpression("0.5*x^2 + cos(y)")
    let c = Certifier().certify(f, on: Box(lower: [-4, -4], upper: [4, 4]))
    // L: certified ≥ 1 (it is an upper bound of the true L = 1) and within the
    // stated factor 1.05 of the sampled maximum, itself ≤ 1.
    #expect(c.lipschitz.certified >= 1)
    #expect(c.lipschitz.certified <= 1.05)
    #expect(c.lipschitz.reachedFactor)
    #expect(c.lowerBound.certified <= -1)
    #expect(c.lowerBound.certified >= -1 - 1e-5)
    #expect(c.isComplete)
    let points = c.criticalPoints.sorted { $0.location[1] < $1.location[1] }
    try #require(points.count == 3)
    let expected: [(y: Double, kind: CertifiedCriticalPoint.Kind)] = [(-Double.pi, .minimum), (0, .strictSaddle), (Double.pi, .minimum)]
    for (p, e) in zip(points, expected) {
      #expect(p.kind == e.kind)
      #expect(p.enclosure.contains([0, e.y]), "enclosure \(p.enclosure) misses (0, \(e.y))")
      // Krawczyk iterated to a tight box: width near the rounding level.
      #expect(p.enclosure.width < 1e-10)
      #expect(p.isInsideBox)
    }
  }

  /// x⁴/4 − x²/2 + y²/2 on [−2, 2]²: ∇²f = diag(3x² − 1, 1), L = 11 at x = ±2;
  /// f_low = −1/4 at (±1, 0); minima (±1, 0), saddle (0, 0) with eigenvalues −1, 1.
  @Test func quarticWithKnownCriticalPoints() throws {
    let f = try SmoothExpression("x^4/4 - x^2/2 + y^2/2")
    let c = Certifier().certify(f, on: Box(lower: [-2, -2], upper: [2, 2]))
    #expect(c.lipschitz.certified >= 11 && c.lipschitz.certified <= 11 * 1.05)
    #expect(c.lowerBound.certified <= -0.25 && c.lowerBound.certified >= -0.25 - 1e-5)
    #expect(c.isComplete)
    let points = c.criticalPoints.sorted { $0.location[0] < $1.location[0] }
    try #require(points.count == 3)
    #expect(points.map(\.kind) == [.minimum, .strictSaddle, .minimum])
    for (p, x) in zip(points, [-1.0, 0, 1]) {
      #expect(p.enclosure.contains([x, 0]))
    }
    // The saddle's λ_min = −1 is enclosed.
    #expect(points[1].smallestEigenvalue.contains(-1))
    #expect(points[1].smallestEigenvalue.upper < 0)
  }

  /// Indexed variables and dimension 3: Σ cos(x_i) on [−1, 4]³ has one critical point per
  /// choice of x_i ∈ {0, π}: 8 points, index = number of coordinates at 0.
  @Test func productOfCosinesInThreeDimensions() throws {
    let f = try SmoothExpression("cos(x[1]) + cos(x[2]) + cos(x[3])")
    let c = Certifier().certify(f, on: Box(lower: [-1, -1, -1], upper: [4, 4, 4]))
    #expect(c.isComplete)
    #expect(c.criticalPoints.count == 8)
    let maxima = c.criticalPoints.filter { $0.kind == .maximum }
    #expect(maxima.count == 1)
    #expect(c.criticalPoints.filter { $0.kind == .minimum }.count == 1)
    #expect(c.criticalPoints.filter { $0.kind == .strictSaddle }.count == 6)
  }
}

/// Where the certifier must refuse to certify, and say so.
@Suite struct CertifierFailureTests {
  /// x⁴ + y²: the critical point (0, 0) is degenerate (∇²f = diag(0, 2)), so no
  /// Krawczyk test can succeed there: reported undecided, not certified, not hidden.
  @Test func degenerateCriticalPointIsUndecided() throws {
    let f = try SmoothExpression("x^4 + y^2")
    let c = Certifier().certify(f, on: Box(lower: [-1, -1], upper: [1, 1]))
    #expect(c.criticalPoints.isEmpty)
    #expect(!c.isComplete)
    #expect(c.undecided.contains { $0.hull.contains([0, 0]) })
  }

  /// log(x) + y² on a box reaching x ≤ 0: f is not C² there; L and f_low are unbounded.
  @Test func singularityInTheBoxGivesNoCertificate() throws {
    let f = try SmoothExpression("log(x) + y^2")
    let c = Certifier().certify(f, on: Box(lower: [-1, -1], upper: [1, 1]))
    #expect(c.lipschitz.certified == .infinity)
    #expect(!c.lipschitz.reachedFactor)
    #expect(c.lowerBound.certified == -.infinity)
  }

  /// A work cap too small for the box: the search stops and reports the rest undecided.
  @Test func workCapLeavesBoxesUndecided() throws {
    let f = try SmoothExpression("sin(3*x)*cos(3*y)")
    var certifier = Certifier()
    certifier.maximumSearchBoxes = 20
    let c = certifier.criticalPoints(f, on: Box(lower: [-3, -3], upper: [3, 3]))
    #expect(!c.undecided.isEmpty)
    #expect(c.examined == 20)
  }
}

/// A function with one deliberate defect in its *interval* evaluations (the
/// point evaluations stay right), to see the certifier's checks fail when an
/// enclosure is wrong.
struct EnclosureMutant<Base: ScalarFunction>: ScalarFunction {
  enum Defect: Sendable {
    /// The interval Hessian is of f/2 (an enclosure too narrow by half).
    case halvedIntervalHessian
    /// The interval gradient is shifted away from 0 (critical points excluded wrongly).
    case shiftedIntervalGradient
    /// Interval values are of f + 1 (a lower bound too high).
    case raisedIntervalValue
  }
  var base: Base
  var defect: Defect
  var dimension: Int { base.dimension }
  func callAsFunction<T: SmoothScalar>(_ x: [T]) -> T {
    switch defect {
    case .halvedIntervalHessian where T.self == HyperDual<Interval>.self: return T(0.5) * base(x)
    case .shiftedIntervalGradient where T.self == Dual<Interval>.self:
      // Adds t·x₁ with t = 1 to the function seen by the gradient enclosure only.
      return base(x) + T(1) * x[0]
    case .raisedIntervalValue where T.self == Interval.self: return base(x) + T(1)
    default: return base(x)
    }
  }
}

@Suite struct CertifierMutantTests {
  static let f = try! SmoothExpression("0.5*x^2 + cos(y)")
  static let box = Box(lower: [-4, -4], upper: [4, 4])

  @Test func halvedHessianEnclosureIsCaughtBySampling() {
    let good = Certifier().lipschitzBound(Self.f, on: Self.box)
    #expect(good.isConsistent)
    let bad = Certifier().lipschitzBound(EnclosureMutant(base: Self.f, defect: .halvedIntervalHessian), on: Self.box)
    // The mutant's "certified" L = 1/2 is below the sampled ‖∇²f‖₂ = 1.
    #expect(!bad.isConsistent)
  }

  @Test func raisedValueEnclosureIsCaughtBySampling() {
    #expect(Certifier().lowerBound(Self.f, on: Self.box).isConsistent)
    #expect(!Certifier().lowerBound(EnclosureMutant(base: Self.f, defect: .raisedIntervalValue), on: Self.box).isConsistent)
  }

  @Test func shiftedGradientEnclosureLosesTheKnownPoints() {
    // The closed-form test's expectation (three points, each enclosure holding (0, y*)) fails on the mutant.
    func matchesClosedForm(_ points: [CertifiedCriticalPoint]) -> Bool {
      points.count == 3 && zip(points.sorted { $0.location[1] < $1.location[1] }, [-Double.pi, 0, Double.pi])
        .allSatisfy { $0.enclosure.contains([0, $1]) }
    }
    let bad = Certifier().criticalPoints(EnclosureMutant(base: Self.f, defect: .shiftedIntervalGradient), on: Self.box)
    #expect(!matchesClosedForm(bad.points))
    #expect(matchesClosedForm(Certifier().criticalPoints(Self.f, on: Self.box).points))
  }
}

/// The certified objective through the package's own landscape checks.
@Suite struct CertifiedObjectiveTests {
  /// Rosenbrock, written once as a generic Swift function.
  struct Rosenbrock: ScalarFunction {
    var dimension: Int { 2 }
    func callAsFunction<T: SmoothScalar>(_ x: [T]) -> T {
      (T(1) - x[0]).power(2) + T(100) * (x[1] - x[0].power(2)).power(2)
    }
  }

  @Test func swiftGenericFunctionIsCertified() {
    let f = CertifiedObjective(Rosenbrock(), box: Box(lower: [-0.5, -0.5], upper: [1.5, 1.5]))
    // The only critical point is the minimum (1, 1), with ∇²f = [[802, −400], [−400, 200]].
    #expect(f.certificate.isComplete)
    #expect(f.criticalPoints.count == 1)
    #expect(f.certificate.criticalPoints.first?.kind == .minimum)
    #expect(f.certificate.criticalPoints.first?.enclosure.contains([1, 1]) == true)
    // L = sup ‖∇²f‖₂ on the box: at least its value at (1, 1), λ_max = 501 + √250601 ≈ 1001.6.
    #expect(f.lipschitzConstant >= 1001.6)
  }

  @Test func landscapeChecksHoldOnCertifiedObjectives() throws {
    for (text, lo, hi) in [("0.5*x^2 + cos(y)", -4.0, 4.0), ("x^4/4 - x^2/2 + y^2/2", -2, 2)] {
      let f = CertifiedObjective(try SmoothExpression(text), box: Box(lower: [lo, lo], upper: [hi, hi]))
      #expect(LipschitzCertificateCheck().run(f, seed: 1).verdict == .holds, "\(text)")
      #expect(PlantedCriticalPointsCheck().run(f, seed: 1).verdict == .holds, "\(text)")
    }
  }

  /// The mutant whose interval Hessian is halved certifies L = 1/2 for ½x² + cos y:
  /// the package's `landscape.lipschitz-certificate` check fails it.
  @Test func lipschitzCheckFailsTheHalvedHessianMutant() throws {
    let mutant = EnclosureMutant(base: try SmoothExpression("0.5*x^2 + cos(y)"), defect: .halvedIntervalHessian)
    let f = CertifiedObjective(mutant, box: Box(lower: [-4, -4], upper: [4, 4]))
    #expect(f.lipschitzConstant < 0.6)
    #expect(LipschitzCertificateCheck().run(f, seed: 1).verdict == .fails)
  }
}

/// Random quadratics ½xᵀAx + bᵀx: one critical point x* = −A⁻¹b with the inertia of A,
/// and L = ‖A‖₂ exactly (the Hessian is constant).
@Suite struct RandomQuadraticTests {
  struct Case: Sendable, CustomTestStringConvertible {
    let seed: UInt64
    let dimension: Int
    var testDescription: String { "seed \(seed), d = \(dimension)" }
  }

  @Test(arguments: [Case(seed: 1, dimension: 2), Case(seed: 2, dimension: 3), Case(seed: 3, dimension: 4), Case(seed: 4, dimension: 3)])
  func certifiedPointMatchesTheLinearSolve(_ c: Case) throws {
    var state = c.seed
    func uniform() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) * 0x1p-53 * 2 - 1
    }
    let d = c.dimension
    // A = QΛQᵀ with eigenvalues ±(0.5 … 2), signs alternating: index ⌈d/2⌉... known inertia.
    let raw = Matrix(rowArrays: (0..<d).map { _ in (0..<d).map { _ in uniform() } })
    let q = SymmetricEigendecomposition(of: raw + raw.transposed).eigenvectors
    let lambdas = (0..<d).map { k in (k % 2 == 0 ? -1.0 : 1.0) * (0.5 + 1.5 * abs(uniform())) }
    let a = q * Matrix.diagonal(Vector(lambdas)) * q.transposed
    let b = Vector((0..<d).map { _ in 0.5 * uniform() })
    var terms: [String] = []
    for i in 0..<d {
      for j in 0..<d { terms.append("0.5*(\(a[i, j].description))*x[\(i + 1)]*x[\(j + 1)]") }
      terms.append("(\(b[i].description))*x[\(i + 1)]")
    }
    let f = try SmoothExpression(terms.joined(separator: " + "), dimension: d)
    let xStar = try LUDecomposition(of: a).solve(-b)
    let box = Box(lower: Array(repeating: -3, count: d), upper: Array(repeating: 3, count: d))
    try #require(box.contains(xStar.components))
    let cert = Certifier().certify(f, on: box)
    #expect(cert.isComplete)
    try #require(cert.criticalPoints.count == 1)
    let p = cert.criticalPoints[0]
    // The enclosure holds the solve's x* up to the solve's own rounding (cond(A) ≤ 4).
    let distance = zip(p.enclosure.intervals, xStar.components).map { i, x in max(i.lower - x, x - i.upper, 0) }.max()!
    #expect(distance < 1e-12)
    let negatives = lambdas.filter { $0 < 0 }.count
    #expect(p.inertia?.negative == negatives && p.inertia?.positive == d - negatives)
    let norm = lambdas.map(abs).max()!
    // L ≥ ‖A‖₂ (to the rounding of the decimal coefficients) and within the stated factor.
    #expect(cert.lipschitz.certified >= norm * (1 - 1e-12))
    #expect(cert.lipschitz.certified <= 1.05 * cert.lipschitz.sampledMaximum)
  }
}
