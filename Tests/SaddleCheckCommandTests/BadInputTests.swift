import Testing
import Foundation
import SaddleCheckCommand
import Dynamics
import Landscapes
import LinearAlgebra

/// Issue 11: every input validated, every output complete. Each test names
/// the kind of bad input it stands for; the fuzz test (`InputFuzzTests`)
/// covers other members of the same kinds.
enum BadInput {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BadInputs")
  static let pgdFixture = root.appendingPathComponent("Fixtures/projected-gd.can-converge-to-saddle-7db206a98cb15cc7.json")
  static let strictnessFixture = root.appendingPathComponent("Fixtures/strictness-is-needed-3ddbc1d5526bab71.json")
  static let stepBoundFixture = root.appendingPathComponent("Fixtures/step-bound-is-needed-e470a2fc75ed6e4a.json")

  /// A fresh temporary directory (removed by the caller).
  static func directory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-bad-\(UInt64.random(in: 0...UInt64.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// `object` with the value at `path` (keys and array indices) replaced.
  static func setting(_ object: Any, _ path: ArraySlice<String>, to value: Any) -> Any {
    guard let head = path.first else { return value }
    if var dictionary = object as? [String: Any] {
      dictionary[head] = setting(dictionary[head] ?? [String: Any](), path.dropFirst(), to: value)
      return dictionary
    }
    if var array = object as? [Any], let i = Int(head), array.indices.contains(i) {
      array[i] = setting(array[i], path.dropFirst(), to: value)
      return array
    }
    return object
  }

  /// Writes `source` with `path` (dot-separated, indices as numbers) set to the JSON text `json`.
  static func edited(_ source: URL, _ path: String, _ json: String, in dir: URL) throws -> String {
    let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: source))
    let edited = setting(object, path.split(separator: ".").map(String.init)[...], to: value)
    let url = dir.appendingPathComponent("edited-\(UInt64.random(in: 0...UInt64.max)).json")
    try JSONSerialization.data(withJSONObject: edited, options: [.sortedKeys]).write(to: url)
    return url.path
  }

  /// A landscape document from `saddlecheck landscape`, written to `dir`.
  static func landscape(_ arguments: [String], in dir: URL) throws -> URL {
    let r = SaddleCheckCommandTests.run(["landscape"] + arguments)
    let url = dir.appendingPathComponent("landscape-\(UInt64.random(in: 0...UInt64.max)).json")
    try r.output.write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  /// Asserts a refusal: exit 64, nothing on standard output, the field named on standard error.
  static func expectRefusal(_ r: (status: Int32, output: String, diagnostics: String), naming field: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status == SaddleCheckCommand.usageError, "exit \(r.status): \(r.diagnostics)", sourceLocation: sourceLocation)
    #expect(r.output.isEmpty, "printed \(r.output)", sourceLocation: sourceLocation)
    #expect(r.diagnostics.contains("error:") && r.diagnostics.contains(field),
      "\(r.diagnostics) does not name \(field)", sourceLocation: sourceLocation)
  }
}

@Suite struct BadInputExampleTests {
  /// The seven files of shared/cases/bad-inputs: each trapped or hung before.
  @Test("each example of a crash or hang is now a clear error naming the field", arguments: [
    ("crash-check-00075.json", "parameters.profiles"), ("crash-check-00100.json", "parameters.b"),
    ("crash-replay-00133.json", "shrunk.horizon"), ("crash-replay-01003.json", "shrunk.confidence"),
    ("crash-replay-04735.json", "shrunk.factor"), ("crash-replay-07083.json", "shrunk.startRadius"),
    ("hang-replay-02585.json", "shrunk.horizon"),
  ])
  func example(file: String, field: String) {
    let path = BadInput.examples.appendingPathComponent(file).path
    let arguments = file.hasPrefix("crash-check") ? ["check", "--profile", "quick", "--starts", "1", "--instance", path] : ["replay", path]
    BadInput.expectRefusal(SaddleCheckCommandTests.run(arguments), naming: field)
  }
}

@Suite struct FixtureValidationTests {
  @Test("every field of a fixture is checked against its documented range", arguments: [
    (BadInput.pgdFixture, "shrunk.lower.0", "2", "shrunk.lower[0]"),
    (BadInput.pgdFixture, "shrunk.starts", "9223372036854775807", "shrunk.starts"),
    (BadInput.pgdFixture, "shrunk.starts", "1.5", "shrunk.starts"),
    (BadInput.pgdFixture, "shrunk.pointTolerance", "0", "shrunk.pointTolerance"),
    (BadInput.pgdFixture, "shrunk.c", "1", "shrunk.c"),
    (BadInput.pgdFixture, "original.confidence", "0", "original.confidence"),
    (BadInput.pgdFixture, "shrunk.startSeed", #""0xZZ""#, "shrunk.startSeed"),
    (BadInput.pgdFixture, "runSeed", #""banana""#, "runSeed"),
    (BadInput.pgdFixture, "caseIndex", "1.5", "caseIndex"),
    (BadInput.pgdFixture, "profile", #""turbo""#, "profile"),
    (BadInput.pgdFixture, "status", #""fixed""#, "status"),
    (BadInput.pgdFixture, "id", #""00000000000000zz""#, "id"),
    (BadInput.pgdFixture, "shrunk.starts", "11", "id: stored 7db206a98cb15cc7"),
    (BadInput.strictnessFixture, "shrunk.curvatures", "[]", "shrunk.curvatures"),
    (BadInput.strictnessFixture, "shrunk.stepFactor", "1.5", "shrunk.stepFactor"),
    (BadInput.strictnessFixture, "shrunk.hitDistance", "-1", "shrunk.hitDistance"),
    (BadInput.strictnessFixture, "shrunk.horizon", "0", "shrunk.horizon"),
    (BadInput.stepBoundFixture, "shrunk.samples", "0", "shrunk.samples"),
    (BadInput.stepBoundFixture, "shrunk.method", #""newton""#, "shrunk.method"),
    (BadInput.stepBoundFixture, "shrunk.landscape.dimension", "1.5", "shrunk.landscape.dimension"),
    (BadInput.stepBoundFixture, "shrunk.landscape.criticalPoints.0.kind", #""minimum""#, "shrunk.landscape.criticalPoints[0].kind"),
    (BadInput.stepBoundFixture, "shrunk.landscape.criticalPoints.0.index", "0", "shrunk.landscape.criticalPoints[0].index"),
    (BadInput.stepBoundFixture, "shrunk.landscape.domain", #"{"sphere": {}}"#, "shrunk.landscape.domain"),
    (BadInput.stepBoundFixture, "shrunk.landscape.certificate.lipschitz", "5e-324", "shrunk.landscape.certificate.lipschitz"),
  ] as [(URL, String, String, String)])
  func field(source: URL, path: String, value: String, field: String) throws {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["replay", try BadInput.edited(source, path, value, in: dir)]), naming: field)
  }

  @Test("a duplicate key is refused, naming it, wherever it is")
  func duplicateKey() throws {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let text = try String(contentsOf: BadInput.strictnessFixture, encoding: .utf8)
    let url = dir.appendingPathComponent("dup.json")
    // Foundation's decoder would take the first value (12 starts), Python's json the last.
    try text.replacingOccurrences(of: "\"shrunk\" : {",
      with: "\"shrunk\" : {\n    \"starts\" : 100000,").write(to: url, atomically: true, encoding: .utf8)
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["replay", url.path]), naming: "shrunk.starts: duplicate key")
  }

  @Test("a hand-edited evidence text is detected: the replay exits 1 and says so")
  func editedEvidence() throws {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = try BadInput.edited(BadInput.pgdFixture, "outcome.failure.message", #""0 of 12 starts converged""#, in: dir)
    let r = SaddleCheckCommandTests.run(["replay", path])
    #expect(r.status == SaddleCheckCommand.unexpectedVerdict && r.diagnostics.contains("differs from the recorded one"), "\(r.diagnostics)")
    #expect(SaddleCheckCommandTests.run(["replay", BadInput.pgdFixture.path]).status == SaddleCheckCommand.success)
  }

  @Test("a fixture asking for more work than the limit is refused before it runs; the limit is an environment variable")
  func workLimit() {
    let r = SaddleCheckCommandTests.run(["replay", BadInput.strictnessFixture.path], environment: ["SADDLECHECK_MAX_WORK": "1000"])
    BadInput.expectRefusal(r, naming: "SADDLECHECK_MAX_WORK")
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["replay", BadInput.strictnessFixture.path],
      environment: ["SADDLECHECK_MAX_WORK": "lots"]),
                           naming: "SADDLECHECK_MAX_WORK")
  }

  @Test("replay reports each file and goes on: a bad or missing file among good ones exits 1, all bad exits 64")
  func goesOn() throws {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let truncated = dir.appendingPathComponent("truncated.json")
    try Data(try Data(contentsOf: BadInput.pgdFixture).prefix(200)).write(to: truncated)
    let r = SaddleCheckCommandTests.run(["replay", BadInput.pgdFixture.path, truncated.path, BadInput.strictnessFixture.path])
    #expect(r.status == SaddleCheckCommand.unexpectedVerdict)
    #expect(r.output.contains("projected-gd.can-converge-to-saddle") && r.output.contains("strictness-is-needed"), "\(r.output)")
    #expect(r.diagnostics.contains("truncated.json: (document): not valid JSON") && !r.diagnostics.contains("USAGE"), "\(r.diagnostics)")
    let missing = SaddleCheckCommandTests.run(["replay", BadInput.pgdFixture.path, dir.appendingPathComponent("missing.json").path])
    #expect(missing.status == SaddleCheckCommand.unexpectedVerdict && missing.output.contains("asRecorded"))
    #expect(missing.diagnostics.contains("missing.json"))
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["replay", truncated.path, dir.appendingPathComponent("missing.json").path]),
                           naming: "missing.json")
  }
}

@Suite struct LandscapeValidationTests {
  @Test("every field of a landscape document is checked, each problem under its own field", arguments: [
    (["--family", "rotated-double-well", "--dim", "2"], "parameters.profiles.0.doubleWell.mu", "-1",
      "parameters.profiles[0].doubleWell.mu"),
    (["--family", "rotated-double-well", "--dim", "2"], "criticalPoints.0.kind", #""minimum""#, "criticalPoints[0].kind"),
    (["--family", "rotated-double-well", "--dim", "2"], "criticalPoints.0.index", "1.5", "criticalPoints[0].index"),
    (["--family", "rotated-double-well", "--dim", "2"], "dimension", "3", "dimension"),
    (["--family", "rotated-double-well", "--dim", "2"], "domain", #"{"simplex": {}}"#, "domain"),
    (["--family", "confined-quadratic", "--dim", "2"], "parameters.a", "1e100", "certify L"),
    (["--family", "confined-quadratic", "--dim", "2"], "parameters.b", "1e-200", "parameters.b"),
    (["--family", "confined-quadratic", "--dim", "2"], "parameters.quadratic.eigenvalues", "[]", "parameters.quadratic.rotation"),
    (["--family", "matrix-factorization", "--dim", "4", "--index", "2"], "parameters.rank", "1.5", "parameters.rank"),
    (["--family", "pde-residual-network", "--dim", "4", "--index", "2"], "parameters.width", "4611686018427387904", "parameters.width"),
    (["--family", "coupled-double-well", "--dim", "3"], "parameters.couplings.0.i", "1e9", "parameters.couplings[0].i"),
  ] as [([String], String, String, String)])
  func field(request: [String], path: String, value: String, field: String) throws {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let source = try BadInput.landscape(request, in: dir)
    let edited = try BadInput.edited(source, path, value, in: dir)
    let start = request[3] == "4" ? "0,0,0,0" : request[3] == "3" ? "0,0,0" : "0,0"
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["trace", "--instance", edited, "--method", "gd", "--start", start]), naming: field)
  }

  @Test("a document without its optional redundant fields is validated on its own", arguments: [
    // L = 1 + 2√2·1e100 lies above 1e100.
    (#"{"a": 1e100, "b": 1, "quadratic": {"eigenvalues": [1], "rotation": [[1]]}}"#, "confined-quadratic", "parameters: certify L"),
    (#"{"a": 1, "b": 1, "quadratic": {"eigenvalues": [1], "rotation": [[1, 0]]}}"#, "confined-quadratic", "parameters.quadratic.rotation"),
    (#"{"rotation": [[1]], "profiles": [{"quadratic": {"h": 0}}]}"#, "rotated-double-well", "parameters.profiles[0].quadratic.h"),
    (#"{"radius": 0}"#, "quartic-saddle", "parameters.radius"),
    (#"{"width": 1.5, "degree": 4, "samples": [[1]], "targets": [1], "radius": 1}"#, "pde-residual-network", "parameters.width"),
  ])
  func withoutRedundantFields(parameters: String, family: String, field: String) throws {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("doc.json")
    let document = #"{"schema": "saddlecheck.landscape/1", "family": "\#(family)", "parameters": \#(parameters)}"#
    try document.write(to: url, atomically: true, encoding: .utf8)
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["trace", "--instance", url.path, "--method", "gd", "--start", "0"]), naming: field)
  }

  @Test("a duplicate key in a landscape document is refused")
  func duplicateKey() throws {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("dup.json")
    try #"{"schema":"saddlecheck.landscape/1","family":"quartic-saddle","family":"cosine-saddle","parameters":{"radius":3}}"#
      .write(to: url, atomically: true, encoding: .utf8)
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["trace", "--instance", url.path, "--method", "gd", "--start", "1,1"]),
                           naming: "family: duplicate key")
  }
}

@Suite struct TraceOutputTests {
  static func run(_ method: String, start: String, json: Bool, steps: String = "5") throws -> (status: Int32,
    output: String, diagnostics: String) {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let instance = try BadInput.landscape(["--family", "quartic-saddle", "--dim", "2"], in: dir)
    return SaddleCheckCommandTests.run(["trace", "--instance", instance.path, "--method", method, "--start",
      start, "--steps", steps] + (json ? ["--json"] : []))
  }

  @Test("trace --json encodes every record, the iterate that left the escape radius, and ends with the outcome")
  func completeJSON() throws {
    let r = try Self.run("gd", start: "1e200,0", json: true)
    #expect(r.status == 0)
    let lines = r.output.split(separator: "\n").map(String.init)
    #expect(lines.count == 3, "\(r.output)")  // t = 0, the escaping iterate t = 1, the outcome
    let records = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    #expect(records[0]["value"] as? String == "Infinity")  // f(1e200, 0) overflows: written, not dropped
    #expect(records[1]["t"] as? Int == 1)
    #expect(records[2]["outcome"] as? String == "diverged" && records[2]["steps"] as? Int == 1)
  }

  @Test("the table and the JSON print the same spectrum of Γ")
  func tableAgreesWithJSON() throws {
    let table = try Self.run("gd", start: "1,1", json: false).output.split(separator: "\n")[1].split(separator: "\t").map(String.init)
    let json = try Self.run("gd", start: "1,1", json: true).output.split(separator: "\n")[0]
    // JSONDecoder, not JSONSerialization: the latter rounds some doubles on Linux.
    struct Record: Decodable { var stepSpectrum: [Double] }
    let spectrum = try JSONDecoder().decode(Record.self, from: Data(json.utf8)).stepSpectrum
    let tableSpectrum = table[3].dropFirst().dropLast().split(separator: ", ").map { Double($0) }
    #expect(tableSpectrum == spectrum.map { Optional($0) }, "table \(table[3]), JSON \(spectrum)")
  }

  @Test("an underflowing δ0 or ε is refused, naming it", arguments: [
    ("adagrad-diagonal:delta0=1e-300", "delta0"), ("adagrad-norm:delta0=1e200", "delta0"), ("rmsprop:epsilon=1e-320", "epsilon"),
    ("adam:epsilon=1e-170", "epsilon"), ("proximal:tolerance=1e-320", "tolerance"),
  ])
  func underflow(method: String, field: String) throws {
    BadInput.expectRefusal(try Self.run(method, start: "0,0", json: false), naming: field)
  }

  @Test("methods are checked against the landscape's domain and their documented ranges", arguments: [
    ("mwu", "rotated-double-well", "simplex"), ("riemannian", "rotated-double-well", "sphere"), ("gd", "rayleigh-quotient", "sphere"),
    ("adagrad-norm", "simplex-quadratic", "simplex"), ("vanishing:a=1.5", "rotated-double-well", "(0, 1]"),
    ("vanishing:a=0", "rotated-double-well", "(0, 1]"), ("gd:alpha=1,alpha=2", "rotated-double-well", "given twice"),
  ])
  func context(method: String, family: String, message: String) throws {
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let instance = try BadInput.landscape(["--family", family, "--dim", "3"], in: dir)
    let start = family == "simplex-quadratic" ? "0.2,0.3,0.5" : family == "rayleigh-quotient" ? "1,0,0" : "0.1,0.2,0.3"
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["trace", "--instance", instance.path, "--method", method, "--start", start]),
                           naming: message)
  }

  @Test("a method seed takes 0x-hexadecimal like --seed: seed=0x10 is seed=16")
  func hexadecimalSeed() throws {
    let hex = try Self.run("sgd:seed=0x10", start: "1,1", json: true)
    let decimal = try Self.run("sgd:seed=16", start: "1,1", json: true)
    #expect(hex.status == 0 && hex.output == decimal.output)
  }

  @Test("a bad --conditioning is named as such")
  func conditioning() {
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["landscape", "--family", "rotated-double-well",
      "--dim", "3", "--conditioning", "0.5"]),
                           naming: "--conditioning must lie in [1, 1e12]")
  }
}

@Suite struct TrajectoryEdgeTests {
  @Test("0·∞ at a fixed point is not a divergence: AdaGrad with δ0² = 0 started at the saddle stays there")
  func fixedPointWithInfiniteStep() {
    // δ0 = 1e-300: δ0² underflows to 0, so Γ = η/√0 = ∞ and the step is x − ∞·0 = NaN.
    let method = PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 1e-300, eta: 1, dimension: 2)
    let rules = Classification(horizon: 10, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e12)
    let result = Trajectory.run(method, on: QuarticSaddle(), from: [0, 0], rules: rules)
    #expect(result.outcome == .converged(toPlantedPoint: 0), "\(result.outcome)")
  }

  @Test("with a record handler, records stream and none is kept (constant memory for long runs)")
  func streaming() {
    let rules = Classification(horizon: 1000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e12)
    var streamed = 0
    let result = Trajectory.run(GradientDescent(stepSize: 1e-6), on: QuarticSaddle(), from: [1, 1],
      rules: rules, recordEvery: 1) { _ in streamed += 1 }
    #expect(result.records.isEmpty && streamed == 1001)
  }
}

@Suite struct BenchmarkOptionTests {
  @Test("benchmark's row selectors and worker count are checked and named in the error", arguments: [
    (["--dimensions", "0"], "--dimensions"), (["--dimensions", "2,,10"], "--dimensions"), (["--dimensions", "x"], "--dimensions"),
    (["--methods", "newton"], "--methods"), (["--methods", "gd,"], "--methods"), (["--workers", "0"], "--workers"),
  ])
  func refused(arguments: [String], field: String) {
    BadInput.expectRefusal(SaddleCheckCommandTests.run(["benchmark"] + arguments), naming: field)
  }
}
