import Testing
import Foundation
import PropertyTesting

/// The zero-hit bound against reference values. The references are
/// scipy 1.17's `scipy.stats.beta.ppf(1 − α, 1, n)`, the Clopper–Pearson
/// upper limit for 0 successes in n trials (Clopper & Pearson, Biometrika
/// 26, 1934), computed independently of this package.
@Suite struct ZeroHitBoundTests {
  static let references: [(n: Int, alpha: Double, bound: Double)] = [
    (1, 0.05, 0.95), (10, 0.05, 0.2588655508930522), (100, 0.05, 0.029513049607039925),
    (400, 0.05, 0.007461355528799602), (1000, 0.05, 0.002991249545095295),
    (10000, 0.05, 0.00029952835977661195), (10, 0.01, 0.36904265551980675),
    (100, 0.01, 0.045007413978564045), (10000, 0.01, 0.0004604109969121544),
  ]

  @Test("1 − α^{1/n} matches Clopper–Pearson references to 1e-10", arguments: references.indices)
  func matchesReference(index: Int) {
    let r = Self.references[index]
    #expect(abs(ZeroHitBound.upperBound(trials: r.n, alpha: r.alpha) - r.bound) <= 1e-10)
  }

  @Test("the rule of three: n·bound → −log α ≈ 3 for α = 0.05")
  func ruleOfThree() {
    let n = 1_000_000
    #expect(abs(Double(n) * ZeroHitBound.upperBound(trials: n) + log(0.05)) <= 1e-5)
  }

  @Test("trials needed: the smallest n that reaches the target (references from the closed form)")
  func trialsNeeded() {
    #expect(ZeroHitBound.trialsNeeded(for: 0.001) == 2995)
    #expect(ZeroHitBound.trialsNeeded(for: 0.01) == 299)
    for target in [0.1, 0.01, 0.003, 1e-4] {
      let n = ZeroHitBound.trialsNeeded(for: target)
      #expect(ZeroHitBound.upperBound(trials: n) <= target)
      #expect(ZeroHitBound.upperBound(trials: n - 1) > target)
    }
  }
}

/// The concentration half-widths solve their defining tail equations.
@Suite struct ConcentrationTests {
  @Test("Hoeffding: 2·exp(−2n t²/range²) = p at the returned t")
  func hoeffding() {
    let t = Concentration.hoeffdingHalfWidth(samples: 1000, range: 2, falseFailureRate: 1e-9)
    #expect(abs(2 * exp(-2 * 1000 * t * t / 4) - 1e-9) <= 1e-20)
  }

  @Test("Gaussian mean: 2·exp(−n t²/(2σ²)) = p at the returned t")
  func gaussianMean() {
    let t = Concentration.gaussianMeanHalfWidth(samples: 500, sigma: 3, falseFailureRate: 1e-6)
    #expect(abs(2 * exp(-500 * t * t / 18) - 1e-6) <= 1e-17)
  }

  @Test("Laurent–Massart interval contains 1 and narrows like n^{-1/2}")
  func chiSquare() {
    let a = Concentration.chiSquareMeanInterval(samples: 10_000, falseFailureRate: 1e-9)
    let b = Concentration.chiSquareMeanInterval(samples: 40_000, falseFailureRate: 1e-9)
    #expect(a.contains(1) && b.contains(1))
    #expect(abs((a.upperBound - 1) / (b.upperBound - 1) - 2) < 0.1)
  }
}
