extension SymmetricEigendecomposition {
  /// The matrix φ(A) = V diag(φ(λ_1), …, φ(λ_d)) Vᵀ for a scalar function φ.
  ///
  /// The spectral calculus of a symmetric matrix: AdaGrad's G_t^{-1/2}, the
  /// limit Γ^{1/2} of the talk's diagonalization step, and e^{tA} all come
  /// from here. The result is symmetrized exactly.
  public func spectralMap(_ phi: (Double) -> Double) -> Matrix {
    .congruence(eigenvectors, diagonal: Vector(eigenvalues.components.map(phi)))
  }

  /// A^{-1/2} for positive-definite A.
  /// - Throws: ``LinearAlgebraError/notPositiveDefinite(detail:)`` if λ_min ≤ 0.
  public func inverseSquareRoot() throws -> Matrix {
    guard minimum > 0 else {
      throw LinearAlgebraError.notPositiveDefinite(detail: "λ_min = \(minimum) ≤ 0 has no inverse square root")
    }
    return spectralMap { 1 / $0.squareRoot() }
  }

  /// A^{1/2} for positive-semidefinite A.
  ///
  /// Eigenvalues in [−16·u·max|λ|, 0) are rounding noise of a singular
  /// positive-semidefinite matrix and are treated as 0.
  /// - Throws: ``LinearAlgebraError/notPositiveDefinite(detail:)`` if λ_min is negative beyond rounding.
  public func squareRoot() throws -> Matrix {
    let noise = 16 * Double.ulpOfOne * eigenvalues.maximumMagnitude
    guard minimum >= -noise else {
      throw LinearAlgebraError.notPositiveDefinite(detail: "λ_min = \(minimum) < 0 has no real square root")
    }
    return spectralMap { Swift.max($0, 0).squareRoot() }
  }
}

extension Matrix {
  /// V diag(v) Vᵀ for a square V, exactly symmetric: entry (i, j) is
  /// Σ_k V_ik v_k V_jk summed in increasing k. How a symmetric matrix with a
  /// planted spectrum, a Hessian of a rotated separable function, or a
  /// spectral function φ(A) is assembled.
  public static func congruence(_ v: Matrix, diagonal values: Vector) -> Matrix {
    precondition(v.isSquare && v.rows == values.dimension, "congruence of a \(v.rows)×\(v.columns) matrix with \(values.dimension) values")
    let n = v.rows
    var result = Matrix(zeros: n, n)
    let e = v.elements
    for i in 0..<n {
      for j in 0...i {
        var s = 0.0
        for k in 0..<n { s += e[i * n + k] * values[k] * e[j * n + k] }
        result.elements[i * n + j] = s
        result.elements[j * n + i] = s
      }
    }
    return result
  }

  /// The spectral norm ‖A‖₂ = σ_max(A).
  ///
  /// For symmetric A this is max|λ_i|; otherwise √λ_max(AᵀA), which loses no
  /// relative accuracy in the largest singular value. A square matrix whose
  /// off-diagonal entries are all exactly 0 (a diagonal preconditioner: AdaGrad's
  /// norm and diagonal Γ_t) with a finite diagonal takes max|a_ii| directly —
  /// the exact value, which the eigendecomposition also returns there (tested).
  public var spectralNorm: Double {
    if rows == 0 || columns == 0 { return 0 }
    if let norm = diagonalMaximumMagnitude { return norm }
    if isSymmetric() {
      return SymmetricEigendecomposition(of: self).eigenvalues.maximumMagnitude
    }
    let gram = columns <= rows ? transposed * self : self * transposed
    return Swift.max(SymmetricEigendecomposition(of: gram.symmetricPart).maximum, 0).squareRoot()
  }

  /// max|a_ii| when the matrix is square, its off-diagonal entries are exactly 0 and its
  /// diagonal is finite; nil otherwise.
  var diagonalMaximumMagnitude: Double? {
    guard rows == columns else { return nil }
    var largest = 0.0
    for i in 0..<rows {
      for j in 0..<columns {
        let a = elements[i &* columns &+ j]
        if i == j {
          guard a.isFinite else { return nil }
          largest = Swift.max(largest, abs(a))
        } else if a != 0 {
          return nil
        }
      }
    }
    return largest
  }
}
