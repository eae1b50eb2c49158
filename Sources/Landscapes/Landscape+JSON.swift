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
  private enum CodingKeys: String, CodingKey {
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
    try c.encode(f.criticalPoints.map { PointRecord(location: $0.location, hessianEigenvalues: $0.hessianEigenvalues, kind: $0.kind, index: $0.index) },
                 forKey: .criticalPoints)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let schema = try c.decode(String.self, forKey: .schema)
    guard schema == Self.schema else {
      throw DecodingError.dataCorruptedError(forKey: .schema, in: c, debugDescription: "unsupported schema '\(schema)', this version reads '\(Self.schema)'")
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
        forKey: .family, in: c, debugDescription: "unknown family '\(family)'; known: \(LandscapeFamily.all.map(\.name).joined(separator: ", "))")
    }
    let f = landscape.objective
    // The redundant fields must agree with what the parameters define.
    if let d = try c.decodeIfPresent(Int.self, forKey: .dimension), d != f.dimension {
      throw DecodingError.dataCorruptedError(forKey: .dimension, in: c, debugDescription: "stored \(d) but the parameters define d = \(f.dimension)")
    }
    if let stored = try c.decodeIfPresent(Certificate.self, forKey: .certificate) {
      func differs(_ a: Double, _ b: Double) -> Bool { abs(a - b) > 1e-12 * Swift.max(1, abs(b)) }
      if differs(stored.lipschitz, f.lipschitzConstant) {
        throw DecodingError.dataCorruptedError(forKey: .certificate, in: c,
          debugDescription: "lipschitz: stored \(stored.lipschitz) but the parameters certify L = \(f.lipschitzConstant)")
      }
      if differs(stored.lowerBound, f.lowerBound) {
        throw DecodingError.dataCorruptedError(forKey: .certificate, in: c,
          debugDescription: "lowerBound: stored \(stored.lowerBound) but the parameters certify f_low = \(f.lowerBound)")
      }
      if stored.region != f.certifiedRegion {
        throw DecodingError.dataCorruptedError(forKey: .certificate, in: c, debugDescription: "region: does not match the family's certified region")
      }
    }
    if let points = try c.decodeIfPresent([PointRecord].self, forKey: .criticalPoints) {
      let planted = f.criticalPoints
      guard points.count == planted.count else {
        throw DecodingError.dataCorruptedError(forKey: .criticalPoints, in: c,
          debugDescription: "stored \(points.count) points but the parameters plant \(planted.count)")
      }
      for (k, (s, p)) in zip(points, planted).enumerated() {
        let scale = Swift.max(1, p.location.maximumMagnitude, p.hessianEigenvalues.maximumMagnitude)
        guard s.location.dimension == p.location.dimension, s.hessianEigenvalues.dimension == p.hessianEigenvalues.dimension,
          (s.location - p.location).maximumMagnitude <= 1e-12 * scale,
          (s.hessianEigenvalues - p.hessianEigenvalues).maximumMagnitude <= 1e-12 * scale
        else {
          throw DecodingError.dataCorruptedError(forKey: .criticalPoints, in: c,
            debugDescription: "[\(k)]: does not match the point the parameters plant")
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
  /// - Throws: ``LandscapeFormatError`` naming the field at fault and the problem.
  public static func decode(_ data: Data) throws(LandscapeFormatError) -> LandscapeDocument {
    do {
      return try JSONDecoder().decode(LandscapeDocument.self, from: data)
    } catch {
      throw DecodingProblem(error, data: data)
    }
  }
}
