import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

@Suite struct AdaptiveStableSetTests {
  @Test("explore", arguments: [AdaGradVariant.all[0], AdaGradVariant.all[5]])
  func explore(_ v: AdaGradVariant) {
    for (d, k) in [(3, 1), (4, 2)] {
      let f = AdaptiveStableSet.genericLandscape(dimension: d, index: k, seed: 14)
      let delta0 = 2 * f.lipschitzConstant
      let (r, _) = StableSetCheck.runAdaptive(f, saddle: f.origin, policy: { AdaGrad(geometry: v.geometry, includesCurrentGradient: v.current, delta0: delta0, dimension: d) }, radius: 0.2, seed: 1, label: "generic(d=\(d),k=\(k))")
      print(v.testDescription, d, k, r.verdict, r.evidence)
    }
  }
}
