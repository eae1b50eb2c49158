import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

@Suite struct StableSetTests {
  static let cases: [(String, Int, Int, UInt64)] = [
    ("coupled-double-well", 2, 1, 71), ("coupled-double-well", 3, 1, 72), ("coupled-double-well", 4, 2, 73),
    ("confined-quadratic", 4, 2, 74), ("rotated-double-well", 3, 1, 75),
  ]

  @Test("stable-set.structure: a unique, Lipschitz graph tangent to E^s; on-graph starts approach, offsets escape", arguments: cases.indices)
  func structure(_ i: Int) throws {
    let (name, d, k, seed) = Self.cases[i]
    let f = try #require(LandscapeFamily.named(name)).generate(dimension: d, index: k, seed: seed)
    let saddle = try #require(f.criticalPoints.first { $0.location.maximumMagnitude == 0 })
    let r = StableSetCheck.run(f, saddle: saddle, alpha: 0.5 / f.lipschitzConstant, seed: seed, label: "\(name)(d=\(d),k=\(k))")
    print(r.evidence)
    #expect(r.verdict == .holds, "\(r.evidence)")
  }

  @Test("stable-set.structure fails when the Hessian's eigenvectors are wrong", arguments: [0, 2])
  func wrongHessian(_ i: Int) throws {
    let (name, d, k, seed) = Self.cases[i]
    let base = try #require(LandscapeFamily.named(name)).generate(dimension: d, index: k, seed: seed)
    let saddle = try #require(base.criticalPoints.first { $0.location.maximumMagnitude == 0 })
    let f = LandscapeMutant(base: base, defect: .rotatedHessian)
    let r = StableSetCheck.run(f, saddle: saddle, alpha: 0.5 / base.lipschitzConstant, seed: seed, label: "mutant")
    #expect(r.verdict != .holds, "\(r.evidence)")
  }
}
