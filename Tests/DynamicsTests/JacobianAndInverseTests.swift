import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Randomness

/// A method with a label, for parameterized tests.
struct MethodCase: Sendable, CustomTestStringConvertible {
  var label: String
  var landscape: Landscape
  var make: @Sendable (Landscape) -> any FirstOrderMethod
  var testDescription: String { label }

  static let euclidean: Landscape = try! LandscapeFamily.named("coupled-double-well")!.generate(dimension: 4, index: 2, seed: 21)
  static let simplex: Landscape = try! LandscapeFamily.named("simplex-quadratic")!.generate(dimension: 4, index: 1, seed: 22)
  static let sphere: Landscape = try! LandscapeFamily.named("rayleigh-quotient")!.generate(dimension: 4, seed: 23)

  static let all: [MethodCase] = {
    var cases: [MethodCase] = [
      MethodCase(label: "gd", landscape: euclidean, make: { GradientDescent(stepSize: 0.9 / $0.lipschitzConstant) }),
      MethodCase(label: "vanishing", landscape: euclidean, make: { PolicyDescent(VanishingStep(c: 0.9 / $0.lipschitzConstant, a: 0.5)) }),
      MethodCase(label: "sgd", landscape: euclidean, make: { StochasticGradientDescent(c: 0.5 / $0.lipschitzConstant, a: 0.5, sigma: 0.1, seed: 3) }),
      MethodCase(label: "proximal", landscape: euclidean, make: { ProximalPoint(alpha: 0.9 / $0.lipschitzConstant) }),
      MethodCase(label: "coordinate-cyclic", landscape: euclidean, make: { CoordinateDescent(alpha: 0.5 / $0.lipschitzConstant) }),
      MethodCase(label: "coordinate-randomized", landscape: euclidean, make: { CoordinateDescent(alpha: 0.5 / $0.lipschitzConstant, order: .randomized, seed: 4) }),
      MethodCase(label: "mwu", landscape: simplex, make: { MultiplicativeWeights(c: 0.5 / $0.lipschitzConstant) }),
      MethodCase(label: "riemannian", landscape: sphere, make: { RiemannianGradientDescent(c: 0.3 / $0.lipschitzConstant) }),
    ]
    for geometry in AdaGrad.Geometry.allCases {
      for current in [true, false] {
        cases.append(MethodCase(label: "adagrad-\(geometry.rawValue)-\(current ? "current" : "delayed")", landscape: euclidean, make: {
          PolicyDescent(adaGrad: geometry, includesCurrentGradient: current, delta0: 2 * $0.lipschitzConstant, dimension: $0.dimension)
        }))
      }
    }
    return cases
  }()

  /// The method after 5 steps from a point near the first planted point, and that point.
  func warmedUp() -> (method: any FirstOrderMethod, x: Vector) {
    var method = make(landscape)
    let p = landscape.criticalPoints[0].location
    var x = p + 0.05 * Vector((0..<p.dimension).map { Double($0 % 3) - 1 })
    x = landscape.domain.project(x)
    func advance<M: FirstOrderMethod>(_ m: inout M) {
      for _ in 0..<5 { x = m.step(from: x, on: landscape) }
    }
    func open<M: FirstOrderMethod>(_ m: M) -> any FirstOrderMethod {
      var copy = m
      advance(&copy)
      return copy
    }
    method = open(method)
    return (method, x)
  }
}

@Suite struct JacobianAndInverseTests {
  /// Analytic Jacobians against Richardson-extrapolated central differences:
  /// within 10× the difference's own error estimate plus 1e-8·(1 + ‖J‖)
  /// (the rounding of differencing maps whose values are O(1), at h = 1e-5).
  @Test("analytic Jacobians agree with finite differences", arguments: MethodCase.all)
  func jacobians(_ c: MethodCase) {
    let (method, x) = c.warmedUp()
    func check<M: FirstOrderMethod>(_ m: M) {
      let numeric = m.numericalJacobian(at: x, on: c.landscape)
      guard let analytic = m.analyticJacobian(at: x, on: c.landscape) else {
        #expect(numeric.errorEstimate <= 1e-6, "\(c.label): no analytic Jacobian and a poor numerical one (error ≈ \(numeric.errorEstimate))")
        return
      }
      let difference = (analytic - numeric.matrix).frobeniusNorm
      #expect(difference <= 10 * numeric.errorEstimate + 1e-8 * (1 + analytic.frobeniusNorm), "\(c.label): ‖J − J_fd‖ = \(difference)")
    }
    check(method)
  }

  /// g_t⁻¹(g_t(x)) = x. The maps are diffeomorphisms here (α < 1/L, δ0 > L,
  /// interior of the simplex, the sphere), so the preimage is unique.
  @Test("inverses round-trip", arguments: MethodCase.all)
  func inverses(_ c: MethodCase) {
    let (method, x) = c.warmedUp()
    func check<M: FirstOrderMethod>(_ m: M) {
      let y = m.map(x, on: c.landscape)
      let r = m.inverse(of: y, on: c.landscape, initialGuess: nil)
      #expect(r.converged, "\(c.label): residual \(r.residual) after \(r.iterations) iterations")
      #expect((r.point - x).euclideanNorm <= 1e-9 * (1 + x.euclideanNorm), "\(c.label): ‖g⁻¹(g(x)) − x‖ = \((r.point - x).euclideanNorm)")
    }
    check(method)
  }

  @Test("the map does not advance the state; step does")
  func mapIsPure() {
    let f = MethodCase.euclidean
    let m = PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * f.lipschitzConstant, dimension: 4)
    let x: Vector = [0.1, 0.2, 0.3, 0.4]
    #expect(m.map(x, on: f) == m.map(x, on: f))
    var stepped = m
    _ = stepped.step(from: x, on: f)
    #expect(stepped.iteration == 1 && m.iteration == 0 && stepped.map(x, on: f) != m.map(x, on: f))
  }
}
