import Randomness
import Landscapes
public import Dynamics
import PropertyTesting

/// The claim battery: every implemented check on the default landscapes,
/// as one library call that the CLI's main job and tests share.
///
/// Walking skeleton: `gd.avoids-strict-saddles` on rotated double wells with
/// one index-1 saddle in several dimensions. Later issues add the other claims.
public struct Battery: Sendable {
  /// Dimensions of the landscapes.
  public var dimensions: [Int]
  /// Starts per landscape.
  public var starts: Int
  /// Step size as a fraction of 1/L (must be < 1 for the claim's hypothesis).
  public var stepFraction: Double

  /// The default profile of the main job.
  public static let `default` = Battery(dimensions: [1, 2, 5, 10, 50], starts: 10_000, stepFraction: 0.9)

  public init(dimensions: [Int], starts: Int, stepFraction: Double) {
    self.dimensions = dimensions
    self.starts = starts
    self.stepFraction = stepFraction
  }

  /// The classification rules: 5000 steps, within 1e-6 of a point with ‖∇f‖ ≤ 1e-8.
  public static let rules = Classification(horizon: 5000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)

  /// Runs the battery; `progress` receives one line per stage (for stderr).
  public func run(seed: UInt64, progress: @Sendable (String) -> Void = { _ in }) -> [CheckResult] {
    var results: [CheckResult] = []
    for d in dimensions {
      let landscapeSeed = Seed.derive(seed, label: "landscape/rotated-double-well/\(d)")
      let f = RotatedDoubleWell.indexOneSaddle(dimension: d, seed: landscapeSeed)
      let gd = GradientDescent(stepSize: stepFraction / f.lipschitzConstant)
      let check = SaddleAvoidanceCheck(starts: starts, radius: 0.5, rules: Self.rules)
      let caseSeed = Seed.derive(seed, label: "\(check.claim.id)/\(d)")
      progress("\(check.claim.id): \(gd.name) on rotated-double-well(d=\(d)), \(starts) starts …")
      let (verdict, evidence) = check.run(gd, on: f, saddle: f.origin, seed: caseSeed)
      results.append(CheckResult(
        claim: check.claim.id, method: "gd(alpha=\(stepFraction)/L)", landscape: "rotated-double-well(d=\(d), index 1)",
        verdict: verdict, evidence: evidence.summary(alpha: check.alpha), seed: Seed.hex(caseSeed)))
    }
    return results
  }
}
