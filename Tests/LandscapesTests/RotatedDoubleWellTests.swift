import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Randomness

/// Family-specific facts of the rotated double well. The certificate and
/// planted-point properties of every family are in `CheckerTests/LandscapeClaimTests`.
@Suite struct RotatedDoubleWellTests {
  @Test("u* solves u = 2 tanh u")
  func wellRoot() {
    let u = RotatedDoubleWell.wellRoot
    #expect(abs(u - 2 * tanh(u)) <= 4 * Double.ulpOfOne && abs(u - 1.9150080481) < 1e-9)
  }

  @Test("k wells plant 3^k points with every index 0…k, binomially many of each", arguments: [1, 2, 3])
  func latticeOfCriticalPoints(wells k: Int) {
    let f = RotatedDoubleWell.random(dimension: 4, wells: k, seed: 9)
    let points = f.criticalPoints
    #expect(points.count == Int(pow(3.0, Double(k))))
    for index in 0...k {
      // Index i: i wells at 0 (choose which) and the other k − i at ±s* (2^{k−i} signs).
      let expected = binomial(k, index) * (1 << (k - index))
      #expect(points.filter { $0.index == index }.count == expected)
    }
    #expect(f.origin.index == k && f.origin.isStrictSaddle)
  }

  func binomial(_ n: Int, _ k: Int) -> Int { k == 0 ? 1 : binomial(n - 1, k - 1) * n / k }

  @Test("a non-orthogonal rotation or a non-positive curvature is refused with a reason")
  func validation() {
    #expect(RotatedDoubleWell.validate(rotation: .identity(2), profiles: [.quadratic(h: 1)]) != nil)
    #expect(RotatedDoubleWell.validate(rotation: .diagonal([1, 2]), profiles: [.quadratic(h: 1), .quadratic(h: 1)])?.contains("orthogonal") == true)
    #expect(RotatedDoubleWell.validate(rotation: .identity(1), profiles: [.doubleWell(mu: 0, r: 1)]) != nil)
  }
}
