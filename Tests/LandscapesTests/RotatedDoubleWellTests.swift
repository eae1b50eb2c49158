import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Randomness

/// The walking skeleton's landscape: certificates and planted points.
/// (Issue 3 generalizes these properties to every family.)
@Suite struct RotatedDoubleWellTests {
  static let dimensions = [1, 2, 3, 5, 10, 50]

  static func landscape(_ d: Int) -> RotatedDoubleWell {
    RotatedDoubleWell.indexOneSaddle(dimension: d, seed: Seed.derive(0x1a4d_0001, UInt64(d)))
  }

  @Test("u* solves u = 2 tanh u")
  func wellRoot() {
    let u = RotatedDoubleWell.wellRoot
    #expect(abs(u - 2 * tanh(u)) <= 4 * Double.ulpOfOne && abs(u - 1.9150080481) < 1e-9)
  }

  /// Central differences have truncation error h²/6·sup|f'''| and rounding
  /// error ~u·|f|/h; with h = 1e-5 and the profiles' third derivatives of
  /// order μ/r ≤ 4 on these parameters, both stay below 1e-8·max(1, ‖∇f‖).
  @Test("gradient and Hessian agree with central finite differences", arguments: dimensions)
  func finiteDifferences(dimension d: Int) {
    let f = Self.landscape(d)
    var rng = Xoshiro256StarStar(seed: Seed.derive(0x1a4d_0002, UInt64(d)))
    let h = 1e-5
    for _ in 0..<10 {
      let x = Draw.inBall(center: Vector(zeros: d), radius: 3, using: &rng)
      let g = f.gradient(at: x), hess = f.hessian(at: x)
      for i in 0..<min(d, 10) {
        let e = Vector(basis: i, dimension: d)
        var xp = x, xm = x
        xp.add(e, scaledBy: h)
        xm.add(e, scaledBy: -h)
        let fd = (f.value(at: xp) - f.value(at: xm)) / (2 * h)
        #expect(abs(fd - g[i]) <= 1e-8 * max(1, g.euclideanNorm), "∂f/∂x\(i) d=\(d)")
        let column = (f.gradient(at: xp) - f.gradient(at: xm)) / (2 * h)
        #expect((column - hess.column(i)).euclideanNorm <= 1e-8 * max(1, hess.frobeniusNorm), "∂²f/∂x∂x\(i) d=\(d)")
      }
    }
  }

  /// The certificate is never exceeded, and it is tight: ‖∇²f(0)‖₂ = L exactly.
  @Test("landscape.lipschitz-certificate: pairs and Hessians never exceed L; the bound is attained", arguments: dimensions)
  func lipschitzCertificate(dimension d: Int) {
    let f = Self.landscape(d)
    let l = f.lipschitzConstant
    var rng = Xoshiro256StarStar(seed: Seed.derive(0x1a4d_0003, UInt64(d)))
    var worst = 0.0
    for k in 0..<200 {
      let scale = [0.01, 1, 10, 1e3][k % 4]
      let x = Draw.inBall(center: Vector(zeros: d), radius: scale, using: &rng)
      let y = Draw.inBall(center: x, radius: scale, using: &rng)
      let ratio = (f.gradient(at: x) - f.gradient(at: y)).euclideanNorm / x.distance(to: y)
      // Rounding in two gradients: relative 1e-12 slack.
      #expect(ratio <= l * (1 + 1e-12), "pair ratio \(ratio) > L = \(l)")
      let hn = f.hessian(at: x).spectralNorm
      #expect(hn <= l * (1 + 1e-12), "‖∇²f‖ = \(hn) > L = \(l)")
      worst = max(worst, max(ratio, hn) / l)
    }
    #expect(abs(f.hessian(at: Vector(zeros: d)).spectralNorm - l) <= 1e-12 * l)
    #expect(worst > 0.1, "sampled max / L = \(worst)")
  }

  @Test("landscape.planted-critical-points: critical to rounding, planted spectra, f_low valid", arguments: dimensions)
  func plantedPoints(dimension d: Int) {
    let f = Self.landscape(d)
    let points = f.criticalPoints
    #expect(points.count == 3)
    #expect(points.filter { $0.kind == .minimum }.count == 2)
    #expect(f.origin.isStrictSaddle && f.origin.index == 1)
    for p in points {
      #expect(f.gradient(at: p.location).euclideanNorm <= 1e-14 * f.lipschitzConstant * max(1, p.location.euclideanNorm))
      let computed = SymmetricEigendecomposition(of: f.hessian(at: p.location)).eigenvalues
      #expect((computed - p.hessianEigenvalues).maximumMagnitude <= 1e-13 * f.lipschitzConstant)
      #expect(f.value(at: p.location) >= f.lowerBound - 1e-15)
    }
    var rng = Xoshiro256StarStar(seed: Seed.derive(0x1a4d_0004, UInt64(d)))
    for _ in 0..<500 {
      let x = Draw.inBall(center: Vector(zeros: d), radius: 5, using: &rng)
      #expect(f.value(at: x) >= f.lowerBound)
    }
  }

  @Test("JSON round-trips bit-exactly; invalid parameters are refused with a reason")
  func json() throws {
    let f = Self.landscape(5)
    let data = try JSONEncoder().encode(f)
    #expect(try JSONDecoder().decode(RotatedDoubleWell.self, from: data) == f)
    let bad = #"{"rotation":[[1,0],[0,2]],"profiles":[{"quadratic":{"h":1}},{"quadratic":{"h":1}}]}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(RotatedDoubleWell.self, from: Data(bad.utf8)) }
    let negative = #"{"rotation":[[1]],"profiles":[{"quadratic":{"h":-1}}]}"#
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(RotatedDoubleWell.self, from: Data(negative.utf8)) }
    #expect(RotatedDoubleWell.validate(rotation: .identity(2), profiles: [.quadratic(h: 1)]) != nil)
  }
}
