public import LinearAlgebra
import Randomness
public import Landscapes
import Foundation

/// `network.pde-derivative` (the talk's last section): for
/// f(W, a, x) = (1/√m) Σ_k a_k σ(w_k·x), σ(z) = z^ℓ/ℓ! on z ≥ 0,
/// ∂f/∂x_i = (1/√m) Σ_k a_k σ'(w_k·x) w_ki — checked against central
/// differences in x (tolerance: 10× the Richardson estimate |D_h − D_{h/2}|
/// plus 1e-10·(1 + |∂f|), h = 1e-4) — and
/// Σ_i ∂f/∂x_i = (1/√m) Σ_k b_k σ'(w_k·x) with b_k = a_k Σ_s w_ks (to 1e-12 relative).
public enum NetworkDerivativeCheck {
  /// - Parameter reparametrized: the b_k form to compare (default: the network's own `divergence`).
  public static func run(
    _ f: PDEResidualNetwork, points: Int, seed: UInt64, label: String,
    reparametrized: ((Vector, Vector) -> Double)? = nil
  ) -> CheckResult {
    let claim = Claim.networkPDEDerivative.id
    var rng = Xoshiro256StarStar(seed: seed)
    var worstDerivative = 0.0, worstIdentity = 0.0
    var failure: String?
    for _ in 0..<points {
      let theta = Draw.gaussianVector(dimension: f.dimension, using: &rng)
      let x = Draw.inBall(center: Vector(zeros: f.inputDimension), radius: 2, using: &rng)
      let g = f.inputGradient(parameters: theta, at: x)
      for i in 0..<x.dimension {
        func difference(_ h: Double) -> Double {
          var xp = x, xm = x
          xp[i] += h
          xm[i] -= h
          return (f.network(parameters: theta, at: xp) - f.network(parameters: theta, at: xm)) / (2 * h)
        }
        let coarse = difference(1e-4), fine = difference(5e-5)
        let tolerance = 10 * abs(coarse - fine) + 1e-10 * (1 + abs(g[i]))
        worstDerivative = Swift.max(worstDerivative, abs(fine - g[i]) / tolerance)
        if abs(fine - g[i]) > tolerance, failure == nil { failure = "∂f/∂x_\(i) = \(g[i]) but central differences give \(fine)" }
      }
      let direct = g.reduce(0, +)
      let viaB = reparametrized?(theta, x) ?? f.divergence(parameters: theta, at: x)
      let error = abs(direct - viaB) / Swift.max(1, abs(direct))
      worstIdentity = Swift.max(worstIdentity, error)
      if error > 1e-12, failure == nil { failure = "Σ_i ∂f/∂x_i = \(direct) but the b_k form gives \(viaB)" }
    }
    let evidence = NetworkDerivativeEvidence(points: points, derivativeRatio: worstDerivative, identityError: worstIdentity,
                                             failure: failure)
    return CheckResult(claim: claim, method: "-", landscape: label, verdict: failure == nil ? .holds : .fails,
                       data: .networkDerivative(evidence))
  }
}
