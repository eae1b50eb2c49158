/// A column vector of `Double`s, the state space of every dynamics in SaddleCheck.
///
/// `Vector` is a value type over `[Double]`. Every reduction (dot product,
/// norm) runs in index order, so results are the same on every run and
/// machine — a property fixtures rely on. Mismatched dimensions are caller
/// errors and trap (`precondition`); data from outside must be validated
/// before it becomes a `Vector` (see ``LinearAlgebraError``).
public struct Vector: Sendable, Hashable {
  /// The components, in order.
  public var components: [Double]

  /// A vector with the given components.
  @inlinable
  public init(_ components: [Double]) { self.components = components }

  /// The zero vector of dimension `dimension`.
  @inlinable
  public init(zeros dimension: Int) {
    precondition(dimension >= 0, "dimension must be non-negative")
    self.components = Array(repeating: 0, count: dimension)
  }

  /// The `index`-th standard basis vector e_index of R^dimension.
  @inlinable
  public init(basis index: Int, dimension: Int) {
    precondition(0 <= index && index < dimension, "basis index out of range")
    var c = [Double](repeating: 0, count: dimension)
    c[index] = 1
    self.components = c
  }

  /// The dimension d of the vector.
  @inlinable public var dimension: Int { components.count }

  /// ⟨self, other⟩, summed in index order.
  @inlinable
  public func dot(_ other: Vector) -> Double {
    precondition(dimension == other.dimension, "dot: dimensions \(dimension) and \(other.dimension) differ")
    var s = 0.0
    for i in 0..<components.count { s += components[i] * other.components[i] }
    return s
  }

  /// ‖x‖², summed in index order (no overflow protection: use for hot paths).
  @inlinable
  public var squaredNorm: Double {
    var s = 0.0
    for x in components { s += x * x }
    return s
  }

  /// The Euclidean norm ‖x‖₂, safe from overflow and underflow.
  ///
  /// Takes the fast sum of squares when it is finite and well above the
  /// subnormal range, and otherwise rescales by the largest magnitude (as
  /// LAPACK's `dnrm2` does), so that vectors of size 1e±200 are measured
  /// correctly.
  @inlinable
  public var euclideanNorm: Double {
    let s = squaredNorm
    if s.isFinite && s > 0x1p-900 { return s.squareRoot() }
    let m = maximumMagnitude
    guard m > 0, m.isFinite else { return m.isNaN ? .nan : m }
    var t = 0.0
    for x in components { let y = x / m; t += y * y }
    return m * t.squareRoot()
  }

  /// max_i |x_i| (the ∞-norm); 0 for the empty vector, NaN if any component is NaN.
  @inlinable
  public var maximumMagnitude: Double {
    var m = 0.0
    for x in components {
      if x.isNaN { return .nan }
      m = Swift.max(m, abs(x))
    }
    return m
  }

  /// Whether every component is finite (no NaN, no ±∞).
  @inlinable
  public var isFinite: Bool { components.allSatisfy { $0.isFinite } }

  /// The vector scaled to unit Euclidean norm; the zero vector traps.
  @inlinable
  public func normalized() -> Vector {
    let n = euclideanNorm
    precondition(n > 0, "normalized(): the zero vector has no direction")
    return self / n
  }

  /// ‖self − other‖₂.
  @inlinable
  public func distance(to other: Vector) -> Double { (self - other).euclideanNorm }
}

extension Vector: ExpressibleByArrayLiteral {
  @inlinable
  public init(arrayLiteral elements: Double...) { self.components = elements }
}

extension Vector: RandomAccessCollection, MutableCollection {
  public typealias Index = Int
  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { components.count }
  @inlinable
  public subscript(i: Int) -> Double {
    get { components[i] }
    set { components[i] = newValue }
  }
}

extension Vector {
  @inlinable
  public static func + (lhs: Vector, rhs: Vector) -> Vector {
    precondition(lhs.dimension == rhs.dimension, "+: dimensions \(lhs.dimension) and \(rhs.dimension) differ")
    var r = lhs
    for i in 0..<r.components.count { r.components[i] += rhs.components[i] }
    return r
  }

  @inlinable
  public static func - (lhs: Vector, rhs: Vector) -> Vector {
    precondition(lhs.dimension == rhs.dimension, "-: dimensions \(lhs.dimension) and \(rhs.dimension) differ")
    var r = lhs
    for i in 0..<r.components.count { r.components[i] -= rhs.components[i] }
    return r
  }

  @inlinable
  public static prefix func - (v: Vector) -> Vector {
    Vector(v.components.map { -$0 })
  }

  @inlinable
  public static func * (lhs: Double, rhs: Vector) -> Vector {
    Vector(rhs.components.map { lhs * $0 })
  }

  @inlinable
  public static func / (lhs: Vector, rhs: Double) -> Vector {
    Vector(lhs.components.map { $0 / rhs })
  }

  @inlinable
  public static func += (lhs: inout Vector, rhs: Vector) { lhs = lhs + rhs }

  @inlinable
  public static func -= (lhs: inout Vector, rhs: Vector) { lhs = lhs - rhs }

  /// self += a·x (BLAS `axpy`), in index order.
  @inlinable
  public mutating func add(_ x: Vector, scaledBy a: Double) {
    precondition(dimension == x.dimension, "add(_:scaledBy:): dimensions \(dimension) and \(x.dimension) differ")
    for i in 0..<components.count { components[i] += a * x.components[i] }
  }
}

extension Vector: CustomStringConvertible {
  public var description: String {
    "[" + components.map { "\($0)" }.joined(separator: ", ") + "]"
  }
}
