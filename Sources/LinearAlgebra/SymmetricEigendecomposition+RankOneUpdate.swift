extension SymmetricEigendecomposition {
  /// A decomposition from known parts (eigenvalues ascending, orthonormal columns).
  init(eigenvalues: Vector, eigenvectors: Matrix, sorted: Bool) {
    precondition(sorted, "eigenpairs must be sorted")
    self.eigenvalues = eigenvalues
    self.eigenvectors = eigenvectors
  }

  /// The eigendecomposition of A + vvᵀ computed from that of A in O(d²k + d k²)
  /// instead of from scratch (k ≤ d the number of eigenpairs v touches).
  ///
  /// The rank-one modification of the symmetric eigenproblem (Golub, SIAM
  /// Review 15, 1973; Bunch, Nielsen & Sorensen, Numer. Math. 31, 1978) in the
  /// stable form of Gu & Eisenstat (SIAM J. Matrix Anal. Appl. 15(4), 1994):
  /// with z = Vᵀv,
  /// 1. *deflation* — pairs with |z_i| ≤ τ keep (λ_i, v_i); among eigenvalues
  ///    closer than τ a Givens rotation moves all of z onto one of them
  ///    (τ = 8u(max|λ| + ‖z‖²), a backward error of that size);
  /// 2. the new eigenvalues μ_j are the roots of the secular equation
  ///    1 + Σ z_i²/(λ_i − μ) = 0, one in each (λ_j, λ_{j+1}) and one in
  ///    (λ_k, λ_k + ‖z‖²], found by bisection in the offset τ_j = μ_j − λ_origin
  ///    from the nearer pole so that λ_i − μ_j is formed without cancellation;
  /// 3. ẑ with ẑ_i² = Π_j(μ_j − λ_i)/Π_{j≠i}(λ_j − λ_i) (Löwner) replaces z,
  ///    which makes the eigenvectors u_j ∝ (ẑ_i/(λ_i − μ_j))_i numerically
  ///    orthogonal, and V ← V·U.
  ///
  /// This is what full-matrix AdaGrad needs: G_t = G_{t−1} + g_t g_tᵀ.
  public func addingOuterProduct(_ v: Vector) -> SymmetricEigendecomposition {
    let n = eigenvalues.dimension
    precondition(v.dimension == n, "rank-one update of dimension \(v.dimension) for a \(n)×\(n) decomposition")
    guard n > 0, v.isFinite else { return self }
    var lambda = eigenvalues.components
    var vectors = eigenvectors  // columns are eigenvectors
    var z = eigenvectors.transposed * v
    let zNorm2 = z.squaredNorm
    let tolerance = 8 * Double.ulpOfOne * (eigenvalues.maximumMagnitude + zNorm2)
    // 1. Deflation.
    var active: [Int] = []
    for i in 0..<n where abs(z[i]) > tolerance {
      if let j = active.last, lambda[i] - lambda[j] <= tolerance {
        // Rotate z's weight from j onto i; column j becomes an eigenvector for λ_j.
        let r = Self.hypot(z[i], z[j])
        let c = z[i] / r, s = z[j] / r
        for row in 0..<n {
          let vj = vectors[row, j], vi = vectors[row, i]
          vectors[row, j] = c * vj - s * vi
          vectors[row, i] = s * vj + c * vi
        }
        z[i] = r
        z[j] = 0
        active.removeLast()
      }
      active.append(i)
    }
    let k = active.count
    guard k > 0 else { return self }
    let d = active.map { lambda[$0] }
    let w = active.map { z[$0] }
    let wNorm2 = w.reduce(0) { $0 + $1 * $1 }
    // 2. Secular roots, each as (origin, offset).
    var origin = [Int](repeating: 0, count: k)
    var offset = [Double](repeating: 0, count: k)
    func secular(_ o: Int, _ t: Double) -> Double {
      var s = 1.0
      for i in 0..<k { s += w[i] * w[i] / ((d[i] - d[o]) - t) }
      return s
    }
    for j in 0..<k {
      var o: Int, lo: Double, hi: Double
      if j == k - 1 {
        o = j
        lo = 0
        hi = wNorm2
      } else {
        let gap = d[j + 1] - d[j]
        if secular(j, gap / 2) >= 0 {
          o = j
          lo = 0
          hi = gap / 2
        } else {
          o = j + 1
          lo = -gap / 2
          hi = 0
        }
      }
      // Bisection on the offset: f is increasing between the poles.
      for _ in 0..<200 {
        let mid = lo + (hi - lo) / 2
        if mid <= lo || mid >= hi { break }
        let value = secular(o, mid)
        if value == 0 {
          lo = mid
          hi = mid
          break
        }
        if value < 0 { lo = mid } else { hi = mid }
      }
      origin[j] = o
      offset[j] = lo + (hi - lo) / 2
    }
    // λ_i − μ_j, formed from the nearer pole.
    func difference(_ i: Int, _ j: Int) -> Double { (d[i] - d[origin[j]]) - offset[j] }
    // 3. Löwner's ẑ, then the eigenvectors u_j ∝ ẑ_i/(λ_i − μ_j).
    var zHat = [Double](repeating: 0, count: k)
    for i in 0..<k {
      var product = -difference(i, k - 1)  // μ_k − λ_i
      for j in 0..<(k - 1) {
        // Pair μ_j − λ_i with λ_j − λ_i or λ_{j+1} − λ_i so the ratio stays O(1).
        let denominator = j < i ? d[j] - d[i] : d[j + 1] - d[i]
        product *= -difference(i, j) / denominator
      }
      zHat[i] = (Swift.max(product, 0)).squareRoot() * (w[i] < 0 ? -1 : 1)
    }
    var u = Matrix(zeros: k, k)
    for j in 0..<k {
      var column = (0..<k).map { zHat[$0] / difference($0, j) }
      let norm = Vector(column).euclideanNorm
      column = column.map { $0 / norm }
      for i in 0..<k { u[i, j] = column[i] }
    }
    var activeVectors = Matrix(zeros: n, k)
    for (c, i) in active.enumerated() { for row in 0..<n { activeVectors[row, c] = vectors[row, i] } }
    let updated = activeVectors * u
    // Merge the new pairs with the deflated ones, ascending.
    var pairs: [(value: Double, column: Vector)] = []
    let activeSet = Set(active)
    for i in 0..<n where !activeSet.contains(i) { pairs.append((lambda[i], vectors.column(i))) }
    for j in 0..<k { pairs.append((d[origin[j]] + offset[j], updated.column(j))) }
    pairs.sort { $0.value < $1.value }
    var merged = Matrix(zeros: n, n)
    for (c, p) in pairs.enumerated() { for row in 0..<n { merged[row, c] = p.column[row] } }
    lambda = pairs.map(\.value)
    return SymmetricEigendecomposition(eigenvalues: Vector(lambda), eigenvectors: merged, sorted: true)
  }
}
