import Foundation
import Testing
import SaddleCheckKit

/// A loss with a circle of minima: f(x) = (‖x‖² − 1)²/4 on R², as in phase retrieval or a
/// rank-one factorization (a continuous symmetry makes the minima non-isolated).
///
/// With s = ‖x‖²: ∇f = (s − 1)x, ∇²f = (s − 1)I + 2xxᵀ (eigenvalues s − 1 and 3s − 1),
/// D³f[v, v, v] = 6(x·v) for unit v. On the ball ‖x‖ ≤ 2: ‖∇²f‖₂ ≤ 11 = L, M₃ ≤ 12,
/// f ≥ 0. Critical points: the origin (a maximum, eigenvalues −1, −1) and the unit circle
/// (eigenvalues 0 along the circle, 2 across it: non-strict minima, nullity 1).
struct RingLoss: Objective {
  var dimension: Int { 2 }
  func value(at x: Vector) -> Double { let s = x.squaredNorm - 1; return s * s / 4 }
  func gradient(at x: Vector) -> Vector { (x.squaredNorm - 1) * x }
  func hessian(at x: Vector) -> Matrix {
    let s = x.squaredNorm - 1
    return Matrix(rowArrays: [[s + 2 * x[0] * x[0], 2 * x[0] * x[1]], [2 * x[0] * x[1], s + 2 * x[1] * x[1]]])
  }
  var lipschitzConstant: Double { 11 }
  var certifiedRegion: Region { .ball(center: Vector([0, 0]), radius: 2) }
  var lowerBound: Double { 0 }
  var thirdDerivativeBound: Double { 12 }
  var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: Vector([0, 0]), hessianEigenvalues: Vector([-1, -1])),
     PlantedCriticalPoint(location: Vector([1, 0]), hessianEigenvalues: Vector([0, 2]))]
  }
}

/// The monkey saddle f(x, y) = x³ − 3xy²: one critical point, the origin, with ∇²f(0) = 0 —
/// degenerate and not a minimum (f < 0 along y = 0, x < 0). ∇²f = [[6x, −6y], [−6y, −6x]],
/// ‖∇²f‖₂ = 6‖x‖ ≤ 6 = L on the unit ball; |f| ≤ ‖x‖³ so f ≥ −1; |D³f[v, v, v]| = 6|cos 3θ| ≤ 6.
struct MonkeySaddle: Objective {
  var dimension: Int { 2 }
  func value(at x: Vector) -> Double { x[0] * x[0] * x[0] - 3 * x[0] * x[1] * x[1] }
  func gradient(at x: Vector) -> Vector { Vector([3 * x[0] * x[0] - 3 * x[1] * x[1], -6 * x[0] * x[1]]) }
  func hessian(at x: Vector) -> Matrix { Matrix(rowArrays: [[6 * x[0], -6 * x[1]], [-6 * x[1], -6 * x[0]]]) }
  var lipschitzConstant: Double { 6 }
  var certifiedRegion: Region { .ball(center: Vector([0, 0]), radius: 1) }
  var lowerBound: Double { -1 }
  var thirdDerivativeBound: Double { 6 }
  var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: Vector([0, 0]), hessianEigenvalues: Vector([0, 0]))]
  }
}

/// f(x, y) = x⁴/4 + y²/2: a degenerate minimum at the origin (eigenvalues 0, 1). On the unit
/// ball ‖∇²f‖₂ = max(3x², 1) ≤ 3 = L, f ≥ 0, |D³f[v, v, v]| = 6|x|v₁³ ≤ 6.
struct QuarticValley: Objective {
  var dimension: Int { 2 }
  func value(at x: Vector) -> Double { x[0] * x[0] * x[0] * x[0] / 4 + x[1] * x[1] / 2 }
  func gradient(at x: Vector) -> Vector { Vector([x[0] * x[0] * x[0], x[1]]) }
  func hessian(at x: Vector) -> Matrix { Matrix(rowArrays: [[3 * x[0] * x[0], 0], [0, 1]]) }
  var lipschitzConstant: Double { 3 }
  var certifiedRegion: Region { .ball(center: Vector([0, 0]), radius: 1) }
  var lowerBound: Double { 0 }
  var thirdDerivativeBound: Double { 6 }
  var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: Vector([0, 0]), hessianEigenvalues: Vector([0, 1]))]
  }
}

/// The finder and the instance checks on the user's own losses, through `import SaddleCheckKit` only.
@Suite struct UserFinderTests {
  /// A small search (test time): few starts, few iterations.
  static func finder(starts: Int, solutionsPerStart: Int = 2) -> CriticalPointFinder {
    var finder = CriticalPointFinder()
    finder.starts = starts
    finder.solutionsPerStart = solutionsPerStart
    finder.maximumIterations = 30
    finder.maximumPoints = 12
    return finder
  }

  /// The ring: the maximum at the origin (index 2) and several points of the circle, each a
  /// non-strict minimum of nullity 1 on the circle to 1e-12; nothing else.
  @Test("a manifold of minima: sample points of the circle, each a non-strict minimum of nullity 1")
  func ringOfMinima() throws {
    let search = try Self.finder(starts: 12, solutionsPerStart: 1).find(in: RingLoss(), region: .ball(center: Vector([0, 0]), radius: 1.2),
                                                                       seed: 3)
    let origin = try #require(search.points.first { $0.location.euclideanNorm <= 1e-12 }, "\(search.lines)")
    #expect(origin.classification == .strictSaddle(index: 2))
    let ring = search.points.filter { $0.location.euclideanNorm > 1e-12 }
    #expect(ring.count >= 2, "\(search.lines)")
    for p in ring {
      #expect(abs(p.location.euclideanNorm - 1) <= 1e-12, "\(p.location)")
      #expect(p.classification == .nonStrictMinimum(nullity: 1), "\(p.classSummary)")
    }
    #expect(search.lines.contains { $0.contains("critical manifold") })
    #expect(search.missedPlanted.allSatisfy { $0 == 1 }, "only the ring's one planted sample may be missed")
  }

  /// The monkey saddle: the origin, found to 1e-8 (Newton converges only linearly at a
  /// degenerate root, halving the error each step) and classified degenerate, not a minimum.
  /// The quartic valley: the origin, a non-strict minimum of nullity 1.
  @Test("degenerate critical points: the monkey saddle and a quartic valley")
  func degeneratePoints() throws {
    let monkey = try Self.finder(starts: 4).find(in: MonkeySaddle(), region: .ball(center: Vector([0, 0]), radius: 1), seed: 3)
    #expect(monkey.points.count == 1, "\(monkey.lines)")
    let m = try #require(monkey.points.first)
    #expect(m.location.euclideanNorm <= 1e-8 && m.plantedIndex == 0)
    guard case .degenerateNonMinimum(let nullity, let drop) = m.classification else {
      Issue.record("monkey saddle: \(m.classSummary)")
      return
    }
    #expect(nullity == 2 && drop > 0)
    let valley = try Self.finder(starts: 4).find(in: QuarticValley(), region: .ball(center: Vector([0, 0]), radius: 1), seed: 3)
    #expect(valley.points.count == 1, "\(valley.lines)")
    // ∇f = (x³, y): Newton divides x by 3/2 per step until 3x² reaches the finder's
    // eigenvalue floor 1e-12, so x ends near 6e-7 with ‖∇f‖ ≈ 2e-19.
    #expect((valley.points.first?.location.euclideanNorm ?? 1) <= 1e-6)
    #expect(valley.points.first?.classification == .nonStrictMinimum(nullity: 1))
    #expect(valley.missedPlanted.isEmpty)
  }

  /// The user's degenerate losses through InstanceChecks: the certificates hold; the monkey
  /// saddle, degenerate and not a minimum, is checked but outside the theorems' hypotheses
  /// (λ_min = 0), never counted as covered.
  @Test("the instance checks on the user's degenerate losses")
  func instanceChecksOnDegenerateLosses() {
    let monkey = InstanceChecks.report(MonkeySaddle(), label: "monkey saddle", starts: 20, horizon: 500, seed: 7)
    let certificate = monkey.results.first { $0.claim == "landscape.lipschitz-certificate" }
    #expect(certificate?.verdict == .holds)
    let atSaddle = monkey.results.filter { $0.landscape == "monkey saddle point #0" }
    #expect(!atSaddle.isEmpty)
    for row in atSaddle {
      guard case .outsideHypotheses = row.coverage else {
        Issue.record("\(row.claim): \(String(describing: row.coverage))")
        continue
      }
    }
    let ring = InstanceChecks.report(RingLoss(), label: "ring", starts: 20, horizon: 500, seed: 7)
    for row in ring.results where row.claim.hasPrefix("landscape.") {
      #expect(row.verdict == .holds, "\(row.claim): \(row.evidence)")
    }
  }
}

/// The user's cosine valley without its planted points: found points take their place.
struct UnplantedCosineValley: Objective {
  var base = CosineValley()
  var dimension: Int { 2 }
  func value(at x: Vector) -> Double { base.value(at: x) }
  func gradient(at x: Vector) -> Vector { base.gradient(at: x) }
  func hessian(at x: Vector) -> Matrix { base.hessian(at: x) }
  var lipschitzConstant: Double { 1 }
  var lowerBound: Double { -1 }
  var thirdDerivativeBound: Double { 1 }
  var criticalPoints: [PlantedCriticalPoint] { [] }
}

@Suite struct FoundPointsInstanceChecksTests {
  /// With no planted point there is no saddle to check; with the found points (0, 0) is a
  /// strict saddle of index 1 and gets its unstable-fixed-point and avoidance rows, which hold.
  /// Mutant (seen failing): the bare objective, which gives no saddle row.
  @Test("an objective that plants nothing is checked at its found saddles")
  func foundSaddlesAreChecked() throws {
    let f = UnplantedCosineValley()
    var finder = CriticalPointFinder()
    finder.starts = 8
    finder.maximumIterations = 30
    let search = try finder.find(in: f, region: .box(lower: Vector([-4, -2]), upper: Vector([4, 2])), seed: 5)
    #expect(search.points.count == 3, "\(search.lines)")
    let bare = InstanceChecks.report(f, label: "valley", starts: 20, horizon: 500, seed: 7)
    #expect(!bare.results.contains { $0.claim == "gd.avoids-strict-saddles" })
    let report = InstanceChecks.report(FoundPointsObjective(f, found: search), label: "valley", starts: 20, horizon: 500, seed: 7)
    let avoidance = report.results.filter { $0.claim == "gd.avoids-strict-saddles" }
    #expect(avoidance.count == 1)
    for row in report.results { #expect(row.verdict == .holds, "\(row.claim) · \(row.landscape): \(row.evidence)") }
  }
}
