import Testing
import Foundation
import Expressions
import LinearAlgebra
import Landscapes
@testable import Certification

/// The certifier against closed forms.
@Suite struct CertifierTests {
  /// ½x² + cos y on [−4, 4]²: ∇²f = diag(1, −cos y), so L = 1 (attained at y = 0 and
  /// y = ±π); f_low = −1 at (0, ±π); critical points: the saddle (0, 0) and the minima (0, ±π).
  @Test func halfSquarePlusCosine() throws {
    let f = try Expression("0.5*x^2 + cos(y)")
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
    let f = try Expression("x^4/4 - x^2/2 + y^2/2")
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
    let f = try Expression("cos(x[1]) + cos(x[2]) + cos(x[3])")
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
    let f = try Expression("x^4 + y^2")
    let c = Certifier().certify(f, on: Box(lower: [-1, -1], upper: [1, 1]))
    #expect(c.criticalPoints.isEmpty)
    #expect(!c.isComplete)
    #expect(c.undecided.contains { $0.hull.contains([0, 0]) })
  }

  /// log(x) + y² on a box reaching x ≤ 0: f is not C² there; L and f_low are unbounded.
  @Test func singularityInTheBoxGivesNoCertificate() throws {
    let f = try Expression("log(x) + y^2")
    let c = Certifier().certify(f, on: Box(lower: [-1, -1], upper: [1, 1]))
    #expect(c.lipschitz.certified == .infinity)
    #expect(!c.lipschitz.reachedFactor)
    #expect(c.lowerBound.certified == -.infinity)
  }

  /// A work cap too small for the box: the search stops and reports the rest undecided.
  @Test func workCapLeavesBoxesUndecided() throws {
    let f = try Expression("sin(3*x)*cos(3*y)")
    var certifier = Certifier()
    certifier.maximumSearchBoxes = 20
    let c = certifier.criticalPoints(f, on: Box(lower: [-3, -3], upper: [3, 3]))
    #expect(!c.undecided.isEmpty)
    #expect(c.examined == 20)
  }
}
