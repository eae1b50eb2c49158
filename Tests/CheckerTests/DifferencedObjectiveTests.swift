import Testing
import LinearAlgebra
import Landscapes
import Checker
import Dynamics
import Randomness
import Foundation

/// A user with only f and ∇f: the differenced Hessian against the exact one of a
/// built-in family, and an L that every report calls *estimated*.
@Suite struct DifferencedObjectiveTests {
  /// The exact landscape and its f/∇f-only wrapper on the box [−4, 4]^3 (every planted point inside).
  static let exact = RotatedDoubleWell.random(dimension: 3, wells: 2, seed: 5)
  static let wrapped: DifferencedObjective = {
    let f = exact
    return try! DifferencedObjective(dimension: 3, region: .box(lower: Vector([-4, -4, -4]), upper: Vector([4, 4, 4])),
                                     samples: 64, seed: 9, value: { f.value(at: $0) }, gradient: { f.gradient(at: $0) })
  }()

  /// The differenced Hessian is within its own error estimate of the exact one, and that
  /// estimate is small: ≤ 1e-7·(1 + ‖H‖_F) (Richardson-extrapolated central differences are
  /// O(h⁴) accurate; rounding at h ≈ 1e-3 is ≈ 1e-13). Mutant (seen failing): a fixed step
  /// h = 1e-9 without the step rule gives error estimates ≈ 1e-6 that the check rejects.
  @Test("the differenced Hessian is accurate to its error estimate")
  func hessianWithinItsEstimate() {
    var rng = Xoshiro256StarStar(seed: 3)
    for _ in 0..<20 {
      let x = Vector((0..<3).map { _ in Draw.uniform(from: -4, to: 4, using: &rng) })
      let h = Self.wrapped.hessianEstimate(at: x)
      let truth = Self.exact.hessian(at: x)
      let error = (h.matrix - truth).frobeniusNorm
      #expect(error <= h.errorEstimate, "at \(x): error \(error) > estimate \(h.errorEstimate)")
      #expect(h.errorEstimate <= 1e-7 * (1 + truth.frobeniusNorm), "at \(x): estimate \(h.errorEstimate)")
    }
  }

  /// L is a sampled estimate: at least the largest sampled ‖∇²f‖₂ (the exact L = max μ is
  /// attained at the origin, sampled as the box's centre), at most the safety factor 2 times
  /// the true L plus the error estimate, and labelled *estimated*.
  @Test("L is estimated, near the true L, and labelled so")
  func lipschitzIsEstimated() {
    let f = Self.wrapped
    #expect(f.lipschitzConstant >= Self.exact.lipschitzConstant)
    #expect(f.lipschitzConstant <= 2 * Self.exact.lipschitzConstant * (1 + 1e-6))
    #expect(!f.boundProvenance.isCertified)
    #expect(f.boundProvenance.word == "estimated")
    #expect(f.lowerBound <= Self.exact.lowerBound)
    #expect(f.thirdDerivativeBound > 0 && f.thirdDerivativeBound.isFinite)
  }

  /// The hypotheses statement says *estimated* for the wrapper and *certified* for the
  /// family. Mutant (seen failing): the wrapper's provenance left at the protocol default
  /// `.certified` prints "certified on" for an estimate.
  @Test("the hypotheses statement says estimated, never certified, for an estimated L")
  func hypothesesWording() {
    let method = GradientDescent(stepSize: 0.9 / Self.wrapped.lipschitzConstant)
    let estimated = Hypotheses.measure(method, on: Self.wrapped, points: []).lines.joined(separator: "\n")
    #expect(estimated.contains("ESTIMATED, not certified"))
    #expect(!estimated.contains("certified on"))
    let certified = Hypotheses.measure(method, on: Self.exact, points: []).lines.joined(separator: "\n")
    #expect(certified.contains("certified on R^d"))
    #expect(!certified.contains("ESTIMATED"))
    // The landscape enum forwards the provenance of its family.
    #expect(Landscape.rotatedDoubleWell(Self.exact).boundProvenance == .certified)
  }

  /// The finder and classifier work through the differenced Hessian: the nine planted
  /// points of the exact landscape, found on the wrapper, classified as planted.
  @Test("the finder on f and ∇f alone finds the planted points")
  func finderOnDifferencedHessian() throws {
    var finder = CriticalPointFinder()
    finder.starts = 48
    finder.maximumIterations = 30
    let search = try finder.find(in: Self.wrapped, region: Self.wrapped.certifiedRegion, seed: 4)
    for (k, p) in Self.exact.criticalPoints.enumerated() {
      let nearest = search.points.map { $0.location.distance(to: p.location) }.min() ?? .infinity
      // Newton with a differenced Hessian still converges to the root of the exact ∇f;
      // refinement stops at the rounding floor of ∇f, ≈ 1e-15.
      #expect(nearest <= 1e-10, "planted #\(k) missed (nearest \(nearest))")
    }
    #expect(search.points.count == Self.exact.criticalPoints.count)
    for p in search.points {
      // The wrapper plants nothing; match against the exact landscape's points.
      let planted = Self.exact.criticalPoints
      let k = try #require(planted.indices.first { planted[$0].location.distance(to: p.location) <= 1e-10 })
      let expected: CriticalPointClassifier.Class = Self.exact.criticalPoints[k].index == 0
        ? .strictMinimum : .strictSaddle(index: Self.exact.criticalPoints[k].index)
      #expect(p.classification == expected, "planted #\(k): \(p.classSummary)")
    }
  }

  @Test("an unbounded region or a non-finite gradient is an error naming the field")
  func estimationErrors() {
    do {
      _ = try DifferencedObjective(dimension: 2, region: .everywhere, value: { _ in 0 }, gradient: { $0 })
      Issue.record("an unbounded region was accepted")
    } catch {
      #expect(error.field == "region")
    }
    do {
      _ = try DifferencedObjective(dimension: 2, region: .ball(center: Vector([0, 0]), radius: 1),
                                   value: { _ in 0 }, gradient: { _ in Vector([.nan, 0]) })
      Issue.record("a NaN gradient was accepted")
    } catch {
      #expect(error.field == "gradient at sample #0")
    }
  }
}
