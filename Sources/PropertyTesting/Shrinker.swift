import Foundation

/// Greedy shrinking of a failing case (as in QuickCheck and Hypothesis):
/// try the property's simpler variants in order, move to the first that
/// fails *the same way* — the same failure kind with a margin of at least
/// `minimumMargin` tolerances — and repeat until no variant does or the
/// evaluation budget is spent.
///
/// Reproducibility: with the evaluation budget alone the shrunk case depends
/// only on the property and the start, so the same seed gives the same fixture
/// on any machine. An optional wall-clock budget (``maximumSeconds``) makes the
/// result depend on machine speed and load; the property runner does not set it.
public struct Shrinker: Sendable {
  /// Evaluations of the property allowed.
  public var maximumEvaluations: Int
  /// Seconds allowed, or nil for no time budget (the default: results then do not
  /// depend on the machine's speed).
  public var maximumSeconds: Double?
  /// The smallest margin (in units of the check's tolerance) a shrunk failure must keep.
  public var minimumMargin: Double

  public init(maximumEvaluations: Int, maximumSeconds: Double? = nil, minimumMargin: Double = 2) {
    self.maximumEvaluations = maximumEvaluations
    self.maximumSeconds = maximumSeconds
    self.minimumMargin = minimumMargin
  }

  /// The result of shrinking.
  public struct Result<Case: Sendable & Hashable>: Sendable {
    public var shrunk: Case
    public var failure: PropertyFailure
    /// Accepted simplifications.
    public var steps: Int
    /// Property evaluations spent.
    public var evaluations: Int
    /// Whether a budget ran out before a local minimum was reached.
    public var exhausted: Bool
  }

  public func shrink<P: Property>(_ property: P, from start: P.Case, failure: PropertyFailure) -> Result<P.Case> {
    let clock = ContinuousClock()
    let begin = clock.now
    var current = start, currentFailure = failure
    var steps = 0, evaluations = 0
    var seen: Set<P.Case> = [start]
    func outOfBudget() -> Bool {
      if evaluations >= maximumEvaluations { return true }
      guard let maximumSeconds else { return false }
      let e = clock.now - begin
      return Double(e.components.seconds) + Double(e.components.attoseconds) * 1e-18 >= maximumSeconds
    }
    outer: while true {
      for candidate in property.shrink(current) where !seen.contains(candidate) {
        if outOfBudget() { return Result(shrunk: current, failure: currentFailure, steps: steps,
            evaluations: evaluations, exhausted: true) }
        seen.insert(candidate)
        evaluations += 1
        if case .fails(let f) = property.check(candidate), f.kind == failure.kind, f.margin >= minimumMargin {
          current = candidate
          currentFailure = f
          steps += 1
          continue outer
        }
      }
      return Result(shrunk: current, failure: currentFailure, steps: steps, evaluations: evaluations, exhausted: false)
    }
  }
}
