import LinearAlgebra
import Randomness
import Landscapes
public import Dynamics
public import PropertyTesting

extension Battery {
  /// The AdaGrad variants: norm, diagonal, full × current, delayed.
  public static var adaGradVariants: [(AdaGrad.Geometry, Bool)] { AdaGrad.Geometry.allCases.flatMap { g in [(g, true), (g, false)] } }

  /// The talk's local theory for AdaGrad (slides 28–36) on landscapes with no invariant
  /// subspace (``AdaptiveStableSet/genericLandscape(dimension:index:seed:)``, d = 3, k = 1 and
  /// d = 4, k = 2; δ0 = 2L, η = 1): per AdaGrad variant, `stable-set.structure` (the stable set
  /// as a graph, by the discrete Lyapunov–Perron iteration with Γ_t from the orbit, and shooting
  /// for k = 1), `adagrad.eta-lipschitz-small` on an orbit of that stable set (start
  /// a⁺ = 0.15·(1, …, 1)/√(d − k)), and the talk's identity x0⁻ = −lim C(t)⁻¹ΣC(t−i−1)η⁻ on it.
  /// The quick profile runs two variants (diagonal-delayed at k = 1, norm-current at k = 2; the
  /// tests run full-current at k = 2), 3 graph points and an orbit of N = 400.
  public static func adaptiveStableSets(profile: Profile, seed: UInt64) -> [CheckResult] {
    var results: [CheckResult] = []
    let quick = profile == .quick
    for (d, k) in [(3, 1), (4, 2)] {
      let f = AdaptiveStableSet.genericLandscape(dimension: d, index: k, seed: Seed.derive(seed, label: "adaptive-stable-set/\(d)/\(k)"))
      let label = "coupled-rotated-double-well(d=\(d),k=\(k))"
      let delta0 = 2 * f.lipschitzConstant
      let split = AdaptiveStableSet.Split(hessian: f.hessian(at: f.origin.location))
      let variants = quick ? [k == 1 ? (AdaGrad.Geometry.diagonal, false) : (.norm, true)] : adaGradVariants
      for (geometry, current) in variants {
        let make = { AdaGrad(geometry: geometry, includesCurrentGradient: current, delta0: delta0, dimension: d) }
        let (stableSetRow, _) = StableSetCheck.runAdaptive(f, saddle: f.origin, policy: make, radius: 0.2, points: quick ? 3 : 8,
                                                  shootingPoints: quick ? 1 : 3, seed: seed, label: label)
        results.append(stableSetRow)
        let a = 0.15 * Vector(Array(repeating: 1, count: d - k)).normalized()
        guard let p = AdaptiveStableSet.lyapunovPerron(f, saddle: f.origin.location, split: split, stable: a, makePolicy: make,
                                                       horizon: quick ? 400 : 2000), p.converged else {
          results.append(CheckResult(claim: Claim.adagradEtaLipschitzSmall.id, method: make().name, landscape: label,
                                     verdict: .inconclusive,
                                     data: .finding("no orbit of the stable set found (the Lyapunov–Perron iteration did not converge)")))
          continue
        }
        let (row, table) = EtaLipschitzCheck.run(gammas: p.gammas, method: make().name, on: f, saddle: f.origin, seed: seed, label: label)
        var onOrbit = table
        onOrbit.orbit = "on the stable-set orbit from a⁺ = 0.15·1/√\(d - k), N = \(p.orbit.count - 1)"
        var eta = CheckResult(claim: row.claim, method: row.method, landscape: row.landscape, verdict: row.verdict,
                              data: .etaLipschitzTable(onOrbit))
        eta.details = "ε̂(r, t) for \(make().name) on \(label), stable-set orbit (sampled ratio, ≤ analytic bound):\n" + table.rendered
        results.append(eta)
        let identity = TalkIdentityCheck.run(orbit: p.orbit, gamma: p.gammas.last!, hessian: split.hessian, method: make().name,
                                             label: label)
        results.append(identity.0)
      }
    }
    return results
  }

  /// The hypothesis sweep's battery rows (``HypothesisSweep/batteryRows(_:seed:)``) on
  /// rotated-double-well(d = 3, k = 1): GD at α·L ∈ {0.5, 0.9, 1.1, 1.5, 1.9, 2.25} and the six
  /// AdaGrad variants at δ0/L ∈ {0.1, 0.5, 0.9, 1.1, 2, 4}, 100 starts per cell (ci: 50); the
  /// quick profile runs α·L ∈ {0.5, 1.5} and δ0/L ∈ {0.25, 2} for two variants with 10 starts.
  /// `saddlecheck sweep` runs the full grid.
  public static func hypothesisSweep(profile: Profile, seed: UInt64) -> [CheckResult] {
    let quick = profile == .quick
    let landscapes = Array(HypothesisSweep.landscapes(seed: seed).prefix(1))
    let cells = HypothesisSweep.run(
      landscapes: landscapes, gdGrid: quick ? [0.5, 1.5] : [0.5, 0.9, 1.1, 1.5, 1.9, 2.25],
      adaGrid: quick ? [0.25, 2] : [0.1, 0.5, 0.9, 1.1, 2, 4],
      variants: quick ? [(.norm, true), (.diagonal, false)] : adaGradVariants, starts: quick ? 10 : (profile == .ci ? 50 : 100),
      trajectories: quick ? 1 : 2, seed: Seed.derive(seed, label: "battery/sweep"))
    return HypothesisSweep.batteryRows(cells, seed: seed)
  }

  /// Slow escape ([DJL+17]): GD on saddle chains of dimension 2 … 6 (``SlowEscapeExperiment``),
  /// 20 starts per chain (ci: 10, quick: 2, d ≤ 4).
  public static func slowEscape(profile: Profile, seed: UInt64) -> CheckResult {
    let (row, _) = SlowEscapeExperiment.result(dimensions: profile == .quick ? [2, 3, 4] : [2, 3, 4, 5, 6],
                                               starts: profile == .quick ? 2 : (profile == .ci ? 10 : 20),
                                               seed: Seed.derive(seed, label: "slow-escape"))
    return row
  }
}
