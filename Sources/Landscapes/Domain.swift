public import LinearAlgebra

/// The set the method moves on: R^d, the probability simplex (mirror descent
/// / multiplicative weights), the unit sphere (Riemannian GD), or a
/// polyhedron {x : aᵢᵀx ≤ bᵢ} (projected GD, the theory's known limitation).
public enum Domain: Sendable, Hashable, Codable {
  /// R^d.
  case euclidean
  /// Δ = {x ≥ 0 : Σ x_i = 1}.
  case simplex
  /// S^{d−1} = {x : ‖x‖ = 1}.
  case sphere
  /// {x : aᵢᵀx ≤ bᵢ for every half-space}.
  case polyhedron([HalfSpace])

  /// The half-space {x : normalᵀx ≤ offset}.
  public struct HalfSpace: Sendable, Hashable, Codable {
    public var normal: Vector
    public var offset: Double
    public init(normal: Vector, offset: Double) {
      precondition(normal.euclideanNorm > 0, "a half-space needs a non-zero normal")
      self.normal = normal
      self.offset = offset
    }
    /// Whether x satisfies the constraint up to `slack`.
    public func contains(_ x: Vector, slack: Double = 0) -> Bool { normal.dot(x) <= offset + slack }
    /// The Euclidean projection onto the half-space (closed form).
    public func project(_ x: Vector) -> Vector {
      let excess = normal.dot(x) - offset
      guard excess > 0 else { return x }
      var y = x
      y.add(normal, scaledBy: -excess / normal.squaredNorm)
      return y
    }
  }

  /// Whether x lies in the domain up to `tolerance`.
  public func contains(_ x: Vector, tolerance: Double = 1e-12) -> Bool {
    switch self {
    case .euclidean: return x.isFinite
    case .simplex: return x.allSatisfy { $0 >= -tolerance } && abs(x.reduce(0, +) - 1) <= tolerance
    case .sphere: return abs(x.euclideanNorm - 1) <= tolerance
    case .polyhedron(let hs): return hs.allSatisfy { $0.contains(x, slack: tolerance) }
    }
  }

  /// The Euclidean projection Π(x) onto the domain.
  ///
  /// Simplex: the sort-based algorithm of Duchi, Shalev-Shwartz, Singer and
  /// Chandra (ICML 2008), exact. Sphere: x/‖x‖ (x ≠ 0). One half-space: closed
  /// form. Several half-spaces: Dykstra's alternating projections (Boyle &
  /// Dykstra 1986), which converge to the exact projection; iterated until the
  /// iterate moves less than 1e-15·(1 + ‖x‖) or 10 000 sweeps.
  public func project(_ x: Vector) -> Vector {
    switch self {
    case .euclidean:
      return x
    case .sphere:
      let n = x.euclideanNorm
      precondition(n > 0, "the origin has no projection onto the sphere")
      return x / n
    case .simplex:
      let u = x.components.sorted(by: >)
      var cumulative = 0.0, theta = 0.0
      for (j, uj) in u.enumerated() {
        cumulative += uj
        let t = (cumulative - 1) / Double(j + 1)
        if uj - t > 0 { theta = t }
      }
      return Vector(x.components.map { Swift.max($0 - theta, 0) })
    case .polyhedron(let hs):
      if hs.count == 1 { return hs[0].project(x) }
      var y = x
      var corrections = [Vector](repeating: Vector(zeros: x.dimension), count: hs.count)
      for _ in 0..<10_000 {
        let before = y
        for (i, h) in hs.enumerated() {
          let shifted = y + corrections[i]
          let projected = h.project(shifted)
          corrections[i] = shifted - projected
          y = projected
        }
        if y.distance(to: before) <= 1e-15 * (1 + x.euclideanNorm) { break }
      }
      return y
    }
  }

  /// A short name for reports.
  public var name: String {
    switch self {
    case .euclidean: "R^d"
    case .simplex: "simplex"
    case .sphere: "sphere"
    case .polyhedron(let hs): "polyhedron(\(hs.count) half-space\(hs.count == 1 ? "" : "s"))"
    }
  }
}

extension Domain {
  /// An orthonormal basis of the tangent space at x, as the columns of a
  /// d×m matrix: m = d − 1 on the sphere (x^⊥) and the simplex ({Σv = 0}),
  /// m = d on R^d and polyhedra (interior points).
  ///
  /// Built from the Householder reflection H = I − 2wwᵀ that maps e₁ to the
  /// unit normal n: H's columns 2…d span n^⊥.
  public func tangentBasis(at x: Vector) -> Matrix {
    let d = x.dimension
    let normal: Vector
    switch self {
    case .euclidean, .polyhedron: return .identity(d)
    case .sphere: normal = x.normalized()
    case .simplex: normal = Vector(Array(repeating: 1 / Double(d).squareRoot(), count: d))
    }
    var basis = Matrix(zeros: d, d - 1)
    let e1 = Vector(basis: 0, dimension: d)
    let w = e1 - normal
    let wn = w.euclideanNorm
    for j in 1..<d {
      // Column j of H = I − 2wwᵀ/‖w‖² (or of I when n = e₁).
      for i in 0..<d {
        let identity: Double = i == j ? 1 : 0
        basis[i, j - 1] = wn == 0 ? identity : identity - 2 * w[i] * w[j] / (wn * wn)
      }
    }
    return basis
  }

  /// The Hessian of f restricted to the domain at a critical point x, in the
  /// tangent basis: TᵀHT on R^d, polyhedra and the simplex (an affine set);
  /// on the sphere the Riemannian Hessian Tᵀ(∇²f(x) − ⟨x, ∇f(x)⟩ I)T
  /// (Absil, Mahony & Sepulchre 2008, Prop. 5.5.6 with the Weingarten map of S^{d−1}).
  public func restrictedHessian<F: Objective>(of f: F, at x: Vector) -> Matrix {
    var h = f.hessian(at: x)
    if case .sphere = self {
      let c = x.dot(f.gradient(at: x))
      for i in 0..<x.dimension { h[i, i] -= c }
    }
    let t = tangentBasis(at: x)
    return (t.transposed * h * t).symmetricPart
  }
}
