public import Foundation
public import PropertyTesting
import Randomness
public import Serialization

/// What `saddlecheck check --shard K/N` prints (schema `saddlecheck.shard/2`): the run it is a
/// part of (seed, profile, starts, horizon, claim filter, package version, toolchain), the
/// battery's number of work items, this shard's rows — whole rows of the items it owns and
/// its share of every Monte Carlo avoidance row — and how many rows it holds per work item, so
/// that a deleted or added row is seen. ``ShardMerge`` pools N of them.
///
/// Layout 2 added ``rowsPerItem``; a layout-1 document is refused with a message saying so.
public struct ShardDocument: Sendable, Hashable, Codable {
  /// The schema identifier of this layout; bumped on any incompatible change.
  public static let schema = "saddlecheck.shard/2"

  public var schema: String
  /// K/N.
  public var shard: Shard
  /// The run seed in hexadecimal, and the profile's name.
  public var seed: String
  public var profile: String
  /// Monte Carlo starts per landscape (the profile's, or `--starts`).
  public var starts: Int
  /// `--horizon`, when given.
  public var horizon: Int?
  /// `--claims`, when given (sorted).
  public var claims: [String]?
  /// ``PackageVersion/current`` and ``Toolchain/description`` of the binary that ran the shard.
  public var version: String
  public var toolchain: String
  /// The battery's selected work items (the same in every shard of a run).
  public var items: Int
  /// The rows, in battery order.
  public var rows: [ShardRow]
  /// The number of rows of each work item in ``rows`` (``items`` entries; 0 for an item this shard
  /// neither owns nor shares), recorded when the shard ran.
  public var rowsPerItem: [Int]
  /// Wall-clock seconds the shard took (informative only: not part of the merged document).
  public var elapsedSeconds: Double?

  public init(shard: Shard, seed: UInt64, profile: Profile, starts: Int, horizon: Int?, claims: [String]?, items: Int,
              rows: [ShardRow]) {
    schema = Self.schema
    self.shard = shard
    self.seed = Seed.hex(seed)
    self.profile = profile.rawValue
    self.starts = starts
    self.horizon = horizon
    self.claims = claims
    version = PackageVersion.current
    toolchain = Toolchain.description
    self.items = items
    self.rows = rows
    rowsPerItem = Self.count(rows, items: items)
  }

  /// The rows of each of `items` work items (rows of items out of range are not counted).
  static func count(_ rows: [ShardRow], items: Int) -> [Int] {
    var counts = [Int](repeating: 0, count: Swift.max(0, items))
    for row in rows where counts.indices.contains(row.item) { counts[row.item] += 1 }
    return counts
  }

  /// The first row that is not what the shard wrote, as a field and a problem: a row whose evidence
  /// text is not the rendering of its data (``CheckResult/evidenceProblem``), a row equal to another
  /// row of its work item, or a work item whose number of rows differs from
  /// ``rowsPerItem`` (a row deleted or added). Nil for an untouched shard.
  public var rowProblem: DecodingProblem? {
    guard rowsPerItem.count == items else {
      return DecodingProblem(field: "rowsPerItem", problem: "has \(rowsPerItem.count) entries, not items = \(items)")
    }
    // One work item may compute several rows of the same claim, method and landscape (the adaptive
    // stable sets do, with different evidence), so a duplicate is a row equal to another in full.
    var seen: [Int: [CheckResult: Int]] = [:]
    for (k, row) in rows.enumerated() {
      if let r = row.result {
        if let problem = r.evidenceProblem {
          return DecodingProblem(field: "rows[\(k)].result.evidence", problem: "\(r.claim) · \(r.landscape): \(problem)")
        }
        if let first = seen[row.item, default: [:]][r] {
          return DecodingProblem(field: "rows[\(k)]", problem: "duplicates rows[\(first)] "
            + "(work item \(row.item): \(r.claim) · \(r.method) · \(r.landscape))")
        }
        seen[row.item, default: [:]][r] = k
      }
    }
    let actual = Self.count(rows, items: items)
    if let j = actual.indices.first(where: { actual[$0] != rowsPerItem[$0] }) {
      return DecodingProblem(field: "rows", problem: "work item \(j) has \(actual[j]) row\(actual[j] == 1 ? "" : "s"), "
        + "the shard recorded \(rowsPerItem[j]) (rowsPerItem[\(j)]): a row was deleted or added")
    }
    return nil
  }

  /// The document as pretty-printed JSON with sorted keys (NaN and ±∞ as strings).
  public func jsonData() throws -> Data { try ResultsDocument.encoder.encode(self) }

  /// Reads a shard document, validating its schema and every field's type and range.
  /// - Throws: ``DecodingProblem`` naming the field (or the syntax error's position).
  public static func decode(_ data: Data) throws(DecodingProblem) -> ShardDocument {
    try JSONStructure.check(data)
    struct Layout: Decodable { var schema: String }
    if let layout = try? ResultsDocument.decoder.decode(Layout.self, from: data), layout.schema != schema {
      throw DecodingProblem(field: "schema", problem: "must be '\(schema)', got '\(layout.schema)'"
        + (layout.schema == "saddlecheck.shard/1" ? " (an older layout without row counts: run the shard again with this version)" : ""))
    }
    let document: ShardDocument
    do {
      document = try ResultsDocument.decoder.decode(ShardDocument.self, from: data)
    } catch {
      throw DecodingProblem(error, data: data)
    }
    guard document.schema == schema else {
      throw DecodingProblem(field: "schema", problem: "must be '\(schema)', got '\(document.schema)'"
        + (document.schema == "saddlecheck.shard/1" ? " (an older layout without row counts: run the shard again with this version)" : ""))
    }
    guard let seed = Seed.parse(document.seed), Seed.hex(seed) == document.seed else {
      throw DecodingProblem(field: "seed", problem: "must be a 64-bit seed as 0x and 16 hexadecimal digits, got '\(document.seed)'")
    }
    guard Profile(rawValue: document.profile) != nil else {
      throw DecodingProblem(field: "profile", problem: "must be one of \(Profile.allCases.map(\.rawValue)), got '\(document.profile)'")
    }
    guard document.starts >= 1 else { throw DecodingProblem(field: "starts", problem: "must be at least 1, got \(document.starts)") }
    guard document.items >= 0 else { throw DecodingProblem(field: "items", problem: "must be at least 0, got \(document.items)") }
    for (k, row) in document.rows.enumerated() {
      guard (0..<document.items).contains(row.item) else {
        throw DecodingProblem(field: "rows[\(k)].item", problem: "must be from 0 to items − 1 = \(document.items - 1), got \(row.item)")
      }
      guard (row.result == nil) != (row.avoidance == nil) else {
        throw DecodingProblem(field: "rows[\(k)]", problem: "must hold exactly one of 'result' and 'avoidance'")
      }
    }
    guard document.rowsPerItem.allSatisfy({ $0 >= 0 }) else {
      throw DecodingProblem(field: "rowsPerItem", problem: "must hold counts ≥ 0")
    }
    if let problem = document.rowProblem { throw problem }
    return document
  }
}

/// One row of a shard: a whole row of a work item the shard owns, or its share of a Monte
/// Carlo avoidance row.
public struct ShardRow: Sendable, Hashable, Codable {
  /// The battery's work item the row comes from (rows of one item keep their order).
  public var item: Int
  public var result: CheckResult?
  public var avoidance: AvoidanceShare?

  public init(item: Int, result: CheckResult) {
    self.item = item
    self.result = result
  }

  public init(item: Int, avoidance: AvoidanceShare) {
    self.item = item
    self.avoidance = avoidance
  }
}

/// The package's version, recorded in every shard: shards of different versions are not
/// merged. Bumped with every release that changes what the battery computes.
public enum PackageVersion {
  public static let current = "0.17.0"
}

extension ResultsDocument {
  /// The encoder of every results document (`check --json`, `merge`): pretty-printed, sorted
  /// keys, NaN and ±∞ as the strings "NaN", "Infinity", "-Infinity" — so equal documents are equal bytes.
  public static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return encoder
  }

  /// The matching decoder.
  public static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return decoder
  }

  /// The document as its JSON bytes (``encoder``).
  public func jsonData() throws -> Data { try Self.encoder.encode(self) }
}
