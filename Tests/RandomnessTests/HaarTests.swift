import Testing
import LinearAlgebra
import PropertyTesting
import Randomness

/// Haar-random orthogonal matrices (Mezzadri 2007): orthogonal, det ±1 with
/// equal probability, and the trace moments of Haar measure on O(d),
/// E[tr Q] = 0 and E[(tr Q)²] = 1 for d ≥ 2 (Diaconis & Shahshahani, "On the
/// eigenvalues of random matrices", J. Appl. Probab. 31A, 1994, Thm 2).
/// Tolerances: Hoeffding at false-failure rate 1e-9, tr Q ∈ [−d, d].
@Suite struct HaarTests {
  static let p = 1e-9

  struct TraceMoments {
    var first = 0.0, second = 0.0, positiveDeterminants = 0
  }

  static func moments(dimension d: Int, samples n: Int, seed: UInt64, fixSigns: Bool) -> TraceMoments {
    var rng = Xoshiro256StarStar(seed: seed)
    var m = TraceMoments()
    for _ in 0..<n {
      let q = fixSigns
        ? Draw.haarOrthogonal(dimension: d, using: &rng)
        : QRDecomposition(of: Draw.gaussianMatrix(rows: d, columns: d, using: &rng)).q
      let t = q.trace
      m.first += t / Double(n)
      m.second += t * t / Double(n)
      if LUDecomposition(of: q).determinantSign > 0 { m.positiveDeterminants += 1 }
    }
    return m
  }

  @Test("orthogonal with det ±1", arguments: [1, 2, 3, 10, 50])
  func orthogonal(dimension d: Int) {
    var rng = Xoshiro256StarStar(seed: Seed.derive(0x4aa4_0001, UInt64(d)))
    for _ in 0..<20 {
      let q = Draw.haarOrthogonal(dimension: d, using: &rng)
      // Householder QR: ‖QᵀQ − I‖_F ≤ c·d·u (Higham Thm 19.4), c = 20.
      #expect((q.transposed * q - .identity(d)).frobeniusNorm <= 20 * Double(d + 1) * Double.ulpOfOne)
      let lu = LUDecomposition(of: q)
      #expect(abs(abs(lu.determinant) - 1) <= 20 * Double(d + 1) * Double.ulpOfOne)
    }
  }

  @Test("trace moments of Haar measure: E tr Q = 0, E (tr Q)² = 1, P(det = +1) = ½", arguments: [2, 3, 5])
  func traceMoments(dimension d: Int) {
    let n = 40_000
    let m = Self.moments(dimension: d, samples: n, seed: Seed.derive(0x4aa4_0002, UInt64(d)), fixSigns: true)
    let dd = Double(d)
    #expect(abs(m.first) <= Concentration.hoeffdingHalfWidth(samples: n, range: 2 * dd, falseFailureRate: Self.p), "E tr Q ≈ \(m.first)")
    #expect(abs(m.second - 1) <= Concentration.hoeffdingHalfWidth(samples: n, range: dd * dd, falseFailureRate: Self.p), "E (tr Q)² ≈ \(m.second)")
    let f = Double(m.positiveDeterminants) / Double(n)
    #expect(abs(f - 0.5) <= Concentration.hoeffdingHalfWidth(samples: n, range: 1, falseFailureRate: Self.p), "P(det = +1) ≈ \(f)")
  }

  /// The check can fail: the Q of a plain Householder QR, without the sign
  /// correction, is not Haar-distributed, and the trace moments see it.
  @Test("the moment check rejects QR without the sign correction")
  func signCorrectionMatters() {
    let n = 40_000, d = 3
    let m = Self.moments(dimension: d, samples: n, seed: 0x4aa4_0003, fixSigns: false)
    let firstOK = abs(m.first) <= Concentration.hoeffdingHalfWidth(samples: n, range: 6, falseFailureRate: Self.p)
    let secondOK = abs(m.second - 1) <= Concentration.hoeffdingHalfWidth(samples: n, range: 9, falseFailureRate: Self.p)
    let detOK = abs(Double(m.positiveDeterminants) / Double(n) - 0.5)
      <= Concentration.hoeffdingHalfWidth(samples: n, range: 1, falseFailureRate: Self.p)
    #expect(!(firstOK && secondOK && detOK), "unsigned QR passed: E tr = \(m.first), E tr² = \(m.second)")
  }
}
