import Foundation
import Checker
import PropertyTesting
import Randomness

/// The `saddlecheck` command line: argument parsing, the main job, output
/// formats and exit codes. `main.swift` only calls ``run(arguments:environment:output:diagnostics:)``.
///
/// Exit codes (documented in the README):
/// - 0: every claim gave its expected verdict;
/// - 1: some claim failed or was inconclusive;
/// - 64: usage error (unknown option, malformed value).
public enum SaddleCheckCommand {
  /// Exit status: every verdict as expected.
  public static let success: Int32 = 0
  /// Exit status: an unexpected verdict.
  public static let unexpectedVerdict: Int32 = 1
  /// Exit status: bad command line (BSD `EX_USAGE`).
  public static let usageError: Int32 = 64

  static let usage = """
    USAGE: saddlecheck [--seed <seed>] [--starts <n>] [--json]

    Runs the claim battery on its default profile and prints a verdict table.

    OPTIONS:
      --seed <seed>    Run seed, decimal or 0x-hexadecimal (default: $SADDLECHECK_SEED,
                       else \(Seed.hex(RunConfiguration.defaultSeed))).
      --starts <n>     Monte Carlo starts per landscape (default: \(Battery.default.starts)).
      --json           Print the results as JSON instead of a table.
      -h, --help       Show this help.
    """

  /// Runs the command; returns the process exit status.
  public static func run(
    arguments: [String], environment: [String: String],
    output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void
  ) -> Int32 {
    var battery = Battery.default
    var json = false
    var seed: UInt64
    do {
      seed = try RunConfiguration.fromEnvironment(environment).seed
    } catch {
      diagnostics("error: \(error)")
      return usageError
    }
    var i = 0
    while i < arguments.count {
      let arg = arguments[i]
      func value() -> String? {
        i += 1
        return i < arguments.count ? arguments[i] : nil
      }
      switch arg {
      case "-h", "--help":
        output(usage)
        return success
      case "--json":
        json = true
      case "--seed":
        guard let text = value(), let s = Seed.parse(text) else {
          diagnostics("error: --seed needs a 64-bit seed (decimal or 0x-hexadecimal)\n\n\(usage)")
          return usageError
        }
        seed = s
      case "--starts":
        guard let text = value(), let n = Int(text), n >= 1, n <= 10_000_000 else {
          diagnostics("error: --starts needs a whole number from 1 to 10000000\n\n\(usage)")
          return usageError
        }
        battery.starts = n
      default:
        diagnostics("error: unknown argument '\(arg)'\n\n\(usage)")
        return usageError
      }
      i += 1
    }

    diagnostics("saddlecheck: run seed \(Seed.hex(seed)) (replay with --seed \(Seed.hex(seed)))")
    let start = Date()
    let results = battery.run(seed: seed, progress: { diagnostics("  " + $0) })
    diagnostics(String(format: "saddlecheck: %d checks in %.1f s", results.count, Date().timeIntervalSince(start)))

    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let data = (try? encoder.encode(results)) ?? Data("[]".utf8)
      output(String(decoding: data, as: UTF8.self))
    } else {
      output(table(results))
    }
    return results.allSatisfy { $0.verdict == .holds } ? success : unexpectedVerdict
  }

  /// A plain-text table, one row per check.
  static func table(_ results: [CheckResult]) -> String {
    let header = ["claim", "method", "landscape", "verdict", "evidence"]
    let rows = results.map { [$0.claim, $0.method, $0.landscape, $0.verdict.rawValue, $0.evidence] }
    let widths = (0..<4).map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
    func line(_ r: [String]) -> String {
      (0..<4).map { r[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        + "  " + r[4]
    }
    return ([line(header)] + rows.map(line)).joined(separator: "\n")
  }
}
