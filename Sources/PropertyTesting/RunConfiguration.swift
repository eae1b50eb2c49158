import Foundation
import Randomness

/// The seed, profile and fixture policy of one run, read from the environment.
///
/// | variable | meaning |
/// |---|---|
/// | `SADDLECHECK_SEED` | the run seed (decimal or `0x…`), or `random` for a fresh one (printed) |
/// | `SADDLECHECK_PROFILE` | `quick` (default), `ci` or `deep` |
/// | `SADDLECHECK_CASES` | cases per property, overriding the profile |
/// | `SADDLECHECK_REPLAY` | replay only the fixture with this id |
/// | `SADDLECHECK_WRITE_FIXTURES` | `1`: new fixtures into `Fixtures/`; else a temporary folder (quick, outside CI) or attached |
/// | `CI` | `true`: derandomized (the fixed default seed, `random` ignored), no fixture writes unless asked |
///
/// Without `SADDLECHECK_SEED` the fixed ``defaultSeed`` is used, so an
/// unconfigured run — and every run with `CI=true` — depends only on the
/// commit. The seed is printed with every verdict so that any run can be replayed.
public struct RunConfiguration: Sendable, Hashable {
  /// The run seed; every case derives its own from (seed, claim ID, case index).
  public var seed: UInt64
  /// The profile.
  public var profile: Profile
  /// Cases per property when set, else the profile's.
  public var casesOverride: Int?
  /// Replay only this fixture id.
  public var replay: String?
  /// Whether new fixtures are written into the fixture store (`Fixtures/`): only when
  /// asked (`SADDLECHECK_WRITE_FIXTURES=1`), so a plain `swift test` never adds files to a source tree.
  public var writeFixtures: Bool
  /// Whether new fixtures not written to the store go to a temporary folder
  /// (``FixtureStore/temporary``; the quick profile outside CI), besides being attached.
  public var temporaryFixtures: Bool
  /// Whether `CI=true`.
  public var isCI: Bool
  /// Where the seed came from, for the printed line.
  public var seedSource: String

  /// The seed used when none is given.
  public static let defaultSeed: UInt64 = 0x5add_1ec0_ffee_2023

  public init(seed: UInt64, profile: Profile = .quick, casesOverride: Int? = nil, replay: String? = nil,
              writeFixtures: Bool = false, temporaryFixtures: Bool = false, isCI: Bool = false, seedSource: String = "given") {
    self.seed = seed
    self.profile = profile
    self.casesOverride = casesOverride
    self.replay = replay
    self.writeFixtures = writeFixtures
    self.temporaryFixtures = temporaryFixtures
    self.isCI = isCI
    self.seedSource = seedSource
  }

  /// Cases per property.
  public var cases: Int { casesOverride ?? profile.casesPerProperty }

  /// The seed of case `index` of the property for `claim`.
  public func caseSeed(claim: String, index: Int) -> UInt64 {
    Seed.derive(Seed.derive(seed, label: claim), UInt64(index))
  }

  /// Errors in the environment's settings.
  public struct InvalidSetting: Error, CustomStringConvertible {
    public var description: String
  }

  /// The configuration named by this process's environment.
  public static func fromEnvironment() throws -> RunConfiguration {
    try fromEnvironment(ProcessInfo.processInfo.environment)
  }

  /// The configuration named by `environment`.
  /// - Throws: ``InvalidSetting`` naming the variable and the problem.
  public static func fromEnvironment(_ environment: [String: String]) throws -> RunConfiguration {
    let isCI = environment["CI"].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false
    var seed = defaultSeed
    var source = isCI ? "CI=true: fixed default seed" : "default seed"
    if let text = environment["SADDLECHECK_SEED"], !text.isEmpty {
      if text == "random" {
        if !isCI {
          seed = Seed.derive(UInt64(bitPattern: Int64(Date().timeIntervalSince1970 * 1e6)),
              UInt64(ProcessInfo.processInfo.processIdentifier))
          source = "SADDLECHECK_SEED=random"
        }
      } else {
        guard let s = Seed.parse(text) else {
          throw InvalidSetting(description: "SADDLECHECK_SEED=\(text) is not a 64-bit seed (decimal, 0x-hexadecimal, or random)")
        }
        seed = s
        source = "SADDLECHECK_SEED"
      }
    }
    var profile = Profile.quick
    if let text = environment["SADDLECHECK_PROFILE"], !text.isEmpty {
      guard let p = Profile(rawValue: text) else {
        throw InvalidSetting(description: "SADDLECHECK_PROFILE=\(text) is not one of " +
            "\(Profile.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      profile = p
    }
    var cases: Int?
    if let text = environment["SADDLECHECK_CASES"], !text.isEmpty {
      guard let n = Int(text), (1...1_000_000).contains(n) else {
        throw InvalidSetting(description: "SADDLECHECK_CASES=\(text) is not a whole number from 1 to 1000000")
      }
      cases = n
    }
    let replay = environment["SADDLECHECK_REPLAY"].flatMap { $0.isEmpty ? nil : $0 }
    let write: Bool
    switch environment["SADDLECHECK_WRITE_FIXTURES"] {
    case "1", "true": write = true
    case "0", "false": write = false
    case nil, "": write = false
    case let other?: throw InvalidSetting(description: "SADDLECHECK_WRITE_FIXTURES=\(other) must be 1 or 0")
    }
    return RunConfiguration(seed: seed, profile: profile, casesOverride: cases, replay: replay,
                            writeFixtures: write, temporaryFixtures: !write && profile == .quick && !isCI,
                            isCI: isCI, seedSource: source)
  }

  /// The line printed at the start of a run.
  public var summary: String {
    "run seed \(Seed.hex(seed)) (\(seedSource)), profile \(profile.rawValue), \(cases) cases per property"
      + (isCI ? ", CI" : "")
      + (writeFixtures ? ", new fixtures written to Fixtures/"
         : temporaryFixtures ? ", new fixtures written to a temporary folder (SADDLECHECK_WRITE_FIXTURES=1: to Fixtures/)"
         : ", new fixtures attached to the failing test")
  }
}
