/// The Householder QR factorization A = Q R of an m×n matrix, m ≥ n.
///
/// Q is m×m orthogonal, R is m×n upper triangular. Haar-random rotations
/// are Q·diag(sign R_ii) of a Gaussian matrix (Mezzadri, "How to generate
/// random matrices from the classical compact groups", Notices AMS 54, 2007).
/// Algorithm 5.2.1 of Golub & Van Loan. Complexity 2mn² − 2n³/3 flops for R,
/// plus the accumulation of Q.
public struct QRDecomposition: Sendable {
  /// The orthogonal factor Q (m×m).
  public let q: Matrix
  /// The upper-triangular factor R (m×n).
  public let r: Matrix

  /// Factors `a` (m ≥ n).
  public init(of a: Matrix) {
    let m = a.rows, n = a.columns
    precondition(m >= n, "QR needs rows ≥ columns, got \(m)×\(n)")
    var r = a.elements
    var reflectors: [[Double]] = []
    reflectors.reserveCapacity(n)
    for k in 0..<Swift.min(n, m - 1 < 0 ? 0 : m) {
      // Householder vector v for column k below the diagonal.
      var v = [Double](repeating: 0, count: m - k)
      for i in k..<m { v[i - k] = r[i * n + k] }
      let alpha = Vector(v).euclideanNorm
      if alpha == 0 {
        reflectors.append([])
        continue
      }
      let signed = v[0] >= 0 ? -alpha : alpha
      v[0] -= signed
      let vnorm2 = v.reduce(0) { $0 + $1 * $1 }
      if vnorm2 == 0 {
        reflectors.append([])
        continue
      }
      // Apply H = I − 2vvᵀ/(vᵀv) to the trailing columns.
      for j in k..<n {
        var s = 0.0
        for i in k..<m { s += v[i - k] * r[i * n + j] }
        let f = 2 * s / vnorm2
        for i in k..<m { r[i * n + j] -= f * v[i - k] }
      }
      for i in (k + 1)..<Swift.max(m, k + 1) { r[i * n + k] = 0 }
      reflectors.append(v.map { $0 / vnorm2.squareRoot() })
    }
    // Q = H_0 H_1 … H_{n−1}, accumulated backwards onto the identity.
    var q = Matrix.identity(m).elements
    var k = reflectors.count - 1
    while k >= 0 {
      let v = reflectors[k]
      if !v.isEmpty {
        for j in 0..<m {
          var s = 0.0
          for i in k..<m { s += v[i - k] * q[i * m + j] }
          let f = 2 * s
          if f != 0 { for i in k..<m { q[i * m + j] -= f * v[i - k] } }
        }
      }
      k -= 1
    }
    self.q = Matrix(rows: m, columns: m, elements: q)
    self.r = Matrix(rows: m, columns: n, elements: r)
  }
}
