import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import Randomness

/// Test landscapes with a planted strict saddle at the origin.
enum SaddleLandscapes {
  static let coupled = try! LandscapeFamily.named("coupled-double-well")!.generate(dimension: 3, index: 1, seed: 61)
  static let confined = try! LandscapeFamily.named("confined-quadratic")!.generate(dimension: 4, index: 2, seed: 62)
  static let wells = try! LandscapeFamily.named("rotated-double-well")!.generate(dimension: 5, index: 2, seed: 63)
  static let all: [(String, Landscape)] = [("coupled-double-well(d=3)", coupled), ("confined-quadratic(d=4,k=2)", confined), ("rotated-double-well(d=5,k=2)", wells)]

  static func origin(_ f: Landscape) -> PlantedCriticalPoint {
    f.criticalPoints.first { $0.location.maximumMagnitude == 0 }!
  }
}

/// Γ_t = c/(t + 1)²: summable steps, Γ_t → 0 — not a positive-definite limit.
struct SummableSteps: MatrixStepPolicy {
  var c: Double
  var t = 0
  var name: String { "summable(c=\(c))" }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector { defer { t += 1 }; return (c / Double((t + 1) * (t + 1))) * g }
  func stepMatrix(for g: Vector) -> Matrix { (c / Double((t + 1) * (t + 1))) * Matrix.identity(g.dimension) }
}

/// Γ_t = c·(1 + t/10): growing steps, Γ_t blows up.
struct GrowingSteps: MatrixStepPolicy {
  var c: Double
  var t = 0
  var name: String { "growing(c=\(c))" }
  mutating func displacement(for g: Vector, at x: Vector) -> Vector { defer { t += 1 }; return (c * (1 + Double(t) / 10)) * g }
  func stepMatrix(for g: Vector) -> Matrix { (c * (1 + Double(t) / 10)) * Matrix.identity(g.dimension) }
}

struct AdaGradVariant: Sendable, CustomTestStringConvertible {
  var geometry: AdaGrad.Geometry
  var current: Bool
  var testDescription: String { "\(geometry.rawValue)-\(current ? "current" : "delayed")" }
  static let all = AdaGrad.Geometry.allCases.flatMap { g in [true, false].map { AdaGradVariant(geometry: g, current: $0) } }
}

@Suite struct UnstableFixedPointTests {
  @Test("GD, vanishing steps and every AdaGrad variant: a strict saddle is an unstable fixed point", arguments: SaddleLandscapes.all.indices)
  func holds(_ i: Int) {
    let (label, f) = SaddleLandscapes.all[i]
    let p = SaddleLandscapes.origin(f)
    let l = f.lipschitzConstant
    #expect(UnstableFixedPointCheck.run(GradientDescent(stepSize: 0.9 / l), on: f, saddle: p, label: label).verdict == .holds)
    #expect(UnstableFixedPointCheck.run(PolicyDescent(VanishingStep(c: 0.9 / l, a: 0.5)), on: f, saddle: p, label: label).verdict == .holds)
    for v in AdaGradVariant.all {
      let m = PolicyDescent(adaGrad: v.geometry, includesCurrentGradient: v.current, delta0: 2 * l, dimension: f.dimension)
      let r = UnstableFixedPointCheck.run(m, on: f, saddle: p, label: label)
      #expect(r.verdict == .holds, "\(v.testDescription): \(r.evidence)")
    }
  }

  @Test("the check fails for a map whose steps stay in the stable subspace")
  func stableSubspaceMutant() {
    let f = SaddleLandscapes.coupled
    let p = SaddleLandscapes.origin(f)
    let mutant = StableSubspaceDescent(stepSize: 0.9 / f.lipschitzConstant, saddle: p, hessian: f.hessian(at: p.location))
    #expect(UnstableFixedPointCheck.run(mutant, on: f, saddle: p, label: "coupled").verdict == .fails)
  }

  /// A tiny step keeps ρ = 1 − αλ_min just above 1: resolved (holds) at α = 1e-8/L, where ρ − 1 is far
  /// above the resolution ~1e-10; not resolved (inconclusive, never fails) at α = 1e-14/L. Both used
  /// to fail against the fixed margin 1 + 1e-9 — a strict saddle reported as a counterexample.
  @Test("a tiny step: ρ − 1 above the resolution holds, below it is inconclusive, never fails")
  func tinySteps() {
    let f = SaddleLandscapes.confined
    let p = SaddleLandscapes.origin(f)
    let l = f.lipschitzConstant
    let resolved = UnstableFixedPointCheck.run(GradientDescent(stepSize: 1e-8 / l), on: f, saddle: p, label: "")
    #expect(resolved.verdict == .holds, "\(resolved.evidence)")
    let unresolved = UnstableFixedPointCheck.run(GradientDescent(stepSize: 1e-14 / l), on: f, saddle: p, label: "")
    #expect(unresolved.verdict == .inconclusive && unresolved.evidence.contains("not resolved"), "\(unresolved.evidence)")
    #expect(resolved.evidenceProblem == nil && unresolved.evidenceProblem == nil)
  }

  @Test("the spectral radius estimate matches GD's 1 − αλ_min")
  func radius() {
    let f = SaddleLandscapes.confined
    let p = SaddleLandscapes.origin(f)
    let alpha = 0.9 / f.lipschitzConstant
    let r = UnstableFixedPointCheck.run(GradientDescent(stepSize: alpha), on: f, saddle: p, label: "")
    let expected = 1 - alpha * p.hessianEigenvalues[0]
    #expect(r.evidence.contains("ρ(Dg(x*)) = "))
    #expect(abs(spectralRadiusForTest(GradientDescent(stepSize: alpha).jacobian(at: p.location, on: f)) - expected) <= 1e-9)
  }
}

func spectralRadiusForTest(_ j: Matrix) -> Double {
  SymmetricEigendecomposition(of: j.symmetricPart).eigenvalues.maximumMagnitude
}

@Suite struct LinearizationTests {
  @Test("linearization.inertia holds for Γ = αI, AdaGrad's Γ_t and a random SPD Γ", arguments: SaddleLandscapes.all.indices)
  func inertia(_ i: Int) {
    let (label, f) = SaddleLandscapes.all[i]
    let p = SaddleLandscapes.origin(f)
    let d = f.dimension
    var rng = Xoshiro256StarStar(seed: UInt64(i))
    let g = Draw.gaussianMatrix(rows: d, columns: d, using: &rng)
    let spd = (1 / (4 * f.lipschitzConstant * Double(d))) * (g * g.transposed + Matrix.identity(d))
    var ada = PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * f.lipschitzConstant, dimension: d)
    var x = p.location + 0.3 * Vector(basis: 0, dimension: d)
    for _ in 0..<20 { x = ada.step(from: x, on: f) }
    for gamma in [(0.9 / f.lipschitzConstant) * Matrix.identity(d), ada.policy.stepMatrix(for: f.gradient(at: x)), spd.symmetricPart] {
      let r = InertiaCheck.run(f, saddle: p, stepMatrix: gamma, method: "Γ", label: label)
      #expect(r.verdict == .holds, "\(r.evidence)")
    }
  }

  /// Matrix factorization's rank-deficient saddles are strict but also flat in some directions: the
  /// Hessian has exact zero eigenvalues, computed as ±(rounding). Counting those as negative failed
  /// the claim at every such saddle (fresh-user finding); Sylvester's law counts the negative ones.
  @Test("linearization.inertia holds at strict saddles with flat directions (zero eigenvalues)")
  func flatDirections() throws {
    let family = try #require(LandscapeFamily.named("matrix-factorization"))
    let f = try family.generate(dimension: 6, index: 2, seed: 1)
    let saddles = f.criticalPoints.filter { $0.isStrictSaddle && $0.hessianEigenvalues.components.contains(0) }
    try #require(!saddles.isEmpty, "no strict saddle with a zero eigenvalue to test")
    for p in saddles {
      let gamma = PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * f.lipschitzConstant,
                                dimension: 6).stepMatrix(for: f.gradient(at: p.location))
      let r = InertiaCheck.run(f, saddle: p, stepMatrix: gamma, method: "adagrad-diagonal", label: "mf")
      #expect(r.verdict == .holds, "\(r.evidence)")
    }
  }

  @Test("linearization.inertia fails with a wrong Hessian")
  func inertiaWrongHessian() {
    let f = SaddleLandscapes.wells
    let mutant = LandscapeMutant(base: f, defect: .shiftedHessian)
    let r = InertiaCheck.run(mutant, saddle: SaddleLandscapes.origin(f), stepMatrix: (0.5 / f.lipschitzConstant) * Matrix.identity(5), method: "gd", label: "mutant")
    #expect(r.verdict == .fails)
  }

  @Test("linearization.variation-of-constants holds for GD and AdaGrad; the talk's A^{t−i−1} indexing misses", arguments: SaddleLandscapes.all.indices)
  func variationOfConstants(_ i: Int) {
    let (label, f) = SaddleLandscapes.all[i]
    let p = SaddleLandscapes.origin(f)
    let start = p.location + 1e-3 * Vector((0..<f.dimension).map { Double($0 + 1) }).normalized()
    let gd = VariationOfConstantsCheck.run(GradientDescent(stepSize: 0.9 / f.lipschitzConstant), on: f, saddle: p, start: start, steps: 40, label: label)
    #expect(gd.verdict == .holds, "\(gd.evidence)")
    let ada = PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * f.lipschitzConstant, dimension: f.dimension)
    let r = VariationOfConstantsCheck.run(ada, on: f, saddle: p, start: start, steps: 40, label: label)
    #expect(r.verdict == .holds, "\(r.evidence)")
  }

  @Test("linearization.variation-of-constants fails with a wrong Hessian")
  func variationWrongHessian() {
    let f = LandscapeMutant(base: SaddleLandscapes.coupled, defect: .shiftedHessian)
    let p = SaddleLandscapes.origin(SaddleLandscapes.coupled)
    let r = VariationOfConstantsCheck.run(GradientDescent(stepSize: 0.3 / f.lipschitzConstant), on: f, saddle: p,
                                          start: p.location + Vector([1e-3, 0, 0]), steps: 20, label: "mutant")
    #expect(r.verdict == .fails, "\(r.evidence)")
  }
}

@Suite struct GradientDescentClaimTests {
  /// The mutant step is 1.9/L: above 1/L for the landscapes' true smoothness
  /// constant even where the certificate is loose (coupled wells).
  @Test("gd.descent holds for α = 0.9/L and fails for α = 1.9/L", arguments: SaddleLandscapes.all.indices)
  func descent(_ i: Int) {
    let (label, f) = SaddleLandscapes.all[i]
    let l = f.lipschitzConstant
    let good = GradientDescentDescentCheck.run(f, alpha: 0.9 / l, starts: 20, steps: 300, seed: 1, label: label)
    #expect(good.verdict == .holds, "\(good.evidence)")
    let bad = GradientDescentDescentCheck.run(f, alpha: 1.9 / l, starts: 20, steps: 300, seed: 1, label: label)
    #expect(bad.verdict == .fails, "\(bad.evidence)")
  }

  @Test("gd.diffeomorphism holds for α = 0.9/L and fails (det Dg ≤ 0) for α = 1.5/L", arguments: SaddleLandscapes.all.indices)
  func diffeomorphism(_ i: Int) {
    let (label, f) = SaddleLandscapes.all[i]
    let l = f.lipschitzConstant
    let good = GradientDescentDiffeomorphismCheck.run(f, alpha: 0.9 / l, samples: 60, seed: 2, label: label)
    #expect(good.verdict == .holds, "\(good.evidence)")
    let bad = GradientDescentDiffeomorphismCheck.run(f, alpha: 1.5 / l, samples: 60, seed: 2, label: label)
    #expect(bad.verdict == .fails, "\(bad.evidence)")
  }
}

@Suite struct AdaGradClaimTests {
  @Test("adagrad.descent-and-summability holds for δ0 = 2L and fails for δ0 = L/4", arguments: AdaGradVariant.all)
  func descent(_ v: AdaGradVariant) {
    for (label, f) in SaddleLandscapes.all {
      let l = f.lipschitzConstant
      let good = AdaGradDescentCheck.run(f, geometry: v.geometry, includesCurrentGradient: v.current, delta0: 2 * l, starts: 10, steps: 200, seed: 3, label: label)
      #expect(good.verdict == .holds, "\(label): \(good.evidence)")
      let bad = AdaGradDescentCheck.run(f, geometry: v.geometry, includesCurrentGradient: v.current, delta0: l / 4, starts: 10, steps: 200, seed: 3, label: label)
      #expect(bad.verdict == .fails, "\(label): \(bad.evidence)")
    }
  }

  @Test("adagrad.pd-limit holds for AdaGrad within CLAIMS.md's bracket", arguments: AdaGradVariant.all)
  func pdLimit(_ v: AdaGradVariant) {
    let f = SaddleLandscapes.coupled
    let delta0 = 2 * f.lipschitzConstant
    let m = PolicyDescent(adaGrad: v.geometry, includesCurrentGradient: v.current, delta0: delta0, dimension: f.dimension)
    let r = PositiveDefiniteLimitCheck.run(m, on: f, starts: 8, steps: 1500, seed: 4, label: "coupled",
                                          bracket: PositiveDefiniteLimitCheck.adaGradBracket(delta0: delta0, lowerBound: f.lowerBound))
    #expect(r.verdict == .holds, "\(r.evidence)")
  }

  @Test("adagrad.pd-limit fails for summable steps (Γ_t → 0) and growing steps (Γ_t blows up)")
  func pdLimitMutants() {
    let f = SaddleLandscapes.coupled
    let summable = PositiveDefiniteLimitCheck.run(PolicyDescent(SummableSteps(c: 0.5 / f.lipschitzConstant)), on: f, starts: 4, steps: 1500, seed: 4, label: "coupled")
    #expect(summable.verdict == .fails, "\(summable.evidence)")
    let growing = PositiveDefiniteLimitCheck.run(PolicyDescent(GrowingSteps(c: 0.1 / f.lipschitzConstant)), on: f, starts: 4, steps: 1500, seed: 4, label: "coupled")
    #expect(growing.verdict == .fails, "\(growing.evidence)")
  }

  @Test("adagrad.diffeomorphism holds for δ0 = 2L and fails (det ≤ 0) for δ0 = L/4", arguments: AdaGradVariant.all)
  func diffeomorphism(_ v: AdaGradVariant) {
    for (label, f) in SaddleLandscapes.all {
      let l = f.lipschitzConstant
      let good = AdaGradDiffeomorphismCheck.run(f, geometry: v.geometry, includesCurrentGradient: v.current, delta0: 2 * l, samples: 30, seed: 5, label: label)
      #expect(good.verdict == .holds, "\(label): \(good.evidence)")
      let bad = AdaGradDiffeomorphismCheck.run(f, geometry: v.geometry, includesCurrentGradient: v.current, delta0: l / 4, samples: 30, seed: 5, label: label)
      #expect(bad.verdict == .fails, "\(label): \(bad.evidence)")
    }
  }
}

@Suite struct AdaNormLimitTests {
  /// CLAIMS.md `adagrad.diffeomorphism`: the AdaNorm step 1/√(δ0² + Σ‖g‖²) → 0 as δ0 → ∞.
  @Test("the AdaNorm step shrinks like 1/δ0 as δ0 grows")
  func stepVanishes() {
    let f = SaddleLandscapes.coupled
    let l = f.lipschitzConstant
    let x: Vector = [0.3, -0.2, 0.1]
    var previous = Double.infinity
    for k in [1.0, 10, 100, 1000, 10_000] {
      var m = PolicyDescent(adaGrad: .norm, includesCurrentGradient: true, delta0: k * l, dimension: 3)
      _ = m.step(from: x, on: f)
      let step = m.lastStepSpectrum![0]
      #expect(step < previous && step <= 1 / (k * l))
      previous = step
    }
    #expect(previous <= 1e-4 / l)
  }
}
