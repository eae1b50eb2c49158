/// One part K of N of a battery run, for a CI matrix or a job array (`--shard K/N`,
/// `SADDLECHECK_SHARD=K/N`): a deterministic partition of the work by index.
///
/// Start i of every Monte Carlo avoidance row belongs to shard (i mod N) + 1; every
/// other work item of the battery (a check, or a group of rows computed together)
/// belongs wholly to shard (j mod N) + 1, where j counts the battery's selected items
/// in order. The partition depends only on N and the indices — never on timing, the
/// number of cores or the order in which shards run — so ``ShardMerge`` can pool the
/// shards into exactly the document of the unsharded run.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
  /// K, from 1 to ``count``.
  public var index: Int
  /// N, the number of shards (at most ``maximumCount``).
  public var count: Int

  /// The largest N accepted (GitHub Actions allows 256 jobs per matrix; Slurm arrays go further).
  public static let maximumCount = 100_000

  /// Shard `index` of `count`.
  /// - Precondition: 1 ≤ index ≤ count ≤ ``maximumCount``.
  public init(index: Int, count: Int) {
    precondition(count >= 1 && count <= Self.maximumCount && (1...count).contains(index), "shard \(index)/\(count)")
    self.index = index
    self.count = count
  }

  /// Reads `K/N`.
  /// - Throws: ``Problem`` naming the expected form when the text is not `K/N` with 1 ≤ K ≤ N ≤ 100 000.
  public init(parsing text: String) throws(Problem) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= Self.maximumCount,
          (1...n).contains(k), parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) else {
      throw Problem(description: "must be K/N with whole numbers 1 ≤ K ≤ N ≤ \(Self.maximumCount), got '\(text)'")
    }
    self.init(index: k, count: n)
  }

  /// A malformed `K/N`.
  public struct Problem: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// Whether Monte Carlo start `i` (0-based) is this shard's.
  public func owns(start i: Int) -> Bool { i % count == index - 1 }
  /// Whether work item `j` (0-based, counted over the selected items) is this shard's.
  public func owns(item j: Int) -> Bool { j % count == index - 1 }
  /// How many of starts 0..<n are this shard's.
  public func ownedStarts(of n: Int) -> Int { n / count + (index - 1 < n % count ? 1 : 0) }

  /// `K/N`.
  public var description: String { "\(index)/\(count)" }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let k = try c.decode(Int.self, forKey: .index), n = try c.decode(Int.self, forKey: .count)
    guard n >= 1, n <= Self.maximumCount else {
      throw DecodingError.dataCorruptedError(forKey: .count, in: c, debugDescription: "must be from 1 to \(Self.maximumCount), got \(n)")
    }
    guard (1...n).contains(k) else {
      throw DecodingError.dataCorruptedError(forKey: .index, in: c, debugDescription: "must be from 1 to count = \(n), got \(k)")
    }
    self.init(index: k, count: n)
  }
}
