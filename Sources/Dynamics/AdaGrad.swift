public import LinearAlgebra

/// AdaGrad's step policies (CLAIMS.md, part C): Γ_t = η·G_t^{-1/2} with
/// ```
/// norm:      G_t = δ0² + Σ_s ‖g_s‖²           (a scalar; "AdaNorm")
/// diagonal:  G_t = diag(δ0² + Σ_s g_s∘g_s)
/// full:      G_t = δ0² I + Σ_s g_s g_sᵀ
/// ```
/// The sums run over s ≤ t — the current gradient included, as in Duchi,
/// Hazan & Singer (JMLR 12, 2011), Optax and Keras — or, in the *delayed*
/// variant, over s ≤ t − 1. Which one [AMPW22] analyses was not confirmed
/// (CLAIMS.md), so both are implemented and every report names the variant.
/// The claims need η/δ0 < 1/L (with η = 1: δ0 > L).
///
/// Full-matrix AdaGrad needs Γ_t g_t = η G_t^{-1/2} g_t where G_t changes by
/// the rank-one term g_t g_tᵀ each step. By default it carries G_t's
/// eigendecomposition forward with the exact rank-one update
/// (``SymmetricEigendecomposition/addingOuterProduct(_:)``: deflation, a
/// `dlaed4`-style secular solver, Löwner's ẑ; O(d²k + dk²) flops and about 6k²
/// divisions instead of ~9d³ for a fresh decomposition), refreshed from scratch every
/// 256 steps so rounding cannot accumulate; `.recompute` decomposes G_t anew
/// each step. The README's benchmark compares the two. One step is `fullStep`
/// on caller storage, shared with the batched engine (bit-identical results).
public struct AdaGrad: MatrixStepPolicy, Hashable, Codable {
  /// The geometry of the preconditioner.
  public enum Geometry: String, Sendable, Hashable, Codable, CaseIterable {
    case norm, diagonal, full
  }

  /// Norm, diagonal or full matrix.
  public let geometry: Geometry
  /// Whether G_t includes the current gradient g_t (true) or is delayed (false).
  public let includesCurrentGradient: Bool
  /// The initial accumulator δ0 > 0.
  public let delta0: Double
  /// The base step η > 0.
  public let eta: Double
  /// The accumulated G before the current step: a scalar (norm), the diagonal, or the matrix (row-major).
  public private(set) var accumulator: [Double]
  /// The spectrum of Γ used by the last step.
  public private(set) var lastStepSpectrum: Vector?
  /// How full-matrix AdaGrad obtains G_t's eigendecomposition.
  public enum FullMatrixUpdate: String, Sendable, Hashable, Codable { case rankOne, recompute }
  /// The strategy for the full geometry.
  public let fullMatrixUpdate: FullMatrixUpdate
  /// The eigendecomposition of the accumulator (full geometry only).
  public private(set) var decomposition: SymmetricEigendecomposition?
  /// Rank-one updates since the last fresh decomposition.
  public private(set) var updatesSinceRefresh = 0
  /// Fresh decompositions are taken every this many rank-one updates.
  public static let refreshInterval = 256

  /// AdaGrad in dimension d.
  public init(geometry: Geometry, includesCurrentGradient: Bool, delta0: Double, eta: Double = 1, dimension d: Int,
              fullMatrixUpdate: FullMatrixUpdate = .rankOne) {
    precondition(delta0 > 0 && delta0.isFinite, "δ0 must be positive and finite")
    precondition(eta > 0 && eta.isFinite, "η must be positive and finite")
    precondition(d >= 1, "dimension must be at least 1")
    self.geometry = geometry
    self.includesCurrentGradient = includesCurrentGradient
    self.delta0 = delta0
    self.eta = eta
    self.fullMatrixUpdate = fullMatrixUpdate
    switch geometry {
    case .norm: accumulator = [delta0 * delta0]
    case .diagonal: accumulator = Array(repeating: delta0 * delta0, count: d)
    case .full:
      var g = [Double](repeating: 0, count: d * d)
      for i in 0..<d { g[i * d + i] = delta0 * delta0 }
      accumulator = g
      decomposition = SymmetricEigendecomposition(of: Matrix(rows: d, columns: d, elements: g))
    }
  }

  public var name: String {
    "adagrad-\(geometry.rawValue)(delta0=\(delta0),eta=\(eta),\(includesCurrentGradient ? "current" : "delayed"))"
  }

  /// G with the gradient g added (or G itself when g is nil).
  func accumulated(with g: Vector?) -> [Double] {
    guard let g else { return accumulator }
    var a = accumulator
    switch geometry {
    case .norm: a[0] += g.squaredNorm
    case .diagonal: for i in 0..<g.dimension { a[i] += g[i] * g[i] }
    case .full:
      let d = g.dimension
      for i in 0..<d { for j in 0..<d { a[i * d + j] += g[i] * g[j] } }
    }
    return a
  }

  /// This policy with accumulator `a` (the engine's per-lane state of norm / diagonal AdaGrad,
  /// for ``ObservedStep/method``); `lastStepSpectrum` is cleared.
  /// - Precondition: a norm or diagonal geometry, and `a` of the accumulator's length.
  package func replacingAccumulator(_ a: [Double]) -> AdaGrad {
    precondition(geometry != .full && a.count == accumulator.count, "an accumulator of another shape")
    var copy = self
    copy.accumulator = a
    copy.lastStepSpectrum = nil
    return copy
  }

  /// Γ = η G^{-1/2} as a matrix, for the accumulator `a`.
  func stepMatrix(_ a: [Double], dimension d: Int) -> Matrix {
    switch geometry {
    case .norm: return (eta / a[0].squareRoot()) * Matrix.identity(d)
    case .diagonal: return .diagonal(Vector(a.map { eta / $0.squareRoot() }))
    case .full:
      let e = SymmetricEigendecomposition(of: Matrix(rows: d, columns: d, elements: a))
      return e.spectralMap { eta / $0.squareRoot() }
    }
  }

  /// The step matrix Γ_t that the next step will use, given its gradient g:
  /// η G_t^{-1/2} with G_t including g (current variant) or not (delayed).
  public func stepMatrix(for g: Vector) -> Matrix {
    stepMatrix(accumulated(with: includesCurrentGradient ? g : nil), dimension: g.dimension)
  }

  public mutating func displacement(for g: Vector, at x: Vector) -> Vector {
    let d = g.dimension
    let result: Vector
    switch geometry {
    case .norm:
      let used = accumulated(with: includesCurrentGradient ? g : nil)
      let s = eta / used[0].squareRoot()
      result = s * g
      lastStepSpectrum = [s]
    case .diagonal:
      let used = accumulated(with: includesCurrentGradient ? g : nil)
      let scales = used.map { eta / $0.squareRoot() }
      result = Vector((0..<d).map { scales[$0] * g[$0] })
      lastStepSpectrum = Vector(scales.sorted())
    case .full:
      // The step kernel the batched engine runs too, on copies of the state.
      var a = accumulator
      if decomposition == nil {
        decomposition = SymmetricEigendecomposition(of: Matrix(rows: d, columns: d, elements: accumulator))
        updatesSinceRefresh = 0
      }
      var values = decomposition!.eigenvalues.components, vectors = decomposition!.eigenvectors.elements
      let carried = includesCurrentGradient ? nil : values
      var out = [Double](repeating: 0, count: d)
      var workspace = [Double](repeating: 0, count: Self.fullStepWorkspaceCount(d))
      var indices = [Int](repeating: 0, count: SymmetricEigendecomposition.rankOneIndexCount(d))
      var count = updatesSinceRefresh
      Self.fullStep(dimension: d, eta: eta, includesCurrentGradient: includesCurrentGradient,
                    recompute: fullMatrixUpdate == .recompute, gradient: g.components, accumulator: &a,
                    eigenvalues: &values, eigenvectors: &vectors, updatesSinceRefresh: &count, displacement: &out,
                    workspace: &workspace, indices: &indices)
      updatesSinceRefresh = count
      decomposition = SymmetricEigendecomposition(ascendingEigenvalues: values, eigenvectorElements: vectors)
      lastStepSpectrum = Vector((carried ?? values).map { eta / $0.squareRoot() }.sorted())
      accumulator = a
      return Vector(out)
    }
    accumulator = accumulated(with: g)
    return result
  }

  /// ∂(Γ_t g)/∂g under the current state:
  /// - delayed (all geometries): Γ_t, which does not depend on g;
  /// - norm, current: η q^{-1/2}(I − ggᵀ/q), q = G + ‖g‖² (CLAIMS.md `adagrad.diffeomorphism`);
  /// - diagonal, current: η diag((1 − g_i²/v_i)/√v_i), v = G + g∘g;
  /// - full, current: not known in closed form here (nil: the Jacobian is taken by differences).
  public func displacementDerivative(for g: Vector) -> Matrix? {
    let d = g.dimension
    guard includesCurrentGradient else { return stepMatrix(accumulator, dimension: d) }
    switch geometry {
    case .norm:
      let q = accumulator[0] + g.squaredNorm
      return (eta / q.squareRoot()) * (Matrix.identity(d) - (1 / q) * Matrix.outer(g, g))
    case .diagonal:
      let v = accumulated(with: g)
      return .diagonal(Vector((0..<d).map { eta * (1 - g[$0] * g[$0] / v[$0]) / v[$0].squareRoot() }))
    case .full:
      return nil
    }
  }
}

extension PolicyDescent where Policy == AdaGrad {
  /// AdaGrad descent x_{t+1} = x_t − η G_t^{-1/2} ∇f(x_t).
  public init(adaGrad geometry: AdaGrad.Geometry, includesCurrentGradient: Bool, delta0: Double, eta: Double = 1, dimension: Int,
              fullMatrixUpdate: AdaGrad.FullMatrixUpdate = .rankOne) {
    self.init(AdaGrad(geometry: geometry, includesCurrentGradient: includesCurrentGradient, delta0: delta0, eta: eta,
                      dimension: dimension, fullMatrixUpdate: fullMatrixUpdate))
  }
}

extension AdaGrad {
  /// Doubles of `workspace` that `fullStep` needs in dimension d.
  package static func fullStepWorkspaceCount(_ d: Int) -> Int { SymmetricEigendecomposition.rankOneWorkspaceCount(d) + d }

  /// One full-matrix AdaGrad step on caller storage — the arithmetic of both the scalar path
  /// (``displacement(for:at:)``) and the batched engine, so the two agree bit for bit:
  /// 1. delayed variant: the displacement Γ_t g = η V diag(λ^{-1/2}) Vᵀ g from the carried (Λ, V) of G_{t−1};
  /// 2. G ← G + ggᵀ entrywise (`accumulator`, row-major d×d);
  /// 3. (Λ, V) ← the decomposition of G: a fresh one (``SymmetricEigendecomposition/init(of:)``) for
  ///    `recompute` or when this is the ``refreshInterval``-th update since the last fresh one, else the
  ///    rank-one update `SymmetricEigendecomposition.addOuterProduct`
  ///    (no allocation); a non-finite G keeps the carried decomposition (the step is then non-finite
  ///    or the run diverges);
  /// 4. current variant: the displacement from the updated (Λ, V).
  ///
  /// Vᵀg is summed over rows in increasing order, V·(s∘c) over columns in increasing order.
  /// - Parameters: `eigenvalues` (d, ascending), `eigenvectors` (d×d row-major, columns), `displacement`
  ///   (d, written), `workspace` (``fullStepWorkspaceCount(_:)``), `indices`
  ///   (``SymmetricEigendecomposition/rankOneIndexCount(_:)``).
  package static func fullStep(
    dimension d: Int, eta: Double, includesCurrentGradient current: Bool, recompute: Bool, gradient g: UnsafePointer<Double>,
    accumulator a: UnsafeMutablePointer<Double>, eigenvalues lambda: UnsafeMutablePointer<Double>,
    eigenvectors v: UnsafeMutablePointer<Double>, updatesSinceRefresh: inout Int, displacement out: UnsafeMutablePointer<Double>,
    workspace: UnsafeMutablePointer<Double>, indices: UnsafeMutablePointer<Int>
  ) {
    if !current { fullDisplacement(d, eta, g, lambda, v, out, workspace) }
    var finite = true
    for i in 0..<d {
      let gi = g[i], row = a + i &* d
      for j in 0..<d {
        let e = row[j] + gi * g[j]
        row[j] = e
        if !e.isFinite { finite = false }
      }
    }
    let fresh = recompute || updatesSinceRefresh + 1 >= refreshInterval
    if fresh {
      if finite {
        let e = SymmetricEigendecomposition(of: Matrix(rows: d, columns: d, elements: Array(UnsafeBufferPointer(start: a, count: d * d))))
        e.eigenvalues.components.withUnsafeBufferPointer { lambda.update(from: $0.baseAddress!, count: d) }
        e.eigenvectors.elements.withUnsafeBufferPointer { v.update(from: $0.baseAddress!, count: d * d) }
      }
      updatesSinceRefresh = 0
    } else {
      SymmetricEigendecomposition.addOuterProduct(dimension: d, eigenvalues: lambda, eigenvectors: v, vector: g,
                                                  workspace: workspace + d, indices: indices)
      updatesSinceRefresh += 1
    }
    if current { fullDisplacement(d, eta, g, lambda, v, out, workspace) }
  }

  /// out = η V diag(λ^{-1/2}) Vᵀ g, with `scratch` (d doubles) for the coordinates.
  @inline(__always)
  static func fullDisplacement(
    _ d: Int, _ eta: Double, _ g: UnsafePointer<Double>, _ lambda: UnsafePointer<Double>, _ v: UnsafePointer<Double>,
    _ out: UnsafeMutablePointer<Double>, _ scratch: UnsafeMutablePointer<Double>
  ) {
    for j in 0..<d { scratch[j] = 0 }
    for i in 0..<d {
      let gi = g[i], row = v + i &* d
      for j in 0..<d { scratch[j] += row[j] * gi }
    }
    for j in 0..<d { scratch[j] = (eta / lambda[j].squareRoot()) * scratch[j] }
    for i in 0..<d {
      let row = v + i &* d
      var s = 0.0
      for j in 0..<d { s += row[j] * scratch[j] }
      out[i] = s
    }
  }
}
