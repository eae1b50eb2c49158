import Testing
import Foundation
import SaddleCheckCommand

/// Every file a user names is read through one helper whose message says why it cannot be read,
/// naming the path and the option, with exit 64 — never Foundation's `NSCocoaErrorDomain` text.
@Suite struct UnreadableFileTests {
  /// (arguments with FILE standing for the path, the option the message must name).
  static let commands: [([String], String)] = [
    (["check", "--instance", "FILE"], "--instance"),
    (["merge", "FILE"], "merge"),
    (["replay", "FILE"], "replay"),
    (["report", "--results", "FILE"], "--results"),
    (["check", "--expression", "FILE"], "--expression"),
  ]

  @Test(arguments: ["directory", "empty", "absent", "not UTF-8"])
  func unreadableFileIsNamedWithItsReason(kind: String) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-unreadable-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path: String, reason: String
    switch kind {
    case "directory": (path, reason) = (dir.path, "it is a directory")
    case "empty":
      path = dir.appendingPathComponent("empty.json").path
      try Data().write(to: URL(fileURLWithPath: path))
      reason = "it is empty"
    case "absent": (path, reason) = (dir.appendingPathComponent("absent.json").path, "it does not exist")
    default:
      path = dir.appendingPathComponent("latin1.json").path
      try Data([0x7B, 0xE9, 0x7D]).write(to: URL(fileURLWithPath: path))
      reason = "it is not UTF-8 text"
    }
    for (template, option) in Self.commands {
      let r = SaddleCheckCommandTests.run(template.map { $0 == "FILE" ? path : $0 })
      #expect(r.status == SaddleCheckCommand.usageError, "\(template): \(r.status)")
      #expect(r.output.isEmpty)
      #expect(r.diagnostics.contains("cannot read '\(path)' (\(option)): \(reason)"), "\(template): \(r.diagnostics)")
      #expect(!r.diagnostics.contains("NSCocoaErrorDomain") && !r.diagnostics.contains("permission"), "\(r.diagnostics)")
    }
  }
}
