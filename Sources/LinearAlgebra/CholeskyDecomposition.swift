import Foundation

/// The Cholesky factorization A = L Lᵀ of a symmetric positive-definite
/// matrix, L lower triangular with positive diagonal.
///
/// Used as the positive-definiteness test of certified quantities (a Γ_t
/// limit, an inner proximal problem) and to solve with them. Reads the lower
/// triangle of A. Complexity d³/3 flops.
public struct CholeskyDecomposition: Sendable {
  /// The lower-triangular factor L.
  public let lower: Matrix

  /// Factors `a`.
  /// - Throws: ``LinearAlgebraError/notPositiveDefinite(detail:)`` when a pivot is not positive.
  public init(of a: Matrix) throws {
    precondition(a.isSquare, "Cholesky of a non-square matrix")
    let n = a.rows
    var l = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      var s = a.elements[j * n + j]
      for k in 0..<j { s -= l[j * n + k] * l[j * n + k] }
      guard s > 0, s.isFinite else {
        throw LinearAlgebraError.notPositiveDefinite(detail: "Cholesky pivot \(j) is \(s)")
      }
      let pivot = s.squareRoot()
      l[j * n + j] = pivot
      for i in (j + 1)..<Swift.max(n, j + 1) {
        var t = a.elements[i * n + j]
        for k in 0..<j { t -= l[i * n + k] * l[j * n + k] }
        l[i * n + j] = t / pivot
      }
    }
    self.lower = Matrix(rows: n, columns: n, elements: l)
  }

  /// Solves A x = b by forward and back substitution.
  public func solve(_ b: Vector) -> Vector {
    let n = lower.rows
    precondition(b.dimension == n, "Cholesky solve: right-hand side of dimension \(b.dimension), matrix \(n)×\(n)")
    let l = lower.elements
    var y = b.components
    for i in 0..<n {
      var s = y[i]
      for k in 0..<i { s -= l[i * n + k] * y[k] }
      y[i] = s / l[i * n + i]
    }
    var i = n - 1
    while i >= 0 {
      var s = y[i]
      for k in (i + 1)..<Swift.max(n, i + 1) { s -= l[k * n + i] * y[k] }
      y[i] = s / l[i * n + i]
      i -= 1
    }
    return Vector(y)
  }

  /// log det A = 2 Σ log L_ii.
  public var logDeterminant: Double {
    var s = 0.0
    for i in 0..<lower.rows { s += Foundation.log(lower.elements[i * lower.rows + i]) }
    return 2 * s
  }
}
