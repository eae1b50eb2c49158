import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Randomness

/// f(x) = ½ xᵀ diag(h) x, a separable quadratic for hand computations.
func diagonalQuadratic(_ h: [Double]) -> RotatedDoubleWell {
  RotatedDoubleWell(rotation: .identity(h.count), profiles: h.map { .quadratic(h: $0) })
}

/// Each method against steps worked out by hand (values in the comments).
@Suite struct HandComputedStepTests {
  @Test("vanishing steps: α_0 = c, α_1 = c/2^a")
  func vanishing() {
    let f = diagonalQuadratic([1])
    var m = PolicyDescent(VanishingStep(c: 0.5, a: 1))
    let x1 = m.step(from: [4], on: f)      // 4 − 0.5·4 = 2
    let x2 = m.step(from: x1, on: f)       // 2 − 0.25·2 = 1.5
    #expect(x1 == [2] && x2 == [1.5] && m.lastStepSpectrum == [0.25])
  }

  /// f = ½x², x0 = 3, δ0 = 4: g0 = 3, S0 = 16 + 9 = 25 (current) or 16 (delayed).
  @Test("AdaGrad-Norm, current and delayed, by hand")
  func adaGradNorm() {
    let f = diagonalQuadratic([1])
    var current = PolicyDescent(adaGrad: .norm, includesCurrentGradient: true, delta0: 4, dimension: 1)
    var delayed = PolicyDescent(adaGrad: .norm, includesCurrentGradient: false, delta0: 4, dimension: 1)
    let c1 = current.step(from: [3], on: f)   // 3 − 3/5 = 2.4
    let d1 = delayed.step(from: [3], on: f)   // 3 − 3/4 = 2.25
    #expect(c1 == [2.4] && d1 == [2.25])
    let c2 = current.step(from: c1, on: f)    // S1 = 25 + 2.4² = 30.76
    let d2 = delayed.step(from: d1, on: f)    // S = 25 (g0² added after step 0)
    #expect(abs(c2[0] - (2.4 - 2.4 / 30.76.squareRoot())) <= 1e-15)
    #expect(abs(d2[0] - (2.25 - 2.25 / 5)) <= 1e-15)
  }

  /// f = ½(x² + 4y²) at (1, 1), δ0 = 1: g = (1, 4); current: v = (2, 17).
  @Test("diagonal AdaGrad by hand")
  func adaGradDiagonal() {
    let f = diagonalQuadratic([1, 4])
    var m = PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 1, eta: 0.5, dimension: 2)
    let x1 = m.step(from: [1, 1], on: f)
    #expect(abs(x1[0] - (1 - 0.5 / 2.0.squareRoot())) <= 1e-15)
    #expect(abs(x1[1] - (1 - 0.5 * 4 / 17.0.squareRoot())) <= 1e-15)
  }

  /// Γ_t = η G_t^{-1/2} is the unique symmetric positive-definite S with
  /// S G_t S = η² I; G_t is rebuilt here from the recorded gradients, and the
  /// step must equal Γ_t g_t. Checked for both variants over 30 steps.
  @Test("full-matrix AdaGrad's Γ_t equals its definition, recomputed independently", arguments: [true, false])
  func adaGradFull(current: Bool) throws {
    var rng = Xoshiro256StarStar(seed: 12)
    let f = RotatedDoubleWell.random(dimension: 4, wells: 2, seed: 12)
    let delta0 = 2 * f.lipschitzConstant, eta = 0.7
    var m = PolicyDescent(adaGrad: .full, includesCurrentGradient: current, delta0: delta0, eta: eta, dimension: 4)
    var x = Draw.inBall(center: Vector(zeros: 4), radius: 1, using: &rng)
    var g = Matrix(zeros: 4, 4)
    for i in 0..<4 { g[i, i] = delta0 * delta0 }
    for _ in 0..<30 {
      let grad = f.gradient(at: x)
      if current { g = g + Matrix.outer(grad, grad) }
      let gamma = m.policy.stepMatrix(for: grad)
      let defect = (gamma * g * gamma - (eta * eta) * Matrix.identity(4)).frobeniusNorm
      #expect(defect <= 1e-13 * eta * eta, "‖ΓGΓ − η²I‖ = \(defect)")
      #expect(gamma.isSymmetric(relativeTolerance: 1e-14))
      _ = try CholeskyDecomposition(of: gamma.symmetricPart)
      let next = m.step(from: x, on: f)
      #expect(((x - next) - gamma * grad).euclideanNorm <= 1e-14 * max(1, grad.euclideanNorm))
      if !current { g = g + Matrix.outer(grad, grad) }
      x = next
    }
  }

  @Test("SGD with σ = 0 is GD with vanishing steps; its noise is the seeded Gaussian sequence")
  func sgd() {
    let f = diagonalQuadratic([1, 2])
    var noiseless = StochasticGradientDescent(c: 0.3, a: 0.5, sigma: 0, seed: 1)
    var vanishing = PolicyDescent(VanishingStep(c: 0.3, a: 0.5))
    var x: Vector = [1, -1], y: Vector = [1, -1]
    for _ in 0..<10 {
      x = noiseless.step(from: x, on: f)
      y = vanishing.step(from: y, on: f)
    }
    #expect(x == y)
    var noisy = StochasticGradientDescent(c: 0.3, a: 0, sigma: 0.1, seed: 9)
    var rng = Xoshiro256StarStar(seed: 9)
    let xi = Draw.gaussianVector(dimension: 2, using: &rng)
    let z = noisy.step(from: [1, -1], on: f)
    #expect(z == [1 - 0.3 * (1 + 0.1 * xi[0]), -1 - 0.3 * (-2 + 0.1 * xi[1])])
  }

  /// x = (½, ½), ∇f = (1, 0), α = ln 2: weights (¼, ½) → (1/3, 2/3).
  @Test("multiplicative weights by hand")
  func multiplicativeWeights() {
    struct Linear: Objective {
      var dimension: Int { 2 }
      var domain: Domain { .simplex }
      func value(at x: Vector) -> Double { x[0] }
      func gradient(at x: Vector) -> Vector { [1, 0] }
      func hessian(at x: Vector) -> Matrix { Matrix(zeros: 2, 2) }
      var lipschitzConstant: Double { 0 }
      var lowerBound: Double { 0 }
      var thirdDerivativeBound: Double { 0 }
      var criticalPoints: [PlantedCriticalPoint] { [] }
    }
    var m = MultiplicativeWeights(c: log(2))
    let y = m.step(from: [0.5, 0.5], on: Linear())
    #expect(abs(y[0] - 1.0 / 3) <= 1e-15 && abs(y[1] - 2.0 / 3) <= 1e-15)
  }

  @Test("multiplicative weights stays on the simplex and Riemannian GD on the sphere to 1e-14")
  func staysOnDomain() throws {
    let simplex = try #require(LandscapeFamily.named("simplex-quadratic")).generate(dimension: 5, index: 2, seed: 3)
    var mwu = MultiplicativeWeights(c: 0.5 / simplex.lipschitzConstant)
    var x = simplex.criticalPoints[0].location + 0.01 * Vector([1, -1, 0, 0.5, -0.5])
    for _ in 0..<1000 {
      x = mwu.step(from: x, on: simplex)
      #expect(x.allSatisfy { $0 > 0 } && abs(x.reduce(0, +) - 1) <= 1e-14)
    }
    let sphere = RayleighQuotient.random(dimension: 6, seed: 4)
    var rgd = RiemannianGradientDescent(c: 0.5 / sphere.lipschitzConstant)
    var p = Vector([1, 2, 3, 4, 5, 6]).normalized()
    for _ in 0..<1000 {
      p = rgd.step(from: p, on: sphere)
      #expect(abs(p.euclideanNorm - 1) <= 1e-14)
    }
  }

  /// One proximal step on ½hx² is z = x/(1 + αh); on any landscape the step
  /// satisfies x_t = x_{t+1} + α∇f(x_{t+1}) to the inner tolerance.
  @Test("proximal point: the closed form on a quadratic, and the identity x_t = x_{t+1} + α∇f(x_{t+1})")
  func proximal() throws {
    var m = ProximalPoint(alpha: 0.5)
    let z = m.step(from: [3], on: diagonalQuadratic([2]))
    #expect(abs(z[0] - 1.5) <= 1e-15)
    let f = try #require(LandscapeFamily.named("coupled-double-well")).generate(dimension: 5, index: 2, seed: 8)
    var prox = ProximalPoint(alpha: 0.9 / f.lipschitzConstant)
    var x = Vector([0.3, -0.2, 0.1, 0.4, -0.5])
    for _ in 0..<50 {
      let next = prox.step(from: x, on: f)
      let reconstructed = next + prox.alpha * f.gradient(at: next)
      #expect((reconstructed - x).euclideanNorm <= prox.alpha * prox.innerTolerance * (1 + x.euclideanNorm / prox.alpha) * 2)
      #expect(prox.lastInnerResidual <= prox.innerTolerance * (1 + x.euclideanNorm / prox.alpha))
      x = next
    }
  }

  /// H = [[2, 1], [1, 3]], α = 0.1 from (1, 1): x₀ ← 1 − 0.1·3 = 0.7, x₁ ← 1 − 0.1·(0.7 + 3) = 0.63.
  @Test("cyclic coordinate descent by hand")
  func coordinate() {
    struct Quadratic: Objective {
      var dimension: Int { 2 }
      func value(at x: Vector) -> Double { 0.5 * (2 * x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1]) }
      func gradient(at x: Vector) -> Vector { [2 * x[0] + x[1], x[0] + 3 * x[1]] }
      func hessian(at x: Vector) -> Matrix { Matrix(rowArrays: [[2, 1], [1, 3]]) }
      var lipschitzConstant: Double { 3.62 }
      var lowerBound: Double { 0 }
      var thirdDerivativeBound: Double { 0 }
      var criticalPoints: [PlantedCriticalPoint] { [] }
    }
    var m = CoordinateDescent(alpha: 0.1)
    let y = m.step(from: [1, 1], on: Quadratic())
    #expect(abs(y[0] - 0.7) <= 1e-15 && abs(y[1] - 0.63) <= 1e-15)
  }

  @Test("projected GD projects onto {y ≥ 0}")
  func projected() {
    let f = HalfPlaneSaddle(c: 0.5)
    var m = ProjectedGradientDescent(alpha: 0.1)
    // ∇f(0.5, 0.1) = (s − cd, s + cd) with s = 0.6, d = 0.4: (0.4, 0.8); step → (0.46, 0.02).
    let y = m.step(from: [0.5, 0.1], on: f)
    #expect(abs(y[0] - 0.46) <= 1e-15 && abs(y[1] - 0.02) <= 1e-15)
    // From (0.5, 0.01): y − 0.1·0.8… < 0 is projected to 0.
    let z = m.step(from: [0.5, 0.01], on: f)
    #expect(z[1] == 0)
  }
}

@Suite struct FullMatrixUpdateTests {
  /// The rank-one update and the fresh decomposition give the same steps
  /// (to 1e-10 relative, steps below 1e-5 compared absolutely) over 600 steps —
  /// across two refreshes — in both variants.
  @Test("rank-one updated and recomputed full-matrix AdaGrad agree", arguments: [true, false])
  func strategiesAgree(current: Bool) {
    let f = RotatedDoubleWell.random(dimension: 6, wells: 2, seed: 31)
    let delta0 = 2 * f.lipschitzConstant
    var fast = PolicyDescent(adaGrad: .full, includesCurrentGradient: current, delta0: delta0, dimension: 6, fullMatrixUpdate: .rankOne)
    var slow = PolicyDescent(adaGrad: .full, includesCurrentGradient: current, delta0: delta0, dimension: 6, fullMatrixUpdate: .recompute)
    var x: Vector = [0.3, -0.2, 0.1, 0.05, -0.4, 0.2], y = x
    var worst = 0.0
    for _ in 0..<600 {
      let xn = fast.step(from: x, on: f), yn = slow.step(from: y, on: f)
      // Near the minimum ∇f carries absolute rounding noise of a few 1e-16 (ψ' cancels
      // s − 2r tanh(s/r), both ≈ 2), and x, y differ by ~1e-15, so two correct steps differ
      // by ~1e-15 absolutely: compare relative to max(step, 1e-5) (noise ≤ 1e-10 of that).
      worst = max(worst, ((x - xn) - (y - yn)).euclideanNorm / max((y - yn).euclideanNorm, 1e-5))
      x = xn
      y = yn
    }
    #expect(worst <= 1e-10, "largest relative difference of a step: \(worst)")
    #expect((x - y).euclideanNorm <= 1e-10)
  }
}
