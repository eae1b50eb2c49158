import PropertyTesting
import Randomness

/// Pools the N shard documents of one run (``ShardDocument``) into the results document of
/// the unsharded run — the same rows in the same order, every avoidance row's counts summed
/// and its bound, evidence and verdict recomputed from the pooled counts
/// (``AvoidanceShare/pool(_:)``), every other row copied from the shard that owns it — so that
/// its JSON is byte for byte the JSON of `saddlecheck check --json` with the same seed and profile.
///
/// It refuses, before producing anything: an empty set; shards of different splits (K/N with
/// different N: their starts overlap); a duplicated shard; an incomplete set; shards that
/// disagree on the seed, profile, starts, horizon, claim filter, package version, toolchain or
/// number of work items; a shard whose rows are not its own or are inconsistent; and a row that is
/// not what the shard wrote (``ShardDocument/rowProblem``: edited evidence, a duplicated, deleted
/// or added row).
public enum ShardMerge {
  /// Why a set of shards cannot be merged; the description names the files and the field.
  public struct Problem: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// Merges `shards` (each with the name of its file, for messages), in any order.
  /// - Throws: ``Problem``.
  public static func merge(_ shards: [(name: String, document: ShardDocument)]) throws(Problem) -> ResultsDocument {
    guard let (firstName, first) = shards.first else { throw Problem(description: "no shard files given") }
    let n = first.shard.count
    for (name, d) in shards where d.shard.count != n {
      throw Problem(description: "overlapping shards: \(firstName) is shard \(first.shard) but \(name) is shard \(d.shard) — " +
          "all files must come from one split --shard K/N with the same N")
    }
    func mismatch(_ field: String, _ value: (ShardDocument) -> String) throws(Problem) {
      for (name, d) in shards where value(d) != value(first) {
        throw Problem(description: "mismatched shards: \(field) is \(value(first)) in \(firstName) but \(value(d)) in \(name)")
      }
    }
    try mismatch("the seed") { $0.seed }
    try mismatch("the profile") { $0.profile }
    try mismatch("the Monte Carlo starts") { "\($0.starts)" }
    try mismatch("--horizon") { $0.horizon.map { "\($0)" } ?? "(none)" }
    try mismatch("--claims") { $0.claims?.joined(separator: ",") ?? "(all)" }
    try mismatch("the package version") { $0.version }
    try mismatch("the toolchain") { $0.toolchain }
    try mismatch("the number of work items") { "\($0.items)" }
    var byIndex: [Int: String] = [:]
    for (name, d) in shards {
      if let other = byIndex[d.shard.index] {
        throw Problem(description: "duplicated shard \(d.shard): \(other) and \(name)")
      }
      byIndex[d.shard.index] = name
    }
    let missing = (1...n).filter { byIndex[$0] == nil }
    guard missing.isEmpty else {
      throw Problem(description: "incomplete set: shard\(missing.count > 1 ? "s" : "") " +
          "\(missing.prefix(10).map { "\($0)/\(n)" }.joined(separator: ", "))\(missing.count > 10 ? ", …" : "") missing " +
          "(\(shards.count) of \(n) given)")
    }
    // Per work item: the owner's whole rows, or one avoidance share from every shard.
    var whole = [[CheckResult]](repeating: [], count: first.items)
    var wholeFrom = [String?](repeating: nil, count: first.items)
    var shares = [[(shard: Shard, share: AvoidanceShare)]](repeating: [], count: first.items)
    for (name, d) in shards {
      var sharedItems = Set<Int>()
      for row in d.rows {
        let j = row.item
        if let r = row.result {
          guard d.shard.owns(item: j) else {
            throw Problem(description: "overlapping shards: \(name) (shard \(d.shard)) holds a row of work item \(j), which is " +
                "shard \(j % n + 1)/\(n)'s")
          }
          whole[j].append(r)
          wholeFrom[j] = name
        } else if let share = row.avoidance {
          guard sharedItems.insert(j).inserted else {
            throw Problem(description: "corrupt shard: \(name) holds two shares of work item \(j)")
          }
          shares[j].append((d.shard, share))
        }
      }
    }
    var results: [CheckResult] = []
    for j in 0..<first.items {
      if shares[j].isEmpty {
        results += whole[j]
        continue
      }
      guard whole[j].isEmpty else {
        throw Problem(description: "corrupt shard: work item \(j) has whole rows in \(wholeFrom[j] ?? "?") and Monte Carlo shares")
      }
      guard shares[j].count == n else {
        let have = Set(shares[j].map(\.shard.index))
        let without = (1...n).filter { !have.contains($0) }.map { byIndex[$0] ?? "?" }
        throw Problem(description: "corrupt shard: the Monte Carlo row of work item \(j) has no share in " +
            without.joined(separator: ", "))
      }
      do {
        results.append(try AvoidanceShare.pool(shares[j].sorted { $0.shard.index < $1.shard.index }))
      } catch let error {
        let sample = shares[j][0].share
        throw Problem(description: "corrupt shard: \(sample.claim) · \(sample.method) · \(sample.landscape) (work item \(j)): " +
            "\(error.description) (files: \((1...n).map { byIndex[$0] ?? "?" }.joined(separator: ", ")))")
      }
    }
    for (name, d) in shards.sorted(by: { $0.document.shard.index < $1.document.shard.index }) {
      if let problem = d.rowProblem { throw Problem(description: "corrupt shard: \(name): \(problem)") }
    }
    guard let seed = Seed.parse(first.seed), let profile = Profile(rawValue: first.profile) else {
      throw Problem(description: "corrupt shard: \(firstName): seed or profile unreadable")
    }
    return ResultsDocument(seed: seed, profile: profile, starts: first.starts, results: results)
  }
}
