/// How hard a run tries: cases per property, Monte Carlo starts per case,
/// and the shrinking budget. `quick` is the default of `swift test`; `ci`
/// and `deep` trade time for statistical power (README, "Profiles").
public enum Profile: String, Sendable, Hashable, Codable, CaseIterable {
  case quick, ci, deep

  /// Generated cases per property.
  public var casesPerProperty: Int {
    switch self {
    case .quick: 8
    case .ci: 32
    case .deep: 128
    }
  }

  /// Monte Carlo starts per case for probability claims. `deep`'s 300 000
  /// give P(hit) ≤ 1e-5 at α = 0.05 (the batched engine makes them affordable;
  /// methods stepped lane by lane are capped lower by the battery).
  public var monteCarloStarts: Int {
    switch self {
    case .quick: 200
    case .ci: 2_000
    case .deep: 300_000
    }
  }

  /// Property evaluations the shrinker may spend on one failure.
  public var shrinkEvaluations: Int {
    switch self {
    case .quick: 200
    case .ci: 500
    case .deep: 2_000
    }
  }
}
