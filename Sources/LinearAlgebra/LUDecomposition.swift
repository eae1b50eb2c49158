import Foundation

/// The factorization P A = L U with partial (row) pivoting.
///
/// Gives solves, and the sign and logarithm of |det A| without overflow —
/// what the diffeomorphism checks need for det Dg. Algorithm 3.4.1 of Golub &
/// Van Loan (*Matrix Computations*, 4th ed.). Complexity 2d³/3 flops.
public struct LUDecomposition: Sendable {
  /// L (unit lower, below the diagonal) and U (on and above), packed.
  public let packed: Matrix
  /// Row i of U·L came from row `pivots[i]` of A.
  public let pivots: [Int]
  /// The sign (+1 or −1) of the row permutation.
  public let permutationSign: Double

  /// Factors the square matrix `a` (never fails; singularity shows as a zero pivot).
  public init(of a: Matrix) {
    precondition(a.isSquare, "LU of a non-square matrix")
    let n = a.rows
    var lu = a.elements
    var piv = Array(0..<n)
    var sign = 1.0
    for k in 0..<n {
      var p = k
      var best = abs(lu[k * n + k])
      for i in (k + 1)..<Swift.max(n, k + 1) where abs(lu[i * n + k]) > best {
        best = abs(lu[i * n + k])
        p = i
      }
      if p != k {
        for j in 0..<n { lu.swapAt(p * n + j, k * n + j) }
        piv.swapAt(p, k)
        sign = -sign
      }
      let pivot = lu[k * n + k]
      if pivot == 0 { continue }
      for i in (k + 1)..<Swift.max(n, k + 1) {
        let factor = lu[i * n + k] / pivot
        lu[i * n + k] = factor
        if factor != 0 {
          for j in (k + 1)..<n { lu[i * n + j] -= factor * lu[k * n + j] }
        }
      }
    }
    self.packed = Matrix(rows: n, columns: n, elements: lu)
    self.pivots = piv
    self.permutationSign = sign
  }

  /// Whether some pivot is exactly zero.
  public var isSingular: Bool {
    let n = packed.rows
    return (0..<n).contains { packed.elements[$0 * n + $0] == 0 }
  }

  /// The sign of det A: +1, −1, or 0 when singular.
  public var determinantSign: Double {
    let n = packed.rows
    var s = permutationSign
    for i in 0..<n {
      let u = packed.elements[i * n + i]
      if u == 0 { return 0 }
      if u < 0 { s = -s }
    }
    return s
  }

  /// log |det A| (−∞ when singular).
  public var logAbsoluteDeterminant: Double {
    let n = packed.rows
    var s = 0.0
    for i in 0..<n { s += log(abs(packed.elements[i * n + i])) }
    return s
  }

  /// det A (may overflow for large matrices: prefer sign and log|det|).
  public var determinant: Double {
    let n = packed.rows
    var s = permutationSign
    for i in 0..<n { s *= packed.elements[i * n + i] }
    return s
  }

  /// Solves A x = b.
  /// - Throws: ``LinearAlgebraError/singular(pivot:)`` on an exactly zero pivot.
  public func solve(_ b: Vector) throws -> Vector {
    let n = packed.rows
    precondition(b.dimension == n, "LU solve: right-hand side of dimension \(b.dimension), matrix \(n)×\(n)")
    let lu = packed.elements
    for i in 0..<n where lu[i * n + i] == 0 { throw LinearAlgebraError.singular(pivot: i) }
    var x = pivots.map { b[$0] }
    for i in 0..<n {
      var s = x[i]
      for k in 0..<i { s -= lu[i * n + k] * x[k] }
      x[i] = s
    }
    var i = n - 1
    while i >= 0 {
      var s = x[i]
      for k in (i + 1)..<Swift.max(n, i + 1) { s -= lu[i * n + k] * x[k] }
      x[i] = s / lu[i * n + i]
      i -= 1
    }
    return Vector(x)
  }
}
