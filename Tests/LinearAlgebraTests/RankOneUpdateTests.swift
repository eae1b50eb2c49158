import Testing
import LinearAlgebra
import Randomness

/// The rank-one update against the from-scratch solver: same backward-error
/// bounds as `SymmetricEigendecompositionTests` ((10d + 20)·u, relative to
/// ‖A + vvᵀ‖_F), also after long sequences of updates.
@Suite struct RankOneUpdateTests {
  static func tolerance(_ n: Int) -> Double { (10 * Double(n) + 20) * unitRoundoff }

  static func expectValid(_ e: SymmetricEigendecomposition, of a: Matrix, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let n = a.rows
    let v = e.eigenvectors
    let residual = (a * v - v * Matrix.diagonal(e.eigenvalues)).frobeniusNorm
    let orthogonality = (v.transposed * v - .identity(n)).frobeniusNorm
    #expect(residual <= tolerance(n) * a.frobeniusNorm, "\(label): ‖AV − VΛ‖ = \(residual)", sourceLocation: sourceLocation)
    #expect(orthogonality <= tolerance(n), "\(label): ‖VᵀV − I‖ = \(orthogonality)", sourceLocation: sourceLocation)
    let values = e.eigenvalues.components
    #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(label): not ascending", sourceLocation: sourceLocation)
    let reference = SymmetricEigendecomposition(of: a).eigenvalues
    #expect((e.eigenvalues - reference).maximumMagnitude <= tolerance(n) * a.frobeniusNorm, "\(label): eigenvalues off", sourceLocation: sourceLocation)
  }

  @Test("one update of a random symmetric matrix", arguments: [1, 2, 3, 5, 10, 50])
  func single(size n: Int) {
    for k in 0..<20 {
      var rng = Xoshiro256StarStar(seed: Seed.derive(0x1a1e, UInt64(n * 100 + k)))
      let a = Draw.gaussianMatrix(rows: n, columns: n, using: &rng).symmetricPart
      let v = Draw.gaussianVector(dimension: n, using: &rng)
      let updated = SymmetricEigendecomposition(of: a).addingOuterProduct(v)
      Self.expectValid(updated, of: (a + Matrix.outer(v, v)).symmetricPart, "d=\(n) k=\(k)")
    }
  }

  @Test("deflation: repeated eigenvalues (δ²I), an eigenvector, a tiny and a huge update", arguments: [2, 5, 20])
  func deflation(size n: Int) {
    var rng = Xoshiro256StarStar(seed: UInt64(n))
    let identity = 4 * Matrix.identity(n)
    let g = Draw.gaussianVector(dimension: n, using: &rng)
    Self.expectValid(SymmetricEigendecomposition(of: identity).addingOuterProduct(g), of: (identity + Matrix.outer(g, g)).symmetricPart, "δ²I")
    let a = Draw.gaussianMatrix(rows: n, columns: n, using: &rng).symmetricPart
    let e = SymmetricEigendecomposition(of: a)
    let q = e.eigenvectors.column(n / 2)
    Self.expectValid(e.addingOuterProduct(q), of: (a + Matrix.outer(q, q)).symmetricPart, "eigenvector")
    let tiny = 1e-10 * g
    Self.expectValid(e.addingOuterProduct(tiny), of: (a + Matrix.outer(tiny, tiny)).symmetricPart, "tiny")
    let huge = 1e6 * g
    Self.expectValid(e.addingOuterProduct(huge), of: (a + Matrix.outer(huge, huge)).symmetricPart, "huge")
    Self.expectValid(e.addingOuterProduct(Vector(zeros: n)), of: a, "zero")
  }

  /// The AdaGrad use: G_t = δ²I + Σ g_s g_sᵀ over 300 updates with shrinking gradients.
  @Test("a sequence of 300 updates stays accurate", arguments: [3, 10])
  func sequence(size n: Int) {
    var rng = Xoshiro256StarStar(seed: 0x5e9 &+ UInt64(n))
    var g = Matrix.identity(n)
    var e = SymmetricEigendecomposition(of: g)
    for t in 0..<300 {
      let v = (1 / Double(t + 1)) * Draw.gaussianVector(dimension: n, using: &rng)
      g = (g + Matrix.outer(v, v)).symmetricPart
      e = e.addingOuterProduct(v)
    }
    Self.expectValid(e, of: g, "after 300 updates")
  }
}
