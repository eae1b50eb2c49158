import Testing
import LinearAlgebra
import Randomness

/// The rank-one update against the from-scratch solver: same backward-error
/// bounds as `SymmetricEigendecompositionTests` ((10d + 20)·u, relative to
/// ‖A + vvᵀ‖_F), also after long sequences of updates.
@Suite struct RankOneUpdateTests {
  static func tolerance(_ n: Int) -> Double { (10 * Double(n) + 20) * unitRoundoff }

  /// `scale` widens the bounds for sequences of updates.
  static func expectValid(_ e: SymmetricEigendecomposition, of a: Matrix, _ label: String, scale: Double = 1,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    let n = a.rows
    let v = e.eigenvectors
    let bound = scale * tolerance(n)
    let residual = (a * v - v * Matrix.diagonal(e.eigenvalues)).frobeniusNorm
    let orthogonality = (v.transposed * v - .identity(n)).frobeniusNorm
    #expect(residual <= bound * a.frobeniusNorm, "\(label): ‖AV − VΛ‖ = \(residual)", sourceLocation: sourceLocation)
    #expect(orthogonality <= bound, "\(label): ‖VᵀV − I‖ = \(orthogonality)", sourceLocation: sourceLocation)
    let values = e.eigenvalues.components
    #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 }, "\(label): not ascending", sourceLocation: sourceLocation)
    let reference = SymmetricEigendecomposition(of: a).eigenvalues
    #expect((e.eigenvalues - reference).maximumMagnitude <= bound * a.frobeniusNorm, "\(label): eigenvalues off",
            sourceLocation: sourceLocation)
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

  /// The AdaGrad use: G_t = δ²I + Σ g_s g_sᵀ over the 255 updates full-matrix AdaGrad carries between
  /// fresh decompositions, with shrinking gradients. Each update's rounding errors (a backward error within
  /// the single-update bound) add up like a random walk — measured ‖VᵀV − I‖ grows about as √t, to 2–3
  /// times the single-update figure after 255 updates, for the bisection solver as for this one — so the
  /// bound is the single-update one times √255/4 ≈ 4.
  @Test("a sequence of 255 updates stays accurate", arguments: [3, 10])
  func sequence(size n: Int) {
    var rng = Xoshiro256StarStar(seed: 0x5e9 &+ UInt64(n))
    var g = Matrix.identity(n)
    var e = SymmetricEigendecomposition(of: g)
    for t in 0..<255 {
      let v = (1 / Double(t + 1)) * Draw.gaussianVector(dimension: n, using: &rng)
      g = (g + Matrix.outer(v, v)).symmetricPart
      e = e.addingOuterProduct(v)
    }
    Self.expectValid(e, of: g, "after 255 updates", scale: 255.0.squareRoot() / 4)
  }

  // MARK: - The allocation-free kernel: hard cases and broken variants

  /// (Λ, V) of A + vvᵀ by the kernel with `options`, from a decomposition of A.
  static func update(_ e: SymmetricEigendecomposition, _ v: Vector,
                     _ options: SymmetricEigendecomposition.RankOneUpdateOptions = .init()) -> SymmetricEigendecomposition {
    let n = v.dimension
    var values = e.eigenvalues.components, vectors = e.eigenvectors.elements
    var workspace = [Double](repeating: .nan, count: SymmetricEigendecomposition.rankOneWorkspaceCount(n))
    var indices = [Int](repeating: -1, count: SymmetricEigendecomposition.rankOneIndexCount(n))
    SymmetricEigendecomposition.addOuterProduct(dimension: n, eigenvalues: &values, eigenvectors: &vectors, vector: v.components,
                                                workspace: &workspace, indices: &indices, options: options)
    return SymmetricEigendecomposition(ascendingEigenvalues: values, eigenvectorElements: vectors)
  }

  /// A diagonal A (V = I, so A is exact) with the given spectrum.
  static func diagonal(_ values: [Double]) -> SymmetricEigendecomposition {
    let n = values.count
    var identity = [Double](repeating: 0, count: n * n)
    for i in 0..<n { identity[i * n + i] = 1 }
    return SymmetricEigendecomposition(ascendingEigenvalues: values, eigenvectorElements: identity)
  }

  /// The hard cases for the secular solver and for orthogonality, each (A's decomposition, v):
  /// - clusters: eigenvalues 1e-12 and 1e-9 apart (far above the deflation tolerance 8u(max|λ| + ‖z‖²)
  ///   ≈ 2e-14, so they are not deflated: the roots sit within 1e-12 of the poles);
  /// - clusters 1e-6 apart under a large update (‖v‖ ≈ 1e3·√d, tolerance ≈ 2e-9·d): the secular terms of
  ///   the neighbouring poles are ~1e12 and cancel, so a root is only known to ~1e12·u relative to its
  ///   distance to the pole, and the eigenvectors u_j ∝ z_i/(λ_i − μ_j) of the plain formula lose
  ///   orthogonality — what Löwner's ẑ repairs;
  /// - tiny components of z: some 1e-9, one 1e-13 (just above the deflation tolerance), the rest O(1);
  /// - random SPD A = BBᵀ/d + I with a random v;
  /// in d = 1, 2, 3, 10, 50.
  static func hardCases() -> [(label: String, a: SymmetricEigendecomposition, v: Vector)] {
    var cases: [(String, SymmetricEigendecomposition, Vector)] = []
    for n in [1, 2, 3, 10, 50] {
      var rng = Xoshiro256StarStar(seed: Seed.derive(0x1a1f, UInt64(n)))
      var clustered: [Double] = []
      for i in 0..<n {
        let spacing: Double = i % 2 == 0 ? 1e-12 : 1e-9
        clustered.append(1 + Double(i / 3) + Double(i % 3) * spacing)
      }
      cases.append(("clustered d=\(n)", diagonal(clustered.sorted()), Draw.gaussianVector(dimension: n, using: &rng)))
      let wide = (0..<n).map { (i: Int) -> Double in 1 + Double(i / 3) + 1e-6 * Double(i % 3) }
      cases.append(("clustered, large v d=\(n)", diagonal(wide), 1e3 * Draw.gaussianVector(dimension: n, using: &rng)))
      var v = Draw.gaussianVector(dimension: n, using: &rng)
      for i in stride(from: 0, to: n, by: 2) { v[i] *= 1e-9 }
      if n > 1 { v[n - 1] = 1e-13 }
      let spread = (0..<n).map { 1 + Double($0) / Double(n) }
      cases.append(("tiny z d=\(n)", diagonal(spread), v))
      let b = Draw.gaussianMatrix(rows: n, columns: n, using: &rng)
      let a = ((1 / Double(n)) * (b * b.transposed) + Matrix.identity(n)).symmetricPart
      cases.append(("random SPD d=\(n)", SymmetricEigendecomposition(of: a), Draw.gaussianVector(dimension: n, using: &rng)))
    }
    return cases
  }

  /// The errors of an updated decomposition e of A + vvᵀ (A = V Λ Vᵀ of `base`), relative to ‖A + vvᵀ‖_F:
  /// eigenvalues against a fresh decomposition, ‖VᵀV − I‖_F (absolute), ‖V Λ Vᵀ − (A + vvᵀ)‖_F.
  static func errors(_ e: SymmetricEigendecomposition, base: SymmetricEigendecomposition, _ v: Vector)
    -> (values: Double, orthogonality: Double, reconstruction: Double)
  {
    let n = v.dimension
    let a = base.eigenvectors * Matrix.diagonal(base.eigenvalues) * base.eigenvectors.transposed
    let target = (a + Matrix.outer(v, v)).symmetricPart
    let scale = target.frobeniusNorm
    let reference = SymmetricEigendecomposition(of: target).eigenvalues
    let q = e.eigenvectors
    return ((e.eigenvalues - reference).maximumMagnitude / scale,
            (q.transposed * q - .identity(n)).frobeniusNorm,
            (q * Matrix.diagonal(e.eigenvalues) * q.transposed - target).frobeniusNorm / scale)
  }

  /// Every hard case within the single-update bound (10d + 20)·u of `tolerance(_:)`: the update is
  /// backward stable (Gu & Eisenstat, Theorem 3.1 for the ẑ eigenvectors; the roots are solved until |f|
  /// is below its own rounding-error bound), and the products V·Λ·Vᵀ and the fresh reference solver add
  /// errors of the same order (the reference's own accuracy is what `SymmetricEigendecompositionTests` measures).
  @Test("the kernel on clustered eigenvalues, tiny z components and random SPD updates, d = 1…50")
  func hardCasesAreAccurate() {
    for (label, a, v) in Self.hardCases() {
      let n = v.dimension
      let (values, orthogonality, reconstruction) = Self.errors(Self.update(a, v), base: a, v)
      #expect(values <= Self.tolerance(n), "\(label): eigenvalue error \(values)")
      #expect(orthogonality <= Self.tolerance(n), "\(label): ‖VᵀV − I‖ = \(orthogonality)")
      #expect(reconstruction <= Self.tolerance(n), "\(label): ‖VΛVᵀ − (A + vvᵀ)‖ = \(reconstruction)")
      // addingOuterProduct is this kernel, bit for bit.
      let viaValue = a.addingOuterProduct(v), viaKernel = Self.update(a, v)
      #expect(viaValue.eigenvalues.components.map(\.bitPattern) == viaKernel.eigenvalues.components.map(\.bitPattern)
              && viaValue.eigenvectors.elements.map(\.bitPattern) == viaKernel.eigenvectors.elements.map(\.bitPattern), "\(label)")
    }
  }

  /// Löwner's ẑ makes the eigenvectors those of a nearby matrix whatever interlacing roots are used
  /// (Gu & Eisenstat, §3), so they stay orthogonal to the single-update bound even when the solver is
  /// stopped after one iteration and the eigenvalues are far off.
  @Test("Löwner's ẑ: orthogonal eigenvectors even from roots stopped after one iteration")
  func loewnerKeepsOrthogonality() {
    for (label, a, v) in Self.hardCases() {
      let early = Self.errors(Self.update(a, v, .init(maximumIterations: 1)), base: a, v)
      #expect(early.orthogonality <= Self.tolerance(v.dimension), "\(label): ‖VᵀV − I‖ = \(early.orthogonality)")
    }
  }

  /// The checks above see a solver stopped after one iteration (eigenvalues off by far more than the
  /// bound) and the eigenvectors from z instead of Löwner's ẑ (orthogonality lost once the roots are inexact).
  @Test("mutants: an early-stopped secular solver and the plain z eigenvectors fail the checks")
  func brokenVariantsFail() {
    var stoppedEarly = 0, withoutLoewner = 0
    for (_, a, v) in Self.hardCases() where v.dimension >= 3 {
      let n = v.dimension
      let early = Self.errors(Self.update(a, v, .init(maximumIterations: 1)), base: a, v)
      if early.values > Self.tolerance(n) || early.reconstruction > Self.tolerance(n) { stoppedEarly += 1 }
      let plain = Self.errors(Self.update(a, v, .init(maximumIterations: 1, loewnerCorrection: false)), base: a, v)
      if plain.orthogonality > Self.tolerance(n) { withoutLoewner += 1 }
    }
    #expect(stoppedEarly >= 8, "the early-stopped solver passed on \(12 - stoppedEarly) of 12 cases")
    #expect(withoutLoewner >= 6, "the plain z eigenvectors failed only \(withoutLoewner) of 12 cases")
  }
}
