/// A dense real matrix stored row-major, the carrier of Hessians, step-policy
/// matrices Γ_t, rotations and Jacobians.
///
/// Every product and reduction runs in a fixed index order, so the same
/// inputs give the same bits on every run (the reproducibility rule of
/// shared/STYLE.md). Shape mismatches trap (`precondition`); matrices from
/// outside are validated when decoded (see `Matrix+Codable.swift`).
public struct Matrix: Sendable, Hashable {
  /// Number of rows m.
  public let rows: Int
  /// Number of columns n.
  public let columns: Int
  /// The m·n entries, row-major: entry (i, j) is `elements[i * columns + j]`.
  public var elements: [Double]

  /// A matrix of the given shape from row-major elements.
  @inlinable
  public init(rows: Int, columns: Int, elements: [Double]) {
    precondition(rows >= 0 && columns >= 0, "matrix shape must be non-negative")
    precondition(elements.count == rows * columns, "\(elements.count) elements for a \(rows)×\(columns) matrix")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// The zero matrix of the given shape.
  @inlinable
  public init(zeros rows: Int, _ columns: Int) {
    self.init(rows: rows, columns: columns, elements: Array(repeating: 0, count: rows * columns))
  }

  /// A matrix from its rows; every row must have the same length.
  @inlinable
  public init(rowArrays: [[Double]]) {
    let n = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == n }, "rows of unequal length")
    self.init(rows: rowArrays.count, columns: n, elements: rowArrays.flatMap { $0 })
  }

  /// The n×n identity.
  @inlinable
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(zeros: n, n)
    for i in 0..<n { m.elements[i * n + i] = 1 }
    return m
  }

  /// The square diagonal matrix diag(v).
  @inlinable
  public static func diagonal(_ v: Vector) -> Matrix {
    let n = v.dimension
    var m = Matrix(zeros: n, n)
    for i in 0..<n { m.elements[i * n + i] = v[i] }
    return m
  }

  /// The outer product u vᵀ.
  @inlinable
  public static func outer(_ u: Vector, _ v: Vector) -> Matrix {
    var m = Matrix(zeros: u.dimension, v.dimension)
    for i in 0..<u.dimension {
      for j in 0..<v.dimension { m.elements[i * v.dimension + j] = u[i] * v[j] }
    }
    return m
  }

  /// Entry (i, j).
  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    get {
      precondition(0 <= i && i < rows && 0 <= j && j < columns, "index (\(i), \(j)) outside \(rows)×\(columns)")
      return elements[i &* columns &+ j]
    }
    set {
      precondition(0 <= i && i < rows && 0 <= j && j < columns, "index (\(i), \(j)) outside \(rows)×\(columns)")
      elements[i &* columns &+ j] = newValue
    }
  }

  /// Whether the matrix is square.
  @inlinable public var isSquare: Bool { rows == columns }

  /// Row i as a vector.
  @inlinable
  public func row(_ i: Int) -> Vector { Vector(Array(elements[(i * columns)..<((i + 1) * columns)])) }

  /// Column j as a vector.
  @inlinable
  public func column(_ j: Int) -> Vector { Vector((0..<rows).map { elements[$0 * columns + j] }) }

  /// The main diagonal.
  @inlinable
  public var diagonalElements: Vector { Vector((0..<Swift.min(rows, columns)).map { elements[$0 * columns + $0] }) }

  /// The rows as nested arrays (the JSON form).
  @inlinable
  public var rowArrays: [[Double]] { (0..<rows).map { Array(elements[($0 * columns)..<(($0 + 1) * columns)]) } }

  /// Aᵀ.
  @inlinable
  public var transposed: Matrix {
    var t = Matrix(zeros: columns, rows)
    for i in 0..<rows {
      for j in 0..<columns { t.elements[j * rows + i] = elements[i * columns + j] }
    }
    return t
  }

  /// The trace Σ a_ii (square matrices).
  @inlinable
  public var trace: Double {
    precondition(isSquare, "trace of a non-square matrix")
    var s = 0.0
    for i in 0..<rows { s += elements[i * columns + i] }
    return s
  }

  /// The Frobenius norm ‖A‖_F, safe from overflow (see ``Vector/euclideanNorm``).
  @inlinable
  public var frobeniusNorm: Double { Vector(elements).euclideanNorm }

  /// max |a_ij|; NaN if any entry is NaN.
  @inlinable
  public var maximumMagnitude: Double { Vector(elements).maximumMagnitude }

  /// Whether every entry is finite.
  @inlinable
  public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

  /// Whether |a_ij − a_ji| ≤ tolerance · max|a| for all i, j (square only).
  @inlinable
  public func isSymmetric(relativeTolerance tolerance: Double = 0) -> Bool {
    guard isSquare else { return false }
    let bound = tolerance * maximumMagnitude
    for i in 0..<rows {
      for j in 0..<i where abs(elements[i * columns + j] - elements[j * columns + i]) > bound { return false }
    }
    return true
  }

  /// (A + Aᵀ)/2.
  @inlinable
  public var symmetricPart: Matrix {
    precondition(isSquare, "symmetric part of a non-square matrix")
    var s = self
    for i in 0..<rows {
      for j in 0..<i {
        let v = 0.5 * (elements[i * columns + j] + elements[j * columns + i])
        s.elements[i * columns + j] = v
        s.elements[j * columns + i] = v
      }
    }
    return s
  }
}

extension Matrix {
  /// A·B, each entry summed over k in increasing order (i-k-j loop).
  @inlinable
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.columns == b.rows, "product of \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
    let m = a.rows, n = b.columns, p = a.columns
    var c = [Double](repeating: 0, count: m * n)
    a.elements.withUnsafeBufferPointer { ap in
      b.elements.withUnsafeBufferPointer { bp in
        c.withUnsafeMutableBufferPointer { cp in
          for i in 0..<m {
            for k in 0..<p {
              let aik = ap[i &* p &+ k]
              if aik == 0 { continue }
              let bRow = k &* n, cRow = i &* n
              for j in 0..<n { cp[cRow &+ j] += aik * bp[bRow &+ j] }
            }
          }
        }
      }
    }
    return Matrix(rows: m, columns: n, elements: c)
  }

  /// A·x, each entry summed in increasing column order.
  @inlinable
  public static func * (a: Matrix, x: Vector) -> Vector {
    precondition(a.columns == x.dimension, "product of \(a.rows)×\(a.columns) matrix and \(x.dimension)-vector")
    var y = [Double](repeating: 0, count: a.rows)
    a.elements.withUnsafeBufferPointer { ap in
      x.components.withUnsafeBufferPointer { xp in
        for i in 0..<a.rows {
          var s = 0.0
          let row = i &* a.columns
          for j in 0..<a.columns { s += ap[row &+ j] * xp[j] }
          y[i] = s
        }
      }
    }
    return Vector(y)
  }

  @inlinable
  public static func + (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "sum of \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
    var c = a
    for i in 0..<c.elements.count { c.elements[i] += b.elements[i] }
    return c
  }

  @inlinable
  public static func - (a: Matrix, b: Matrix) -> Matrix {
    precondition(a.rows == b.rows && a.columns == b.columns, "difference of \(a.rows)×\(a.columns) and \(b.rows)×\(b.columns)")
    var c = a
    for i in 0..<c.elements.count { c.elements[i] -= b.elements[i] }
    return c
  }

  @inlinable
  public static func * (s: Double, a: Matrix) -> Matrix {
    Matrix(rows: a.rows, columns: a.columns, elements: a.elements.map { s * $0 })
  }
}

extension Matrix: CustomStringConvertible {
  public var description: String {
    rowArrays.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: "\n")
  }
}
