public import LinearAlgebra

/// A batch of points of R^d in structure-of-arrays layout: coordinate j of
/// point i is `coordinates[j * capacity + i]`, so each coordinate of all the
/// points is contiguous and a loop over the points of one coordinate runs
/// across SIMD lanes.
///
/// The batched entry points of ``Objective`` (``Objective/gradients(at:into:workspace:)``,
/// ``Objective/values(at:into:workspace:)``) read the first ``count`` points; the
/// storage of the slots from `count` to `capacity` is kept but ignored. A
/// trajectory engine removes finished points by moving the last point into
/// the freed slot (``move(from:to:)``), so `capacity` never changes and nothing
/// is allocated after the batch is created.
public struct PointBatch: Sendable, Hashable {
  /// The dimension d of every point.
  public let dimension: Int
  /// The number of slots per coordinate (the stride between coordinates).
  public let capacity: Int
  /// The number of points in use, 0 ≤ count ≤ capacity.
  public var count: Int
  /// d·capacity values, coordinate-major.
  public var coordinates: [Double]

  /// A batch of `capacity` zero points of dimension `dimension`, all in use.
  public init(dimension: Int, capacity: Int) {
    precondition(dimension >= 0 && capacity >= 0, "dimension and capacity must be non-negative")
    self.dimension = dimension
    self.capacity = capacity
    self.count = capacity
    self.coordinates = Array(repeating: 0, count: dimension * capacity)
  }

  /// A batch holding `points` (all of dimension d), in order.
  public init(_ points: [Vector], dimension: Int) {
    self.init(dimension: dimension, capacity: points.count)
    for (i, p) in points.enumerated() { set(point: i, to: p) }
  }

  /// Coordinate j of point i.
  @inlinable
  public subscript(point i: Int, coordinate j: Int) -> Double {
    get { coordinates[j &* capacity &+ i] }
    set { coordinates[j &* capacity &+ i] = newValue }
  }

  /// Point i as a ``Vector``.
  public func point(_ i: Int) -> Vector {
    precondition(0 <= i && i < capacity, "point \(i) outside a batch of capacity \(capacity)")
    return Vector((0..<dimension).map { coordinates[$0 &* capacity &+ i] })
  }

  /// Overwrites point i with `x` (of dimension d).
  public mutating func set(point i: Int, to x: Vector) {
    precondition(x.dimension == dimension, "a point of dimension \(x.dimension) in a batch of dimension \(dimension)")
    precondition(0 <= i && i < capacity, "point \(i) outside a batch of capacity \(capacity)")
    for j in 0..<dimension { coordinates[j &* capacity &+ i] = x[j] }
  }

  /// Copies point `source` into slot `destination` (compaction).
  @inlinable
  public mutating func move(from source: Int, to destination: Int) {
    for j in 0..<dimension { coordinates[j &* capacity &+ destination] = coordinates[j &* capacity &+ source] }
  }

  /// Overwrites the first `other.count` points with `other`'s (same dimension
  /// and capacity) and takes its count, without allocating once this batch's
  /// storage is its own.
  public mutating func copy(from other: PointBatch) {
    precondition(other.dimension == dimension && other.capacity == capacity, "batches of different shapes")
    count = other.count
    let d = dimension, cap = capacity, m = count
    coordinates.withUnsafeMutableBufferPointer { to in
      other.coordinates.withUnsafeBufferPointer { from in
        for j in 0..<d {
          let o = j &* cap
          for l in 0..<m { to[o &+ l] = from[o &+ l] }
        }
      }
    }
  }
}
