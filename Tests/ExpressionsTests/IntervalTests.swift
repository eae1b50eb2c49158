import Testing
import Foundation
@testable import Expressions

/// Outward rounding, checked against 64-bit-mantissa `Float80` references: a
/// correct enclosure misses the exact value by at least half an ulp of Double
/// (2⁻⁵³ relative), far more than Float80's own error (about 2⁻⁶³ relative),
/// so a reference outside the enclosure is a real violation.
@Suite struct IntervalEnclosureTests {
  typealias Enclosure = (Double, Double) -> (lower: Double, upper: Double)

  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    let domain: ClosedRange<Double>
    let reference: @Sendable (Float80) -> Float80
    let enclosure: @Sendable (Interval) -> Interval
    let unrounded: @Sendable (Double, Double) -> (Double, Double)
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "exp", domain: -20...20, reference: { exp($0) }, enclosure: { Interval.exp($0) }, unrounded: { (exp($0), exp($1)) }),
    Case(name: "log", domain: 1e-3...1e3, reference: { log($0) }, enclosure: { Interval.log($0) }, unrounded: { (log($0), log($1)) }),
    Case(name: "log1p", domain: -0.9...10, reference: { log1p($0) }, enclosure: { Interval.log1p($0) },
         unrounded: { (log1p($0), log1p($1)) }),
    Case(name: "sqrt", domain: 0...100, reference: { $0.squareRoot() }, enclosure: { Interval.sqrt($0) },
         unrounded: { ($0.squareRoot(), $1.squareRoot()) }),
    Case(name: "tanh", domain: -3...3, reference: { tanh($0) }, enclosure: { Interval.tanh($0) }, unrounded: { (tanh($0), tanh($1)) }),
    Case(name: "sinh", domain: -5...5, reference: { sinh($0) }, enclosure: { Interval.sinh($0) }, unrounded: { (sinh($0), sinh($1)) }),
    Case(name: "sin", domain: -1.5...1.5, reference: { sin($0) }, enclosure: { Interval.sin($0) }, unrounded: { (sin($0), sin($1)) }),
    Case(name: "cos", domain: 0.1...3, reference: { cos($0) }, enclosure: { Interval.cos($0) }, unrounded: { (cos($0), cos($1)) }),
    Case(name: "cosh", domain: 0.1...5, reference: { cosh($0) }, enclosure: { Interval.cosh($0) }, unrounded: { (cosh($0), cosh($1)) }),
    Case(name: "x/3", domain: -10...10, reference: { $0 / 3 }, enclosure: { $0 / Interval(3) }, unrounded: { ($0 / 3, $1 / 3) }),
    Case(name: "x*x·1.1", domain: 0...10, reference: { $0 * $0 * Float80(1.1) }, enclosure: { $0 * $0 * Interval(1.1) },
         unrounded: { ($0 * $0 * 1.1, $1 * $1 * 1.1) }),
  ]

  /// How many of `n` point intervals [t, t] have an enclosure missing the reference value.
  static func violations(_ c: Case, enclosure: (Double) -> (Double, Double), n: Int) -> Int {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var count = 0
    for _ in 0..<n {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      let u = Double(state >> 11) * 0x1p-53
      let t = c.domain.lowerBound + u * (c.domain.upperBound - c.domain.lowerBound)
      let (lo, hi) = enclosure(t)
      let r = c.reference(Float80(t))
      if !(Float80(lo) <= r && r <= Float80(hi)) { count += 1 }
    }
    return count
  }

  @Test(arguments: cases)
  func enclosesTheExactValue(_ c: Case) {
    let n = 2000
    let real = Self.violations(c, enclosure: { t in let i = c.enclosure(Interval(t)); return (i.lower, i.upper) }, n: n)
    #expect(real == 0, "\(real) of \(n) enclosures of \(c.name) miss the Float80 reference")
    // The mutant without outward rounding (bounds rounded to nearest, as plain
    // Double code would compute them) is seen failing by the same check.
    let mutant = Self.violations(c, enclosure: { c.unrounded($0, $0) }, n: n)
    #expect(mutant > 0, "the unrounded mutant of \(c.name) was not caught")
  }

  @Test func decimalConstantsAreWidened() {
    let tenth = Interval(constant: 0.1, isExact: false)
    #expect(Float80(tenth.lower) < Float80(1) / 10 && Float80(1) / 10 < Float80(tenth.upper))
    #expect(Interval(constant: 2, isExact: true) == Interval(lower: 2, upper: 2))
  }

  /// Ranges over wide intervals: known extrema are included, dependency-free powers are exact.
  @Test func rangesOfFunctionsWithInteriorExtrema() {
    let s = Interval.sin(Interval(lower: 0, upper: 3))
    #expect(s.upper == 1 && s.lower <= 0 && s.lower > -1e-15)
    let c = Interval.cos(Interval(lower: 3, upper: 3.3))
    #expect(c.lower == -1)
    let wide = Interval.cos(Interval(lower: -10, upper: 10))
    #expect(wide == Interval(lower: -1, upper: 1))
    let ch = Interval.cosh(Interval(lower: -1, upper: 2))
    #expect(ch.lower == 1 && ch.upper >= cosh(2.0))
    let square = Interval(lower: -1, upper: 2).power(2)
    #expect(square.lower == 0 && square.upper >= 4 && square.upper < 4.000001)
    let cube = Interval(lower: -2, upper: 1).power(3)
    #expect(cube.lower <= -8 && cube.upper >= 1)
  }

  @Test func undefinedOperationsGiveTheEntireLine() {
    #expect(Interval.log(Interval(lower: -1, upper: 1)) == .entire)
    #expect(Interval(1) / Interval(lower: -1, upper: 1) == .entire)
    #expect(Interval.sqrt(Interval(lower: -1, upper: 1)) == .entire)
    #expect(Interval.log1p(Interval(lower: -2, upper: 0)) == .entire)
  }

  /// Inclusion over a box: random points of random boxes evaluate inside the box's enclosure.
  @Test func expressionEnclosesItsValuesOnABox() throws {
    let f = try SmoothExpression("exp(x)*sin(3*y) + x^3/(2 + cos(y)) - tanh(x*y)")
    var state: UInt64 = 7
    func uniform() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) * 0x1p-53
    }
    for _ in 0..<200 {
      let x0 = 4 * uniform() - 2, y0 = 4 * uniform() - 2, w = uniform()
      let box = [Interval(lower: x0, upper: x0 + w), Interval(lower: y0, upper: y0 + w)]
      let e = f(box)
      for _ in 0..<10 {
        let v = f([x0 + w * uniform(), y0 + w * uniform()])
        #expect(e.contains(v))
      }
    }
  }

  /// Inclusion of derivatives: the floating-point gradient and Hessian at random points of
  /// random boxes lie in the hyper-dual interval enclosures over the box (widened by 1e-12
  /// relative: the floating values themselves carry rounding, the enclosures do not).
  @Test func hyperDualIntervalsEncloseDerivatives() throws {
    let f = try SmoothExpression("exp(x)*sin(3*y) + x^3/(2 + cos(y)) - tanh(x*y) + log1p(x^2)")
    var state: UInt64 = 11
    func uniform() -> Double {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Double(state >> 11) * 0x1p-53
    }
    func seeded<S: SmoothScalar>(_ p: [S], _ i: Int, _ j: Int) -> [HyperDual<S>] {
      (0..<2).map { k in
        HyperDual(value: Dual(value: p[k], derivative: S(k == j ? 1 : 0)), derivative: Dual(value: S(k == i ? 1 : 0), derivative: S(0)))
      }
    }
    for _ in 0..<100 {
      let x0 = 4 * uniform() - 2, y0 = 4 * uniform() - 2, w = 0.5 * uniform()
      let box = [Interval(lower: x0, upper: x0 + w), Interval(lower: y0, upper: y0 + w)]
      for (i, j) in [(0, 0), (0, 1), (1, 1)] {
        let e = f(seeded(box, i, j))
        for _ in 0..<5 {
          let p = [x0 + w * uniform(), y0 + w * uniform()]
          let r = f(seeded(p, i, j))
          let slack = 1e-12 * (1 + abs(r.derivative.derivative))
          let h = r.derivative.derivative, enclosure = e.derivative.derivative
          #expect(enclosure.lower - slack <= h && h <= enclosure.upper + slack)
          #expect(e.value.derivative.lower - slack <= r.value.derivative && r.value.derivative <= e.value.derivative.upper + slack)
        }
      }
    }
  }
}
