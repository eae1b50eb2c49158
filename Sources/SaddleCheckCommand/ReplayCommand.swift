import Foundation
import Checker
import PropertyTesting

extension SaddleCheckCommand {
  /// `saddlecheck replay FIXTURE.json …`: re-checks each fixture's shrunk
  /// case; exit 0 when every fixture replays as recorded (failing and
  /// refutation fixtures still fail, fixed ones hold), 1 otherwise, 64 for
  /// unreadable files.
  static func replay(_ arguments: [String], output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void) throws(UsageError) -> Int32 {
    guard !arguments.isEmpty else { throw UsageError(description: "replay needs one or more fixture files") }
    if let option = arguments.first(where: { $0.hasPrefix("-") }) { throw UsageError(description: "unknown argument '\(option)'") }
    var allAsRecorded = true
    for path in arguments {
      let result: ReplayResult
      do {
        result = try PropertyRegistry.replay(URL(fileURLWithPath: path))
      } catch {
        throw UsageError(description: "\(error)")
      }
      output(result.summary)
      if let drift = result.drift { diagnostics("warning: \(result.file): \(drift)") }
      if result.agreement != .asRecorded { allAsRecorded = false }
    }
    return allAsRecorded ? success : unexpectedVerdict
  }
}
