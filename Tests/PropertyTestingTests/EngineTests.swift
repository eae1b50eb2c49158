import Testing
import Foundation
import PropertyTesting
import Randomness

@Suite struct EngineTests {
  static let configuration = RunConfiguration(seed: 0xe261, profile: .quick, casesOverride: 20)

  @Test("a planted bug is found and shrunk to the known minimal case [101] (margin ≥ 2)")
  func shrinksToMinimal() throws {
    let report = PropertyRunner.run(BoundedElements(), configuration: Self.configuration)
    let failure = try #require(report.failure)
    #expect(failure.shrunk == BoundedElements.Case(values: [101]))
    #expect(failure.original.values.count >= 1 && failure.shrinkSteps > 0)
    #expect(!report.passed)
  }

  @Test("with minimum margin 1 the same bug shrinks to [100]")
  func marginRule() throws {
    let shrinker = Shrinker(maximumEvaluations: 10_000, maximumSeconds: 30, minimumMargin: 1)
    let report = PropertyRunner.run(BoundedElements(), configuration: Self.configuration, shrinker: shrinker)
    #expect(try #require(report.failure).shrunk == BoundedElements.Case(values: [100]))
  }

  @Test("a bug that appears only from d = 7 on shrinks to d = 7, never below")
  func stopsAtDimension() throws {
    let report = PropertyRunner.run(HighDimensionBug(), configuration: Self.configuration)
    let failure = try #require(report.failure)
    #expect(failure.shrunk.dimension == 7 && failure.shrunk.x == Array(repeating: 0, count: 7))
  }

  @Test("a gross error never shrinks into a rounding-error look-alike")
  func keepsMargin() throws {
    let shrinker = Shrinker(maximumEvaluations: 1000, maximumSeconds: 10, minimumMargin: 2)
    let s = shrinker.shrink(FadingBug(), from: FadingBug.Case(x: 3), failure: PropertyFailure(kind: "inaccurate", margin: 9e9, message: ""))
    #expect(s.failure.margin >= 2 && s.failure.margin < 8)
    if case .fails(let next) = FadingBug().check(FadingBug.Case(x: s.shrunk.x / 2)) { #expect(next.margin < 2) }
  }

  @Test("the shrinker respects its evaluation budget")
  func budget() {
    let shrinker = Shrinker(maximumEvaluations: 3, maximumSeconds: 10)
    let s = shrinker.shrink(BoundedElements(), from: BoundedElements.Case(values: [300, 250, 399, 5]),
                            failure: PropertyFailure(kind: "too-large", margin: 300, message: ""))
    #expect(s.evaluations <= 3 && s.exhausted)
  }

  @Test("a required coverage class that is never exercised fails the run")
  func coverageRequirement() {
    let lowOnly = RunConfiguration(seed: 1, casesOverride: 0)
    var report = PropertyRunner.run(HighDimensionBug(), configuration: lowOnly)
    #expect(report.missingCoverage == ["dimension=high", "dimension=low"] && !report.passed)
    var table = CoverageTable()
    table.add(["dimension": "low"])
    #expect(table.missing(["dimension": ["low", "high"]]) == ["dimension=high"])
    report.missingCoverage = []
    #expect(table.rendered.contains("dimension=low: 1/1"))
  }

  @Test("too many inconclusive cases fail the health check; inconclusive never counts as holds")
  func health() {
    let report = PropertyRunner.run(MostlyInconclusive(), configuration: Self.configuration)
    #expect(report.inconclusive == 10 && report.holds == 10)
    #expect(report.healthProblem != nil && !report.passed)
    let lenient = PropertyRunner.run(MostlyInconclusive(), configuration: Self.configuration, maximumInconclusiveFraction: 0.6)
    #expect(lenient.passed)
  }

  @Test("case seeds derive from (run seed, claim, index) and are printed in the summary")
  func seeds() throws {
    let c = RunConfiguration(seed: 42)
    #expect(c.caseSeed(claim: "a", index: 0) != c.caseSeed(claim: "b", index: 0))
    #expect(c.caseSeed(claim: "a", index: 0) != c.caseSeed(claim: "a", index: 1))
    #expect(c.summary.contains("0x000000000000002a"))
    let env = try RunConfiguration.fromEnvironment(["CI": "true", "SADDLECHECK_SEED": "random", "SADDLECHECK_PROFILE": "ci"])
    #expect(env.seed == RunConfiguration.defaultSeed && env.profile == .ci && !env.writeFixtures)
    // A plain quick run never writes into the source tree: new fixtures go to a temporary folder.
    let quick = try RunConfiguration.fromEnvironment([:])
    #expect(!quick.writeFixtures && quick.temporaryFixtures)
    let asked = try RunConfiguration.fromEnvironment(["SADDLECHECK_WRITE_FIXTURES": "1"])
    #expect(asked.writeFixtures && !asked.temporaryFixtures)
    #expect(!env.temporaryFixtures)
    #expect(throws: RunConfiguration.InvalidSetting.self) { try RunConfiguration.fromEnvironment(["SADDLECHECK_PROFILE": "fast"]) }
    #expect(throws: RunConfiguration.InvalidSetting.self) { try RunConfiguration.fromEnvironment(["SADDLECHECK_CASES": "0"]) }
  }

  @Test("the false-failure budget shares α by Bonferroni")
  func budgetShares() {
    let b = FalseFailureBudget(total: 1e-3, claims: ["a", "b", "c", "d"])
    #expect(b.alpha(for: "c") == 2.5e-4 && b.summary.contains("4 positive-probability claims"))
  }
}
