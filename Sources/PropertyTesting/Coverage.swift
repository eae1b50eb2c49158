/// A labelled coverage table (as in QuickCheck's `label`/`cover`): how many
/// cases carried each value of each label, with Wilson intervals for the
/// fractions, and the required classes that were never exercised.
public struct CoverageTable: Sendable, Hashable, Codable {
  /// counts[label][value] = number of cases.
  public var counts: [String: [String: Int]] = [:]
  /// Cases counted.
  public var total = 0

  public init() {}

  public mutating func add(_ labels: [String: String]) {
    total += 1
    for (k, v) in labels { counts[k, default: [:]][v, default: 0] += 1 }
  }

  /// The required (label, value) classes never exercised, as "label=value".
  public func missing(_ required: [String: Set<String>]) -> [String] {
    required.keys.sorted().flatMap { k in
      required[k]!.sorted().filter { (counts[k]?[$0] ?? 0) == 0 }.map { "\(k)=\($0)" }
    }
  }

  /// The table as text: one line per label value, with its count and 95 % Wilson interval.
  public var rendered: String {
    guard total > 0 else { return "(no cases)" }
    return counts.keys.sorted().flatMap { k in
      counts[k]!.keys.sorted().map { v in
        let n = counts[k]![v]!
        let w = BinomialInterval.wilson(successes: n, trials: total)
        return "  \(k)=\(v): \(n)/\(total) (95 % Wilson [\(Self.percent(w.lower)), \(Self.percent(w.upper))])"
      }
    }.joined(separator: "\n")
  }

  static func percent(_ p: Double) -> String { "\((p * 1000).rounded() / 10) %" }
}
