import Foundation
import Checker
import Serialization

extension SaddleCheckCommand {
  /// `saddlecheck merge SHARD.json… [--out FILE]`: pools the shard documents of one
  /// `check --shard K/N` split into the results document of the unsharded run (``ShardMerge``),
  /// printed (or written atomically to `--out`) as exactly the bytes of `check --json`.
  /// A set that cannot be merged — unreadable or corrupt file, duplicated, missing or
  /// overlapping shard, mismatched run — exits 64 with the reason and writes nothing.
  static func merge(
    _ arguments: [String], output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void
  ) throws(UsageError) -> Int32 {
    var files: [String] = []
    var out: String?
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if a == "--out" {
        guard i + 1 < arguments.count else { throw UsageError(description: "--out needs a value", showsUsage: true) }
        guard out == nil else { throw UsageError(description: "--out given twice") }
        guard !arguments[i + 1].trimmingCharacters(in: .whitespaces).isEmpty else {
          throw UsageError(description: "--out needs a file name, got an empty one")
        }
        out = arguments[i + 1]
        i += 2
      } else if a.hasPrefix("-") {
        throw UsageError(description: "unknown argument '\(a)'", showsUsage: true)
      } else {
        files.append(a)
        i += 1
      }
    }
    guard !files.isEmpty else { throw UsageError(description: "merge needs the shard files (SHARD.json…)", showsUsage: true) }
    var shards: [(name: String, document: ShardDocument)] = []
    for path in files {
      let data = try readUserFile(path, option: "merge")
      do {
        shards.append((path, try ShardDocument.decode(data)))
      } catch {
        throw UsageError(description: "\(path): corrupt shard: \(error)")
      }
    }
    let document: ResultsDocument
    do {
      document = try ShardMerge.merge(shards)
    } catch {
      throw UsageError(description: "cannot merge: \(error)")
    }
    guard let data = try? document.jsonData() else { throw UsageError(description: "cannot encode the merged document") }
    let seconds = shards.sorted { $0.document.shard.index < $1.document.shard.index }
      .map { $0.document.elapsedSeconds.map { String(format: "%.1f", $0) } ?? "?" }
    diagnostics("saddlecheck: merged \(shards.count) shards of seed \(document.seed), profile \(document.profile): " +
        "\(document.summary.rows) rows, \(document.summary.asPredicted) with a verdict the theory allows; seconds per shard: " +
        seconds.joined(separator: " "))
    if let out {
      do {
        try data.write(to: URL(fileURLWithPath: out), options: .atomic)
      } catch {
        throw UsageError(description: "--out: cannot write '\(out)': \(error.localizedDescription)")
      }
    } else {
      output(String(decoding: data, as: UTF8.self))
    }
    return document.results.allSatisfy(\.isAsExpected) ? success : unexpectedVerdict
  }
}
