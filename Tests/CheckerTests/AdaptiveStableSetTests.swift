import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

/// AdaGrad, except that from within `tau` of the saddle it jumps onto it (what Newton's method
/// does on a quadratic): the stable set contains a ball, so it is not a graph.
struct SnappingAdaGrad: MatrixStepPolicy {
  var base: AdaGrad
  var saddle: Vector
  var tau: Double
  var name: String { "snapping-" + base.name }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector {
    let step = base.displacement(for: g, at: x)
    return x.distance(to: saddle) <= tau ? x - saddle : step
  }
  func stepMatrix(for g: Vector) -> Matrix { base.stepMatrix(for: g) }
}

@Suite struct AdaptiveStableSetTests {
  static func setting(_ d: Int, _ k: Int, _ v: AdaGradVariant) -> (CoupledDoubleWell, () -> AdaGrad) {
    let f = AdaptiveStableSet.genericLandscape(dimension: d, index: k, seed: 14)
    let delta0 = 2 * f.lipschitzConstant
    return (f, { AdaGrad(geometry: v.geometry, includesCurrentGradient: v.current, delta0: delta0, dimension: d) })
  }

  // Two of the six variants (the battery runs all six on both landscapes): diagonal AdaGrad on
  // a rotated landscape is the case where no coordinate subspace is invariant; full-matrix
  // AdaGrad at index 2 uses the Lyapunov–Perron iteration alone.
  @Test("stable-set.structure, AdaGrad, coupled rotated landscapes: one Lipschitz graph tangent to E^s_H (LP; shooting, k = 1)",
        arguments: [(3, 1, AdaGradVariant(geometry: .diagonal, current: false)), (4, 2, AdaGradVariant(geometry: .full, current: true))])
  func adaGradGraph(_ d: Int, _ k: Int, _ v: AdaGradVariant) throws {
    let (f, make) = Self.setting(d, k, v)
    let (r, e) = StableSetCheck.runAdaptive(f, saddle: f.origin, policy: make, radius: 0.2, points: 4, seed: 1,
                                            label: "generic(d=\(d),k=\(k))")
    print(r.evidence)
    #expect(r.verdict == .holds, "\(r.evidence)")
    let evidence = try #require(e)
    // Not an invariant subspace: the graph bends away from E^s_H (|F(a)|/‖a‖ ~ ‖a‖·curvature, here ~1e-2).
    #expect(evidence.slope > 1e-4, "\(r.evidence)")
    #expect(evidence.sweeps <= 20 && evidence.contraction < 0.5, "\(r.evidence)")
  }

  @Test("stable-set.structure fails for a policy whose stable set contains a ball", arguments: [(3, 1), (4, 2)])
  func snapping(_ d: Int, _ k: Int) {
    let (f, make) = Self.setting(d, k, AdaGradVariant(geometry: .norm, current: true))
    let snapping = { SnappingAdaGrad(base: make(), saddle: f.origin.location, tau: 0.05) }
    let (r, _) = StableSetCheck.runAdaptive(f, saddle: f.origin, policy: snapping,
                                            radius: 0.2, points: 3, shootingPoints: 1, seed: 1, label: "generic(d=\(d),k=\(k))")
    #expect(r.verdict == .fails, "\(r.evidence)")
  }

  @Test("adagrad.eta-lipschitz-small and the talk's identity on an AdaGrad orbit of the stable set (index 2)")
  func etaAndIdentity() throws {
    let (f, make) = Self.setting(4, 2, AdaGradVariant(geometry: .norm, current: true))
    let split = AdaptiveStableSet.Split(hessian: f.hessian(at: f.origin.location))
    let p = try #require(AdaptiveStableSet.lyapunovPerron(f, saddle: f.origin.location, split: split, stable: [0.15, -0.1],
                                                          makePolicy: make, horizon: 600))
    #expect(p.converged)
    let (eta, table) = EtaLipschitzCheck.run(gammas: p.gammas, method: make().name, on: f, saddle: f.origin, seed: 1, label: "generic")
    #expect(eta.verdict == .holds, "\(eta.evidence)\n\(table.rendered)")
    let (identity, t) = TalkIdentityCheck.run(orbit: p.orbit, gamma: p.gammas.last!, hessian: split.hessian, method: make().name,
                                              label: "generic")
    #expect(identity.verdict == .holds, "\(identity.evidence)")
    let tt = try #require(t)
    // Slide 34's finite-t identity is off at t = 0 (by (1 − 1/c)|x⁻_1|), exact in the limit.
    #expect(tt.slideFinite[0] > 1e-3 && tt.slideFinite.last! < 1e-10)
    // Slide 35 as printed (no minus sign): off by 2|x0⁻|, and the check says so.
    let (printed, _) = TalkIdentityCheck.run(orbit: p.orbit, gamma: p.gammas.last!, hessian: split.hessian, method: make().name,
                                             label: "generic", printedSign: true)
    #expect(printed.verdict == .fails, "\(printed.evidence)")
  }

  @Test("adagrad.eta-lipschitz-small fails on an orbit whose Γ_t alternates (no limit)")
  func alternatingOrbit() {
    let f = AdaptiveStableSet.genericLandscape(dimension: 3, index: 1, seed: 14)
    let alpha = 0.3 / f.lipschitzConstant
    let gammas = (0...600).map { ($0 % 2 == 0 ? alpha : 2 * alpha) * Matrix.identity(3) }
    let (r, _) = EtaLipschitzCheck.run(gammas: gammas, method: "alternating", on: f, saddle: f.origin, seed: 1, label: "generic")
    #expect(r.verdict == .fails, "\(r.evidence)")
  }
}
