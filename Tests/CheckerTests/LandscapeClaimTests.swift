import Testing
import LinearAlgebra
import Landscapes
import Checker
import Randomness

/// One generated instance: family, dimension, index and seed, shown in test names.
struct LandscapeCase: Sendable, CustomTestStringConvertible {
  var family: String
  var dimension: Int
  var index: Int?
  var seed: UInt64
  var conditioning = 5.0

  var testDescription: String {
    "\(family) d=\(dimension)\(index.map { " k=\($0)" } ?? "")\(conditioning == 5 ? "" : " κ=\(conditioning)") seed=\(Seed.hex(seed))"
  }

  func make() throws -> Landscape {
    let f = try #require(LandscapeFamily.named(family))
    return try f.generate(dimension: dimension, index: index, conditioning: conditioning, seed: seed)
  }

  /// Every family at every dimension of {1, 2, 3, 5, 10, 50} it accepts, two seeds each,
  /// plus higher-index variants.
  static let all: [LandscapeCase] = {
    var cases: [LandscapeCase] = []
    for family in LandscapeFamily.all {
      for d in [1, 2, 3, 5, 10, 50] where (try? family.generate(dimension: d, seed: 0)) != nil {
        for s in 0..<2 { cases.append(LandscapeCase(family: family.name, dimension: d, index: nil, seed: Seed.derive(0x1a4d, UInt64(d * 10 + s)))) }
      }
    }
    cases.append(LandscapeCase(family: "confined-quadratic", dimension: 5, index: 3, seed: 31))
    cases.append(LandscapeCase(family: "confined-quadratic", dimension: 3, index: 3, seed: 32))
    cases.append(LandscapeCase(family: "rotated-double-well", dimension: 5, index: 3, seed: 33))
    cases.append(LandscapeCase(family: "coupled-double-well", dimension: 10, index: 2, seed: 34))
    cases.append(LandscapeCase(family: "matrix-factorization", dimension: 10, index: 2, seed: 35))
    cases.append(LandscapeCase(family: "matrix-factorization", dimension: 9, index: 3, seed: 36))
    cases.append(LandscapeCase(family: "simplex-quadratic", dimension: 10, index: 4, seed: 37))
    cases.append(LandscapeCase(family: "confined-quadratic", dimension: 10, index: 2, seed: 38, conditioning: 1000))
    cases.append(LandscapeCase(family: "rotated-double-well", dimension: 10, index: 2, seed: 39, conditioning: 1000))
    cases.append(LandscapeCase(family: "matrix-factorization", dimension: 10, index: 1, seed: 40, conditioning: 100))
    return cases
  }()
}

/// `landscape.lipschitz-certificate` and `landscape.planted-critical-points`
/// on every family, and on broken landscapes to show the checks can fail.
@Suite struct LandscapeClaimTests {
  /// Families whose certificate is global and attained: the sampled maximum should be a sizeable fraction of L.
  static let tightFamilies: Set<String> = ["confined-quadratic", "rotated-double-well", "coupled-double-well", "rayleigh-quotient", "simplex-quadratic", "cosine-saddle", "half-plane-saddle"]

  @Test("landscape.lipschitz-certificate holds on every family", arguments: LandscapeCase.all)
  func lipschitzCertificate(_ c: LandscapeCase) throws {
    let f = try c.make()
    let (verdict, evidence) = LipschitzCertificateCheck().run(f.objective, seed: c.seed)
    #expect(verdict == .holds, "\(c.testDescription): \(evidence.failure ?? "")")
    #expect(evidence.worstFiniteDifferenceRatio <= 1)
    print("lipschitz-certificate \(c.testDescription): sampled max / L = \(evidence.tightness), worst FD error / tolerance = \(evidence.worstFiniteDifferenceRatio)")
    if Self.tightFamilies.contains(c.family) {
      #expect(evidence.tightness > 0.1, "certificate looser than 10×: sampled max / L = \(evidence.tightness)")
    }
  }

  @Test("landscape.planted-critical-points holds on every family", arguments: LandscapeCase.all)
  func plantedCriticalPoints(_ c: LandscapeCase) throws {
    let f = try c.make()
    let (verdict, evidence) = PlantedCriticalPointsCheck().run(f.objective, seed: c.seed)
    #expect(verdict == .holds, "\(c.testDescription): \(evidence.failure ?? "")")
    #expect(evidence.points >= 1)
  }
}

/// The landscape checks are seen to fail: each defect is caught by the check it breaks.
@Suite struct LandscapeCheckFailureTests {
  static let bases: [LandscapeCase] = [
    LandscapeCase(family: "rotated-double-well", dimension: 5, index: 2, seed: 41),
    LandscapeCase(family: "confined-quadratic", dimension: 10, index: 2, seed: 42),
    LandscapeCase(family: "matrix-factorization", dimension: 6, index: 2, seed: 43),
    LandscapeCase(family: "rayleigh-quotient", dimension: 4, index: nil, seed: 44),
    LandscapeCase(family: "coupled-double-well", dimension: 3, index: 1, seed: 45),
  ]

  /// The network family's certificate is valid but far above what sampling
  /// reaches (sampled max / L ≤ 0.02), and its planted point is degenerate
  /// (∇f vanishes to third order), so a halved L or a point moved by 1e-4 is
  /// invisible to sampling there; the other defects are caught.
  static let network = LandscapeCase(family: "pde-residual-network", dimension: 10, index: 2, seed: 46)

  @Test("on the network family, wrong derivatives, shifted eigenvalues and a raised f_low are caught")
  func networkDefects() throws {
    #expect(try Self.verdicts(Self.network, .scaledGradient).lipschitz == .fails)
    #expect(try Self.verdicts(Self.network, .scaledHessian).lipschitz == .fails)
    #expect(try Self.verdicts(Self.network, .shiftedEigenvalues).planted == .fails)
    #expect(try Self.verdicts(Self.network, .raisedLowerBound).planted == .fails)
  }

  static func failures<F: Objective>(_ f: F, seed: UInt64) -> (lipschitz: Verdict, planted: Verdict) {
    (LipschitzCertificateCheck().run(f, seed: seed).verdict, PlantedCriticalPointsCheck().run(f, seed: seed).verdict)
  }

  static func verdicts(_ c: LandscapeCase, _ defect: LandscapeMutant<Landscape>.Defect) throws -> (lipschitz: Verdict, planted: Verdict) {
    let mutant = LandscapeMutant(base: try c.make(), defect: defect)
    return failures(mutant, seed: c.seed)
  }

  @Test("a halved L is caught by landscape.lipschitz-certificate", arguments: bases)
  func halvedLipschitz(_ c: LandscapeCase) throws {
    #expect(try Self.verdicts(c, .halvedLipschitz).lipschitz == .fails)
  }

  @Test("a gradient off by 0.1 % is caught by the finite-difference part of landscape.lipschitz-certificate", arguments: bases)
  func scaledGradient(_ c: LandscapeCase) throws {
    #expect(try Self.verdicts(c, .scaledGradient).lipschitz == .fails)
  }

  @Test("a Hessian off by 1 % is caught by landscape.lipschitz-certificate", arguments: bases)
  func scaledHessian(_ c: LandscapeCase) throws {
    #expect(try Self.verdicts(c, .scaledHessian).lipschitz == .fails)
  }

  @Test("a moved planted point, shifted eigenvalues and a raised f_low are caught by landscape.planted-critical-points", arguments: bases)
  func plantedDefects(_ c: LandscapeCase) throws {
    #expect(try Self.verdicts(c, .movedPoint).planted == .fails)
    #expect(try Self.verdicts(c, .shiftedEigenvalues).planted == .fails)
    #expect(try Self.verdicts(c, .raisedLowerBound).planted == .fails)
  }

  @Test("the unmutated bases pass both checks", arguments: bases)
  func basesPass(_ c: LandscapeCase) throws {
    let v = Self.failures(try c.make(), seed: c.seed)
    #expect(v.lipschitz == .holds && v.planted == .holds)
  }
}
