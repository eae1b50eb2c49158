public import LinearAlgebra
import Randomness
import Serialization
import Foundation

/// A rotated double well plus couplings that vanish to third order at the
/// origin: the planted saddle and its Hessian stay exact while the
/// dynamics are no longer decoupled, so the stable set is a curved graph
/// rather than a subspace.
///
/// With y = Qᵀx (the base landscape's rotated coordinates),
/// ```
/// f(x) = f_base(x) + Σ_k ε_k · tanh(y_{i_k}) · tanh²(y_{j_k}),   i_k ≠ j_k
/// ```
/// **Third-order vanishing.** Write u = tanh, v = tanh². At 0: u = 0, u' = 1,
/// u'' = 0 and v = v' = 0, v'' = 2. Each coupling's gradient (u'v, uv') and
/// Hessian [[u''v, u'v'], [u'v', uv'']] vanish at y = 0, so ∇f(0) = 0 and
/// ∇²f(0) = ∇²f_base(0): the origin is a strict saddle of index = number of
/// wells, with the base spectrum.
///
/// **Certified L.** On R, |u| ≤ 1, |u'| = sech² ≤ 1, |u''| = 2|tanh|sech² ≤ 4/(3√3),
/// |v| ≤ 1, |v'| = 2|tanh|sech² ≤ 4/(3√3), |v''| = 2sech²|1 − 3tanh²| ≤ 2.
/// A coupling's 2×2 Hessian therefore has spectral norm at most its Frobenius
/// norm ≤ √((4/(3√3))² + 2(4/(3√3))² + 2²) = √(52/9) =: C ≈ 2.404, and the
/// rotation preserves norms, so by the triangle inequality
/// ‖∇²f‖₂ ≤ L_base + C Σ_k |ε_k| everywhere.
///
/// **Certified f_low.** |ε u v| ≤ |ε|, so f ≥ f_low(base) − Σ|ε_k|.
///
/// Only the origin is planted: the couplings move the base's other critical points.
public struct CoupledDoubleWell: Objective, Codable, Hashable {
  /// One coupling term ε · tanh(y_i) · tanh²(y_j).
  public struct Coupling: Sendable, Hashable, Codable {
    /// The rotated coordinate under tanh.
    public var i: Int
    /// The rotated coordinate under tanh².
    public var j: Int
    /// The strength ε.
    public var epsilon: Double
    public init(i: Int, j: Int, epsilon: Double) {
      self.i = i
      self.j = j
      self.epsilon = epsilon
    }

    private enum CodingKeys: String, CodingKey { case i, j, epsilon }

    public init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      i = try c.decodeWholeNumber(forKey: .i, in: 0...1999)
      j = try c.decodeWholeNumber(forKey: .j, in: 0...1999)
      epsilon = try c.decode(Double.self, forKey: .epsilon)
    }
  }

  /// The separable base landscape.
  public let base: RotatedDoubleWell
  /// The coupling terms.
  public let couplings: [Coupling]
  /// The planted origin, computed once.
  public let criticalPoints: [PlantedCriticalPoint]

  /// C = √(52/9), the bound on one coupling's Hessian norm per unit ε.
  public static let couplingCurvatureBound = (52.0 / 9.0).squareRoot()

  public init(base: RotatedDoubleWell, couplings: [Coupling]) {
    if let p = Self.problem(base: base, couplings: couplings) { preconditionFailure(p) }
    self.base = base
    self.couplings = couplings
    self.criticalPoints = [base.origin]
  }

  /// Why the parameters are invalid, or nil.
  public static func problem(base: RotatedDoubleWell, couplings: [Coupling]) -> String? {
    for (k, c) in couplings.enumerated() {
      guard (0..<base.dimension).contains(c.i), (0..<base.dimension).contains(c.j) else {
        return "couplings[\(k)]: coordinates (\(c.i), \(c.j)) outside 0..<\(base.dimension)"
      }
      guard c.i != c.j else { return "couplings[\(k)]: i and j must differ" }
      guard c.epsilon.isFinite else { return "couplings[\(k)].epsilon: not finite" }
    }
    return nil
  }

  /// A random instance: a ``RotatedDoubleWell`` with `wells` wells, and
  /// `dimension` couplings (i, i+1 mod d) in random orientation with
  /// |ε| ∈ [0.05, 0.15]·L_base/d (so the certified L grows by at most 36 %).
  public static func random(dimension d: Int, wells: Int, conditioning: Double = 5, seed: UInt64) -> CoupledDoubleWell {
    let base = RotatedDoubleWell.random(dimension: d, wells: wells, conditioning: conditioning, seed: Seed.derive(seed, 0))
    var rng = Xoshiro256StarStar(seed: Seed.derive(seed, 1))
    var couplings: [Coupling] = []
    if d >= 2 {
      for i in 0..<d {
        let j = (i + 1) % d
        let flip = Draw.integer(below: 2, using: &rng) == 1
        let sign: Double = Draw.integer(below: 2, using: &rng) == 1 ? 1 : -1
        let eps = sign * Draw.uniform(from: 0.05, to: 0.15, using: &rng) * base.lipschitzConstant / Double(d)
        couplings.append(flip ? Coupling(i: j, j: i, epsilon: eps) : Coupling(i: i, j: j, epsilon: eps))
      }
    }
    return CoupledDoubleWell(base: base, couplings: couplings)
  }

  public var dimension: Int { base.dimension }

  public func value(at x: Vector) -> Double {
    let y = base.rotated(x)
    var s = base.value(at: x)
    for c in couplings {
      let t = Elementary.tanh(y[c.j])
      s += c.epsilon * Elementary.tanh(y[c.i]) * t * t
    }
    return s
  }

  /// The gradient of the coupling sum in rotated coordinates.
  func couplingGradient(_ y: Vector) -> Vector {
    var g = Vector(zeros: y.dimension)
    for c in couplings {
      let ti = Elementary.tanh(y[c.i]), tj = Elementary.tanh(y[c.j])
      g[c.i] += c.epsilon * (1 - ti * ti) * tj * tj
      g[c.j] += c.epsilon * ti * 2 * tj * (1 - tj * tj)
    }
    return g
  }

  public func gradient(at x: Vector) -> Vector {
    base.gradient(at: x) + base.rotation * couplingGradient(base.rotated(x))
  }

  public func hessian(at x: Vector) -> Matrix {
    let y = base.rotated(x)
    let n = dimension
    var h = Matrix(zeros: n, n)
    for c in couplings {
      let ti = Elementary.tanh(y[c.i]), tj = Elementary.tanh(y[c.j])
      let si = 1 - ti * ti, sj = 1 - tj * tj
      let uii = -2 * ti * si * tj * tj           // u'' v
      let uij = si * 2 * tj * sj                  // u' v'
      let ujj = ti * 2 * sj * (1 - 3 * tj * tj)   // u v''
      h[c.i, c.i] += c.epsilon * uii
      h[c.i, c.j] += c.epsilon * uij
      h[c.j, c.i] += c.epsilon * uij
      h[c.j, c.j] += c.epsilon * ujj
    }
    return (base.hessian(at: x) + base.rotation * h * base.rotation.transposed).symmetricPart
  }

  public var lipschitzConstant: Double {
    base.lipschitzConstant + Self.couplingCurvatureBound * couplings.reduce(0) { $0 + abs($1.epsilon) }
  }

  /// One coupling's third derivative along a unit (a, b) in the (y_i, y_j)
  /// plane is u'''v a³ + 3u''v' a²b + 3u'v'' ab² + uv''' b³, with |u'''| ≤ 2,
  /// |u''|, |v'| ≤ 4/(3√3), |v''| ≤ 2, v''' = 8t(1 − t²)(3t² − 2), |v'''| ≤ 32/(3√3),
  /// |u|, |u'|, |v| ≤ 1 and |a|³, |b|³ ≤ 1, a²|b|, |a|b² ≤ 2/(3√3); summed,
  /// ≤ 11.2 per unit |ε| (sampled maximum 4.09).
  public static let couplingThirdDerivativeBound = 11.2

  public var thirdDerivativeBound: Double {
    base.thirdDerivativeBound + Self.couplingThirdDerivativeBound * couplings.reduce(0) { $0 + abs($1.epsilon) }
  }

  public var lowerBound: Double { base.lowerBound - couplings.reduce(0) { $0 + abs($1.epsilon) } }

  /// The planted strict saddle at the origin.
  public var origin: PlantedCriticalPoint { base.origin }

  private enum CodingKeys: String, CodingKey { case base, couplings }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let base = try c.decode(RotatedDoubleWell.self, forKey: .base)
    let couplings = try c.decode([Coupling].self, forKey: .couplings)
    if let p = Self.problem(base: base, couplings: couplings) {
      throw DecodingError.fieldProblem(c.codingPath, p)
    }
    self.init(base: base, couplings: couplings)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(base, forKey: .base)
    try c.encode(couplings, forKey: .couplings)
  }
}
