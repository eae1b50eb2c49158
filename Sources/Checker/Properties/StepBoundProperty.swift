import LinearAlgebra
import Randomness
public import Landscapes
import Dynamics
public import PropertyTesting
public import Serialization

/// `step-bound-is-needed` (CLAIMS.md part E, the necessity halves of
/// `gd.diffeomorphism` and `adagrad.diffeomorphism`): without α < 1/L, or
/// with δ0 < L for AdaGrad, the step map is no longer a diffeomorphism —
/// there are points with det Dg ≤ 0.
///
/// The property checked is "the step map is a diffeomorphism" for a step
/// beyond the bound (GD: α = `factor`/L with factor > 1; AdaGrad-Norm with
/// the current gradient: δ0 = `factor`·L with factor < 1); it is refuted
/// when the diffeomorphism check finds det Dg ≤ 0. Kept as a `refutation` fixture.
public struct StepBoundProperty: Property {
  public struct Case: Codable, Sendable, Hashable {
    /// `gd` or `adagrad-norm`.
    public var method: String
    /// GD: α·L; AdaGrad: δ0/L.
    public var factor: Double
    /// The landscape, as its explicit document.
    public var landscape: LandscapeDocument
    public var samples: Int
    public var sampleSeed: String

    public init(method: String, factor: Double, landscape: LandscapeDocument, samples: Int, sampleSeed: String) {
      self.method = method
      self.factor = factor
      self.landscape = landscape
      self.samples = samples
      self.sampleSeed = sampleSeed
    }

    private enum CodingKeys: String, CodingKey { case method, factor, landscape, samples, sampleSeed }

    /// Whole-number fields are read so that `1.5` is an error naming the field.
    public init(from decoder: any Decoder) throws {
      let k = try decoder.container(keyedBy: CodingKeys.self)
      self.init(
        method: try k.decode(String.self, forKey: .method), factor: try k.decode(Double.self, forKey: .factor),
        landscape: try k.decode(LandscapeDocument.self, forKey: .landscape),
        samples: try k.decodeWholeNumber(forKey: .samples, in: 1...100_000),
        sampleSeed: try k.decode(String.self, forKey: .sampleSeed))
    }
  }

  public var claim: String { Claim.stepBoundIsNeeded.id }
  /// The method whose step bound is broken: `gd` (α = 1.5/L) or `adagrad-norm` (δ0 = L/4).
  public var method: String

  public init(method: String = "gd") { self.method = method }

  public func generate(seed: UInt64, index: Int, configuration: RunConfiguration) -> Case {
    var rng = Xoshiro256StarStar(seed: seed)
    let f = try! LandscapeFamily.named("rotated-double-well")!.generate(dimension: 3, index: 1, seed: rng.next())
    return Case(method: method, factor: method == "gd" ? 1.5 : 0.25, landscape: LandscapeDocument(f),
        samples: 64, sampleSeed: Seed.hex(rng.next()))
  }

  public func check(_ c: Case) -> PropertyOutcome {
    guard let e = measure(c) else { return .inconclusive(reason: "unknown method \(c.method)") }
    return outcome(e)
  }

  /// The diffeomorphism evidence of the case's method beyond the step bound (nil for an unknown method).
  public func measure(_ c: Case) -> StepBoundEvidence? {
    let f = c.landscape.landscape
    let seed = Seed.parse(c.sampleSeed) ?? 0
    let result: CheckResult
    switch c.method {
    case "gd": result = GradientDescentDiffeomorphismCheck.run(f, alpha: c.factor / f.lipschitzConstant,
        samples: c.samples, seed: seed, label: "")
    case "adagrad-norm":
      result = AdaGradDiffeomorphismCheck.run(f, geometry: .norm, includesCurrentGradient: true,
          delta0: c.factor * f.lipschitzConstant, samples: c.samples, seed: seed, label: "")
    default: return nil
    }
    guard case .diffeomorphism(let d) = result.data else { preconditionFailure("diffeomorphism checks carry diffeomorphism data") }
    return StepBoundEvidence(method: c.method, factor: c.factor, diffeomorphism: d)
  }

  /// Refuted when det Dg ≤ 0 was found; the message is the data's rendering.
  public func outcome(_ e: StepBoundEvidence) -> PropertyOutcome {
    guard e.refuted else { return .holds(evidence: e.rendered) }
    return .fails(PropertyFailure(kind: "det-nonpositive", margin: 2, message: e.rendered))
  }

  /// The stored case names its method; regenerate with it.
  public func regenerate(_ original: Case, seed: UInt64, index: Int, configuration: RunConfiguration) -> Case {
    StepBoundProperty(method: original.method).generate(seed: seed, index: index, configuration: configuration)
  }

  /// The documented ranges of a stored case: method `gd` or `adagrad-norm`;
  /// a factor in [1e-6, 1000] (so that α = factor/L and δ0 = factor·L are
  /// normal, with δ0² normal); 1 ≤ samples ≤ 100 000; a `0x` sample seed (the
  /// landscape document is validated when it is decoded).
  public func validate(_ c: Case) -> DecodingProblem? {
    CaseRanges.firstProblem([
      ["gd", "adagrad-norm"].contains(c.method) ? nil : DecodingProblem(field: "method",
        problem: "must be gd or adagrad-norm, got '\(c.method)'"),
      CaseRanges.closed("factor", c.factor, 1e-6, 1000),
      CaseRanges.whole("samples", c.samples, 1...100_000),
      CaseRanges.seed("sampleSeed", c.sampleSeed),
    ])
  }

  /// samples × (d + 1)²: a Hessian and a determinant per sample, in gradient-evaluation equivalents.
  public func cost(_ c: Case) -> Double {
    let d = Double(c.landscape.landscape.dimension)
    return Double(c.samples) * (d + 1) * (d + 1)
  }

  public func shrink(_ c: Case) -> [Case] {
    c.samples >= 4 ? [{ var s = c; s.samples /= 2; return s }()] : []
  }

}
