import LinearAlgebra
import Landscapes
import Dynamics

/// f(x, y, z) = −½x² + ¼x⁴ + ½·μ·y² + ½z²: a strict saddle at 0 with Hessian
/// diag(−1, μ, 1) (μ = 1e-3: a slow direction), minima (±1, 0, 0) with diag(2, μ, 1).
/// ∇² = diag(3x² − 1, μ, 1), so L = 3R² − 1 on the ball of radius R = 2 (L = 11).
struct SlowDirectionSaddle: Objective {
  var mu = 1e-3
  var dimension: Int { 3 }
  func value(at p: Vector) -> Double { -0.5 * p[0] * p[0] + 0.25 * p[0] * p[0] * p[0] * p[0] + 0.5 * mu * p[1] * p[1] + 0.5 * p[2] * p[2] }
  func gradient(at p: Vector) -> Vector { Vector([p[0] * p[0] * p[0] - p[0], mu * p[1], p[2]]) }
  func hessian(at p: Vector) -> Matrix { .diagonal(Vector([3 * p[0] * p[0] - 1, mu, 1])) }
  var lipschitzConstant: Double { 11 }
  var certifiedRegion: Region { .ball(center: Vector(zeros: 3), radius: 2) }
  var lowerBound: Double { -0.25 }
  var thirdDerivativeBound: Double { 12 }
  var criticalPoints: [PlantedCriticalPoint] {
    [PlantedCriticalPoint(location: Vector(zeros: 3), hessianEigenvalues: Vector([-1, mu, 1])),
     PlantedCriticalPoint(location: Vector([1, 0, 0]), hessianEigenvalues: Vector([2, mu, 1])),
     PlantedCriticalPoint(location: Vector([-1, 0, 0]), hessianEigenvalues: Vector([2, mu, 1]))]
  }
}

/// f(x, y) = −½x² + x⁴/(4s²) + ½y²: a strict saddle at 0 (Hessian diag(−1, 1)) whose
/// minima (±s, 0) (Hessian diag(2, 1), value −s²/4) are *not* planted, so that
/// a run ending there is judged only by distance and by the classifier.
/// ∇² = diag(3x²/s² − 1, 1): L = 11 on the ball of radius 2s.
struct TwinMinimaSaddle: Objective {
  var s: Double
  var dimension: Int { 2 }
  func value(at p: Vector) -> Double { -0.5 * p[0] * p[0] + p[0] * p[0] * p[0] * p[0] / (4 * s * s) + 0.5 * p[1] * p[1] }
  func gradient(at p: Vector) -> Vector { Vector([p[0] * p[0] * p[0] / (s * s) - p[0], p[1]]) }
  func hessian(at p: Vector) -> Matrix { .diagonal(Vector([3 * p[0] * p[0] / (s * s) - 1, 1])) }
  var lipschitzConstant: Double { 11 }
  var certifiedRegion: Region { .ball(center: Vector(zeros: 2), radius: 2 * s) }
  var lowerBound: Double { -s * s / 4 }
  var thirdDerivativeBound: Double { 12 / s }
  var criticalPoints: [PlantedCriticalPoint] { [PlantedCriticalPoint(location: Vector(zeros: 2), hessianEigenvalues: Vector([-1, 1]))] }
}

/// f(x, y) = ½x² + ψ(y), ψ(y) = −(y² − a²)₊³ + (y² − a²)₊⁴: flat (ψ = 0) for |y| ≤ a,
/// so the origin is a non-strict local minimum (nullity 1), with lower values
/// (ψ < 0) just beyond |y| = a. L = 50 is certified on the ball of radius 1 (a ≤ 0.1).
struct FlatValley: Objective {
  var a: Double
  var dimension: Int { 2 }
  func psi(_ y: Double) -> (Double, Double, Double) {
    let u = y * y - a * a
    guard u > 0 else { return (0, 0, 0) }
    let value = -u * u * u + u * u * u * u
    let du = -3 * u * u + 4 * u * u * u, ddu = -6 * u + 12 * u * u
    return (value, du * 2 * y, ddu * 4 * y * y + du * 2)
  }
  func value(at p: Vector) -> Double { 0.5 * p[0] * p[0] + psi(p[1]).0 }
  func gradient(at p: Vector) -> Vector { Vector([p[0], psi(p[1]).1]) }
  func hessian(at p: Vector) -> Matrix { .diagonal(Vector([1, psi(p[1]).2])) }
  var lipschitzConstant: Double { 50 }
  var certifiedRegion: Region { .ball(center: Vector(zeros: 2), radius: 1) }
  var lowerBound: Double { -1 }
  var thirdDerivativeBound: Double { 1000 }
  var criticalPoints: [PlantedCriticalPoint] { [PlantedCriticalPoint(location: Vector(zeros: 2), hessianEigenvalues: Vector([0, 1]))] }
}

/// f(x, y) = ½μx² + c·ψ(y) with ψ(y) = −y⁴ + y⁶ — the origin is a degenerate saddle
/// (descent −c·y⁴ along y). With c = 0 it is a flat valley: every (0, y) is a
/// non-strict minimum. The declared L (default 1) sets the classifier's zero tolerance.
struct QuarticValley: Objective {
  var mu: Double
  var c: Double
  var lipschitzConstant = 1.0
  var dimension: Int { 2 }
  func value(at p: Vector) -> Double { 0.5 * mu * p[0] * p[0] + c * (-pow4(p[1]) + pow4(p[1]) * p[1] * p[1]) }
  func gradient(at p: Vector) -> Vector { Vector([mu * p[0], c * (-4 * p[1] * p[1] * p[1] + 6 * pow4(p[1]) * p[1])]) }
  func hessian(at p: Vector) -> Matrix { .diagonal(Vector([mu, c * (-12 * p[1] * p[1] + 30 * pow4(p[1]))])) }
  func pow4(_ y: Double) -> Double { y * y * y * y }
  var certifiedRegion: Region { .ball(center: Vector(zeros: 2), radius: 0.5) }
  var lowerBound: Double { -1 }
  var thirdDerivativeBound: Double { 10 }
  var criticalPoints: [PlantedCriticalPoint] { [PlantedCriticalPoint(location: Vector(zeros: 2), hessianEigenvalues: Vector([0, mu]))] }
}

/// A mutant method: x ↦ target + ρ(x − target), converging to `target` at rate ρ
/// after `delay` steps of sitting still... and, from step `leaveAt` on, jumping to `exit`.
struct ContractTo: FirstOrderMethod {
  var target: Vector
  var rate = 0.5
  var leaveAt: Int?
  var exit: Vector?
  var iteration = 0
  var name: String { "contract-to(rate=\(rate))" }
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    defer { iteration += 1 }
    if let leaveAt, let exit, iteration >= leaveAt { return exit }
    return target + rate * (x - target)
  }
}

/// A mutant method whose every step is infinite.
struct InfiniteStep: FirstOrderMethod {
  var iteration = 0
  var name: String { "infinite-step" }
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    iteration += 1
    return Vector(Array(repeating: .infinity, count: x.dimension))
  }
}

/// AdaGrad as popular frameworks write it: accumulator from 0 (current gradient
/// included), ε added outside the square root, Γ_t = lr·diag(1/(√G_t + ε)).
struct FrameworkAdaGrad: MatrixStepPolicy {
  var lr = 0.01
  var epsilon = 1e-10
  var accumulator: Vector
  var lastStepSpectrum: Vector?
  init(dimension: Int) { accumulator = Vector(zeros: dimension) }
  var name: String { "framework-adagrad(lr=\(lr),eps=\(epsilon))" }
  func scales(_ g: Vector) -> [Double] { (0..<g.dimension).map { lr / ((accumulator[$0] + g[$0] * g[$0]).squareRoot() + epsilon) } }
  func stepMatrix(for g: Vector) -> Matrix { .diagonal(Vector(scales(g))) }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector {
    let s = scales(g)
    for i in 0..<g.dimension { accumulator[i] += g[i] * g[i] }
    lastStepSpectrum = Vector(s.sorted())
    return Vector((0..<g.dimension).map { s[$0] * g[$0] })
  }
}

/// signSGD: displacement lr·sign(g) — not differentiable at g = 0.
struct SignStep: StepPolicy {
  var lr = 0.01
  var name: String { "sign(lr=\(lr))" }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector { Vector(g.components.map { $0 > 0 ? lr : ($0 < 0 ? -lr : 0) }) }
}

/// f(x, y) = ½(x − y²)²: every point of the parabola x = y² is a non-strict minimum
/// (one zero Hessian eigenvalue, along the curve — like a linear network's minima).
/// Off the curve by r = x − y², the zero eigenvalue moves by about −2r·(weight): the
/// size of ‖∇f‖ = |r|·‖(1, −2y)‖. ∇² = [[1, −2y], [−2y, 6y² − 2x]]: L = 10 on the unit ball.
struct CurvedValley: Objective {
  var dimension: Int { 2 }
  func value(at p: Vector) -> Double { let r = p[0] - p[1] * p[1]; return 0.5 * r * r }
  func gradient(at p: Vector) -> Vector { let r = p[0] - p[1] * p[1]; return Vector([r, -2 * p[1] * r]) }
  func hessian(at p: Vector) -> Matrix {
    Matrix(rows: 2, columns: 2, elements: [1, -2 * p[1], -2 * p[1], 6 * p[1] * p[1] - 2 * p[0]])
  }
  var lipschitzConstant: Double { 10 }
  var certifiedRegion: Region { .ball(center: Vector(zeros: 2), radius: 1) }
  var lowerBound: Double { 0 }
  var thirdDerivativeBound: Double { 20 }
  var criticalPoints: [PlantedCriticalPoint] { [PlantedCriticalPoint(location: Vector([0.25, 0.5]), hessianEigenvalues: Vector([0, 2]))] }
}
