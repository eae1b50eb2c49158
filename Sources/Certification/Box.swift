public import Expressions
public import LinearAlgebra

/// An axis-aligned box X = X₁ × … × X_d of closed intervals: where a
/// certificate holds.
public struct Box: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The coordinate intervals.
  public var intervals: [Interval]

  public init(_ intervals: [Interval]) { self.intervals = intervals }

  /// The box lower ≤ x ≤ upper.
  ///
  /// - Precondition: equal lengths, lower ≤ upper componentwise.
  public init(lower: [Double], upper: [Double]) {
    precondition(lower.count == upper.count, "box bounds of lengths \(lower.count) and \(upper.count)")
    self.intervals = zip(lower, upper).map { Interval(lower: $0, upper: $1) }
  }

  /// The degenerate box {x}.
  public init(point x: [Double]) { self.intervals = x.map { Interval(lower: $0, upper: $0) } }

  public var dimension: Int { intervals.count }
  public var lower: Vector { Vector(intervals.map(\.lower)) }
  public var upper: Vector { Vector(intervals.map(\.upper)) }
  /// The midpoint (a floating-point point of the box).
  public var midpoint: [Double] { intervals.map(\.midpoint) }
  /// The largest coordinate width.
  public var width: Double { intervals.map(\.width).max() ?? 0 }

  /// Whether x lies in the box.
  public func contains(_ x: [Double]) -> Bool { zip(intervals, x).allSatisfy { $0.contains($1) } }
  /// Whether `other` ⊂ self.
  public func contains(_ other: Box) -> Bool {
    zip(intervals, other.intervals).allSatisfy { $0.lower <= $1.lower && $1.upper <= $0.upper }
  }
  /// The intersection, or nil when empty.
  public func intersection(_ other: Box) -> Box? {
    var result: [Interval] = []
    for (a, b) in zip(intervals, other.intervals) {
      guard let c = a.intersection(b) else { return nil }
      result.append(c)
    }
    return Box(result)
  }
  /// The smallest box containing both.
  public func hull(_ other: Box) -> Box { Box(zip(intervals, other.intervals).map { $0.hull($1) }) }

  /// The two halves along the widest coordinate, split at 63/128 of its width
  /// (off-centre, so that the critical points of symmetric problems, often at
  /// the centre, do not fall on the cut where no sub-box can isolate them).
  public func bisected() -> (Box, Box) {
    let k = intervals.indices.max { intervals[$0].width < intervals[$1].width } ?? 0
    let x = intervals[k]
    var cut = x.lower + (x.upper - x.lower) * (63.0 / 128.0)
    if !(cut > x.lower && cut < x.upper) { cut = x.midpoint }
    var a = self, b = self
    a.intervals[k] = Interval(lower: x.lower, upper: cut)
    b.intervals[k] = Interval(lower: cut, upper: x.upper)
    return (a, b)
  }

  public var description: String { intervals.map(\.description).joined(separator: " × ") }
}
