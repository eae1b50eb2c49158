import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Randomness

/// The talk's network formulas (CLAIMS.md F, `network.pde-derivative`):
/// ∂f/∂x_i = (1/√m) Σ_k a_k σ'(w_k·x) w_ki, and Σ_i ∂f/∂x_i = (1/√m) Σ_k b_k σ'(w_k·x)
/// with b_k = a_k Σ_s w_ks.
@Suite struct PDEResidualNetworkTests {
  static func instance(width m: Int, input p: Int, seed: UInt64) -> (PDEResidualNetwork, Vector, [Vector]) {
    let f = PDEResidualNetwork.random(width: m, inputDimension: p, seed: seed)
    var rng = Xoshiro256StarStar(seed: seed &+ 1)
    let theta = Draw.gaussianVector(dimension: f.dimension, using: &rng)
    let xs = (0..<20).map { _ in Draw.inBall(center: Vector(zeros: p), radius: 2, using: &rng) }
    return (f, theta, xs)
  }

  /// Central differences of f in x with h = 1e-5: truncation h²/6·sup|∂³f| and
  /// rounding u·|f|/h are both far below 1e-6·max(1, ‖∇ₓf‖) for these sizes.
  @Test("∂f/∂x_i matches central differences", arguments: [(1, 2), (3, 4), (5, 9)])
  func inputDerivative(shape: (Int, Int)) {
    let (f, theta, xs) = Self.instance(width: shape.0, input: shape.1, seed: UInt64(shape.0 * 100 + shape.1))
    let h = 1e-5
    for x in xs {
      let g = f.inputGradient(parameters: theta, at: x)
      for i in 0..<x.dimension {
        var xp = x, xm = x
        xp[i] += h
        xm[i] -= h
        let fd = (f.network(parameters: theta, at: xp) - f.network(parameters: theta, at: xm)) / (2 * h)
        #expect(abs(fd - g[i]) <= 1e-6 * max(1, g.euclideanNorm), "x = \(x), i = \(i)")
      }
    }
  }

  @Test("Σ_i ∂f/∂x_i equals the b_k = a_k Σ_s w_ks form", arguments: [(1, 2), (3, 4), (5, 9)])
  func reparametrization(shape: (Int, Int)) {
    let (f, theta, xs) = Self.instance(width: shape.0, input: shape.1, seed: UInt64(shape.0 * 100 + shape.1))
    for x in xs {
      let direct = f.inputGradient(parameters: theta, at: x).reduce(0, +)
      let viaB = f.divergence(parameters: theta, at: x)
      #expect(abs(direct - viaB) <= 1e-13 * max(1, abs(direct)))
    }
  }

  /// The identity fails for a wrong reparametrization b_k = a_k ‖w_k‖ — the
  /// comparison can fail.
  @Test("a wrong reparametrization is detected")
  func wrongReparametrization() {
    let (f, theta, xs) = Self.instance(width: 3, input: 4, seed: 77)
    let (m, p) = (f.width, f.inputDimension)
    var mismatches = 0
    for x in xs {
      var wrong = 0.0
      for k in 0..<m {
        let w = Vector((0..<p).map { theta[k * p + $0] })
        wrong += theta[m * p + k] * w.euclideanNorm * f.activation(derivative: 1, w.dot(x))
      }
      wrong /= Double(m).squareRoot()
      let direct = f.inputGradient(parameters: theta, at: x).reduce(0, +)
      if abs(direct - wrong) > 1e-13 * max(1, abs(direct)) { mismatches += 1 }
    }
    #expect(mismatches > 0)
  }

  @Test("the origin is a degenerate planted point where the loss is positive")
  func degenerateOrigin() {
    let f = PDEResidualNetwork.random(width: 2, inputDimension: 3, seed: 5)
    #expect(f.lowerBound == 0 && f.criticalPoints[0].kind == .degenerate)
    #expect(f.value(at: Vector(zeros: f.dimension)) > 0)
  }
}
