import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import Randomness
import Foundation

/// Every rule that turns a trajectory into a verdict, pinned from both sides:
/// each test below uses the production rules (`Battery.rules`,
/// `SaddleAvoidanceCheck.floorMargin`, the away distances, the classifier's
/// defaults) and fails when a rule moves by two or more orders of magnitude in
/// the direction named in its comment.
@Suite struct ClassificationRuleTests {
  static let rules = Battery.rules

  /// Runs `method` from `starts` starts in the ball of `radius` around `saddle`.
  static func avoidance<M: FirstOrderMethod, F: Objective>(
    _ method: M, on f: F, saddle: PlantedCriticalPoint? = nil, starts: Int = 4, radius: Double = 0.5,
    certify: Bool = false, confirm: Int = 0, away: Double? = nil
  ) -> (verdict: Verdict, evidence: SaddleAvoidanceCheck.Evidence) {
    var check = SaddleAvoidanceCheck(starts: starts, radius: radius, rules: rules, certifyEscapeByDescent: certify)
    check.confirmedStarts = confirm
    check.awayDistance = away
    return check.run(method, on: f, saddle: saddle ?? f.criticalPoints[0], seed: 7)
  }

  // MARK: distance (pointTolerance = 1e-6)

  /// Tightening: a run that comes to rest 5e-7 from the saddle (gradient 5e-10, along
  /// the slow direction μ = 1e-3) is a hit; pointTolerance ≤ 1e-7 would miss it.
  @Test("a run at rest 5e-7 from the saddle is a hit (pointTolerance not tightened)")
  func distanceTightened() {
    let f = SlowDirectionSaddle()
    let r = Self.avoidance(ContractTo(target: Vector([0, 5e-7, 0])), on: f)
    #expect(r.verdict == .fails && r.evidence.hits == 4, "\(r.evidence.summary(alpha: 0.05))")
  }

  /// Loosening: the unplanted minima (±1e-5, 0) lie 1e-5 from the saddle; runs that
  /// reach them are minima, not hits; pointTolerance ≥ 1e-5 would call them hits.
  @Test("a minimum 1e-5 from the saddle is a minimum, not a hit (pointTolerance not loosened)")
  func distanceLoosened() {
    let f = TwinMinimaSaddle(s: 1e-5)
    let r = Self.avoidance(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, radius: 1e-5)
    #expect(r.verdict == .holds && r.evidence.hits == 0 && r.evidence.minima == 4, "\(r.evidence.summary(alpha: 0.05))")
  }

  // MARK: gradient (gradientTolerance = 1e-8)

  /// Tightening: at rest 5e-7 along the slow direction, ‖∇f‖ = 5e-10 — a hit; a
  /// tolerance ≤ 5e-11 would leave it undecided. (Same run as `distanceTightened`,
  /// asserted on the gradient side: the run is stationary.)
  @Test("a run at rest with ‖∇f‖ = 5e-10 next to the saddle is stationary (gradientTolerance not tightened)")
  func gradientTightened() {
    let f = SlowDirectionSaddle()
    let end = Trajectory.run(ContractTo(target: Vector([0, 5e-7, 0])), on: f, from: Vector([0.3, 0.2, 0.1]), rules: Self.rules)
    #expect(end.outcome == .converged(toPlantedPoint: 0), "\(end.outcome), ‖∇f‖ = \(end.finalGradientNorm)")
  }

  /// Loosening: at rest 5e-7 along the stiff direction (eigenvalue 1), ‖∇f‖ = 5e-7: not
  /// a critical point, so not a hit (undecided → inconclusive); a tolerance ≥ 1e-6 would call it a hit.
  @Test("a run at rest with ‖∇f‖ = 5e-7 is not a hit (gradientTolerance not loosened)")
  func gradientLoosened() {
    let f = SlowDirectionSaddle()
    let r = Self.avoidance(ContractTo(target: Vector([0, 0, 5e-7])), on: f)
    #expect(r.verdict == .inconclusive && r.evidence.hits == 0 && r.evidence.unclassified == 4, "\(r.evidence.summary(alpha: 0.05))")
  }

  // MARK: value floor (f(x*) − 1e-9·(1 + |f(x*)|))

  /// Starts ON the stable set (GD followed by the projection onto the stable
  /// eigenspace) converge to the saddle with f ↓ f(x*) from above: they must be hits.
  /// A floor at or above f(x*) would count them escaped.
  @Test("starts on the stable set are hits under the escape certificate (floor not raised to f(x*))")
  func floorAboveSaddle() {
    let f = SaddleLandscapes.coupled
    let p = SaddleLandscapes.origin(f)
    let mutant = StableSubspaceProjection(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), saddle: p, hessian: f.hessian(at: p.location))
    let r = Self.avoidance(mutant, on: f, saddle: p, certify: true)
    #expect(r.verdict == .fails && r.evidence.hits == 4 && r.evidence.escaped == 0, "\(r.evidence.summary(alpha: 0.05))")
  }

  /// Lowering: the minima of TwinMinimaSaddle(s = 1e-3) lie 2.5e-7 below f(x*) = 0; GD
  /// runs must be certified escaped on their way there. A margin ≥ 1e-6 (three
  /// orders lower) would let them reach the (unplanted) minima uncertified.
  @Test("runs that fall 2.5e-7 below f(x*) are certified escaped (floor not lowered)")
  func floorLowered() {
    let f = TwinMinimaSaddle(s: 1e-3)
    let r = Self.avoidance(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, radius: 1e-3, certify: true)
    #expect(r.verdict == .holds && r.evidence.escaped == 4, "\(r.evidence.summary(alpha: 0.05))")
    #expect(SaddleAvoidanceCheck.floorMargin > 0, "the floor must lie below f(x*)")
  }

  // MARK: horizon (5000 steps, extended up to 16×)

  /// Shortening: a run that reaches the saddle (‖∇f‖ ≤ 1e-8) only after ~1800 steps
  /// (rate 0.99) is a hit; a horizon ≤ 50 (cap 800) would leave it undecided.
  @Test("a slow convergence to the saddle (~1800 steps) is a hit (horizon not shortened)")
  func horizonShortened() {
    let f = SlowDirectionSaddle()
    let r = Self.avoidance(ContractTo(target: Vector(zeros: 3), rate: 0.99), on: f, starts: 2)
    #expect(r.verdict == .fails && r.evidence.hits == 2, "\(r.evidence.summary(alpha: 0.05))")
  }

  /// Lengthening: a method that rests at the saddle and only leaves at step 100 000
  /// is, by the rule "converged at the horizon", a hit; a horizon ≥ 100 000 would let it leave.
  @Test("a run at rest on the saddle at the horizon is a hit (horizon not lengthened past 1e5)")
  func horizonLengthened() {
    let f = SlowDirectionSaddle()
    let r = Self.avoidance(ContractTo(target: Vector(zeros: 3), leaveAt: 100_000, exit: Vector([1, 0, 0])), on: f, starts: 2)
    #expect(r.verdict == .fails && r.evidence.hits == 2, "\(r.evidence.summary(alpha: 0.05))")
  }

  /// Adaptive horizon: a convergence to the minimum that needs ~7000 steps (more than 5000)
  /// is decided by the extension, not left unclassified; without the extension it is not.
  @Test("runs still moving at 5000 steps are extended and decided; without the extension, inconclusive")
  func adaptiveHorizon() {
    let f = SlowDirectionSaddle()
    let slow = ContractTo(target: Vector([1, 0, 0]), rate: 0.997)
    let r = Self.avoidance(slow, on: f, starts: 2, confirm: 0)
    #expect(r.verdict == .holds && r.evidence.minima == 2 && r.evidence.longestHorizon == 10_000, "\(r.evidence.summary(alpha: 0.05))")
    var fixed = SaddleAvoidanceCheck(starts: 2, radius: 0.5, rules: Self.rules)
    fixed.maximumHorizon = Self.rules.horizon
    let mutant = fixed.run(slow, on: f, saddle: f.criticalPoints[0], seed: 7)
    #expect(mutant.verdict == .inconclusive && mutant.evidence.unclassified == 2)
  }

  // MARK: away distance (noisy 1e-2, simplex 1e-3)

  @Test("a run resting 0.1 from the saddle is away; one resting 1e-5 from it is not", arguments: [Battery.noisyAwayDistance, Battery.simplexAwayDistance])
  func awayDistance(_ away: Double) {
    let f = SlowDirectionSaddle()
    // Raised to ≥ 0.1: the far run would be undecided.
    let far = Self.avoidance(ContractTo(target: Vector([0, 0, 0.1])), on: f, starts: 2, away: away)
    #expect(far.verdict == .holds && far.evidence.away == 2, "\(far.evidence.summary(alpha: 0.05))")
    // Lowered to ≤ 1e-5: the near (non-stationary, ‖∇f‖ = 1e-5) run would count as away.
    let near = Self.avoidance(ContractTo(target: Vector([0, 0, 1e-5])), on: f, starts: 2, away: away)
    #expect(near.verdict == .inconclusive && near.evidence.away == 0 && near.evidence.unclassified == 2, "\(near.evidence.summary(alpha: 0.05))")
  }

  // MARK: divergence

  /// A method whose first step is infinite: every run diverges; the row fails (not holds),
  /// also with the escape certificate and no confirmed starts.
  @Test("diverged runs are their own outcome and the row is not holds")
  func divergence() {
    let f = SlowDirectionSaddle()
    let r = Self.avoidance(InfiniteStep(), on: f, starts: 3, certify: true, confirm: 0)
    #expect(r.verdict == .fails && r.evidence.diverged == 3 && r.evidence.escaped == 0 && r.evidence.hits == 0)
    #expect(r.evidence.summary(alpha: 0.05).contains("3 diverged"))
  }
}

/// ``CriticalPointClassifier``: the five classes, and its three rules pinned.
@Suite struct CriticalPointClassifierTests {
  static let classifier = CriticalPointClassifier(gradientTolerance: Battery.rules.gradientTolerance)

  /// Matrix factorization UUᵀ (n = 2, r = 2): the global minima form an O(2) orbit with one
  /// zero Hessian eigenvalue. A planted one, one rotated along the orbit, and a GD run's end
  /// are non-strict minima with nullity 1.
  @Test("matrix-factorization minima on the O(r) orbit are non-strict minima with nullity r(r−1)/2")
  func matrixFactorizationMinimum() throws {
    let f = try LandscapeFamily.named("matrix-factorization")!.generate(dimension: 4, index: 2, seed: 1)
    let minimum = try #require(f.criticalPoints.last { $0.kind == .degenerate && $0.hessianEigenvalues.components.allSatisfy { $0 >= 0 } })
    #expect(Self.classifier.classify(minimum.location, on: f, seed: 1) == .nonStrictMinimum(nullity: 1))
    // Rotate U by 0.7 rad (U ↦ UQ): still a global minimum.
    let (c, s) = (0.7.cosineValue, 0.7.sineValue)
    let u = minimum.location
    let rotated = Vector([u[0] * c - u[1] * s, u[0] * s + u[1] * c, u[2] * c - u[3] * s, u[2] * s + u[3] * c])
    #expect(Self.classifier.classify(rotated, on: f, seed: 2) == .nonStrictMinimum(nullity: 1))
    // The end of a GD run (stationary to 1e-8, not exactly on the orbit).
    let end = Trajectory.run(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, from: Vector([0.3, -0.2, 0.5, 0.1]), rules: Battery.rules)
    #expect(end.finalGradientNorm <= 1e-8)
    #expect(Self.classifier.classify(end.final, on: f, seed: 3) == .nonStrictMinimum(nullity: 1))
  }

  @Test("the degenerate-saddle family's origin is a degenerate critical point that is not a minimum")
  func degenerateSaddle() throws {
    let f = try LandscapeFamily.named("degenerate-saddle")!.generate(dimension: 3, seed: 1)
    guard case .degenerateNonMinimum(let k, _) = Self.classifier.classify(Vector(zeros: 3), on: f, seed: 1) else {
      Issue.record("not classified as a degenerate non-minimum")
      return
    }
    #expect(k == 1)
  }

  @Test("a strict saddle, a strict minimum, and a non-stationary point")
  func strictClasses() {
    let f = SlowDirectionSaddle()
    #expect(Self.classifier.classify(Vector(zeros: 3), on: f, seed: 1) == .strictSaddle(index: 1))
    #expect(Self.classifier.classify(Vector([1, 0, 0]), on: f, seed: 1) == .strictMinimum)
    guard case .undecided = Self.classifier.classify(Vector([0, 0, 1e-3]), on: f, seed: 1) else {
      Issue.record("a non-stationary point was classified")
      return
    }
  }

  /// ε = 1e-6·L. Loosening to ≥ 1e-4: the slow-direction minimum (μ = 1e-5·L... here μ/L = 1e-4)
  /// and a saddle with λ_min = −1e-4·L would lose their strictness.
  @Test("eigenvalues ±1e-4·L are not zero (zero tolerance not loosened)")
  func zeroToleranceLoosened() {
    let saddle = QuarticValley(mu: -1e-4, c: 0)
    #expect(Self.classifier.classify(Vector(zeros: 2), on: saddle, seed: 1) == .strictSaddle(index: 1))
    let f = SlowDirectionSaddle(mu: 11e-4)  // μ/L = 1e-4
    #expect(Self.classifier.classify(Vector([1, 0, 0]), on: f, seed: 1) == .strictMinimum)
    #expect(Self.classifier.classify(Vector(zeros: 3), on: SlowDirectionSaddle(mu: -11e-4), seed: 1) == .strictSaddle(index: 2))
  }

  /// Tightening to ≤ 1e-10·L: on a curved valley of minima (x = y², like a linear
  /// network's), a point stationary only to ‖∇f‖ ≈ 6e-9 has its zero eigenvalue moved by
  /// about 1e-8 (measured below), so it would come out a strict minimum (r < 0) or a
  /// strict saddle (r > 0) instead of non-strict. (Matrix factorization's orbit is not such
  /// a test: by the O(r) symmetry its zero eigenvalue stays below 1e-10·L off the orbit.)
  @Test("a curved valley's zero eigenvalue at a point stationary to 6e-9 is a zero (zero tolerance not tightened)", arguments: [-4e-9, 4e-9])
  func zeroToleranceTightened(offset r: Double) {
    let f = CurvedValley()
    let x = Vector([0.25 + r, 0.5])
    let e = SymmetricEigendecomposition(of: f.hessian(at: x).symmetricPart)
    let smallest = e.eigenvalues.components.map(abs).min() ?? 0
    #expect(f.gradient(at: x).euclideanNorm <= 1e-8)
    #expect(smallest > 1e-10 * f.lipschitzConstant && smallest < 1e-6 * f.lipschitzConstant, "|λ|_min = \(smallest)")
    #expect(Self.classifier.classify(x, on: f, seed: 3) == .nonStrictMinimum(nullity: 1))
  }

  /// Radius r = 1e-2·(1 + ‖x̄‖). Raising it to ≥ 1e-1: the flat valley's origin (flat for
  /// |y| ≤ 0.05, lower beyond) would be called "not a minimum". Lowering it to ≤ 1e-4: the
  /// cubic degenerate saddle's descent (2y³/3 at r = 1e-4: 7e-13 < τ) would be missed.
  @Test("perturbation radius: a flat valley of half-width 0.05 is a minimum; a cubic degenerate saddle is not")
  func radius() throws {
    #expect(Self.classifier.classify(Vector(zeros: 2), on: FlatValley(a: 0.05), seed: 1) == .nonStrictMinimum(nullity: 1))
    let f = try LandscapeFamily.named("degenerate-saddle")!.generate(dimension: 2, seed: 2)
    #expect(!Self.classifier.classify(Vector(zeros: 2), on: f, seed: 1).isMinimum)
  }

  /// τ = 1e-10·(1 + |f|). Raising it to ≥ 1e-8: the quartic degenerate saddle −0.1·y⁴
  /// (drop 1e-9 at r = 1e-2) would pass as a minimum. Lowering it to ≤ 1e-11: a point of a
  /// flat valley stationary only to 1e-8 (μ = 1e-6 ≤ ε = 1e-6·L with L = 10, so both
  /// directions are null; x = 9.9e-3: f − min = 4.9e-11) would be called "not a minimum".
  @Test("value tolerance: a −0.1·y⁴ degenerate saddle is found; an excess of 4.9e-11 at ‖∇f‖ ≤ 1e-8 is not descent")
  func valueTolerance() {
    #expect(!Self.classifier.classify(Vector(zeros: 2), on: QuarticValley(mu: 1, c: 0.1), seed: 1).isMinimum)
    let valley = QuarticValley(mu: 1e-6, c: 0, lipschitzConstant: 10)
    #expect(Self.classifier.classify(Vector([9.9e-3, 0]), on: valley, seed: 1) == .nonStrictMinimum(nullity: 2))
  }
}

private extension Double {
  var cosineValue: Double { Foundation.cos(self) }
  var sineValue: Double { Foundation.sin(self) }
}
