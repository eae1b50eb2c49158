public import LinearAlgebra
import Randomness
import Serialization
import Foundation

/// The PDE-residual loss of a two-layer network, the talk's last section:
/// the network
/// ```
/// f(W, a, x) = (1/√m) Σ_k a_k σ(w_k·x),   σ(z) = z^ℓ/ℓ! (z ≥ 0), 0 (z < 0)
/// ```
/// is fitted to the linear first-order PDE Σ_i ∂f/∂x_i = h(x) at samples
/// x_1 … x_n. Since Σ_i ∂f/∂x_i = (1/√m) Σ_k b_k σ'(w_k·x) with
/// b_k = a_k Σ_j w_kj, the residual and the loss over θ = (W, a) are
/// ```
/// R_s(θ) = (1/√m) Σ_k a_k c_k σ'(w_k·x_s) − h_s,   c_k = Σ_j w_kj
/// ℓ(θ)   = (1/2n) Σ_s R_s(θ)²
/// ```
/// θ is stored as x = (vec W row-major, a), d = m(p + 1). ℓ ≥ 4 makes the
/// loss C² with a Lipschitz Hessian (σ''' is continuous, σ'''' bounded).
///
/// **Planted point.** At θ = 0, σ'(0) = σ''(0) = 0 make ∇R_s = 0 and
/// ∇²R_s = 0, so ∇ℓ(0) = 0 and ∇²ℓ(0) = 0: a *degenerate* critical point.
///
/// **Certificates on the ball ‖θ‖ ≤ R** (no global L: the loss grows like a
/// polynomial of degree 2ℓ). With X = max_s ‖x_s‖, H = max_s |h_s| and
/// S_j = (RX)^{ℓ−j}/(ℓ−j)! ≥ |σ^{(j)}(w_k·x_s)|, |c_k| ≤ √p‖w_k‖, ‖a‖·‖W‖ ≤ R²/2:
/// ```
/// ‖∇R_s‖²  ≤ G² = (pR²/m)(3S₁² + 2R²S₂²X²)
/// ‖∇²R_s‖  ≤ K  = √(p/m)(S₁ + 3RS₂X + R²S₃X²)       (block-diagonal over neurons)
/// ‖∇³R_s‖  ≤ T  = √(p/m)(6S₂X + 6RS₃X² + R²S₄X³)
/// |R_s|    ≤ ρ  = S₁√p R²/(2√m) + H
/// ```
/// and ∇²ℓ = (1/n)Σ(∇R∇Rᵀ + R∇²R), D³ℓ = (1/n)Σ(3 sym(∇R ⊗ ∇²R) + R∇³R) give
/// L = G² + ρK and M₃ = 3GK + ρT. f_low = 0 (a sum of squares).
public struct PDEResidualNetwork: Objective, Codable, Hashable {
  /// The width m (number of neurons).
  public let width: Int
  /// The activation degree ℓ ≥ 4.
  public let degree: Int
  /// The n sample points x_s ∈ R^p, as the rows of an n×p matrix.
  public let samples: Matrix
  /// The right-hand side h(x_s) at each sample.
  public let targets: Vector
  /// The radius R of the certified region ‖θ‖ ≤ R.
  public let radius: Double

  public init(width: Int, degree: Int, samples: Matrix, targets: Vector, radius: Double) {
    if let p = Self.problem(width: width, degree: degree, samples: samples, targets: targets, radius: radius) { preconditionFailure(p) }
    self.width = width
    self.degree = degree
    self.samples = samples
    self.targets = targets
    self.radius = radius
  }

  public static func problem(width: Int, degree: Int, samples: Matrix, targets: Vector, radius: Double) -> String? {
    guard (1...2000).contains(width) else { return "width: must lie in 1…2000, got \(width)" }
    guard (4...8).contains(degree) else { return "degree: ℓ must lie in 4…8 for a C² loss with Lipschitz Hessian, got \(degree)" }
    guard samples.rows >= 1, samples.columns >= 1 else { return "samples: need at least one sample of dimension ≥ 1" }
    guard width * (samples.columns + 1) <= 2000 else {
      return "width: m(p + 1) = \(width)·\(samples.columns + 1) exceeds the largest dimension, 2000"
    }
    guard samples.isFinite else { return "samples: non-finite entry" }
    guard targets.dimension == samples.rows else { return "targets: \(targets.dimension) values for \(samples.rows) samples" }
    guard targets.isFinite else { return "targets: non-finite entry" }
    guard radius > 0, radius.isFinite else { return "radius: must be positive and finite, got \(radius)" }
    return nil
  }

  /// A random instance of width m in input dimension p = d/m − 1: n = 4(p + 1)
  /// samples uniform in the unit ball, targets h from a random teacher network
  /// of the same shape scaled into the ball (W* = G/(2√(mp)), a* = g/(2√m), G
  /// and g Gaussian), so the loss reaches 0 inside the certified region; ℓ = 4, R = 1.
  public static func random(width m: Int, inputDimension p: Int, seed: UInt64) -> PDEResidualNetwork {
    var rng = Xoshiro256StarStar(seed: seed)
    let n = 4 * (p + 1)
    let x = (0..<n).map { _ in Draw.inBall(center: Vector(zeros: p), radius: 1, using: &rng) }
    let samples = Matrix(rowArrays: x.map(\.components))
    let teacherW = (1 / (2 * Double(m * p).squareRoot())) * Draw.gaussianMatrix(rows: m, columns: p, using: &rng)
    let teacherA = (1 / (2 * Double(m).squareRoot())) * Draw.gaussianVector(dimension: m, using: &rng)
    let teacher = PDEResidualNetwork(width: m, degree: 4, samples: samples, targets: Vector(zeros: n), radius: 1)
    let theta = Vector(teacherW.elements + teacherA.components)
    let h = Vector(x.map { teacher.divergence(parameters: theta, at: $0) })
    return PDEResidualNetwork(width: m, degree: 4, samples: samples, targets: h, radius: 1)
  }

  /// p, the input dimension.
  public var inputDimension: Int { samples.columns }
  public var dimension: Int { width * (inputDimension + 1) }

  /// σ^{(j)}(z) = z^{ℓ−j}/(ℓ−j)! for z ≥ 0, else 0.
  public func activation(derivative j: Int, _ z: Double) -> Double {
    guard z >= 0, j <= degree else { return 0 }
    var value = 1.0
    for k in stride(from: 1, through: degree - j, by: 1) { value *= z / Double(k) }
    return value
  }

  /// The network f(W, a, x) at input x.
  public func network(parameters theta: Vector, at x: Vector) -> Double {
    let (m, p) = (width, inputDimension)
    var s = 0.0
    for k in 0..<m {
      var z = 0.0
      for j in 0..<p { z += theta[k * p + j] * x[j] }
      s += theta[m * p + k] * activation(derivative: 0, z)
    }
    return s / Double(m).squareRoot()
  }

  /// ∂f/∂x_i = (1/√m) Σ_k a_k σ'(w_k·x) w_ki, the talk's formula.
  public func inputGradient(parameters theta: Vector, at x: Vector) -> Vector {
    let (m, p) = (width, inputDimension)
    var g = Vector(zeros: p)
    for k in 0..<m {
      var z = 0.0
      for j in 0..<p { z += theta[k * p + j] * x[j] }
      let coefficient = theta[m * p + k] * activation(derivative: 1, z)
      for i in 0..<p { g[i] += coefficient * theta[k * p + i] }
    }
    return g / Double(m).squareRoot()
  }

  /// Σ_i ∂f/∂x_i through the reparametrization b_k = a_k Σ_j w_kj.
  public func divergence(parameters theta: Vector, at x: Vector) -> Double {
    let (m, p) = (width, inputDimension)
    var s = 0.0
    for k in 0..<m {
      var z = 0.0, c = 0.0
      for j in 0..<p {
        z += theta[k * p + j] * x[j]
        c += theta[k * p + j]
      }
      s += theta[m * p + k] * c * activation(derivative: 1, z)
    }
    return s / Double(m).squareRoot()
  }

  /// R_s, ∇R_s and (optionally) ∇²R_s at θ for sample s.
  func residual(_ theta: Vector, sample s: Int, hessian: Bool) -> (r: Double, gradient: Vector, hessian: Matrix?) {
    let (m, p) = (width, inputDimension)
    let scale = 1 / Double(m).squareRoot()
    let x = samples.row(s)
    var r = -targets[s]
    var g = Vector(zeros: dimension)
    var h: Matrix? = hessian ? Matrix(zeros: dimension, dimension) : nil
    for k in 0..<m {
      var z = 0.0, c = 0.0
      for j in 0..<p {
        z += theta[k * p + j] * x[j]
        c += theta[k * p + j]
      }
      let a = theta[m * p + k]
      let s1 = activation(derivative: 1, z), s2 = activation(derivative: 2, z), s3 = activation(derivative: 3, z)
      r += scale * a * c * s1
      let ai = m * p + k
      g[ai] = scale * c * s1
      for j in 0..<p {
        let u = scale * (s1 + c * s2 * x[j])
        g[k * p + j] = a * u
        if h != nil {
          h![ai, k * p + j] = u
          h![k * p + j, ai] = u
          for i in 0..<p {
            h![k * p + j, k * p + i] = scale * a * (s2 * (x[i] + x[j]) + c * s3 * x[j] * x[i])
          }
        }
      }
    }
    return (r, g, h)
  }

  public func value(at theta: Vector) -> Double {
    var s = 0.0
    for i in 0..<samples.rows { let r = residual(theta, sample: i, hessian: false).r; s += r * r }
    return s / (2 * Double(samples.rows))
  }

  public func gradient(at theta: Vector) -> Vector {
    var g = Vector(zeros: dimension)
    for i in 0..<samples.rows {
      let (r, gr, _) = residual(theta, sample: i, hessian: false)
      g.add(gr, scaledBy: r)
    }
    return g / Double(samples.rows)
  }

  public func hessian(at theta: Vector) -> Matrix {
    let d = dimension
    var h = [Double](repeating: 0, count: d * d)
    for i in 0..<samples.rows {
      let (r, gr, hr) = residual(theta, sample: i, hessian: true)
      let second = hr!.elements
      for a in 0..<d {
        let ga = gr[a]
        for b in 0..<d { h[a * d + b] += ga * gr[b] + r * second[a * d + b] }
      }
    }
    let n = Double(samples.rows)
    return Matrix(rows: d, columns: d, elements: h.map { $0 / n }).symmetricPart
  }

  /// The bounds S_j, G, K, T, ρ of the type's documentation.
  var bounds: (g2: Double, k: Double, t: Double, rho: Double) {
    let p = Double(inputDimension), m = Double(width), r = radius
    let xMax = (0..<samples.rows).map { samples.row($0).euclideanNorm }.max() ?? 0
    let hMax = targets.maximumMagnitude
    func s(_ j: Int) -> Double {
      guard degree - j >= 0 else { return 0 }
      return pow(r * xMax, Double(degree - j)) / tgamma(Double(degree - j + 1))
    }
    let g2 = p * r * r / m * (3 * s(1) * s(1) + 2 * r * r * s(2) * s(2) * xMax * xMax)
    let k = (p / m).squareRoot() * (s(1) + 3 * r * s(2) * xMax + r * r * s(3) * xMax * xMax)
    let t = (p / m).squareRoot() * (6 * s(2) * xMax + 6 * r * s(3) * xMax * xMax + r * r * s(4) * pow(xMax, 3))
    let rho = s(1) * p.squareRoot() * r * r / (2 * m.squareRoot()) + hMax
    return (g2, k, t, rho)
  }

  public var lipschitzConstant: Double { let b = bounds; return b.g2 + b.rho * b.k }
  public var thirdDerivativeBound: Double { let b = bounds; return 3 * b.g2.squareRoot() * b.k + b.rho * b.t }
  public var certifiedRegion: Region { .ball(center: Vector(zeros: dimension), radius: radius) }
  public var lowerBound: Double { 0 }
  public var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: Vector(zeros: dimension), hessianEigenvalues: Vector(zeros: dimension))]
  }

  private enum CodingKeys: String, CodingKey { case width, degree, samples, targets, radius }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let width = try c.decodeWholeNumber(forKey: .width, in: 1...2000), degree = try c.decodeWholeNumber(forKey: .degree, in: 4...8)
    let samples = try c.decode(Matrix.self, forKey: .samples), targets = try c.decode(Vector.self, forKey: .targets)
    let radius = try c.decode(Double.self, forKey: .radius)
    if let p = Self.problem(width: width, degree: degree, samples: samples, targets: targets, radius: radius) {
      throw DecodingError.fieldProblem(c.codingPath, p)
    }
    self.init(width: width, degree: degree, samples: samples, targets: targets, radius: radius)
  }
}
