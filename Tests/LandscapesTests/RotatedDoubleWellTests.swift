import Testing
import Foundation
import LinearAlgebra
@testable import Landscapes
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

@Suite struct ElementaryFunctionTests {
  /// The distance in units in the last place between two doubles of the same sign.
  static func ulps(_ a: Double, _ b: Double) -> UInt64 {
    let x = Int64(bitPattern: a.bitPattern), y = Int64(bitPattern: b.bitPattern)
    return x > y ? UInt64(x - y) : UInt64(y - x)
  }

  @Test("Elementary.tanh is within 3 ulp of libm's tanh on [−25, 25], odd, and exact at the edges")
  func tanhAgainstLibm() {
    var worst: UInt64 = 0
    var odd = true
    var z = -25.0
    while z <= 25 {
      worst = max(worst, Self.ulps(Elementary.tanh(z), Foundation.tanh(z)))
      odd = odd && Elementary.tanh(-z).bitPattern == (-Elementary.tanh(z)).bitPattern
      z += 0.003_71
    }
    #expect(odd)
    for tiny in [1e-300, 1e-20, 1e-9, 3e-5, 0x1p-1074] { worst = max(worst, Self.ulps(Elementary.tanh(tiny), Foundation.tanh(tiny))) }
    // 3 ulp: libm's tanh is within 1 ulp; ours adds expm1's (≤ 1), the sum e + 2 and the division.
    #expect(worst <= 3, "worst error \(worst) ulp")
    #expect(Elementary.tanh(.infinity) == 1 && Elementary.tanh(-.infinity) == -1 && Elementary.tanh(.nan).isNaN)
    #expect(Elementary.tanh(0).bitPattern == 0 && Elementary.tanh(-0.0).bitPattern == (-0.0).bitPattern)
  }

  /// Lanes where `simd` differs in any bit from the scalar `Elementary.tanh`, over a grid of
  /// [−30, 30], tiny and subnormal arguments, ±0, ±∞ and NaN.
  static func laneMismatches(_ simd: (SIMD8<Double>) -> SIMD8<Double>) -> Int {
    var inputs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 0x1p-1074, -0x1p-1074, 1e-300, 20, -20, 20.000001, 710, -745]
    var z = -30.0
    while z <= 30 {
      inputs.append(z)
      z += 0.000_937
    }
    while inputs.count % 8 != 0 { inputs.append(0.5) }
    var mismatches = 0
    for b in stride(from: 0, to: inputs.count, by: 8) {
      let v = SIMD8<Double>(inputs[b..<(b + 8)])
      let t = simd(v)
      for i in 0..<8 where t[i].bitPattern != Elementary.tanh(v[i]).bitPattern { mismatches += 1 }
    }
    return mismatches
  }

  @Test("the 8-lane Elementary.tanh is bit-identical to the scalar one in every lane")
  func simdTanhIsBitIdentical() {
    #expect(Self.laneMismatches(Elementary.tanh) == 0)
  }

  @Test("mutant: the platform's tanh in each lane (within 1 ulp of the truth) is caught by the lane check")
  func platformTanhPerLaneIsCaught() {
    #expect(Self.laneMismatches { v in SIMD8<Double>((0..<8).map { Foundation.tanh(v[$0]) }) } > 0)
  }

  @Test("mutant: tanh as 1 − 2/(e^{2z} + 1), which cancels near 0, is caught by the ulp check")
  func cancellingFormulaIsCaught() {
    func cancelling(_ z: Double) -> Double { 1 - 2 / (Foundation.exp(2 * z) + 1) }
    var worst: UInt64 = 0
    for z in stride(from: 1e-6, through: 0.5, by: 0.001) { worst = max(worst, Self.ulps(cancelling(z), Foundation.tanh(z))) }
    #expect(worst > 3)
  }
}
