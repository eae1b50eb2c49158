import Testing
import LinearAlgebra
import Landscapes
import Dynamics
@testable import Checker
import PropertyTesting
import Randomness

/// `gd.avoids-strict-saddles`, walking-skeleton form: GD with α < 1/L holds;
/// a map whose steps stay in the stable subspace fails (the checker can fail).
@Suite struct SaddleAvoidanceCheckTests {
  static let rules = Classification(horizon: 5000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)

  @Test("gd.avoids-strict-saddles holds for GD with α = 0.9/L", arguments: [1, 2, 5, 10, 50])
  func gradientDescentAvoids(dimension d: Int) {
    let seed = Seed.derive(0xc4ec_0001, UInt64(d))
    let f = RotatedDoubleWell.indexOneSaddle(dimension: d, seed: seed)
    let check = SaddleAvoidanceCheck(starts: 200, radius: 0.5, rules: Self.rules)
    let (verdict, evidence) = check.run(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, saddle: f.origin, seed: seed)
    #expect(verdict == .holds, "seed \(Seed.hex(seed)): \(evidence.summary(alpha: check.alpha))")
    #expect(evidence.hits == 0 && evidence.minima == 200)
    #expect(abs(evidence.upperBound - 0.014867) < 1e-6)
  }

  @Test("the check fails when every step is projected onto the saddle's stable subspace", arguments: [2, 5, 10])
  func stableSubspaceMutantIsCaught(dimension d: Int) throws {
    let seed = Seed.derive(0xc4ec_0002, UInt64(d))
    let f = RotatedDoubleWell.indexOneSaddle(dimension: d, seed: seed)
    let mutant = StableSubspaceDescent(
      stepSize: 0.9 / f.lipschitzConstant, saddle: f.origin, hessian: f.hessian(at: f.origin.location))
    let check = SaddleAvoidanceCheck(starts: 50, radius: 0.5, rules: Self.rules)
    let (verdict, evidence) = check.run(mutant, on: f, saddle: f.origin, seed: seed)
    #expect(verdict == .fails)
    #expect(evidence.hits == 50)
    // The counterexample replays: its start, run again, converges to the saddle.
    let start = try #require(evidence.firstHit)
    var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(evidence.firstHitIndex ?? -1))
    #expect(Draw.inBall(center: f.origin.location, radius: 0.5, using: &rng) == start)
    let replay = Trajectory.run(mutant, on: f, from: start, rules: Self.rules)
    #expect(replay.final.euclideanNorm <= Self.rules.pointTolerance)
  }

  @Test("too few minima reached makes the verdict inconclusive, never holds")
  func inconclusiveWhenUndecided() {
    let seed: UInt64 = 0xc4ec_0003
    let f = RotatedDoubleWell.indexOneSaddle(dimension: 3, seed: seed)
    let short = Classification(horizon: 3, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    var check = SaddleAvoidanceCheck(starts: 40, radius: 0.5, rules: short)
    check.maximumHorizon = 3  // no adaptive extension
    let (verdict, _) = check.run(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, saddle: f.origin, seed: seed)
    #expect(verdict == .inconclusive)
  }

  @Test("same seed, same evidence")
  func reproducible() {
    let f = RotatedDoubleWell.indexOneSaddle(dimension: 4, seed: 11)
    let check = SaddleAvoidanceCheck(starts: 30, radius: 0.5, rules: Self.rules)
    let gd = GradientDescent(stepSize: 0.9 / f.lipschitzConstant)
    #expect(check.run(gd, on: f, saddle: f.origin, seed: 5).evidence == check.run(gd, on: f, saddle: f.origin, seed: 5).evidence)
  }
}

/// The P(hit) bound printed for an avoidance row is one its own runs support.
@Suite struct HitBoundTextTests {
  @Test("unclassified runs are counted as hits in the bound; no bound without runs or at a point not covered")
  func boundsTheRunsSupport() {
    let alpha = 0.05
    var decided = SaddleAvoidanceCheck.Evidence(starts: 200, hits: 0, minima: 200, unclassified: 0,
                                                upperBound: ZeroHitBound.upperBound(trials: 200, alpha: alpha))
    #expect(decided.hitProbabilityBound(alpha: alpha) == decided.upperBound)
    #expect(decided.summary(alpha: alpha).hasSuffix("P(hit) ≤ 0.0149 at α = 0.05"), "\(decided.summary(alpha: alpha))")
    decided.minima = 0
    decided.unclassified = 200  // nothing decided: the zero-hit bound 0.0149 would be disowned
    #expect(decided.hitProbabilityBound(alpha: alpha) == 1)
    var some = SaddleAvoidanceCheck.Evidence(starts: 200, hits: 0, minima: 190, unclassified: 10,
                                             upperBound: ZeroHitBound.upperBound(trials: 200, alpha: alpha))
    let b = BinomialInterval.clopperPearsonUpperBound(successes: 10, trials: 200, alpha: alpha)
    #expect(some.hitProbabilityBound(alpha: alpha) == b && b > some.upperBound)
    #expect(some.summary(alpha: alpha).contains("counting the 10 unclassified runs as hits"))
    some.starts = 0
    #expect(some.hitProbabilityBound(alpha: alpha) == nil)
    var uncovered = SaddleAvoidanceCheck.Evidence(starts: 100, hits: 0, minima: 0, unclassified: 0, upperBound: 0.0295)
    uncovered.notCoveredReason = "not covered by the theorem (λ_min = 0)"
    #expect(uncovered.hitProbabilityBound(alpha: alpha) == nil)
  }
}
