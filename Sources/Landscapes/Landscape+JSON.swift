public import Foundation
import LinearAlgebra
public import Serialization

/// The JSON document of a landscape, schema `saddlecheck.landscape/1`.
///
/// ```json
/// {
///   "schema": "saddlecheck.landscape/1",
///   "family": "rotated-double-well",
///   "dimension": 2,
///   "parameters": { … the family's explicit parameters: matrices as arrays of rows … },
///   "domain": {"euclidean": {}},
///   "certificate": {"lipschitz": 0.93, "lowerBound": -0.41, "region": {"everywhere": {}}},
///   "criticalPoints": [{"location": [0, 0], "hessianEigenvalues": [-0.93, 0.5], "kind": "strict-saddle", "index": 1}, …]
/// }
/// ```
/// `parameters` alone defines f; `certificate` and `criticalPoints` are there
/// for readers in other languages and are *checked* on decoding: they must
/// agree (to 1e-12, relative) with what the parameters certify, so an edited
/// certificate is refused. The formulas of each family are in its type's
/// documentation and in the README ("Landscape JSON").
public struct LandscapeDocument: Sendable, Hashable {
  /// The schema identifier this version reads and writes.
  public static let schema = "saddlecheck.landscape/1"
  /// The landscape.
  public var landscape: Landscape

  public init(_ landscape: Landscape) { self.landscape = landscape }
}

/// An error in a landscape document or request: which field, and what is
/// wrong with it — the same field-and-problem form as every JSON error.
public typealias LandscapeFormatError = DecodingProblem

extension LandscapeDocument: Codable {
  private enum CodingKeys: String, CodingKey, CaseIterable {
    case schema, family, dimension, parameters, domain, certificate, criticalPoints
  }

  struct Certificate: Codable, Hashable {
    var lipschitz: Double
    var lowerBound: Double
    var region: Region
  }

  struct PointRecord: Codable, Hashable {
    var location: Vector
    var hessianEigenvalues: Vector
    var kind: PlantedCriticalPoint.Kind
    var index: Int

    init(location: Vector, hessianEigenvalues: Vector, kind: PlantedCriticalPoint.Kind, index: Int) {
      self.location = location
      self.hessianEigenvalues = hessianEigenvalues
      self.kind = kind
      self.index = index
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      location = try c.decode(Vector.self, forKey: .location)
      hessianEigenvalues = try c.decode(Vector.self, forKey: .hessianEigenvalues)
      kind = try c.decode(PlantedCriticalPoint.Kind.self, forKey: .kind)
      index = try c.decodeWholeNumber(forKey: .index, in: 0...LandscapeDocument.maximumDimension)
    }
  }

  /// The largest dimension a document may define (as `saddlecheck landscape --dim`).
  public static let maximumDimension = 2000
  /// Every number in `parameters` is 0 or has a magnitude in this range, so
  /// that squares and products of parameters neither overflow nor underflow.
  public static let parameterMagnitudes: ClosedRange<Double> = 1e-100...1e100

  /// The parameters' numbers, each checked against ``parameterMagnitudes``.
  struct ParameterRange: Decodable {
    init(from decoder: any Decoder) throws {
      if let keyed = try? decoder.container(keyedBy: FieldKey.self) {
        for key in keyed.allKeys { _ = try keyed.decode(ParameterRange.self, forKey: key) }
      } else if var list = try? decoder.unkeyedContainer() {
        while !list.isAtEnd { _ = try list.decode(ParameterRange.self) }
      } else {
        let single = try decoder.singleValueContainer()
        guard let x = try? single.decode(Double.self) else { return }
        guard x == 0 || LandscapeDocument.parameterMagnitudes.contains(abs(x)) else {
          throw DecodingError.dataCorruptedError(in: single,
            debugDescription: "\(x) is outside the accepted range: 0 or a magnitude in [1e-100, 1e100]")
        }
      }
    }
  }

  /// What the parameters derive must be usable: 1 ≤ d ≤ ``maximumDimension``,
  /// a finite normal L > 0, a finite f_low, finite planted points and spectra,
  /// and a finite f, ∇f (first 16 points) and ∇²f (first 4 points, d ≤ 100) there.
  static func validateDerived(_ f: Landscape, codingPath: [any CodingKey]) throws {
    let parameters = [FieldKey("parameters")]
    guard (1...maximumDimension).contains(f.dimension) else {
      throw DecodingError.invalid(codingPath, parameters,
                                  "define dimension \(f.dimension); a landscape needs 1 ≤ d ≤ \(maximumDimension)")
    }
    let l = f.lipschitzConstant
    guard l.isNormal, l > 0, l <= parameterMagnitudes.upperBound else {
      throw DecodingError.invalid(codingPath, parameters, "certify L = \(l); it must be a normal number in (0, 1e100]")
    }
    guard f.lowerBound.isFinite, f.thirdDerivativeBound.isFinite else {
      throw DecodingError.invalid(codingPath, parameters,
        "certify f_low = \(f.lowerBound), M₃ = \(f.thirdDerivativeBound); both must be finite")
    }
    // f and ∇f at the first 16 planted points, ∇²f at the first 4 when d ≤ 100: enough to
    // catch parameters that overflow, at a cost far below the orthogonality check's d³.
    for (k, p) in f.criticalPoints.enumerated() {
      guard p.location.isFinite, p.hessianEigenvalues.isFinite,
        k >= 16 || (f.value(at: p.location).isFinite && f.gradient(at: p.location).isFinite),
        k >= 4 || f.dimension > 100 || f.hessian(at: p.location).isFinite
      else {
        throw DecodingError.invalid(codingPath, parameters,
          "plant critical point \(k) with a non-finite location, spectrum, value, gradient or Hessian (parameters out of range)")
      }
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let f = landscape.objective
    try c.encode(Self.schema, forKey: .schema)
    try c.encode(landscape.family, forKey: .family)
    try c.encode(f.dimension, forKey: .dimension)
    switch landscape {
    case .confinedQuadratic(let p): try c.encode(p, forKey: .parameters)
    case .rotatedDoubleWell(let p): try c.encode(p, forKey: .parameters)
    case .coupledDoubleWell(let p): try c.encode(p, forKey: .parameters)
    case .quarticSaddle(let p): try c.encode(p, forKey: .parameters)
    case .cosineSaddle(let p): try c.encode(p, forKey: .parameters)
    case .matrixFactorization(let p): try c.encode(p, forKey: .parameters)
    case .rayleighQuotient(let p): try c.encode(p, forKey: .parameters)
    case .simplexQuadratic(let p): try c.encode(p, forKey: .parameters)
    case .halfPlaneSaddle(let p): try c.encode(p, forKey: .parameters)
    case .degenerateSaddle(let p): try c.encode(p, forKey: .parameters)
    case .pdeResidualNetwork(let p): try c.encode(p, forKey: .parameters)
    }
    try c.encode(f.domain, forKey: .domain)
    try c.encode(Certificate(lipschitz: f.lipschitzConstant, lowerBound: f.lowerBound, region: f.certifiedRegion), forKey: .certificate)
    try c.encode(f.criticalPoints.map { PointRecord(location: $0.location,
        hessianEigenvalues: $0.hessianEigenvalues, kind: $0.kind, index: $0.index) },
                 forKey: .criticalPoints)
  }

  public init(from decoder: any Decoder) throws {
    // An unknown top-level field is refused, not ignored (a misspelled field must not pass silently).
    let all = try decoder.container(keyedBy: AnyFieldKey.self)
    for key in all.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
      throw DecodingError.dataCorrupted(DecodingError.Context(
        codingPath: decoder.codingPath + [key], debugDescription: "unknown field; the fields are "
          + CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")))
    }
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let schema = try c.decode(String.self, forKey: .schema)
    guard schema == Self.schema else {
      throw DecodingError.dataCorruptedError(forKey: .schema, in: c,
          debugDescription: "unsupported schema '\(schema)', this version reads '\(Self.schema)'")
    }
    let family = try c.decode(String.self, forKey: .family)
    let landscape: Landscape
    switch family {
    case "confined-quadratic": landscape = .confinedQuadratic(try c.decode(ConfinedQuadratic.self, forKey: .parameters))
    case "rotated-double-well": landscape = .rotatedDoubleWell(try c.decode(RotatedDoubleWell.self, forKey: .parameters))
    case "coupled-double-well": landscape = .coupledDoubleWell(try c.decode(CoupledDoubleWell.self, forKey: .parameters))
    case "quartic-saddle": landscape = .quarticSaddle(try c.decode(QuarticSaddle.self, forKey: .parameters))
    case "cosine-saddle": landscape = .cosineSaddle(try c.decode(CosineSaddle.self, forKey: .parameters))
    case "matrix-factorization": landscape = .matrixFactorization(try c.decode(MatrixFactorization.self, forKey: .parameters))
    case "rayleigh-quotient": landscape = .rayleighQuotient(try c.decode(RayleighQuotient.self, forKey: .parameters))
    case "simplex-quadratic": landscape = .simplexQuadratic(try c.decode(SimplexQuadratic.self, forKey: .parameters))
    case "half-plane-saddle": landscape = .halfPlaneSaddle(try c.decode(HalfPlaneSaddle.self, forKey: .parameters))
    case "degenerate-saddle": landscape = .degenerateSaddle(try c.decode(DegenerateSaddle.self, forKey: .parameters))
    case "pde-residual-network": landscape = .pdeResidualNetwork(try c.decode(PDEResidualNetwork.self, forKey: .parameters))
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .family, in: c, debugDescription: "unknown family '\(family)'; known: " +
            "\(LandscapeFamily.all.map(\.name).joined(separator: ", "))")
    }
    _ = try c.decode(ParameterRange.self, forKey: .parameters)  // validates the ranges
    let f = landscape.objective
    try Self.validateDerived(landscape, codingPath: c.codingPath)
    // The redundant fields must agree with what the parameters define.
    if c.contains(.dimension), try c.decodeWholeNumber(forKey: .dimension, in: 1...LandscapeDocument.maximumDimension) != f.dimension {
      throw DecodingError.dataCorruptedError(forKey: .dimension, in: c,
        debugDescription: "stored \(try c.decode(Double.self, forKey: .dimension)) but the parameters define d = \(f.dimension)")
    }
    if let stored = try c.decodeIfPresent(Domain.self, forKey: .domain), stored != f.domain {
      throw DecodingError.dataCorruptedError(forKey: .domain, in: c,
        debugDescription: "stored \(stored.name) but the family \(family) lives on \(f.domain.name)")
    }
    if let stored = try c.decodeIfPresent(Certificate.self, forKey: .certificate) {
      func differs(_ a: Double, _ b: Double) -> Bool { !(abs(a - b) <= 1e-12 * Swift.max(1, abs(b))) }
      if differs(stored.lipschitz, f.lipschitzConstant) {
        throw DecodingError.invalid(c.codingPath, [FieldKey("certificate"), FieldKey("lipschitz")],
          "stored \(stored.lipschitz) but the parameters certify L = \(f.lipschitzConstant)")
      }
      if differs(stored.lowerBound, f.lowerBound) {
        throw DecodingError.invalid(c.codingPath, [FieldKey("certificate"), FieldKey("lowerBound")],
          "stored \(stored.lowerBound) but the parameters certify f_low = \(f.lowerBound)")
      }
      if stored.region != f.certifiedRegion {
        throw DecodingError.invalid(c.codingPath, [FieldKey("certificate"), FieldKey("region")],
          "does not match the family's certified region")
      }
    }
    if let points = try c.decodeIfPresent([PointRecord].self, forKey: .criticalPoints) {
      let planted = f.criticalPoints
      guard points.count == planted.count else {
        throw DecodingError.dataCorruptedError(forKey: .criticalPoints, in: c,
          debugDescription: "stored \(points.count) points but the parameters plant \(planted.count)")
      }
      for (k, (s, p)) in zip(points, planted).enumerated() {
        let at = [FieldKey("criticalPoints"), FieldKey(intValue: k)]
        let scale = Swift.max(1, p.location.maximumMagnitude, p.hessianEigenvalues.maximumMagnitude)
        guard s.location.dimension == p.location.dimension, (s.location - p.location).maximumMagnitude <= 1e-12 * scale else {
          throw DecodingError.invalid(c.codingPath, at + [FieldKey("location")], "does not match the point the parameters plant")
        }
        guard s.hessianEigenvalues.dimension == p.hessianEigenvalues.dimension,
          (s.hessianEigenvalues - p.hessianEigenvalues).maximumMagnitude <= 1e-12 * scale
        else {
          throw DecodingError.invalid(c.codingPath, at + [FieldKey("hessianEigenvalues")],
            "does not match the spectrum the parameters plant")
        }
        guard s.kind == p.kind else {
          throw DecodingError.invalid(c.codingPath, at + [FieldKey("kind")],
            "stored '\(s.kind.rawValue)' but the spectrum makes it '\(p.kind.rawValue)'")
        }
        guard s.index == p.index else {
          throw DecodingError.invalid(c.codingPath, at + [FieldKey("index")],
            "stored \(s.index) but the spectrum has \(p.index) negative eigenvalues")
        }
      }
    }
    self.landscape = landscape
  }
}

extension LandscapeDocument {
  /// Pretty, key-sorted JSON; doubles are written in their shortest
  /// round-trip form, so decoding gives back the same bits.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }

  /// Decodes and validates a document.
  /// - Throws: ``LandscapeFormatError`` naming the field at fault and the problem;
  ///   duplicate keys are refused (``JSONStructure``).
  public static func decode(_ data: Data) throws(LandscapeFormatError) -> LandscapeDocument {
    try StrictJSON.decode(LandscapeDocument.self, from: data)
  }
}

/// Any JSON key, to list a container's fields.
private struct AnyFieldKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
