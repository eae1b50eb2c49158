import PropertyTesting
import Randomness

/// "Every element is below 100", with a planted bug: lists contain elements
/// up to 400. Failure margin = largest − 99 (tolerance: 1 unit). Shrinking
/// removes elements and decrements or halves them; with the shrinker's
/// minimum margin 2 the known minimal case is [101].
struct BoundedElements: Property {
  struct Case: Codable, Sendable, Hashable { var values: [Int] }
  var claim: String { "synthetic.bounded-elements" }

  func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case {
    var rng = Xoshiro256StarStar(seed: seed)
    let n = 1 + Int(Draw.integer(below: 12, using: &rng))
    return Case(values: (0..<n).map { _ in Int(Draw.integer(below: 400, using: &rng)) })
  }

  func check(_ c: Case) -> PropertyOutcome {
    guard let top = c.values.max(), top >= 100 else { return .holds(evidence: "max \(c.values.max() ?? 0)") }
    return .fails(PropertyFailure(kind: "too-large", margin: Double(top - 99), message: "element \(top) ≥ 100"))
  }

  func shrink(_ c: Case) -> [Case] {
    var out: [Case] = []
    for i in c.values.indices where c.values.count > 1 {
      var v = c.values
      v.remove(at: i)
      out.append(Case(values: v))
    }
    for i in c.values.indices where c.values[i] > 0 {
      var half = c.values, minus = c.values
      half[i] /= 2
      minus[i] -= 1
      out.append(Case(values: half))
      out.append(Case(values: minus))
    }
    return out
  }

  func labels(_ c: Case) -> [String: String] { ["length": c.values.count <= 6 ? "short" : "long"] }
}

/// A check that fails only in dimension ≥ 7 (a bug in a code path used from
/// d = 7 on). Shrinking lowers the dimension and simplifies the vector; it
/// must stop at d = 7, never below.
struct HighDimensionBug: Property {
  struct Case: Codable, Sendable, Hashable {
    var dimension: Int
    var x: [Double]
  }
  var claim: String { "synthetic.high-dimension" }

  func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case {
    var rng = Xoshiro256StarStar(seed: seed)
    let d = 1 + Int(Draw.integer(below: 50, using: &rng))
    return Case(dimension: d, x: (0..<d).map { _ in Draw.standardNormal(using: &rng) })
  }

  func check(_ c: Case) -> PropertyOutcome {
    c.dimension >= 7
      ? .fails(PropertyFailure(kind: "wrong-norm", margin: 1e6, message: "norm wrong in d = \(c.dimension)"))
      : .holds(evidence: "d = \(c.dimension)")
  }

  func shrink(_ c: Case) -> [Case] {
    var out: [Case] = []
    if c.dimension > 1 {
      out.append(Case(dimension: c.dimension / 2, x: Array(c.x.prefix(c.dimension / 2))))
      out.append(Case(dimension: c.dimension - 1, x: Array(c.x.prefix(c.dimension - 1))))
    }
    if c.x.contains(where: { $0 != 0 }) { out.append(Case(dimension: c.dimension, x: Array(repeating: 0, count: c.dimension))) }
    return out
  }

  func labels(_ c: Case) -> [String: String] { ["dimension": c.dimension < 7 ? "low" : "high"] }
  var requiredCoverage: [String: Set<String>] { ["dimension": ["low", "high"]] }
}

/// A numerical check with a gross bug (a relative error of 1e-3·x²) whose
/// failure fades to rounding as x shrinks towards 0: shrinking must stop
/// while the failure is still at least `minimumMargin` tolerances (1e-12).
struct FadingBug: Property {
  struct Case: Codable, Sendable, Hashable { var x: Double }
  var claim: String { "synthetic.fading" }
  func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case { Case(x: 3) }
  func check(_ c: Case) -> PropertyOutcome {
    let error = 1e-3 * c.x * c.x
    return error > 1e-12
      ? .fails(PropertyFailure(kind: "inaccurate", margin: error / 1e-12, message: "error \(error)"))
      : .holds(evidence: "error \(error)")
  }
  func shrink(_ c: Case) -> [Case] { [Case(x: c.x / 2)] }
}

/// A property that is often undecidable.
struct MostlyInconclusive: Property {
  struct Case: Codable, Sendable, Hashable { var k: Int }
  var claim: String { "synthetic.inconclusive" }
  func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case { Case(k: index) }
  func check(_ c: Case) -> PropertyOutcome { c.k % 2 == 0 ? .inconclusive(reason: "even") : .holds(evidence: "odd") }
}
