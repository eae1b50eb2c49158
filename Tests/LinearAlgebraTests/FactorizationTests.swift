import Testing
import LinearAlgebra
import Randomness

/// Cholesky, LU, QR and the spectral norm against their defining identities
/// and against planted answers. Tolerances are backward-error bounds of the
/// form c·d·u·‖A‖ (Higham, *Accuracy and Stability*, 2nd ed.: Thm 10.3 for
/// Cholesky, Thm 9.3 for LU with partial pivoting on these well-behaved
/// Gaussian matrices, Thm 19.4 for Householder QR), with c = 20.
@Suite struct FactorizationTests {
  static let sizes = [1, 2, 3, 5, 10, 50]

  static func gaussian(_ n: Int, _ m: Int, seed: UInt64) -> Matrix {
    var rng = Xoshiro256StarStar(seed: seed)
    return Draw.gaussianMatrix(rows: n, columns: m, using: &rng)
  }

  static func bound(_ n: Int) -> Double { 20 * Double(n + 1) * unitRoundoff }

  @Test("Cholesky: L Lᵀ = A, L lower triangular, solve and log det", arguments: sizes)
  func cholesky(size n: Int) throws {
    let g = Self.gaussian(n, n, seed: Seed.derive(0xc401, UInt64(n)))
    let a = (g * g.transposed + Double(n) * Matrix.identity(n)).symmetricPart
    let c = try CholeskyDecomposition(of: a)
    let l = c.lower
    #expect((l * l.transposed - a).frobeniusNorm <= Self.bound(n) * a.frobeniusNorm)
    for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { #expect(l[i, j] == 0) } }
    let x = Vector((0..<n).map { Double($0) - 1.5 })
    let solved = c.solve(a * x)
    // Forward error ≤ κ(A)·backward error; κ ≤ (‖g‖² + n)/n is small here.
    let e = SymmetricEigendecomposition(of: a)
    #expect((solved - x).euclideanNorm <= Self.bound(n) * (e.maximum / e.minimum) * x.euclideanNorm)
    let logdet = e.eigenvalues.components.reduce(0) { $0 + _log($1) }
    #expect(abs(c.logDeterminant - logdet) <= Self.bound(n) * Double(n) * (e.maximum / e.minimum))
  }

  @Test("Cholesky refuses an indefinite matrix")
  func choleskyRefuses() {
    #expect(throws: LinearAlgebraError.self) { try CholeskyDecomposition(of: Matrix(rowArrays: [[1, 2], [2, 1]])) }
  }

  @Test("LU: P A = L U, solve, determinant sign and log|det| against the eigenvalues", arguments: sizes)
  func lu(size n: Int) throws {
    let a = Self.gaussian(n, n, seed: Seed.derive(0x1a01, UInt64(n)))
    let f = LUDecomposition(of: a)
    var lower = Matrix.identity(n), upper = Matrix(zeros: n, n)
    for i in 0..<n {
      for j in 0..<n {
        if j < i { lower[i, j] = f.packed[i, j] } else { upper[i, j] = f.packed[i, j] }
      }
    }
    var pa = Matrix(zeros: n, n)
    for i in 0..<n { for j in 0..<n { pa[i, j] = a[f.pivots[i], j] } }
    #expect((lower * upper - pa).frobeniusNorm <= Self.bound(n) * a.frobeniusNorm * Double(n))
    let x = Vector((0..<n).map { 1 / Double($0 + 1) })
    let b = a * x
    let solved = try f.solve(b)
    #expect((a * solved - b).euclideanNorm <= Self.bound(n) * Double(n) * a.frobeniusNorm * solved.euclideanNorm)
    // det of the symmetric matrix S = A + Aᵀ: sign and log|det| from its eigenvalues.
    let s = (a + a.transposed).symmetricPart
    let e = SymmetricEigendecomposition(of: s)
    let fs = LUDecomposition(of: s)
    let negatives = e.count(below: 0)
    #expect(fs.determinantSign == (negatives % 2 == 0 ? 1 : -1))
    let logAbs = e.eigenvalues.components.reduce(0) { $0 + _log(abs($1)) }
    let minAbs = e.eigenvalues.components.map(abs).min() ?? 1
    #expect(abs(fs.logAbsoluteDeterminant - logAbs) <= Self.bound(n) * Double(n) * s.spectralNorm / minAbs)
  }

  @Test("LU reports singular matrices: zero sign, −∞ log|det|, solve throws")
  func luSingular() {
    let f = LUDecomposition(of: Matrix(rowArrays: [[1, 2], [2, 4]]))
    #expect(f.isSingular && f.determinantSign == 0 && f.logAbsoluteDeterminant == -.infinity)
    #expect(throws: LinearAlgebraError.singular(pivot: 1)) { try f.solve([1, 1]) }
    #expect(LUDecomposition(of: Matrix(rowArrays: [[0, 1], [1, 0]])).determinant == -1)
  }

  @Test("QR: Q orthogonal, R upper triangular, QR = A", arguments: [(1, 1), (2, 2), (3, 2), (5, 5), (10, 3), (50, 50)])
  func qr(shape: (Int, Int)) {
    let (m, n) = shape
    let a = Self.gaussian(m, n, seed: Seed.derive(0x9401, UInt64(m * 100 + n)))
    let f = QRDecomposition(of: a)
    #expect((f.q.transposed * f.q - .identity(m)).frobeniusNorm <= Self.bound(m))
    #expect((f.q * f.r - a).frobeniusNorm <= Self.bound(m) * a.frobeniusNorm)
    for i in 0..<m { for j in 0..<min(i, n) { #expect(f.r[i, j] == 0) } }
  }

  @Test("spectral norm equals the planted largest singular value", arguments: [(1, 1), (3, 2), (5, 5), (20, 7), (50, 50)])
  func spectralNorm(shape: (Int, Int)) {
    let (m, n) = shape
    var rng = Xoshiro256StarStar(seed: Seed.derive(0x5e01, UInt64(m * 100 + n)))
    let u = Draw.haarOrthogonal(dimension: m, using: &rng)
    let v = Draw.haarOrthogonal(dimension: n, using: &rng)
    let sigma = (0..<min(m, n)).map { _ in Draw.uniform(from: 0.1, to: 3, using: &rng) }
    var s = Matrix(zeros: m, n)
    for i in 0..<sigma.count { s[i, i] = sigma[i] }
    let a = u * s * v.transposed
    let expected = sigma.max() ?? 0
    #expect(abs(a.spectralNorm - expected) <= Self.bound(max(m, n)) * 4 * expected, "\(m)×\(n)")
    // Symmetric path: max |λ|.
    #expect(Matrix.diagonal([1, -4, 2]).spectralNorm == 4)
  }

  /// The diagonal fast path must return what the eigendecomposition returns (so switching to it
  /// changed no figure), and must not be taken for a matrix with one off-diagonal entry.
  @Test("spectral norm of a diagonal matrix: the fast path equals the eigendecomposition's max|λ| bit for bit")
  func diagonalSpectralNorm() {
    var rng = Xoshiro256StarStar(seed: 0xd1a9)
    for n in [1, 2, 3, 5, 10, 50] {
      for _ in 0..<20 {
        let diagonal = (0..<n).map { _ in Draw.uniform(from: -1, to: 1, using: &rng) * pow(10, Draw.uniform(from: -8, to: 8, using: &rng)) }
        let a = Matrix.diagonal(Vector(diagonal))
        let byEigenvalues = SymmetricEigendecomposition(of: a).eigenvalues.maximumMagnitude
        #expect(a.spectralNorm.bitPattern == byEigenvalues.bitPattern, "n = \(n)")
        #expect(a.spectralNorm == diagonal.map(abs).max())
      }
    }
    var b = Matrix.diagonal([1, 2])
    b[0, 1] = 3
    #expect(b.spectralNorm > 3)  // not the diagonal's 2
  }

  @Test("dimension mismatches are caller errors")
  func mismatchesTrap() async {
    await #expect(processExitsWith: .failure) { _ = Matrix.identity(2) * Vector([1, 2, 3]) }
    await #expect(processExitsWith: .failure) { _ = Vector([1, 2]).dot(Vector([1])) }
  }

  @Test("JSON: matrices and vectors round-trip bit-exactly; ragged or non-finite input is refused")
  func json() throws {
    let a = Self.gaussian(3, 4, seed: 7)
    let data = try JSONEncoder().encode(a)
    #expect(try JSONDecoder().decode(Matrix.self, from: data) == a)
    let v = Vector([0.1, -1e-300, 5e300, .pi])
    #expect(try JSONDecoder().decode(Vector.self, from: JSONEncoder().encode(v)) == v)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(Matrix.self, from: Data("[[1,2],[3]]".utf8)) }
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(Matrix.self, from: Data("[[1,2],[3,1e400]]".utf8)) }
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(Vector.self, from: Data("[1, \"NaN\"]".utf8)) }
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(Vector.self, from: Data("[1, 2".utf8)) }
  }

  @Test("norms survive extreme magnitudes")
  func extremeNorms() {
    #expect(abs(Vector([3e200, 4e200]).euclideanNorm / 5e200 - 1) <= 4 * unitRoundoff)
    #expect(abs(Vector([3e-200, 4e-200]).euclideanNorm / 5e-200 - 1) <= 4 * unitRoundoff)
    #expect(Vector([0, 0]).euclideanNorm == 0)
  }
}

import Foundation
func _log(_ x: Double) -> Double { Foundation.log(x) }
