import LinearAlgebra
import Randomness

/// Unit roundoff u = 2⁻⁵³.
let unitRoundoff = Double.ulpOfOne / 2

/// Random test matrices, each from an explicit seed.
enum TestMatrices {
  /// (G + Gᵀ)/2 with G Gaussian: the GOE-like random symmetric matrix.
  static func randomSymmetric(_ n: Int, seed: UInt64) -> Matrix {
    var rng = Xoshiro256StarStar(seed: seed)
    return Draw.gaussianMatrix(rows: n, columns: n, using: &rng).symmetricPart
  }

  /// Q diag(λ) Qᵀ with Q Haar: a symmetric matrix with a planted spectrum.
  static func planted(_ spectrum: [Double], seed: UInt64) -> Matrix {
    var rng = Xoshiro256StarStar(seed: seed)
    let q = Draw.haarOrthogonal(dimension: spectrum.count, using: &rng)
    return (q * Matrix.diagonal(Vector(spectrum)) * q.transposed).symmetricPart
  }

  /// The structured cases of issue 2: repeated, clustered, zero, diagonal,
  /// rank-one and badly scaled matrices, of size n.
  static func structured(_ n: Int, seed: UInt64) -> [(name: String, matrix: Matrix)] {
    var rng = Xoshiro256StarStar(seed: seed)
    let v = Draw.gaussianVector(dimension: n, using: &rng)
    let random = randomSymmetric(n, seed: seed &+ 1)
    return [
      ("repeated", planted((0..<n).map { Double($0 % 2) + 1 }, seed: seed &+ 2)),
      ("clustered", planted((0..<n).map { 1 + 1e-10 * Double($0) }, seed: seed &+ 3)),
      ("zero", Matrix(zeros: n, n)),
      ("identity", .identity(n)),
      ("diagonal", .diagonal(Vector((0..<n).map { Double(n - $0) * (($0 % 2 == 0) ? 1 : -1) }))),
      ("rank-one", .outer(v, v)),
      ("graded", planted((0..<n).map { Double(sign: .plus, exponent: 2 * $0 - n, significand: 1) }, seed: seed &+ 4)),
      ("tiny-1e-150", 1e-150 * random),
      ("huge-1e150", 1e150 * random),
    ]
  }
}
