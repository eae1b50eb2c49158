import Testing
import Foundation
import SaddleCheckCommand

/// `check --shard K/N` in separate processes of the built `saddlecheck`, then `merge`: the
/// bytes of the unsharded `check --json`. The subset of the quick profile is the one of
/// `CheckerTests/ShardTests` (the whole quick profile takes about 80 s of CPU in a debug build).
@Suite struct ShardProcessTests {
  static let arguments = ["check", "--profile", "quick", "--starts", "12", "--horizon", "40", "--seed", "0x5add1ec0ffee2023",
                          "--claims", "landscape.planted-critical-points,gd.avoids-strict-saddles"]

  /// The `saddlecheck` built beside this test binary.
  static var binary: URL? {
    let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL, Bundle.main.executableURL]
      .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("saddlecheck") }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// Runs the binary with `arguments`, standard output to `stdout`; returns the process (running).
  static func launch(_ binary: URL, _ arguments: [String], stdout: URL) throws -> Process {
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  @Test("three shard processes of the quick profile (a subset), merged: the bytes of the single run")
  func threeProcesses() throws {
    let binary = try #require(Self.binary, "saddlecheck is not built beside the test binary (\(CommandLine.arguments[0]))")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-shards-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let files = (1...3).map { directory.appendingPathComponent("shard-\($0)-of-3.json") }
    let shards = try (1...3).map { try Self.launch(binary, Self.arguments + ["--shard", "\($0)/3"], stdout: files[$0 - 1]) }
    // Meanwhile, the single run, in this process.
    let single = SaddleCheckCommandTests.run(Self.arguments + ["--json"])
    for p in shards { p.waitUntilExit() }
    #expect(shards.allSatisfy { $0.terminationStatus == 0 })
    let mergedFile = directory.appendingPathComponent("merged.json")
    let merge = try Self.launch(binary, ["merge", files[2].path, files[0].path, files[1].path], stdout: mergedFile)
    merge.waitUntilExit()
    #expect(merge.terminationStatus == single.status)
    let merged = try Data(contentsOf: mergedFile)
    #expect(merged == Data((single.output + "\n").utf8), "merged \(merged.count) bytes, single run \(single.output.utf8.count + 1)")
    #expect(single.output.contains("\"kind\" : \"avoidance\"") && single.output.contains("extended up to"))

    // Refusals exit 64, print nothing and write no --out file.
    let out = directory.appendingPathComponent("refused.json")
    let truncated = directory.appendingPathComponent("truncated.json")
    try Data(try Data(contentsOf: files[1]).prefix(200)).write(to: truncated)
    for (arguments, words) in [([files[0].path, files[1].path], ["incomplete", "3/3"]),
                               ([files[0].path, files[1].path, files[1].path], ["duplicated shard 2/3"]),
                               ([files[0].path, truncated.path, files[2].path], [truncated.lastPathComponent, "corrupt shard"]),
                               ([files[0].path, directory.appendingPathComponent("absent.json").path, files[2].path],
                                ["absent.json", "cannot read"])] {
      let r = SaddleCheckCommandTests.run(["merge"] + arguments + ["--out", out.path])
      #expect(r.status == SaddleCheckCommand.usageError && r.output.isEmpty && !FileManager.default.fileExists(atPath: out.path))
      #expect(words.allSatisfy { r.diagnostics.contains($0) }, "\(r.diagnostics)")
    }
    // --out writes the same bytes (without the final newline of standard output).
    let written = SaddleCheckCommandTests.run(["merge"] + files.map(\.path) + ["--out", out.path])
    #expect(written.status == single.status && written.output.isEmpty)
    #expect(try Data(contentsOf: out) == Data(single.output.utf8))
  }

  @Test("--shard and --claims refuse malformed values and combinations", arguments: [
    ["--shard", "4/3"], ["--shard", "0/1"], ["--shard", "x"], ["--claims", "gd.nothing"], ["--shard", "1/2", "--verbose"],
    ["--shard", "1/2", "--instance", "x.json"], ["merge"], ["merge", "--frobnicate"], ["merge", "a.json", "--out"],
    ["report", "--results", "/nonexistent/results.json"], ["report", "--results", "r.json", "--seed", "1"],
    ["report", "--out", ""], ["merge", "a.json", "--out", " "],  // an empty --out would write into the current folder
  ])
  func badShardArguments(arguments: [String]) {
    let r = SaddleCheckCommandTests.run(arguments)
    #expect(r.status == SaddleCheckCommand.usageError && r.output.isEmpty && r.diagnostics.contains("error:"))
  }
}
