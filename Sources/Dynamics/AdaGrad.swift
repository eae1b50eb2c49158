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
/// (``SymmetricEigendecomposition/addingOuterProduct(_:)``, O(d²k + dk²)
/// instead of ~9d³ for a fresh decomposition), refreshed from scratch every
/// 256 steps so rounding cannot accumulate; `.recompute` decomposes G_t anew
/// each step. The README's benchmark compares the two.
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

  /// The eigendecomposition of the accumulator plus ggᵀ (whose entries are
  /// `a`), by the configured strategy.
  func updatedDecomposition(adding g: Vector, accumulated a: [Double]) -> SymmetricEigendecomposition {
    let d = g.dimension
    if fullMatrixUpdate == .recompute || decomposition == nil || updatesSinceRefresh + 1 >= Self.refreshInterval {
      return SymmetricEigendecomposition(of: Matrix(rows: d, columns: d, elements: a))
    }
    return decomposition!.addingOuterProduct(g)
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
    let used = accumulated(with: includesCurrentGradient ? g : nil)
    let result: Vector
    switch geometry {
    case .norm:
      let s = eta / used[0].squareRoot()
      result = s * g
      lastStepSpectrum = [s]
    case .diagonal:
      let scales = used.map { eta / $0.squareRoot() }
      result = Vector((0..<d).map { scales[$0] * g[$0] })
      lastStepSpectrum = Vector(scales.sorted())
    case .full:
      // G_t with the current gradient: the updated decomposition; delayed: the carried one.
      let updated = updatedDecomposition(adding: g, accumulated: accumulated(with: g))
      let e = includesCurrentGradient ? updated : (decomposition ?? updated)
      // Γg = V diag(η λ^{-1/2}) Vᵀ g.
      let v = e.eigenvectors
      let scales = e.eigenvalues.components.map { eta / $0.squareRoot() }
      let coordinates = v.transposed * g
      result = v * Vector((0..<d).map { scales[$0] * coordinates[$0] })
      lastStepSpectrum = Vector(scales.sorted())
      let fresh = fullMatrixUpdate == .recompute || updatesSinceRefresh + 1 >= Self.refreshInterval
      updatesSinceRefresh = fresh ? 0 : updatesSinceRefresh + 1
      decomposition = updated
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
