import Testing
import Foundation

/// The copyable recipes of README "Sharding" — `.github/workflows/deep-check.yml` and
/// `.ci/deep-check.slurm.sh` — agree with the shard count and commands they document,
/// and the README shows them verbatim.
@Suite struct DeepCheckRecipeTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func text(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  /// The lines of the YAML block opened by `key:` at `indent` spaces (within `lines`), up to the
  /// next line indented as much or less; nil when there is no such key.
  static func block(_ key: String, indent: Int, in lines: [Substring]) -> [Substring]? {
    let opener = String(repeating: " ", count: indent) + key + ":"
    guard let start = lines.firstIndex(where: { $0 == opener || $0.hasPrefix(opener + " ") }) else { return nil }
    var end = start + 1
    while end < lines.count, lines[end].trimmingCharacters(in: .whitespaces).isEmpty
            || lines[end].prefix { $0 == " " }.count > indent {
      end += 1
    }
    return Array(lines[start..<end])
  }

  /// Checks the workflow text; returns the problems found (empty: it agrees with itself).
  static func problems(workflow: String) -> [String] {
    var problems: [String] = []
    let lines = workflow.split(separator: "\n", omittingEmptySubsequences: false)
    guard let env = block("env", indent: 0, in: lines),
          let count = env.lazy.compactMap({ line -> Int? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix("SHARDS:") ? Int(t.dropFirst(7).trimmingCharacters(in: .whitespaces)) : nil
          }).first else { return ["no env.SHARDS"] }
    guard let jobs = block("jobs", indent: 0, in: lines), let shard = block("shard", indent: 2, in: jobs),
          let merge = block("merge", indent: 2, in: jobs) else { return ["no jobs.shard or jobs.merge"] }
    // The matrix: exactly the shards 1 … SHARDS.
    let shardText = shard.joined(separator: "\n")
    if let open = shardText.range(of: "shard: ["), let close = shardText[open.upperBound...].firstIndex(of: "]") {
      let listed = shardText[open.upperBound..<close].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
      if listed != (1...max(count, 1)).map({ Optional($0) }) {
        problems.append("the matrix lists \(listed.count) shards, not 1 … \(count)")
      }
    } else {
      problems.append("no matrix shard: [ … ]")
    }
    if count > 256 { problems.append("GitHub allows at most 256 jobs per matrix, SHARDS = \(count)") }
    // Each job: its shard's command, to the file it uploads under the name the merge job downloads.
    let command = shardText.replacingOccurrences(of: "\n", with: " ")
    for required in ["saddlecheck check --profile \"$PROFILE\" --seed \"$SEED\"", "--shard \"${{ matrix.shard }}/$SHARDS\"",
                     "> \"shard-${{ matrix.shard }}.json\"", "uses: actions/upload-artifact@v4",
                     "name: shard-${{ matrix.shard }}", "path: shard-${{ matrix.shard }}.json"] where !command.contains(required) {
      problems.append("the shard job lacks '\(required)'")
    }
    let mergeText = merge.joined(separator: "\n")
    if !merge.contains(where: { $0.trimmingCharacters(in: .whitespaces) == "needs: shard" }) {
      problems.append("the merge job does not need the shard job")
    }
    for required in ["uses: actions/download-artifact@v4", "pattern: shard-*", "path: shards", "merge-multiple: true",
                     "saddlecheck merge shards/*.json --out results.json", "saddlecheck report --results results.json"]
        where !mergeText.contains(required) {
      problems.append("the merge job lacks '\(required)'")
    }
    // The header documents the same count and commands.
    if !workflow.contains("matrix of \(count) jobs") || !workflow.contains("--shard K/\(count)") {
      problems.append("the header comment does not document \(count) shards")
    }
    return problems
  }

  @Test("the deep-check workflow: its matrix is shards 1 … SHARDS, artifacts named per shard, merge needs them all")
  func workflowAgrees() throws {
    let workflow = try Self.text(".github/workflows/deep-check.yml")
    #expect(Self.problems(workflow: workflow) == [])
    // Seen failing: a shard left out of the matrix, a renamed artifact, the merge job without needs.
    for (old, new) in [("63, 64]", "63]"), ("name: shard-${{ matrix.shard }}", "name: part-${{ matrix.shard }}"),
                       ("needs: shard", "needs: build"), ("pattern: shard-*", "pattern: part-*"), ("SHARDS: 64", "SHARDS: 32")] {
      #expect(workflow.contains(old), "mutant '\(old)' does not apply")
      #expect(!Self.problems(workflow: workflow.replacingOccurrences(of: old, with: new)).isEmpty, "mutant '\(old)' → '\(new)'")
    }
  }

  @Test("the Slurm recipe: an array of SHARDS tasks, each --shard K/SHARDS, and a merge job after all of them")
  func slurmAgrees() throws {
    let script = try Self.text(".ci/deep-check.slurm.sh")
    for required in ["--array=\"1-$SHARDS\"", "check --profile $PROFILE --seed $SEED --shard \\$SLURM_ARRAY_TASK_ID/$SHARDS",
                     "> '$OUT/shards/shard-'\\$SLURM_ARRAY_TASK_ID.json", "--wrap=\"$shard\")",
                     "--dependency=\"afterok:$array\"", "merge '$OUT'/shards/*.json --out '$OUT/results.json'",
                     "report --results '$OUT/results.json'", "--wrap=\"$merge\")"] {
      #expect(script.contains(required), "the Slurm script lacks \(required)")
    }
  }

  @Test("README shows both recipes verbatim")
  func readmeShowsRecipes() throws {
    let readme = try Self.text("README.md")
    for path in [".github/workflows/deep-check.yml", ".ci/deep-check.slurm.sh"] {
      #expect(readme.contains(try Self.text(path)), "README does not show \(path) as it is")
    }
  }
}
