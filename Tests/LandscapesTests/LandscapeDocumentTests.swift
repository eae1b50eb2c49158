import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Serialization
import Randomness

/// The JSON format `saddlecheck.landscape/1`: bit-exact round trips and clear
/// errors for bad documents.
@Suite struct LandscapeDocumentTests {
  static let instances: [(String, Int, Int?)] = [
    ("confined-quadratic", 5, 2), ("rotated-double-well", 3, 2), ("coupled-double-well", 4, 1), ("quartic-saddle", 2, nil),
    ("cosine-saddle", 2, nil), ("matrix-factorization", 6, 2), ("rayleigh-quotient", 4, nil), ("simplex-quadratic", 5, 2),
    ("half-plane-saddle", 2, nil), ("degenerate-saddle", 3, nil), ("pde-residual-network", 6, 2),
  ]

  static func document(_ i: Int) throws -> LandscapeDocument {
    let (name, d, k) = instances[i]
    let family = try #require(LandscapeFamily.named(name))
    return LandscapeDocument(try family.generate(dimension: d, index: k, seed: Seed.derive(0xd0c, UInt64(i))))
  }

  @Test("every family round-trips through JSON bit for bit", arguments: instances.indices)
  func roundTrip(_ i: Int) throws {
    let doc = try Self.document(i)
    let data = try doc.jsonData()
    let decoded = try LandscapeDocument.decode(data)
    #expect(decoded == doc)
    #expect(try decoded.jsonData() == data)
    let x = Vector((0..<doc.landscape.dimension).map { 0.1 * Double($0 + 1) })
    #expect(decoded.landscape.value(at: x).bitPattern == doc.landscape.value(at: x).bitPattern)
  }

  @Test("the document carries schema, family, certificate and planted points")
  func contents() throws {
    let data = try Self.document(1).jsonData()
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(object["schema"] as? String == "saddlecheck.landscape/1")
    #expect(object["family"] as? String == "rotated-double-well")
    let certificate = try #require(object["certificate"] as? [String: Any])
    #expect(certificate["lipschitz"] is Double)
    #expect((object["criticalPoints"] as? [Any])?.count == 9)
  }

  /// Edits `field` of the document of instance `i` with `transform` and returns the decoding error.
  static func error(_ i: Int, _ transform: (inout [String: Any]) -> Void) throws -> LandscapeFormatError? {
    var object = try #require(try JSONSerialization.jsonObject(with: try document(i).jsonData()) as? [String: Any])
    transform(&object)
    let data = try JSONSerialization.data(withJSONObject: object)
    do {
      _ = try LandscapeDocument.decode(data)
      return nil
    } catch {
      return error
    }
  }

  @Test("bad documents give errors that name the field")
  func namedErrors() throws {
    let wrongSchema = try Self.error(0) { $0["schema"] = "saddlecheck.landscape/99" }
    #expect(wrongSchema?.field == "schema")
    let unknownFamily = try Self.error(0) { $0["family"] = "banana" }
    #expect(unknownFamily?.field == "family" && unknownFamily?.problem.contains("unknown family") == true)
    let missing = try Self.error(0) { $0["parameters"] = nil }
    #expect(missing?.field == "parameters" && missing?.problem == "missing")
    let editedL = try Self.error(0) { o in
      var c = o["certificate"] as! [String: Any]
      c["lipschitz"] = (c["lipschitz"] as! Double) / 2
      o["certificate"] = c
    }
    #expect(editedL?.field == "certificate.lipschitz" && editedL?.problem.contains("certify L") == true)
    let wrongDimension = try Self.error(0) { $0["dimension"] = 7 }
    #expect(wrongDimension?.field == "dimension")
    let zeroDimension = try Self.error(0) { $0["dimension"] = 0 }
    #expect(zeroDimension?.field == "dimension" && zeroDimension?.problem.contains("9223372036854775807") == false,
            "\(String(describing: zeroDimension))")
    // An unknown field is refused, not ignored (a misspelled field must not pass silently).
    let unknown = try Self.error(0) { $0["extra"] = 1 }
    #expect(unknown?.field == "extra" && unknown?.problem.contains("unknown field") == true, "\(String(describing: unknown))")
    let nonOrthogonal = try Self.error(1) { o in
      var p = o["parameters"] as! [String: Any]
      var q = p["rotation"] as! [[Double]]
      q[0][0] += 0.1
      p["rotation"] = q
      o["parameters"] = p
    }
    #expect(nonOrthogonal?.field.hasPrefix("parameters") == true && nonOrthogonal?.problem.contains("orthogonal") == true)
    let ragged = try Self.error(1) { o in
      var p = o["parameters"] as! [String: Any]
      var q = p["rotation"] as! [[Double]]
      q[1].removeLast()
      p["rotation"] = q
      o["parameters"] = p
    }
    #expect(ragged?.problem.contains("row 1") == true)
    let mismatched = try Self.error(0) { o in
      var p = o["parameters"] as! [String: Any]
      var q = p["quadratic"] as! [String: Any]
      q["eigenvalues"] = [1.0, 2.0]
      p["quadratic"] = q
      o["parameters"] = p
    }
    #expect(mismatched?.problem.contains("eigenvalues") == true)
    let movedPoint = try Self.error(3) { o in
      var points = o["criticalPoints"] as! [[String: Any]]
      points[0]["location"] = [0.5, 0.0]
      o["criticalPoints"] = points
    }
    #expect(movedPoint?.field == "criticalPoints[0].location")
  }

  @Test("malformed, truncated and NaN-bearing JSON give clear errors", arguments: [
    "", "{", "[1, 2]", "{\"schema\": \"saddlecheck.landscape/1\"}", "{\"schema\": \"saddlecheck.landscape/1\", \"family\": \"quartic-saddle\", \"parameters\": {\"radius\": NaN}}",
    "{\"schema\": \"saddlecheck.landscape/1\", \"family\": \"quartic-saddle\", \"parameters\": {\"radius\": \"three\"}}",
    "{\"schema\": \"saddlecheck.landscape/1\", \"family\": \"quartic-saddle\", \"parameters\": {\"radius\": -1}}",
    "{\"schema\": \"saddlecheck.landscape/1\", \"family\": \"half-plane-saddle\", \"parameters\": {\"c\": 1e999}}",
  ])
  func malformed(text: String) {
    do {
      _ = try LandscapeDocument.decode(Data(text.utf8))
      Issue.record("decoded \(text)")
    } catch {
      print("refused \(text.prefix(60)): \(error)")
      #expect(!error.description.isEmpty)
    }
  }

  @Test("a truncated real document is refused")
  func truncated() throws {
    let data = try Self.document(0).jsonData()
    #expect(throws: LandscapeFormatError.self) { try LandscapeDocument.decode(data.prefix(data.count / 2)) }
  }
}

/// The generator's catalog and its limits.
@Suite struct LandscapeFamilyTests {
  @Test("every family is listed once, with a summary")
  func catalog() {
    let names = LandscapeFamily.all.map(\.name)
    #expect(Set(names).count == names.count && names.count == 11)
    #expect(LandscapeFamily.all.allSatisfy { !$0.summary.isEmpty })
  }

  @Test("out-of-range dimensions and indices are refused, not trapped")
  func refusals() throws {
    let quartic = try #require(LandscapeFamily.named("quartic-saddle"))
    #expect(throws: LandscapeFormatError.self) { try quartic.generate(dimension: 3, seed: 1) }
    let wells = try #require(LandscapeFamily.named("rotated-double-well"))
    #expect(throws: LandscapeFormatError.self) { try wells.generate(dimension: 3, index: 4, seed: 1) }
    #expect(throws: LandscapeFormatError.self) { try wells.generate(dimension: 0, seed: 1) }
    let mf = try #require(LandscapeFamily.named("matrix-factorization"))
    #expect(throws: LandscapeFormatError.self) { try mf.generate(dimension: 7, index: 2, seed: 1) }
  }

  @Test("the same seed draws the same instance")
  func reproducible() throws {
    for family in LandscapeFamily.all {
      let d = family.name.contains("saddle") && family.name != "degenerate-saddle" ? 2 : 4
      #expect(try family.generate(dimension: d, seed: 5) == family.generate(dimension: d, seed: 5))
    }
  }

  /// O(d³) generation: a Haar rotation (QR) and forming Q diag(μ) Qᵀ. d = 500 must work.
  @Test("d = 500 instances are generated and evaluate finitely")
  func large() throws {
    for name in ["confined-quadratic", "rotated-double-well"] {
      let f = try #require(LandscapeFamily.named(name)).generate(dimension: 500, seed: 3)
      let x = Vector((0..<500).map { _ in 0.01 })
      #expect(f.value(at: x).isFinite && f.gradient(at: x).isFinite)
      #expect(f.gradient(at: f.criticalPoints[0].location).euclideanNorm <= 1e-10)
    }
  }
}

@Suite struct ConditioningTests {
  @Test("conditioning κ draws curvature magnitudes in [1/κ, 1]", arguments: [1.0, 5, 1000])
  func spread(kappa: Double) throws {
    let f = try #require(LandscapeFamily.named("confined-quadratic")).generate(dimension: 20, index: 5, conditioning: kappa, seed: 4)
    guard case .confinedQuadratic(let q) = f else { Issue.record("wrong family"); return }
    let magnitudes = q.quadratic.eigenvalues.components.map(abs)
    #expect(magnitudes.allSatisfy { $0 >= 1 / kappa && $0 <= 1 })
    #expect(throws: LandscapeFormatError.self) {
      try LandscapeFamily.named("rotated-double-well")!.generate(dimension: 2, conditioning: 0.5, seed: 1)
    }
  }
}
