import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

/// GD that clamps every coordinate but the first to [−0.01, 0.01]: from z_2 on, the unstable
/// coordinate cannot grow, so the run stays at a saddle of the chain (not by underflow).
struct ClampingGD: FirstOrderMethod {
  var alpha: Double
  var iteration = 0
  var name: String { "clamping-gd(alpha=\(alpha))" }
  mutating func step<F: Objective>(from x: Vector, on f: F) -> Vector {
    iteration += 1
    var y = x - alpha * f.gradient(at: x)
    for i in 1..<y.dimension { y[i] = Swift.max(-0.01, Swift.min(0.01, y[i])) }
    return y
  }
}

@Suite struct SlowEscapeTests {
  @Test("saddle-chain: the planted saddles are critical with the planted spectra; L holds on sampled pairs")
  func certificates() {
    let f = SaddleChain(dimension: 4)
    for p in f.criticalPoints {
      #expect(f.gradient(at: p.location).maximumMagnitude <= 1e-15)
      let e = SymmetricEigendecomposition(of: f.hessian(at: p.location)).eigenvalues.components
      let planted = p.hessianEigenvalues.components.sorted()
      #expect(zip(e, planted).allSatisfy { abs($0 - $1) <= 1e-14 }, "\(e) vs \(planted)")
    }
    // The Hessian against differences of the gradient, in and across the switching band (h = 1e-6: error ≲ M₃h²).
    for x: Vector in [[0.2, 0.9, -0.4, 1.7], [1.0, -1.2, 0.5, 0.1]] {
      let h = f.hessian(at: x)
      for j in 0..<4 {
        var xp = x, xm = x
        xp[j] += 1e-6
        xm[j] -= 1e-6
        let column = (f.gradient(at: xp) - f.gradient(at: xm)) / 2e-6
        #expect((column - h * Vector(basis: j, dimension: 4)).maximumMagnitude <= 1e-6)
      }
      #expect(SymmetricEigendecomposition(of: h).eigenvalues.maximumMagnitude <= f.lipschitzConstant)
    }
  }

  @Test("GD escapes every saddle of the chain, later saddles more slowly; a clamping GD gets stuck")
  func slowEscape() throws {
    let (r, rows) = SlowEscapeExperiment.result(dimensions: [2, 3], starts: 4, seed: 1)
    #expect(r.verdict == .holds, "\(r.evidence)")
    let row = try #require(rows.last)
    // Each escape takes longer than the one before (the arrival size shrinks).
    let gaps = zip(row.medianEscapeStep.dropFirst(), row.medianEscapeStep).map { $0 - $1 }
    #expect(gaps.count == 2 && gaps[1] > gaps[0] && gaps[0] > row.medianEscapeStep[0], "\(row.medianEscapeStep)")
    let f = SaddleChain(dimension: 3)
    let alpha = 0.9 / f.lipschitzConstant
    let clamped = SlowEscapeExperiment.run(chain: f, method: { ClampingGD(alpha: alpha) }, alpha: alpha, starts: 4, horizon: 20_000,
                                           seed: 1)
    #expect(clamped.stuck == 4 && clamped.escapedAll == 0, "\(clamped)")
    let (broken, _) = SlowEscapeExperiment.result(dimensions: [3], starts: 2, seed: 1, name: "clamping-gd", horizon: 5000) {
      ClampingGD(alpha: $0)
    }
    #expect(broken.verdict == .fails, "\(broken.evidence)")
  }
}

