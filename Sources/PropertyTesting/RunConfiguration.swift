import Foundation
import Randomness

/// The seed and profile of one run, read from the environment.
///
/// `SADDLECHECK_SEED` (decimal or `0x…`) sets the run seed; otherwise the
/// fixed ``defaultSeed`` is used, so an unconfigured run — and every run with
/// `CI=true` — depends only on the commit. The seed is printed with every
/// verdict so that any run can be replayed.
public struct RunConfiguration: Sendable, Hashable {
  /// The run seed; every case derives its own with `Seed.derive`.
  public var seed: UInt64

  /// The seed used when none is given.
  public static let defaultSeed: UInt64 = 0x5add_1ec0_ffee_2023

  public init(seed: UInt64) { self.seed = seed }

  /// Errors in the environment's settings.
  public struct InvalidSetting: Error, CustomStringConvertible {
    public var description: String
  }

  /// The configuration named by the environment.
  /// - Throws: ``InvalidSetting`` when `SADDLECHECK_SEED` is malformed.
  public static func fromEnvironment() throws -> RunConfiguration {
    try fromEnvironment(ProcessInfo.processInfo.environment)
  }

  /// The configuration named by `environment`.
  public static func fromEnvironment(_ environment: [String: String]) throws -> RunConfiguration {
    if let text = environment["SADDLECHECK_SEED"], !text.isEmpty {
      guard let seed = Seed.parse(text) else {
        throw InvalidSetting(description: "SADDLECHECK_SEED=\(text) is not a 64-bit seed (decimal or 0x-hexadecimal)")
      }
      return RunConfiguration(seed: seed)
    }
    return RunConfiguration(seed: defaultSeed)
  }
}
