public import PropertyTesting

/// The suite's false-failure budget for the claims that assert a *positive*
/// probability — the refutations of CLAIMS.md part E. With every such claim
/// true (the limit really exists), the chance that the suite reports any of
/// them wrongly is at most 3e-3; each gets α = 1e-3 for its exact
/// Clopper–Pearson interval.
public enum SuiteBudget {
  public static let falseFailures = FalseFailureBudget(
    total: 3e-3,
    claims: [Claim.projectedGDCanConverge.id, Claim.strictnessIsNeeded.id, Claim.stepBoundIsNeeded.id])
}
