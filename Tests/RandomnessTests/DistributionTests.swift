import Testing
import Foundation
import LinearAlgebra
import PropertyTesting
import Randomness

/// A generator that always returns one word, to test the ends of the bit mappings.
struct ConstantGenerator: RandomNumberGenerator {
  var word: UInt64
  mutating func next() -> UInt64 { word }
}

/// Moment and distribution checks of every draw at fixed seeds. Each
/// tolerance comes from a concentration inequality at false-failure rate
/// p = 1e-9 per check (``Concentration``), so a correct generator fails one
/// of these checks with probability below 1e-7 in all — never by a guessed
/// tolerance.
@Suite struct DistributionTests {
  /// False-failure probability allowed to each statistical check.
  static let p = 1e-9
  static let n = 200_000

  /// Asserts that the fraction of `draws` satisfying `event` is within
  /// Hoeffding's half-width of `probability`.
  static func expectFraction(_ hits: Int, of n: Int, near probability: Double, _ what: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    let t = Concentration.hoeffdingHalfWidth(samples: n, range: 1, falseFailureRate: p)
    let f = Double(hits) / Double(n)
    #expect(abs(f - probability) <= t, "\(what): fraction \(f), expected \(probability) ± \(t)", sourceLocation: sourceLocation)
  }

  @Test("bits-to-Double mappings: [0, 1) and (0, 1) at their extreme words")
  func unitIntervalEnds() {
    var zero = ConstantGenerator(word: 0), full = ConstantGenerator(word: .max)
    #expect(Draw.unitInterval(using: &zero) == 0)
    #expect(Draw.unitInterval(using: &full) == 1 - 0x1p-53)
    #expect(Draw.openUnitInterval(using: &zero) == 0x1p-53)
    #expect(Draw.openUnitInterval(using: &full) == 1 - 0x1p-53)
  }

  @Test("uniform: mean 1/2 and variance 1/12")
  func uniformMoments() {
    var rng = Xoshiro256StarStar(seed: 0xd157_0001)
    let u = (0..<Self.n).map { _ in Draw.unitInterval(using: &rng) }
    #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = u.reduce(0, +) / Double(Self.n)
    #expect(abs(mean - 0.5) <= Concentration.hoeffdingHalfWidth(samples: Self.n, range: 1, falseFailureRate: Self.p))
    // (U − ½)² ∈ [0, ¼] has mean 1/12.
    let second = u.reduce(0) { $0 + ($1 - 0.5) * ($1 - 0.5) } / Double(Self.n)
    #expect(abs(second - 1.0 / 12) <= Concentration.hoeffdingHalfWidth(samples: Self.n, range: 0.25, falseFailureRate: Self.p))
  }

  @Test("integer(below:) is uniform on every residue", arguments: [1, 3, 7, 10])
  func integerUniform(bound: Int) {
    var rng = Xoshiro256StarStar(seed: Seed.derive(0xd157_0002, UInt64(bound)))
    var counts = [Int](repeating: 0, count: bound)
    for _ in 0..<Self.n { counts[Int(Draw.integer(below: UInt64(bound), using: &rng))] += 1 }
    for (k, c) in counts.enumerated() { Self.expectFraction(c, of: Self.n, near: 1 / Double(bound), "residue \(k) of \(bound)") }
  }

  @Test("standard normal: mean 0, second moment 1, two-sided 5 % tail")
  func gaussianMoments() {
    var rng = Xoshiro256StarStar(seed: 0xd157_0003)
    let z = (0..<Self.n).map { _ in Draw.standardNormal(using: &rng) }
    let mean = z.reduce(0, +) / Double(Self.n)
    #expect(abs(mean) <= Concentration.gaussianMeanHalfWidth(samples: Self.n, sigma: 1, falseFailureRate: Self.p))
    let second = z.reduce(0) { $0 + $1 * $1 } / Double(Self.n)
    #expect(Concentration.chiSquareMeanInterval(samples: Self.n, falseFailureRate: Self.p).contains(second), "E z² ≈ \(second)")
    // P(|Z| > 1.959963984540054) = 0.05 (the 97.5 % normal quantile).
    Self.expectFraction(z.filter { abs($0) > 1.959_963_984_540_054 }.count, of: Self.n, near: 0.05, "normal tail")
  }

  @Test("unit sphere: unit norm, E x₁ = 0, E x₁² = 1/d", arguments: [1, 2, 3, 10])
  func sphere(dimension d: Int) {
    var rng = Xoshiro256StarStar(seed: Seed.derive(0xd157_0004, UInt64(d)))
    let n = 50_000
    var first = 0.0, second = 0.0
    for _ in 0..<n {
      let x = Draw.onUnitSphere(dimension: d, using: &rng)
      #expect(abs(x.euclideanNorm - 1) <= 4 * Double.ulpOfOne)
      first += x[0]
      second += x[0] * x[0]
    }
    #expect(abs(first / Double(n)) <= Concentration.hoeffdingHalfWidth(samples: n, range: 2, falseFailureRate: Self.p))
    #expect(abs(second / Double(n) - 1 / Double(d)) <= Concentration.hoeffdingHalfWidth(samples: n, range: 1, falseFailureRate: Self.p))
  }

  /// For X uniform in a d-ball of radius r, (‖X − c‖/r)^d is uniform on [0, 1].
  @Test("ball: inside, and (‖x − c‖/r)^d uniform", arguments: [1, 2, 5, 10])
  func ball(dimension d: Int) {
    var rng = Xoshiro256StarStar(seed: Seed.derive(0xd157_0005, UInt64(d)))
    let center = Vector((0..<d).map { Double($0) })
    let n = 50_000
    var below = 0
    for _ in 0..<n {
      let x = Draw.inBall(center: center, radius: 0.5, using: &rng)
      let s = x.distance(to: center) / 0.5
      #expect(s <= 1 + 1e-15)
      if pow(s, Double(d)) <= 0.3 { below += 1 }
    }
    Self.expectFraction(below, of: n, near: 0.3, "ball radial law d=\(d)")
  }

  /// CDFs: Gamma(1) = Exp(1), F(x) = 1 − e^{−x}; Gamma(2): F(x) = 1 − e^{−x}(1 + x);
  /// Gamma(½) = χ²₁/2: F(x) = erf(√x); Gamma(5): F(x) = 1 − e^{−x} Σ_{k<5} x^k/k!.
  @Test("gamma variates follow their CDFs", arguments: [0.5, 1.0, 2.0, 5.0])
  func gammaCDF(shape: Double) {
    var rng = Xoshiro256StarStar(seed: Seed.derive(0xd157_0006, UInt64(shape * 10)))
    let cdf: (Double) -> Double
    switch shape {
    case 0.5: cdf = { erf($0.squareRoot()) }
    case 1: cdf = { 1 - exp(-$0) }
    case 2: cdf = { 1 - exp(-$0) * (1 + $0) }
    default: cdf = { x in 1 - exp(-x) * (0..<5).reduce(0.0) { $0 + pow(x, Double($1)) / tgamma(Double($1 + 1)) } }
    }
    let draws = (0..<Self.n).map { _ in Draw.gamma(shape: shape, using: &rng) }
    #expect(draws.allSatisfy { $0 > 0 && $0.isFinite })
    for x in [0.25 * shape, shape, 2 * shape] {
      Self.expectFraction(draws.filter { $0 <= x }.count, of: Self.n, near: cdf(x), "Gamma(\(shape)) CDF at \(x)")
    }
  }

  /// Dirichlet(1, …, 1) in d coordinates: x₁ ~ Beta(1, d − 1), P(x₁ ≤ t) = 1 − (1 − t)^{d−1};
  /// Dirichlet(α): E x_i = α_i / Σα.
  @Test("Dirichlet: on the simplex, Beta marginals, mean α/Σα")
  func dirichlet() {
    var rng = Xoshiro256StarStar(seed: 0xd157_0007)
    let n = 50_000
    var below = 0
    for _ in 0..<n {
      let x = Draw.dirichlet(concentration: [1, 1, 1, 1], using: &rng)
      #expect(x.allSatisfy { $0 >= 0 } && abs(x.reduce(0, +) - 1) <= 4 * Double.ulpOfOne)
      if x[0] <= 0.2 { below += 1 }
    }
    Self.expectFraction(below, of: n, near: 1 - pow(0.8, 3), "Dirichlet(1,1,1,1) marginal")
    let alpha = [0.5, 2, 3.5]
    var mean = [0.0, 0, 0]
    for _ in 0..<n {
      let x = Draw.dirichlet(concentration: alpha, using: &rng)
      for i in 0..<3 { mean[i] += x[i] / Double(n) }
    }
    for i in 0..<3 {
      #expect(abs(mean[i] - alpha[i] / 6) <= Concentration.hoeffdingHalfWidth(samples: n, range: 1, falseFailureRate: Self.p))
    }
  }
}
