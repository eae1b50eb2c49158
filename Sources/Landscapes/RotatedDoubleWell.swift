public import LinearAlgebra
import Randomness
import Serialization
import Foundation

/// A rotated separable landscape f(x) = Σ_i φ_i((Qᵀx)_i) whose coordinates
/// are double wells or convex quadratics — globally L-smooth, with every
/// critical point and Hessian known exactly.
///
/// Double-well profile (CLAIMS.md, "Landscapes worth having"):
/// ```
/// ψ(s)   = μ (s²/2 − 2r² log cosh(s/r))
/// ψ'(s)  = μ (s − 2r tanh(s/r))
/// ψ''(s) = μ (1 − 2 sech²(s/r)) ∈ [−μ, μ]
/// ```
/// ψ has a local maximum at 0 (ψ''(0) = −μ) and minima at ±r·u*, where
/// u* ≈ 1.9150 solves u = 2 tanh u, with ψ'' = μ(u*²/2 − 1) ≈ 0.8337μ there.
/// Quadratic profile: φ(s) = h s²/2, h > 0.
///
/// Certificates: ∇²f(x) = Q diag(φ_i''(y_i)) Qᵀ, so
/// ‖∇²f(x)‖₂ = max_i |φ_i''(y_i)| ≤ L = max(max μ_i, max h_i), attained at
/// the origin — the certificate is tight. inf f = Σ_i min φ_i, attained, so
/// f_low is exact. With k double-well coordinates the critical points are the
/// 3^k points Q·y with y_i ∈ {0, ±r_i u*} on the wells and y_i = 0 elsewhere;
/// the Morse index is the number of wells at 0. The origin is a strict
/// saddle of index k (a maximum when every coordinate is a well).
public struct RotatedDoubleWell: Objective, Codable, Hashable {
  /// The profile of one rotated coordinate.
  public enum Profile: Sendable, Hashable, Codable {
    /// ψ(s) = μ(s²/2 − 2r² log cosh(s/r)), μ > 0, r > 0.
    case doubleWell(mu: Double, r: Double)
    /// φ(s) = h s²/2, h > 0.
    case quadratic(h: Double)
  }

  /// The orthogonal rotation Q (column i is the axis of profile i).
  public let rotation: Matrix
  /// One profile per rotated coordinate.
  public let profiles: [Profile]
  /// The planted points, computed once (see ``plant(rotation:profiles:)``).
  public let criticalPoints: [PlantedCriticalPoint]

  /// The positive root u* of u = 2 tanh u, to full double precision (Newton from 2).
  public static let wellRoot: Double = {
    var u = 2.0
    for _ in 0..<60 {
      let t = Elementary.tanh(u)
      let g = u - 2 * t
      let dg = 1 - 2 * (1 - t * t)
      let next = u - g / dg
      if next == u { break }
      u = next
    }
    return u
  }()

  /// A landscape with the given rotation and profiles.
  /// - Precondition: Q is square, orthogonal to 1e-10, of the profiles' dimension; parameters positive and finite.
  public init(rotation: Matrix, profiles: [Profile]) {
    if let problem = Self.validate(rotation: rotation, profiles: profiles) { preconditionFailure(problem) }
    self.rotation = rotation
    self.profiles = profiles
    self.criticalPoints = Self.plant(rotation: rotation, profiles: profiles)
  }

  /// Why the parameters are invalid, or nil when they are valid.
  public static func validate(rotation: Matrix, profiles: [Profile]) -> String? {
    guard rotation.isSquare, rotation.rows == profiles.count else {
      return "rotation: is \(rotation.rows)×\(rotation.columns) for \(profiles.count) profiles"
    }
    guard (1...2000).contains(profiles.count) else { return "profiles: \(profiles.count) of them; the dimension must lie in 1…2000" }
    for (i, p) in profiles.enumerated() {
      switch p {
      case .doubleWell(let mu, let r):
        guard mu > 0, mu.isFinite else { return "profiles[\(i)].doubleWell.mu: must be positive and finite, got \(mu)" }
        guard r > 0, r.isFinite else { return "profiles[\(i)].doubleWell.r: must be positive and finite, got \(r)" }
      case .quadratic(let h):
        guard h > 0, h.isFinite else { return "profiles[\(i)].quadratic.h: must be positive and finite, got \(h)" }
      }
    }
    guard rotation.isFinite else { return "rotation: has non-finite entries" }
    let defect = (rotation.transposed * rotation - .identity(rotation.rows)).frobeniusNorm
    guard defect <= 1e-10 else { return "rotation: is not orthogonal: ‖QᵀQ − I‖_F = \(defect)" }
    return nil
  }

  /// A random landscape of dimension d whose first `wells` rotated
  /// coordinates are double wells, so the origin is a strict saddle of index
  /// `wells` and there are 3^wells planted points of every index 0…wells:
  /// μ ∈ [0.5, 1], r ∈ [0.5, 1.5], h_i ∈ [1/κ, 1] (κ = `conditioning`), Q Haar-random.
  public static func random(dimension d: Int, wells: Int, conditioning: Double = 5, seed: UInt64) -> RotatedDoubleWell {
    precondition(d >= 1 && 1 <= wells && wells <= d, "need 1 ≤ wells ≤ d")
    precondition(conditioning >= 1 && conditioning.isFinite, "conditioning must be ≥ 1")
    var rng = Xoshiro256StarStar(seed: seed)
    var profiles: [Profile] = []
    for _ in 0..<wells {
      let mu = Draw.uniform(from: 0.5, to: 1, using: &rng)
      profiles.append(.doubleWell(mu: mu, r: Draw.uniform(from: 0.5, to: 1.5, using: &rng)))
    }
    for _ in wells..<d { profiles.append(.quadratic(h: Draw.uniform(from: 1 / conditioning, to: 1, using: &rng))) }
    return RotatedDoubleWell(rotation: Draw.haarOrthogonal(dimension: d, using: &rng), profiles: profiles)
  }

  /// ``random(dimension:wells:seed:)`` with one well: the origin is an
  /// index-1 strict saddle between two minima. The walking skeleton's landscape.
  public static func indexOneSaddle(dimension d: Int, seed: UInt64) -> RotatedDoubleWell {
    random(dimension: d, wells: 1, seed: seed)
  }

  public var dimension: Int { profiles.count }

  private enum CodingKeys: String, CodingKey { case rotation, profiles }

  /// Decodes and validates (shape, finiteness, orthogonality, positive parameters).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let rotation = try c.decode(Matrix.self, forKey: .rotation)
    let profiles = try c.decode([Profile].self, forKey: .profiles)
    if let problem = Self.validate(rotation: rotation, profiles: profiles) {
      throw DecodingError.fieldProblem(c.codingPath, problem)
    }
    self.init(rotation: rotation, profiles: profiles)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(rotation, forKey: .rotation)
    try c.encode(profiles, forKey: .profiles)
  }

  /// y = Qᵀx, the rotated coordinates.
  func rotated(_ x: Vector) -> Vector {
    precondition(x.dimension == dimension, "point of dimension \(x.dimension) for a \(dimension)-dimensional landscape")
    var y = [Double](repeating: 0, count: dimension)
    let n = dimension
    for i in 0..<n {
      var s = 0.0
      for k in 0..<n { s += rotation.elements[k * n + i] * x[k] }
      y[i] = s
    }
    return Vector(y)
  }

  public func value(at x: Vector) -> Double {
    let y = rotated(x)
    var s = 0.0
    for (i, p) in profiles.enumerated() { s += Self.phi(p, y[i]) }
    return s
  }

  public func gradient(at x: Vector) -> Vector {
    let y = rotated(x)
    let dy = Vector((0..<dimension).map { Self.phiPrime(profiles[$0], y[$0]) })
    return rotation * dy
  }

  public func hessian(at x: Vector) -> Matrix {
    let y = rotated(x)
    return .congruence(rotation, diagonal: Vector((0..<dimension).map { Self.phiSecond(profiles[$0], y[$0]) }))
  }

  public var lipschitzConstant: Double {
    profiles.map { p -> Double in
      switch p {
      case .doubleWell(let mu, _): mu
      case .quadratic(let h): h
      }
    }.max() ?? 0
  }

  /// ψ''' = (4μ/r) sech²(s/r) tanh(s/r), |sech² tanh| ≤ 2/(3√3); for a
  /// separable f, |D³f[v,v,v]| = |Σ φ_i'''(y_i) w_i³| ≤ max|φ'''|·‖w‖³ (w = Qᵀv).
  public var thirdDerivativeBound: Double {
    profiles.map { p -> Double in
      switch p {
      case .doubleWell(let mu, let r): 8 * mu / (3 * 3.0.squareRoot() * r)
      case .quadratic: 0
      }
    }.max() ?? 0
  }

  public var lowerBound: Double {
    profiles.reduce(0.0) { sum, p in
      switch p {
      case .doubleWell(_, let r): sum + Self.phi(p, r * Self.wellRoot)
      case .quadratic: sum
      }
    }
  }

  /// All 3^k planted critical points (k = number of double wells), in
  /// lexicographic order of y ∈ {0, −s*, +s*}^k; only the origin when k > 8.
  static func plant(rotation: Matrix, profiles: [Profile]) -> [PlantedCriticalPoint] {
    let dimension = profiles.count
    let wells = profiles.indices.filter { if case .doubleWell = profiles[$0] { true } else { false } }
    let count = wells.count <= 8 ? Int(pow(3.0, Double(wells.count)).rounded()) : 1
    var points: [PlantedCriticalPoint] = []
    for code in 0..<count {
      var c = code
      var y = [Double](repeating: 0, count: dimension)
      for w in wells {
        guard case .doubleWell(_, let r) = profiles[w] else { continue }
        switch c % 3 {
        case 1: y[w] = -r * Self.wellRoot
        case 2: y[w] = r * Self.wellRoot
        default: y[w] = 0
        }
        c /= 3
      }
      let eigen = Vector((0..<dimension).map { Self.phiSecond(profiles[$0], y[$0]) })
      points.append(PlantedCriticalPoint(location: rotation * Vector(y), hessianEigenvalues: eigen))
    }
    return points
  }

  /// The planted critical point at the origin (a strict saddle of index k, k ≥ 1).
  public var origin: PlantedCriticalPoint {
    PlantedCriticalPoint(
      location: Vector(zeros: dimension),
      hessianEigenvalues: Vector((0..<dimension).map { Self.phiSecond(profiles[$0], 0) }))
  }

  /// log cosh z = |z| + log1p(e^{−2|z|}) − log 2, accurate and overflow-free.
  static func logCosh(_ z: Double) -> Double {
    let a = abs(z)
    return a + log1p(exp(-2 * a)) - M_LN2
  }

  static func phi(_ p: Profile, _ s: Double) -> Double {
    switch p {
    case .doubleWell(let mu, let r): mu * (s * s / 2 - 2 * r * r * logCosh(s / r))
    case .quadratic(let h): h * s * s / 2
    }
  }

  static func phiPrime(_ p: Profile, _ s: Double) -> Double {
    switch p {
    case .doubleWell(let mu, let r): mu * (s - 2 * r * Elementary.tanh(s / r))
    case .quadratic(let h): h * s
    }
  }

  static func phiSecond(_ p: Profile, _ s: Double) -> Double {
    switch p {
    case .doubleWell(let mu, let r):
      let t = Elementary.tanh(s / r)
      return mu * (1 - 2 * (1 - t * t))
    case .quadratic(let h): return h
    }
  }
}
