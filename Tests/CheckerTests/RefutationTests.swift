import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import PropertyTesting
import SaddleCheckTesting
import Randomness

/// The limits of the theory (CLAIMS.md part E), checked through the
/// property engine: the refutation is expected, recorded as a known issue,
/// and kept as a `refutation` fixture.
@Suite struct RefutationTests {
  @Test("projected-gd.can-converge-to-saddle: PGD converges to the strict saddle with positive probability")
  func projectedGradientDescent() throws {
    let report = SaddleCheckTesting.verify(ProjectedGDAttractionProperty(), expecting: .refuted, fixtures: SaddleCheckTesting.fixtureStore())
    let failure = try #require(report?.failure)
    // The documented instance (case 0): the interval contains the exact fraction 1/4.
    #expect(failure.caseIndex == 0 && failure.original.c == 0.5)
    guard case .fails(let f) = failure.originalOutcome else { Issue.record("no failure outcome"); return }
    #expect(f.message.contains("contains the exact fraction 1/4: yes"), "\(f.message)")
  }

  /// With the hypothesis restored — no constraint — GD on the same instance
  /// and starts never converges to the saddle (the starts off its stable line diverge).
  @Test("unconstrained GD on the same instance does not converge to the saddle")
  func unconstrainedDoesNotRefute() {
    let f = HalfPlaneSaddle(c: 0.5)
    let rules = Classification(horizon: 3000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    let hits = (0..<200).filter { i in
      var rng = Xoshiro256StarStar(seed: 3, stream: UInt64(i))
      let start = Vector([Draw.uniform(from: -1, to: 1, using: &rng), Draw.uniform(from: 0, to: 1, using: &rng)])
      return Trajectory.run(GradientDescent(stepSize: 0.1), on: Landscape.halfPlaneSaddle(f).unconstrained, from: start, rules: rules).outcome == .converged(toPlantedPoint: 0)
    }.count
    #expect(hits == 0)
  }
}

extension Landscape {
  /// The same function on all of R^d (for restoring the unconstrained hypothesis).
  var unconstrained: Unconstrained { Unconstrained(base: self) }
}

/// An objective with its domain replaced by R^d.
struct Unconstrained: Objective {
  var base: Landscape
  var dimension: Int { base.dimension }
  func value(at x: Vector) -> Double { base.value(at: x) }
  func gradient(at x: Vector) -> Vector { base.gradient(at: x) }
  func hessian(at x: Vector) -> Matrix { base.hessian(at: x) }
  var lipschitzConstant: Double { base.lipschitzConstant }
  var certifiedRegion: Region { base.certifiedRegion }
  var lowerBound: Double { base.lowerBound }
  var thirdDerivativeBound: Double { base.thirdDerivativeBound }
  var criticalPoints: [PlantedCriticalPoint] { base.criticalPoints }
}

@Suite struct MoreRefutationTests {
  @Test("strictness-is-needed: a degenerate saddle attracts a set of positive measure under GD")
  func strictness() throws {
    let report = SaddleCheckTesting.verify(StrictnessProperty(), expecting: .refuted, fixtures: SaddleCheckTesting.fixtureStore())
    #expect(report?.failure?.caseIndex == 0)
  }

  /// `measure` runs on the batched engine; its hit count must be that of iterating the GD map
  /// start by start (the engine's last iterate is bit-identical, and no run stops early).
  @Test("strictness-is-needed: the batched measurement counts the hits of the plain GD iteration")
  func strictnessOnTheEngine() throws {
    let p = StrictnessProperty()
    var c = p.generate(seed: 0x5eed, index: 0, configuration: RunConfiguration(seed: 0x5eed))
    c.starts = 64
    c.horizon = 3000
    let e = try #require(p.measure(c))
    let f = DegenerateSaddle(curvatures: c.curvatures)
    let gd = GradientDescent(stepSize: c.stepFactor / f.lipschitzConstant)
    let seed = try #require(Seed.parse(c.startSeed))
    let finals = (0..<c.starts).map { i -> Vector in
      var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
      var x = Draw.inBall(center: Vector(zeros: f.dimension), radius: c.startRadius, using: &rng)
      for _ in 0..<c.horizon { x = gd.map(x, on: f) }
      return x
    }
    let hits = finals.filter { $0.isFinite && $0[0] > 0 && $0.euclideanNorm <= c.hitDistance }.count
    #expect(hits > 0 && hits < c.starts, "the case must separate hits from misses (hits \(hits))")
    #expect(e.hits == hits)
  }

  /// With the hypothesis restored — a strict saddle — the same experiment finds no hit.
  @Test("a strict saddle in the same experiment attracts nothing")
  func strictSaddleRestores() {
    let f = RotatedDoubleWell.random(dimension: 3, wells: 1, seed: 9)
    let check = SaddleAvoidanceCheck(starts: 200, radius: 0.5, rules: Classification(horizon: 20_000, pointTolerance: 1e-2, gradientTolerance: 1e-2, escapeRadius: 1e6))
    #expect(check.run(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, saddle: f.origin, seed: 9).evidence.hits == 0)
  }

  @Test("step-bound-is-needed: α = 1.5/L and δ0 = L/4 break the diffeomorphism (det Dg ≤ 0)", arguments: ["gd", "adagrad-norm"])
  func stepBound(method: String) throws {
    let report = SaddleCheckTesting.verify(StepBoundProperty(method: method), expecting: .refuted, fixtures: SaddleCheckTesting.fixtureStore())
    #expect(report?.failure != nil)
  }

  @Test("with the step bound restored the same landscapes give no refutation")
  func stepBoundRestored() {
    let p = StepBoundProperty(method: "gd")
    var c = p.generate(seed: 1, index: 0, configuration: RunConfiguration(seed: 1))
    c.factor = 0.9
    #expect(!p.check(c).isFailure)
    let q = StepBoundProperty(method: "adagrad-norm")
    var d = q.generate(seed: 1, index: 0, configuration: RunConfiguration(seed: 1))
    d.factor = 2
    #expect(!q.check(d).isFailure)
  }
}

@Suite struct OpenQuestionAndNetworkTests {
  @Test("projected-gd.two-repelling-directions: evidence per k, with exact intervals")
  func repellingDirections() {
    let rows = RepellingDirectionsExperiment.run(instances: 3, startsPerInstance: 40, seed: 11)
    #expect(rows.map(\.k) == [1, 2, 3])
    for r in rows {
      #expect(r.starts == 120 && r.interval.contains(Double(r.hits) / 120))
    }
    let result = RepellingDirectionsExperiment.result(rows, seed: 11)
    #expect(result.verdict == .inconclusive && result.isAsExpected)
  }

  @Test("random cones have exactly k repelling feasible directions")
  func instancesHaveKDirections() {
    for k in 1...3 { #expect(RepellingDirectionsExperiment.instance(k: k, seed: UInt64(12 + k)).repellingDirections == k) }
  }

  @Test("network.pde-derivative holds, and fails for a wrong reparametrization b_k = a_k‖w_k‖")
  func network() throws {
    let f = try #require(LandscapeFamily.named("pde-residual-network")).generate(dimension: 10, index: 2, seed: 3)
    guard case .pdeResidualNetwork(let net) = f else { Issue.record("wrong family"); return }
    #expect(NetworkDerivativeCheck.run(net, points: 10, seed: 1, label: "").verdict == .holds)
    let wrong: (Vector, Vector) -> Double = { theta, x in
      var s = 0.0
      for k in 0..<net.width {
        let w = Vector((0..<net.inputDimension).map { theta[k * net.inputDimension + $0] })
        s += theta[net.width * net.inputDimension + k] * w.euclideanNorm * net.activation(derivative: 1, w.dot(x))
      }
      return s / Double(net.width).squareRoot()
    }
    #expect(NetworkDerivativeCheck.run(net, points: 10, seed: 1, label: "", reparametrized: wrong).verdict == .fails)
  }
}
