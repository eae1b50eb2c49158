import Foundation
import Randomness

/// The result of running one property over a run's cases.
public struct PropertyReport<Case: Codable & Sendable & Hashable>: Sendable {
  public var claim: String
  public var configuration: RunConfiguration
  public var cases: Int
  public var holds: Int
  public var inconclusive: Int
  /// The first failure, with its seed, original and shrunk case.
  public var failure: FailureRecord<Case>?
  public var coverage: CoverageTable
  /// Required coverage classes never exercised.
  public var missingCoverage: [String]
  /// Set when too many cases were inconclusive.
  public var healthProblem: String?

  /// Whether the property passed: no failure, full coverage, healthy.
  public var passed: Bool { failure == nil && missingCoverage.isEmpty && healthProblem == nil }
}

/// A failing case: where it came from, what it was, and what it shrank to.
public struct FailureRecord<Case: Codable & Sendable & Hashable>: Sendable, Hashable, Codable {
  public var caseIndex: Int
  public var caseSeed: UInt64
  public var original: Case
  public var originalOutcome: PropertyOutcome
  public var shrunk: Case
  public var shrunkOutcome: PropertyOutcome
  public var shrinkSteps: Int
  public var shrinkEvaluations: Int

  public init(caseIndex: Int, caseSeed: UInt64, original: Case, originalOutcome: PropertyOutcome,
              shrunk: Case, shrunkOutcome: PropertyOutcome, shrinkSteps: Int, shrinkEvaluations: Int) {
    self.caseIndex = caseIndex
    self.caseSeed = caseSeed
    self.original = original
    self.originalOutcome = originalOutcome
    self.shrunk = shrunk
    self.shrunkOutcome = shrunkOutcome
    self.shrinkSteps = shrinkSteps
    self.shrinkEvaluations = shrinkEvaluations
  }
}

/// Runs properties: generate, check, shrink on failure, count coverage, and
/// judge the run's health.
public enum PropertyRunner {
  /// Runs `property` on `configuration.cases` cases (case i drawn from
  /// `configuration.caseSeed(claim:index:)`); stops at the first failure and shrinks it.
  /// - Parameter maximumInconclusiveFraction: above this fraction of
  ///   inconclusive cases the run is unhealthy (fails).
  public static func run<P: Property>(
    _ property: P, configuration: RunConfiguration, maximumInconclusiveFraction: Double = 0.2,
    shrinker: Shrinker? = nil
  ) -> PropertyReport<P.Case> {
    var report = PropertyReport<P.Case>(
      claim: property.claim, configuration: configuration, cases: 0, holds: 0, inconclusive: 0,
      failure: nil, coverage: CoverageTable(), missingCoverage: [], healthProblem: nil)
    let shrinker = shrinker ?? Shrinker(maximumEvaluations: configuration.profile.shrinkEvaluations)
    for index in 0..<configuration.cases {
      let seed = configuration.caseSeed(claim: property.claim, index: index)
      let testCase = property.generate(seed: seed, index: index, configuration: configuration)
      report.coverage.add(property.labels(testCase))
      report.cases += 1
      let outcome = property.check(testCase)
      switch outcome {
      case .holds: report.holds += 1
      case .inconclusive: report.inconclusive += 1
      case .fails(let f):
        let s = shrinker.shrink(property, from: testCase, failure: f)
        report.failure = FailureRecord(
          caseIndex: index, caseSeed: seed, original: testCase, originalOutcome: outcome,
          shrunk: s.shrunk, shrunkOutcome: .fails(s.failure), shrinkSteps: s.steps, shrinkEvaluations: s.evaluations)
        return report
      }
    }
    report.missingCoverage = report.coverage.missing(property.requiredCoverage)
    if Double(report.inconclusive) > maximumInconclusiveFraction * Double(report.cases) {
      report.healthProblem = "\(report.inconclusive) of \(report.cases) cases inconclusive (allowed: " +
          "\(Int(maximumInconclusiveFraction * 100)) %)"
    }
    return report
  }
}

/// The suite-level false-failure budget for claims that assert a *positive*
/// probability (the refutations of CLAIMS.md part E): each such claim gets
/// α_i = total/k (Bonferroni), so that with every claim true the chance that
/// any of them is wrongly reported is at most `total`.
public struct FalseFailureBudget: Sendable, Hashable {
  /// The total false-failure probability allowed to the suite.
  public var total: Double
  /// The claims sharing it.
  public var claims: [String]

  public init(total: Double, claims: [String]) {
    precondition(total > 0 && total < 1 && !claims.isEmpty, "invalid budget")
    self.total = total
    self.claims = claims
  }

  /// α for one claim.
  public func alpha(for claim: String) -> Double {
    precondition(claims.contains(claim), "\(claim) has no share of the false-failure budget")
    return total / Double(claims.count)
  }

  /// The line printed at the end of a run.
  public var summary: String {
    "false-failure budget: \(total) shared by \(claims.count) positive-probability " +
        "claim\(claims.count == 1 ? "" : "s") (α = \(total / Double(claims.count)) each, Bonferroni)"
  }
}
