import Foundation

/// `ode.lyapunov-perron` (the talk's review of Lyapunov–Perron; L. Perko,
/// *Differential Equations and Dynamical Systems*, §2.7, Example 1): for
/// ```
/// ẋ₁ = −x₁,  ẋ₂ = −x₂ + x₁²,  ẋ₃ = x₃ + x₁²
/// ```
/// the stable manifold of 0 is x₃ = −x₁²/3. Successive approximation of
/// x(t, a) = e^{tA}a⁺ + ∫₀ᵗ e^{(t−s)A}η⁺(x(s)) ds − ∫ₜ^∞ e^{(t−s)A}η⁻(x(s)) ds
/// (η = (0, x₁², x₁²)) on a grid t ∈ [0, 40], step 1e-3, integrals by the
/// trapezoid rule with exact exponential weights, converges and recovers
/// c₃ = x₃(0) = −c₁²/3 (to 1.5e-6 relative: the rule's error 9h²/12). Then RK4
/// integration from (c₁, c₂, c₃) decays (‖x(8)‖ ≤ 1e-2·‖c‖) while an offset
/// ε = 1e-6 in x₃ grows like εe^t (x₃(8)/(εe⁸) ∈ [0.9, 1.1]).
public enum LyapunovPerronODECheck {
  /// - Parameter unstableSign: the sign in front of the unstable integral
  ///   (−1 in the theorem; +1 is the classic sign error, which the check must reject).
  public static func run(unstableSign: Double = -1) -> CheckResult {
    let claim = Claim.lyapunovPerron.id
    let h = 1e-3, horizon = 40.0
    let n = Int(horizon / h)
    var worstRelative = 0.0, worstDecay = 0.0, worstGrowth = 0.0
    var iterationsUsed = 0
    for (c1, c2) in [(0.1, 0.2), (0.5, -0.3), (1.0, 0.7), (-0.8, 0.1)] {
      // x1 is exact; iterate x2, x3 (x3's integral needs x1 only, x2 needs x1 only too).
      var x1 = (0...n).map { c1 * exp(-Double($0) * h) }
      var x2 = [Double](repeating: 0, count: n + 1), x3 = x2
      for iteration in 1...20 {
        let eta = x1.map { $0 * $0 }
        var new1 = [Double](repeating: 0, count: n + 1), new2 = new1, new3 = new1
        // Stable parts: I(t) = e^{−t}c + ∫₀ᵗ e^{−(t−s)} g(s) ds, marched forward.
        new1[0] = c1
        new2[0] = c2
        for t in 1...n {
          new1[t] = exp(-h) * new1[t - 1]  // η₁ = 0
          new2[t] = exp(-h) * new2[t - 1] + h / 2 * (exp(-h) * eta[t - 1] + eta[t])
        }
        // Unstable part: J(t) = ∫ₜ^∞ e^{(t−s)} g(s) ds, marched backward (J(T) ≈ 0).
        var j = 0.0
        new3[n] = 0
        for t in stride(from: n - 1, through: 0, by: -1) {
          j = exp(-h) * j + h / 2 * (eta[t] + exp(-h) * eta[t + 1])
          new3[t] = unstableSign * j
        }
        let change = zip(new2, x2).map { abs($0 - $1) }.max()! + zip(new3, x3).map { abs($0 - $1) }.max()!
        x1 = new1
        x2 = new2
        x3 = new3
        iterationsUsed = max(iterationsUsed, iteration)
        if change <= 1e-15 { break }
      }
      let expected = -c1 * c1 / 3
      worstRelative = max(worstRelative, abs(x3[0] - expected) / abs(expected))
      // Forward integration from the recovered point and from an offset.
      let end = rk4([c1, c2, x3[0]], time: 8)
      worstDecay = max(worstDecay, (end.map { $0 * $0 }.reduce(0, +)).squareRoot() / (c1 * c1 + c2 * c2).squareRoot())
      let offsetEnd = rk4([c1, c2, x3[0] + 1e-6], time: 8)
      worstGrowth = max(worstGrowth, abs((offsetEnd[2] - end[2]) / (1e-6 * exp(8.0)) - 1))
    }
    // The trapezoid rule integrates c₁²e^{−3s} with relative error ≈ 9h²/12 = 7.5e-7.
    let ok = worstRelative <= 1.5e-6 && worstDecay <= 1e-2 && worstGrowth <= 0.1
    let evidence = PerkoODEEvidence(initialConditions: 4, iterations: iterationsUsed, relativeError: worstRelative,
                                    decay: worstDecay, growthError: worstGrowth)
    return CheckResult(claim: claim, method: "successive approximation", landscape: "Perko's ODE", verdict: ok ? .holds : .fails,
                       data: .perkoODE(evidence))
  }

  /// Classical RK4 for Perko's ODE, step 1e-3.
  static func rk4(_ x0: [Double], time: Double) -> [Double] {
    func field(_ x: [Double]) -> [Double] { [-x[0], -x[1] + x[0] * x[0], x[2] + x[0] * x[0]] }
    let h = 1e-3
    var x = x0
    for _ in 0..<Int(time / h) {
      let k1 = field(x)
      let k2 = field(zip(x, k1).map { $0 + h / 2 * $1 })
      let k3 = field(zip(x, k2).map { $0 + h / 2 * $1 })
      let k4 = field(zip(x, k3).map { $0 + h * $1 })
      x = (0..<3).map { x[$0] + h / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
    }
    return x
  }
}
