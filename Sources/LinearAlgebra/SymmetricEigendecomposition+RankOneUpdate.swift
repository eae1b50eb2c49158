extension SymmetricEigendecomposition {
  /// A decomposition from known parts (eigenvalues ascending, orthonormal columns).
  init(eigenvalues: Vector, eigenvectors: Matrix, sorted: Bool) {
    precondition(sorted, "eigenpairs must be sorted")
    self.eigenvalues = eigenvalues
    self.eigenvectors = eigenvectors
  }

  /// A decomposition from known parts: `eigenvalues` ascending, `eigenvectors` (row-major d×d)
  /// with orthonormal columns — what ``addOuterProduct(dimension:eigenvalues:eigenvectors:vector:workspace:indices:options:)``
  /// leaves in its storage.
  package init(ascendingEigenvalues eigenvalues: [Double], eigenvectorElements elements: [Double]) {
    let n = eigenvalues.count
    precondition(elements.count == n * n, "\(elements.count) eigenvector entries for \(n) eigenvalues")
    self.eigenvalues = Vector(eigenvalues)
    self.eigenvectors = Matrix(rows: n, columns: n, elements: elements)
  }

  /// The eigendecomposition of A + vvᵀ computed from that of A in O(d²k + d k²)
  /// instead of from scratch (k ≤ d the number of eigenpairs v touches).
  ///
  /// This is ``addOuterProduct(dimension:eigenvalues:eigenvectors:vector:workspace:indices:options:)``
  /// on copies of the eigenpairs (the same arithmetic as full-matrix AdaGrad's
  /// step kernel); see there for the algorithm. A non-finite v returns `self`.
  ///
  /// This is what full-matrix AdaGrad needs: G_t = G_{t−1} + g_t g_tᵀ.
  public func addingOuterProduct(_ v: Vector) -> SymmetricEigendecomposition {
    let n = eigenvalues.dimension
    precondition(v.dimension == n, "rank-one update of dimension \(v.dimension) for a \(n)×\(n) decomposition")
    var values = eigenvalues.components
    var vectors = eigenvectors.elements
    var workspace = [Double](repeating: 0, count: Self.rankOneWorkspaceCount(n))
    var indices = [Int](repeating: 0, count: Self.rankOneIndexCount(n))
    values.withUnsafeMutableBufferPointer { lp in
      vectors.withUnsafeMutableBufferPointer { vp in
        v.components.withUnsafeBufferPointer { zp in
          workspace.withUnsafeMutableBufferPointer { wp in
            indices.withUnsafeMutableBufferPointer { ip in
              Self.addOuterProduct(dimension: n, eigenvalues: lp.baseAddress!, eigenvectors: vp.baseAddress!,
                                   vector: zp.baseAddress!, workspace: wp.baseAddress!, indices: ip.baseAddress!)
            }
          }
        }
      }
    }
    return SymmetricEigendecomposition(eigenvalues: Vector(values), eigenvectors: Matrix(rows: n, columns: n, elements: vectors),
                                       sorted: true)
  }

  /// Knobs of the rank-one update kernel, for experiments and for the tests' broken variants.
  package struct RankOneUpdateOptions: Sendable {
    /// Iterations of the secular-equation solver per root (each evaluates f once); the
    /// stopping rule ends it long before in practice (measured on the tests' hard cases and
    /// 255-update AdaGrad-like sequences: 1–9, mostly 2–4; 1 for k = 2, where the
    /// two-pole first guess is already the root).
    package var maximumIterations = 100
    /// Whether Löwner's ẑ replaces z in the eigenvectors (Gu & Eisenstat); without it
    /// the eigenvectors lose orthogonality when eigenvalues are close.
    package var loewnerCorrection = true
    package init(maximumIterations: Int = 100, loewnerCorrection: Bool = true) {
      self.maximumIterations = maximumIterations
      self.loewnerCorrection = loewnerCorrection
    }
  }

  /// Doubles of `workspace` that the rank-one update needs in dimension n.
  package static func rankOneWorkspaceCount(_ n: Int) -> Int { n * n + 8 * n }
  /// Ints of `indices` that the rank-one update needs in dimension n.
  package static func rankOneIndexCount(_ n: Int) -> Int { 3 * n }

  /// In place and without allocation: (Λ, V) of A becomes (Λ', V') of A + vvᵀ.
  ///
  /// The rank-one modification of the symmetric eigenproblem (Golub, SIAM
  /// Review 15, 1973; Bunch, Nielsen & Sorensen, Numer. Math. 31, 1978) in the
  /// stable form of Gu & Eisenstat (SIAM J. Matrix Anal. Appl. 15(4), 1994):
  /// with z = Vᵀv,
  /// 1. *deflation* — pairs with |z_i| ≤ τ keep (λ_i, v_i); among eigenvalues
  ///    closer than τ a Givens rotation moves all of z onto one of them
  ///    (τ = 8u(max|λ| + ‖z‖²), a backward error of that size);
  /// 2. the k remaining new eigenvalues μ_j are the roots of the secular equation
  ///    f(μ) = 1 + Σ z_i²/(λ_i − μ) = 0, one in each (λ_j, λ_{j+1}) and one in
  ///    (λ_k, λ_k + ‖z‖²]. Each is found as an offset τ from the nearer pole λ_o
  ///    (so λ_i − μ_j = (λ_i − λ_o) − τ is formed without cancellation) by the
  ///    "middle way" of LAPACK's `dlaed4` (R.-C. Li, LAPACK Working Note 89, 1993):
  ///    at τ, the poles left of the root are modelled by one pole at the nearest
  ///    of them plus a constant, the poles right of it likewise, each model
  ///    matching the value and slope there, and τ moves to the model's root
  ///    (a quadratic) — quadratic convergence: besides the midpoint, 1–9 evaluations
  ///    of f per root, mostly 2–4.
  ///    A step outside the bracket [lo, hi] (kept from the signs of f) is replaced
  ///    by bisection of the bracket. It stops, as `dlaed4` does, when
  ///    |f(τ)| ≤ u·((k + 8)(1 + Σ|z_i²/(λ_i − μ)|) + 3|τ|·f′(τ)): a bound on
  ///    the rounding error of evaluating f (each term carries a few relative
  ///    roundings, the sum k more, and τ itself is only known to half an ulp,
  ///    which moves f by |τ|f′u/2), so f's sign there is noise;
  /// 3. ẑ with ẑ_i² = Π_j(μ_j − λ_i)/Π_{j≠i}(λ_j − λ_i) (Löwner) replaces z,
  ///    which makes the eigenvectors u_j ∝ (ẑ_i/(λ_i − μ_j))_i numerically
  ///    orthogonal, and V ← V·U;
  /// 4. the deflated pairs and the new ones (each list ascending) are merged,
  ///    a deflated pair before a new one on equal eigenvalues.
  ///
  /// Complexity: d² (z = Vᵀv) + about 6k² divisions (secular equation ~4k², ẑ and U k² each)
  /// + d·k² (V·U) flops; no allocation.
  /// - Parameters:
  ///   - eigenvalues: d values, ascending; overwritten with those of A + vvᵀ.
  ///   - eigenvectors: d×d row-major, column j the unit eigenvector of λ_j; overwritten.
  ///   - vector: v (d entries). A non-finite v leaves everything unchanged.
  ///   - workspace: ``rankOneWorkspaceCount(_:)`` doubles; indices: ``rankOneIndexCount(_:)`` ints.
  package static func addOuterProduct(
    dimension n: Int, eigenvalues lambda: UnsafeMutablePointer<Double>, eigenvectors V: UnsafeMutablePointer<Double>,
    vector v: UnsafePointer<Double>, workspace: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>,
    options: RankOneUpdateOptions = RankOneUpdateOptions()
  ) {
    guard n > 0 else { return }
    for i in 0..<n where !v[i].isFinite { return }
    let z = workspace, dv = z + n, w = dv + n, offsets = w + n, zHat = offsets + n
    let row = zHat + n, values = row + n, u = values + 2 * n
    let active = indices, origin = indices + n, order = indices + 2 * n
    // z = Vᵀv, each entry summed over rows in increasing order.
    for j in 0..<n { z[j] = 0 }
    for i in 0..<n {
      let vi = v[i], r = V + i &* n
      for j in 0..<n { z[j] += r[j] * vi }
    }
    var zNorm2 = 0.0, largest = 0.0
    for j in 0..<n {
      zNorm2 += z[j] * z[j]
      largest = Swift.max(largest, abs(lambda[j]))
    }
    let tolerance = 8 * Double.ulpOfOne * (largest + zNorm2)
    // 1. Deflation.
    var k = 0
    for i in 0..<n where abs(z[i]) > tolerance {
      if k > 0, lambda[i] - lambda[active[k - 1]] <= tolerance {
        // Rotate z's weight from j onto i; column j becomes an eigenvector for λ_j.
        let j = active[k - 1]
        let r = Self.hypot(z[i], z[j])
        let c = z[i] / r, s = z[j] / r
        for row in 0..<n {
          let vj = V[row &* n &+ j], vi = V[row &* n &+ i]
          V[row &* n &+ j] = c * vj - s * vi
          V[row &* n &+ i] = s * vj + c * vi
        }
        z[i] = r
        z[j] = 0
        k -= 1
      }
      active[k] = i
      k += 1
    }
    guard k > 0 else { return }
    var wNorm2 = 0.0
    for c in 0..<k {
      dv[c] = lambda[active[c]]
      w[c] = z[active[c]]
      wNorm2 += w[c] * w[c]
    }
    // 2. Secular roots, each as (origin, offset).
    if k == 1 {
      origin[0] = 0
      offsets[0] = wNorm2  // 1 − w²/τ = 0
    } else {
      for j in 0..<k {
        let (o, tau) = Self.secularRoot(j, k, dv, w, wNorm2, options.maximumIterations)
        origin[j] = o
        offsets[j] = tau
      }
    }
    // 3. u[i·k + j] = λ_i − μ_j, formed from μ_j's pole; then Löwner's ẑ; then u_ij = ẑ_i/(λ_i − μ_j).
    for i in 0..<k {
      for j in 0..<k { u[i &* k &+ j] = (dv[i] - dv[origin[j]]) - offsets[j] }
    }
    for i in 0..<k {
      guard options.loewnerCorrection else {
        zHat[i] = w[i]
        continue
      }
      var product = -u[i &* k &+ k &- 1]  // μ_k − λ_i
      for j in 0..<(k - 1) {
        // Pair μ_j − λ_i with λ_j − λ_i or λ_{j+1} − λ_i so the ratio stays O(1).
        let denominator = j < i ? dv[j] - dv[i] : dv[j + 1] - dv[i]
        product *= -u[i &* k &+ j] / denominator
      }
      zHat[i] = (Swift.max(product, 0)).squareRoot() * (w[i] < 0 ? -1 : 1)
    }
    for i in 0..<k {
      for j in 0..<k { u[i &* k &+ j] = zHat[i] / u[i &* k &+ j] }
    }
    for j in 0..<k {
      // The column's norm, safe from overflow and underflow.
      var s = 0.0
      for i in 0..<k { s += u[i &* k &+ j] * u[i &* k &+ j] }
      var norm = s.squareRoot()
      if !(s.isFinite && s > 0x1p-900) {
        var m = 0.0
        for i in 0..<k { m = Swift.max(m, abs(u[i &* k &+ j])) }
        var t = 0.0
        for i in 0..<k {
          let y = u[i &* k &+ j] / m
          t += y * y
        }
        norm = m * t.squareRoot()
      }
      for i in 0..<k { u[i &* k &+ j] /= norm }
    }
    // V ← V·U on the active columns, row by row (each entry summed over i increasing).
    for r in 0..<n {
      let vr = V + r &* n
      for j in 0..<k { row[j] = 0 }
      for i in 0..<k {
        let vi = vr[active[i]], ui = u + i &* k
        for j in 0..<k { row[j] += vi * ui[j] }
      }
      for j in 0..<k { vr[active[j]] = row[j] }
    }
    // 4. Merge: deflated pairs (columns not active, ascending) and new pairs (μ_j in column active[j]).
    var next = 0, a = 0, p = 0
    for i in 0..<n {
      if a < k && active[a] == i {
        a += 1
        continue
      }
      // Deflated pair i: first the new pairs strictly below it.
      while next < k, dv[origin[next]] + offsets[next] < lambda[i] {
        values[p] = dv[origin[next]] + offsets[next]
        order[p] = active[next]
        next += 1
        p += 1
      }
      values[p] = lambda[i]
      order[p] = i
      p += 1
    }
    while next < k {
      values[p] = dv[origin[next]] + offsets[next]
      order[p] = active[next]
      next += 1
      p += 1
    }
    var permuted = false
    for c in 0..<n {
      lambda[c] = values[c]
      if order[c] != c { permuted = true }
    }
    guard permuted else { return }
    for r in 0..<n {
      let vr = V + r &* n
      for c in 0..<n { row[c] = vr[order[c]] }
      for c in 0..<n { vr[c] = row[c] }
    }
  }

  /// Root j (0-based) of 1 + Σ_i w_i²/(d_i − μ) = 0 for k ≥ 2 poles d ascending (distinct beyond the
  /// deflation tolerance), as (o, τ) with μ = d_o + τ: the middle way of `dlaed4` from a two-pole
  /// initial guess, safeguarded by bisection, stopped at |f| below its rounding-error bound.
  @inline(__always)
  static func secularRoot(
    _ j: Int, _ k: Int, _ d: UnsafeMutablePointer<Double>, _ w: UnsafeMutablePointer<Double>, _ wNorm2: Double,
    _ maximumIterations: Int
  ) -> (Int, Double) {
    let last = j == k - 1
    // The model's two poles: j and j + 1 for an interior root, k − 2 and k − 1 for the last.
    let left = last ? k - 2 : j, right = left + 1
    let gap = d[right] - d[left]
    let wl2 = w[left] * w[left], wr2 = w[right] * w[right]
    var o: Int, lo: Double, hi: Double, tau: Double
    if !last {
      // f at the midpoint decides the nearer pole; a model with the two poles and a constant
      // fitted there, c + w_j²/(d_j − μ) + w_{j+1}²/(d_{j+1} − μ), gives the first guess.
      let mid = gap / 2
      var f = 1.0
      for i in 0..<k { f += w[i] * w[i] / ((d[i] - d[j]) - mid) }
      let c = f + wl2 / mid - wr2 / (gap - mid)
      if f >= 0 {
        o = j
        lo = 0
        hi = mid
        tau = Self.interiorCorrection(a: c * gap + wl2 + wr2, b: wl2 * gap, c: c)
      } else {
        o = j + 1
        lo = -mid
        hi = 0
        tau = Self.interiorCorrection(a: -c * gap + wl2 + wr2, b: -wr2 * gap, c: c)
      }
    } else {
      // Right of every pole: in (0, ‖w‖²] from d_{k−1}; f at the midpoint narrows the bracket, and
      // the model with poles k − 2, k − 1 and a constant fitted there gives the first guess.
      o = k - 1
      lo = 0
      hi = wNorm2
      let mid = wNorm2 / 2
      var f = 1.0
      for i in 0..<k { f += w[i] * w[i] / ((d[i] - d[o]) - mid) }
      if f < 0 { lo = mid } else { hi = mid }
      let c = f - wl2 / (-gap - mid) - wr2 / (-mid)
      // c x² − a x + b = 0 with a = w_{k−2}² + w_{k−1}² − c·gap, b = −w_{k−1}²·gap; the root right of both poles.
      let a = wl2 + wr2 - c * gap, b = -wr2 * gap
      if c > 0 {
        let root = (Swift.abs(a * a - 4 * b * c)).squareRoot()
        tau = a >= 0 ? (a + root) / (2 * c) : 2 * b / (a - root)
      } else {
        tau = hi
      }
    }
    if !(tau > lo && tau < hi) { tau = lo + (hi - lo) / 2 }
    let u = Double.ulpOfOne, terms = Double(k) + 8
    for _ in 0..<maximumIterations {
      // f, its slope, and the model's parts: ψ over the poles left of `right`, φ over the rest.
      var psi = 0.0, dpsi = 0.0, phi = 0.0, dphi = 0.0, absolute = 0.0
      let base = d[o]
      for i in 0...left {
        let r = w[i] / ((d[i] - base) - tau)
        let t = w[i] * r
        psi += t
        dpsi += r * r
        absolute += abs(t)
      }
      for i in right..<k {
        let r = w[i] / ((d[i] - base) - tau)
        let t = w[i] * r
        phi += t
        dphi += r * r
        absolute += abs(t)
      }
      let f = 1 + psi + phi, slope = dpsi + dphi
      if abs(f) <= u * (terms * (1 + absolute) + 3 * abs(tau) * slope) { break }
      if f < 0 { lo = tau } else { hi = tau }
      let dl = (d[left] - base) - tau, dr = (d[right] - base) - tau
      let a = (dl + dr) * f - dl * dr * slope, b = dl * dr * f
      var c = f - dl * dpsi - dr * dphi
      var eta: Double
      if !last {
        eta = Self.interiorCorrection(a: a, b: b, c: c)
      } else {
        c = abs(c)
        if c == 0 {
          eta = hi - tau
        } else {
          let root = (Swift.abs(a * a - 4 * b * c)).squareRoot()
          eta = a >= 0 ? (a + root) / (2 * c) : 2 * b / (a - root)
        }
      }
      if f * eta >= 0 { eta = -f / slope }  // the model stepped the wrong way: Newton
      var next = tau + eta
      if !(next > lo && next < hi) { next = lo + (hi - lo) / 2 }
      if next == tau || next == lo || next == hi { break }  // the bracket is down to adjacent doubles
      tau = next
    }
    return (o, tau)
  }

  /// The root of c·x² − a·x + b = 0 between the two poles (x = (a − √(a² − 4bc))/(2c), or b/a for c = 0),
  /// computed without cancellation.
  @inline(__always)
  static func interiorCorrection(a: Double, b: Double, c: Double) -> Double {
    if c == 0 { return b / a }
    let root = (Swift.abs(a * a - 4 * b * c)).squareRoot()
    return a <= 0 ? (a - root) / (2 * c) : 2 * b / (a + root)
  }
}
