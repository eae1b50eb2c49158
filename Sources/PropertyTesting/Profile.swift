/// How hard a run tries: cases per property, Monte Carlo starts per case,
/// and the shrinking budget. `quick` is the default of `swift test`; `ci`
/// and `deep` trade time for statistical power (README, "Profiles");
/// `exhaustive` is meant to be sharded over a CI matrix or a job array
/// (`saddlecheck check --shard K/N`, README "Sharding").
public enum Profile: String, Sendable, Hashable, Codable, CaseIterable {
  case quick, ci, deep, exhaustive

  /// Generated cases per property.
  public var casesPerProperty: Int {
    switch self {
    case .quick: 8
    case .ci: 32
    case .deep: 128
    case .exhaustive: 512
    }
  }

  /// Monte Carlo starts per case for probability claims. `deep`'s 300 000
  /// give P(hit) ≤ 1e-5 at α = 0.05 (the batched engine makes them affordable;
  /// methods stepped lane by lane are capped lower by the battery);
  /// `exhaustive`'s 10⁷ give P(hit) ≤ 3e-7.
  public var monteCarloStarts: Int {
    switch self {
    case .quick: 200
    case .ci: 2_000
    case .deep: 300_000
    case .exhaustive: 10_000_000
    }
  }

  /// Property evaluations the shrinker may spend on one failure.
  public var shrinkEvaluations: Int {
    switch self {
    case .quick: 200
    case .ci: 500
    case .deep: 2_000
    case .exhaustive: 5_000
    }
  }
}
