import Foundation
import Checker
import PropertyTesting

extension SaddleCheckCommand {
  /// `saddlecheck replay FIXTURE.json …`: re-checks each fixture's shrunk
  /// case, file after file; a file that cannot be read or is invalid is
  /// reported on standard error (naming the field) and the next one is replayed.
  ///
  /// Exit status: 0 when every fixture replays as recorded (failing and
  /// refutation fixtures still fail the same way, fixed ones hold, with the
  /// recorded outcome); 1 when some did not, or some file could not be
  /// replayed while others could; 64 when no file could be replayed (nothing
  /// on standard output), or for a usage error. `SADDLECHECK_MAX_WORK` sets
  /// the work limit per fixture (default ``ReplayBudget/defaultMaximumWork``).
  static func replay(
    _ arguments: [String], environment: [String: String], output: (String) -> Void,
    diagnostics: @escaping @Sendable (String) -> Void
  ) throws(UsageError) -> Int32 {
    guard !arguments.isEmpty else { throw UsageError(description: "replay needs one or more fixture files") }
    if let option = arguments.first(where: { $0.hasPrefix("-") }) { throw UsageError(description: "unknown argument '\(option)'") }
    var maximumWork = ReplayBudget.defaultMaximumWork
    if let text = environment["SADDLECHECK_MAX_WORK"] {
      guard let w = Double(text), w.isFinite, w >= 1 else {
        throw UsageError(description: "SADDLECHECK_MAX_WORK must be a number ≥ 1 (gradient evaluations), got '\(text)'")
      }
      maximumWork = w
    }
    var replayed = 0, invalid = 0, notAsRecorded = 0
    for path in arguments {
      do {
        _ = try readUserFile(path, option: "replay")
      } catch {
        diagnostics("error: \(error.description)")
        invalid += 1
        continue
      }
      let result: ReplayResult
      do {
        result = try PropertyRegistry.replay(URL(fileURLWithPath: path), maximumWork: maximumWork)
      } catch {
        diagnostics("error: \(path): \(error.problem)")
        invalid += 1
        continue
      }
      replayed += 1
      output(result.summary)
      if let drift = result.drift { diagnostics("warning: \(result.file): \(drift)") }
      if let differs = result.evidenceDiffers { diagnostics("error: \(result.file): \(differs)") }
      if result.agreement != .asRecorded || result.evidenceDiffers != nil { notAsRecorded += 1 }
    }
    if invalid > 0 || notAsRecorded > 0 {
      diagnostics("saddlecheck replay: \(replayed) replayed, \(replayed - notAsRecorded) as recorded, \(invalid) not replayable")
    }
    if replayed == 0 { return usageError }
    return invalid == 0 && notAsRecorded == 0 ? success : unexpectedVerdict
  }
}
