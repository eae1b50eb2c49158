import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

/// Any method followed by the projection onto the saddle's stable tangent
/// directions (of the restricted Hessian), retracted onto the domain: a
/// broken variant whose iterates converge to the saddle.
struct TangentStableProjection<Base: FirstOrderMethod>: FirstOrderMethod {
  var base: Base
  var saddle: Vector
  var projection: Matrix
  var sphere: Bool

  init<F: Objective>(_ base: Base, on f: F, saddle: PlantedCriticalPoint) {
    self.base = base
    self.saddle = saddle.location
    let t = f.domain.tangentBasis(at: saddle.location)
    let e = SymmetricEigendecomposition(of: f.domain.restrictedHessian(of: f, at: saddle.location))
    var p = Matrix(zeros: f.dimension, f.dimension)
    for k in 0..<e.eigenvalues.dimension where e.eigenvalues[k] > 0 {
      let v = t * e.eigenvectors.column(k)
      p = p + Matrix.outer(v, v)
    }
    self.projection = p
    if case .sphere = f.domain { sphere = true } else { sphere = false }
  }

  var name: String { "\(base.name)+stable-projection" }
  var iteration: Int { base.iteration }
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    let y = saddle + projection * (base.step(from: x, on: objective) - saddle)
    return sphere ? y.normalized() : y
  }
}

/// Proximal point with the wrong sign: z = argmin f(z) − ‖z − x‖²/(2α), i.e.
/// z = x + α∇f(z) — an implicit ascent step (solved by fixed-point iteration).
struct WrongSignProximal: FirstOrderMethod {
  var alpha: Double
  var iteration = 0
  var name: String { "proximal-wrong-sign(alpha=\(alpha))" }
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    iteration += 1
    var z = x
    for _ in 0..<200 { z = x + alpha * objective.gradient(at: z) }
    return z
  }
}

@Suite struct OtherMethodsTests {
  static let rules = Classification(horizon: 5000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)

  // Part D's rows in the battery (every verdict as predicted, every claim present) are checked by
  // `BatteryTests.quickBattery`; this suite shows each of its checks failing on a broken method.

  @Test("sgd.noise-escapes fails without noise: deterministic GD never leaves a start at the saddle")
  func sgdWithoutNoise() {
    let f = SaddleLandscapes.coupled
    var check = SaddleAvoidanceCheck(claim: .sgdNoiseEscapes, starts: 10, radius: 0.5, rules: Self.rules)
    check.includeSaddleStart = true
    check.awayDistance = 1e-2
    let l = f.lipschitzConstant
    let noiseless = check.run(methodForStart: { _ in StochasticGradientDescent(c: 0.5 / l, a: 0.75, sigma: 0, seed: 1) }, on: f, saddle: SaddleLandscapes.origin(f), seed: 1)
    #expect(noiseless.verdict == .fails && noiseless.evidence.firstHitIndex == 0)
  }

  @Test("mirror descent fails when its update is projected onto the saddle's stable face")
  func mwuMutant() throws {
    let f = try #require(LandscapeFamily.named("simplex-quadratic")).generate(dimension: 4, index: 1, seed: 3)
    let p = f.criticalPoints[0]
    let mutant = TangentStableProjection(MultiplicativeWeights(c: 0.5 / f.lipschitzConstant), on: f, saddle: p)
    var check = SaddleAvoidanceCheck(claim: .mirrorDescentAvoids, starts: 20, radius: 0.02, rules: Self.rules)
    check.awayDistance = 1e-3
    #expect(check.run(mutant, on: f, saddle: p, seed: 2).verdict == .fails)
    #expect(UnstableFixedPointCheck.run(mutant, on: f, saddle: p, label: "mutant").verdict == .fails)
  }

  @Test("Riemannian GD fails when its steps keep to the saddle's stable directions")
  func riemannianMutant() throws {
    let f = try #require(LandscapeFamily.named("rayleigh-quotient")).generate(dimension: 5, seed: 4)
    let saddle = try #require(f.criticalPoints.first { $0.index == 2 })
    let mutant = TangentStableProjection(RiemannianGradientDescent(c: 0.5 / f.lipschitzConstant), on: f, saddle: saddle)
    let r = SaddleAvoidanceCheck(claim: .riemannianAvoids, starts: 20, radius: 0.05, rules: Self.rules).run(mutant, on: f, saddle: saddle, seed: 3)
    #expect(r.verdict == .fails, "\(r.evidence.summary(alpha: 0.05))")
  }

  @Test("proximal point with the wrong sign converges to a strict saddle that is a local maximum")
  func proximalWrongSign() throws {
    let f = try #require(LandscapeFamily.named("confined-quadratic")).generate(dimension: 2, index: 2, seed: 5)
    let top = try #require(f.criticalPoints.first { $0.location.maximumMagnitude == 0 })
    #expect(top.kind == .maximum)
    let alpha = 0.5 / f.lipschitzConstant
    let good = SaddleAvoidanceCheck(claim: .proximalAvoids, starts: 20, radius: 0.5, rules: Self.rules, certifyEscapeByDescent: true)
      .run(ProximalPoint(alpha: alpha), on: f, saddle: top, seed: 4)
    #expect(good.verdict == .holds)
    let bad = SaddleAvoidanceCheck(claim: .proximalAvoids, starts: 20, radius: 0.5, rules: Self.rules).run(WrongSignProximal(alpha: alpha), on: f, saddle: top, seed: 4)
    #expect(bad.verdict == .fails)
  }

  @Test("coordinate descent fails when projected onto the stable subspace; proximal and coordinate maps are unstable at the saddle")
  func coordinateMutant() {
    let f = SaddleLandscapes.confined
    let p = SaddleLandscapes.origin(f)
    let l = f.lipschitzConstant
    #expect(UnstableFixedPointCheck.run(ProximalPoint(alpha: 0.9 / l), on: f, saddle: p, label: "").verdict == .holds)
    #expect(UnstableFixedPointCheck.run(CoordinateDescent(alpha: 0.9 / l), on: f, saddle: p, label: "").verdict == .holds)
    let mutant = TangentStableProjection(CoordinateDescent(alpha: 0.9 / l), on: f, saddle: p)
    #expect(SaddleAvoidanceCheck(claim: .coordinateDescentAvoids, starts: 20, radius: 0.5, rules: Self.rules).run(mutant, on: f, saddle: p, seed: 5).verdict == .fails)
    #expect(UnstableFixedPointCheck.run(mutant, on: f, saddle: p, label: "").verdict == .fails)
  }
}
