import Testing
import PropertyTesting

/// Exact binomial intervals and the normal quantile against references
/// computed independently with scipy 1.17: `scipy.stats.beta.ppf` for
/// Clopper–Pearson (lower = beta.ppf(α/2, x, n−x+1), upper = beta.ppf(1−α/2, x+1, n−x)),
/// `scipy.stats.norm.ppf` for Φ⁻¹, and the Wilson formula evaluated in numpy.
@Suite struct BinomialIntervalTests {
  static let clopperPearson: [(x: Int, n: Int, lower: Double, upper: Double)] = [
    (0, 10, 0, 0.3084971078187607), (1, 10, 0.0025285785444617848, 0.4450161170281954),
    (5, 10, 0.18708602844739855, 0.8129139715526015), (10, 10, 0.6915028921812392, 1),
    (3, 100, 0.006229971538306395, 0.08517605297428002), (250, 1000, 0.2234304062646804, 0.27805000622375553),
    (1, 10000, 2.5317775934746866e-06, 0.0005570369979470473),
  ]

  @Test("two-sided Clopper–Pearson matches scipy to 1e-10", arguments: clopperPearson.indices)
  func twoSided(_ i: Int) {
    let r = Self.clopperPearson[i]
    let interval = BinomialInterval.clopperPearson(successes: r.x, trials: r.n)
    #expect(abs(interval.lower - r.lower) <= 1e-10 && abs(interval.upper - r.upper) <= 1e-10, "\(r.x)/\(r.n): \(interval)")
  }

  @Test("one-sided Clopper–Pearson bounds match scipy to 1e-10")
  func oneSided() {
    #expect(abs(BinomialInterval.clopperPearsonLowerBound(successes: 3, trials: 100) - 0.008225829107652688) <= 1e-10)
    #expect(abs(BinomialInterval.clopperPearsonUpperBound(successes: 3, trials: 100) - 0.07571079374983004) <= 1e-10)
    #expect(abs(BinomialInterval.clopperPearsonLowerBound(successes: 250, trials: 1000) - 0.2275434796716092) <= 1e-10)
    #expect(abs(BinomialInterval.clopperPearsonUpperBound(successes: 250, trials: 1000) - 0.2735536313237202) <= 1e-10)
    #expect(BinomialInterval.clopperPearsonLowerBound(successes: 0, trials: 50) == 0)
    #expect(BinomialInterval.clopperPearsonUpperBound(successes: 0, trials: 400) == ZeroHitBound.upperBound(trials: 400))
  }

  @Test("Wilson intervals match the closed form evaluated in numpy to 1e-10")
  func wilson() {
    let references: [(Int, Int, Double, Double)] = [
      (0, 10, 0.0, 0.2775327998628892), (5, 10, 0.236593090512564, 0.7634069094874361),
      (3, 100, 0.010254524024038925, 0.0845193642905276), (250, 1000, 0.2241530989836914, 0.27776028025908617),
    ]
    for (x, n, lo, hi) in references {
      let w = BinomialInterval.wilson(successes: x, trials: n)
      #expect(abs(w.lower - lo) <= 1e-10 && abs(w.upper - hi) <= 1e-10, "\(x)/\(n): \(w)")
    }
  }

  @Test("the normal quantile matches scipy to 1e-12")
  func normalQuantile() {
    let references: [(Double, Double)] = [
      (0.975, 1.959963984540054), (0.95, 1.6448536269514722), (0.995, 2.5758293035489004), (0.5, 0),
      (1 - 1e-10, 6.361340889697422), (0.0005, -3.2905267314918945),
    ]
    for (p, z) in references { #expect(abs(SpecialFunctions.normalQuantile(p) - z) <= 1e-12, "Φ⁻¹(\(p))") }
  }

  @Test("the incomplete beta is a distribution function: I_0 = 0, I_1 = 1, symmetric, I_x(1, 1) = x")
  func incompleteBeta() {
    #expect(SpecialFunctions.regularizedIncompleteBeta(0.3, a: 1, b: 1) == 0.3 || abs(SpecialFunctions.regularizedIncompleteBeta(0.3, a: 1, b: 1) - 0.3) <= 1e-15)
    let v = SpecialFunctions.regularizedIncompleteBeta(0.2, a: 2.5, b: 7)
    #expect(abs(v + SpecialFunctions.regularizedIncompleteBeta(0.8, a: 7, b: 2.5) - 1) <= 1e-14)
  }
}
