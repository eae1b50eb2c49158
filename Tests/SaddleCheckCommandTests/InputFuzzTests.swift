import Testing
import Foundation
import SaddleCheckCommand
import Checker
import PropertyTesting

/// Issue 11's fuzz test: mutated fixtures, landscape documents, method
/// specifications and options, driven through the command line's entry point
/// in-process. Every input must end in a documented result — exit 0 or 1
/// with complete output, or exit 64 with an error on standard error and
/// nothing on standard output — and never trap (a trap would end this
/// process, failing the run).
///
/// Seeded (`SADDLECHECK_FUZZ_SEED`, default below) and time-bounded
/// (`SADDLECHECK_FUZZ_SECONDS`, default 4 s, and at most
/// `SADDLECHECK_FUZZ_INPUTS`, default 3000, files): the
/// sequence of inputs is fixed by the seed; the time bound only decides how
/// far along it a run gets. Work is bounded by the inputs themselves: every
/// valid option value the fuzzer draws is small, and replays run under
/// `SADDLECHECK_MAX_WORK` = 5000.
@Suite struct InputFuzzTests {
  /// SplitMix64 (the test's own generator: one seed, the same inputs everywhere).
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9e37_79b9_7f4a_7c15
      var z = state
      z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
      z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }
  }

  /// The kinds of input, as the figures count them.
  enum Kind: String, CaseIterable {
    case fixtureField = "fixture field", fixtureText = "fixture text", fixtureSeveral = "several fixtures"
    case landscapeField = "landscape field", landscapeText = "landscape text", landscapeCheck = "landscape via check"
    case methodSpecification = "method spec", traceOptions = "trace options", landscapeOptions = "landscape options"
    case otherCommand = "other command"
  }

  static let numberTokens = [
    "0", "-1", "1", "2", "1.5", "-0.5", "0.5", "0.999999", "1e308", "-1e308", "5e-324", "1e-300", "1e-120", "1e120", "9223372036854775807",
    "9223372036854775808", "18446744073709551616", "1e400", "1e9", "1e6", "3", "64", "1000", "-0",
  ]
  static let stringTokens = [
    "", "0x", "0xZZ", "0x1", "banana", "NaN", "Infinity", "refutation", "fixed", "failing", "minimum", "strict-saddle", "maximum",
    "degenerate", "rotated-double-well", "quartic-saddle", "gd", "adagrad-norm", "quick", "deep", "saddlecheck.fixture/1",
    "saddlecheck.landscape/1", "0000000000000000", "projected-gd.can-converge-to-saddle", "strictness-is-needed", "step-bound-is-needed",
  ]

  // MARK: - JSON tree mutation

  /// Every path in a JSONSerialization tree (keys and indices), the root included.
  static func paths(_ value: Any, _ prefix: [String] = []) -> [[String]] {
    var out = [prefix]
    if let d = value as? [String: Any] {
      for k in d.keys.sorted() { out += paths(d[k]!, prefix + [k]) }
    } else if let a = value as? [Any] {
      for (i, v) in a.enumerated() { out += paths(v, prefix + ["\(i)"]) }
    }
    return out
  }

  static func removing(_ key: String, from root: Any) -> Any {
    guard var d = root as? [String: Any] else { return root }
    d[key] = nil
    return d
  }

  static func value(_ root: Any, at path: [String]) -> Any? {
    var v: Any = root
    for k in path {
      if let d = v as? [String: Any], let next = d[k] {
        v = next
      } else if let a = v as? [Any], let i = Int(k), a.indices.contains(i) {
        v = a[i]
      } else {
        return nil
      }
    }
    return v
  }

  /// One mutation of the tree; number tokens are written as placeholders `"#n:TOKEN"` replaced in the text.
  static func mutate(_ root: Any, using g: inout Generator) -> (Any, String) {
    let all = paths(root)
    let path = g.pick(all)
    guard let old = value(root, at: path) else { return (root, "none") }
    var replacement: Any
    var what: String
    if let d = old as? [String: Any] {
      var e = d
      switch g.below(3) {
      case 0 where !e.isEmpty:
        let k = e.keys.sorted()[g.below(e.count)]
        e[k] = nil
        what = "object: '\(k)' removed"
        replacement = e
      case 1:
        e["extra"] = 1
        what = "object: unknown key added"
        replacement = e
      default:
        replacement = [Any]()
        what = "object → []"
      }
    } else if let a = old as? [Any] {
      var b = a
      switch g.below(5) {
      case 0 where !b.isEmpty: b.remove(at: g.below(b.count)); what = "array: element removed"
      case 1 where !b.isEmpty: b.append(b[g.below(b.count)]); what = "array: element repeated"
      case 2: b = []; what = "array emptied"
      case 3: b.append("#n:\(g.pick(numberTokens))"); what = "array: number appended"
      default: b = b.reversed(); what = "array reversed"
      }
      replacement = b
    } else if let s = old as? String {
      let token = g.chance(0.15) ? s + "x" : g.pick(stringTokens)
      replacement = token
      what = "string → '\(token)'"
    } else if let n = old as? NSNumber {
      let token = g.chance(0.2) ? "\(n.doubleValue * g.pick([-1, 2, 0.5, 1e6, 1e-6, 1 + 1e-9]))" : g.pick(numberTokens)
      replacement = "#n:\(token)"
      what = "number → \(token)"
    } else {
      replacement = "#n:0"
      what = "null → 0"
    }
    if g.chance(0.05) { replacement = NSNull(); what = "→ null" }
    return (BadInput.setting(root, path[...], to: replacement), "\(path.joined(separator: ".")): \(what)")
  }

  /// The tree as JSON text, placeholders replaced by their raw number tokens.
  static func text(_ root: Any) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .fragmentsAllowed])) ?? Data("null".utf8)
    var s = String(decoding: data, as: UTF8.self)
    while let r = s.range(of: "\"#n:") {
      guard let end = s[r.upperBound...].firstIndex(of: "\"") else { break }
      s.replaceSubrange(r.lowerBound...end, with: s[r.upperBound..<end])
    }
    return s
  }

  /// A text-level mutation: truncation, a duplicated key, or stray bytes.
  static func mutateText(_ s: String, using g: inout Generator) -> (String, String) {
    let bytes = Array(s.utf8)
    switch g.below(3) {
    case 0:
      let n = g.below(bytes.count + 1)
      return (String(decoding: bytes.prefix(n), as: UTF8.self), "truncated at \(n)")
    case 1:
      // `{"key":` → `{"key":0,"key":`: the same key twice in one object.
      let starts = s.ranges(of: "{\"")
      guard !starts.isEmpty else { return (s, "none") }
      let r = starts[g.below(starts.count)]
      guard let colon = s[r.upperBound...].firstIndex(of: ":") else { return (s, "none") }
      let key = s[r.lowerBound...colon].dropFirst()
      var t = s
      t.insert(contentsOf: "\(key)\(g.pick(numberTokens)),", at: s.index(after: r.lowerBound))
      return (t, "duplicate key \(key)")
    default:
      var t = bytes
      t.insert(g.pick(Array("}]\",:x\u{0}".utf8)), at: g.below(t.count + 1))
      return (String(decoding: t, as: UTF8.self), "stray byte")
    }
  }

  // MARK: - Bases

  /// The committed fixtures, made cheap to replay (4 starts, horizon ≤ 300, 4 samples) with ids recomputed.
  static func cheapFixtures() throws -> [(claim: String, tree: Any)] {
    try [BadInput.pgdFixture, BadInput.strictnessFixture, BadInput.stepBoundFixture].map { url in
      var tree = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
      let claim = (tree as? [String: Any])?["claim"] as? String ?? ""
      if claim == "step-bound-is-needed" {
        tree = BadInput.setting(tree, ["shrunk", "samples"], to: 4)
      } else {
        tree = BadInput.setting(tree, ["shrunk", "starts"], to: 4)
        tree = BadInput.setting(tree, ["shrunk", "horizon"], to: 300)
      }
      return (claim, withRecomputedID(tree, claim: claim))
    }
  }

  /// The tree with `id` recomputed from the claim and the shrunk case, when the case decodes.
  static func withRecomputedID(_ tree: Any, claim: String) -> Any {
    guard let shrunk = value(tree,
      at: ["shrunk"]), let data = try? JSONSerialization.data(withJSONObject: shrunk, options: [.fragmentsAllowed]) else { return tree }
    let text = Data(Self.text(shrunk).utf8)
    _ = data
    let id: String?
    switch claim {
    case "projected-gd.can-converge-to-saddle":
      id = (try? JSONDecoder().decode(ProjectedGDAttractionProperty.Case.self,
        from: text)).map { Fixture.contentID(claim: claim, shrunk: $0) }
    case "strictness-is-needed":
      id = (try? JSONDecoder().decode(StrictnessProperty.Case.self, from: text)).map { Fixture.contentID(claim: claim, shrunk: $0) }
    case "step-bound-is-needed":
      id = (try? JSONDecoder().decode(StepBoundProperty.Case.self, from: text)).map { Fixture.contentID(claim: claim, shrunk: $0) }
    default: id = nil
    }
    return id.map { BadInput.setting(tree, ["id"], to: $0) } ?? tree
  }

  /// One small landscape document per family, with a start inside its domain.
  static let landscapeRequests: [(arguments: [String], start: String)] = [
    (["--family", "confined-quadratic", "--dim", "3", "--index", "1"], "0.1,0.2,0.3"),
    (["--family", "rotated-double-well", "--dim", "3", "--index", "2"], "0.1,0.2,0.3"),
    (["--family", "coupled-double-well", "--dim", "3", "--index", "1"], "0.1,0.2,0.3"),
    (["--family", "quartic-saddle", "--dim", "2"], "0.5,0.5"),
    (["--family", "cosine-saddle", "--dim", "2"], "0.5,0.5"),
    (["--family", "matrix-factorization", "--dim", "4", "--index", "2"], "0.1,0.2,0.3,0.4"),
    (["--family", "rayleigh-quotient", "--dim", "3"], "0.6,0.8,0"),
    (["--family", "simplex-quadratic", "--dim", "3", "--index", "1"], "0.2,0.3,0.5"),
    (["--family", "half-plane-saddle", "--dim", "2"], "0.5,0.5"),
    (["--family", "degenerate-saddle", "--dim", "3"], "0.1,0.2,0.3"),
    (["--family", "pde-residual-network", "--dim", "4", "--index", "2"], "0.1,0.2,0.3,0.4"),
  ]

  static let methodNames = ["gd", "vanishing", "adagrad-norm", "adagrad-diagonal", "adagrad-full", "sgd", "mwu", "riemannian", "proximal",
                            "coordinate", "projected-gd", "rmsprop", "adam", "newton", ""]
  static let methodKeys = ["alpha", "c", "a", "delta0", "eta", "variant", "sigma", "seed", "tolerance", "order", "beta", "beta1", "beta2",
                           "epsilon", "bogus", ""]
  static let methodValues = ["0", "-1", "1e-300", "1e300", "0.9/L", "2L", "nan", "inf", "0x10", "1.5", "", "abc", "1e-320", "0.5", "1",
                             "delayed", "current", "randomized", "cyclic", "/L", "L", "1e-160", "0.999", "18446744073709551616"]
  static let smallCounts = ["-1", "0", "1", "2", "50", "1.5", "abc", "", "100000001", "99999999999999999999", "0x10"]

  static func methodSpecification(using g: inout Generator) -> String {
    var spec = g.pick(methodNames)
    if g.chance(0.8) {
      let pairs = (0..<(1 + g.below(3))).map { _ in g.chance(0.9) ? "\(g.pick(methodKeys))=\(g.pick(methodValues))" : g.pick(methodValues) }
      spec += ":" + pairs.joined(separator: ",")
    }
    return spec
  }

  static func start(using g: inout Generator, base: String) -> String {
    switch g.below(6) {
    case 0: return base.split(separator: ",").dropLast().joined(separator: ",")
    case 1: return base + ",0"
    case 2: return base.replacingOccurrences(of: "0.1", with: g.pick(["nan", "1e400", "1e200", "-1e200", "", "x", "1e-320"]))
    case 3: return g.pick(["", ",", "1,,2", "1e200,1e200", "inf,0"])
    default: return base
    }
  }

  // MARK: - The test

  @Test("mutated fixtures, landscape documents, method specs and options give a clear error or a documented result, never a trap")
  func fuzz() throws {
    let environment = ProcessInfo.processInfo.environment
    let seed = environment["SADDLECHECK_FUZZ_SEED"].flatMap { text in
      text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }
      ?? 0x11_f022
    let seconds = environment["SADDLECHECK_FUZZ_SECONDS"].flatMap(Double.init) ?? 4
    let maximumInputs = environment["SADDLECHECK_FUZZ_INPUTS"].flatMap { Int($0) } ?? 3000
    var g = Generator(state: seed)
    let dir = try BadInput.directory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let fixtures = try Self.cheapFixtures()
    let fixtureTexts = fixtures.map { Self.text($0.tree) }
    var landscapes: [(tree: Any, start: String, request: [String])] = []
    for (arguments, start) in Self.landscapeRequests {
      let url = try BadInput.landscape(arguments, in: dir)
      landscapes.append((try JSONSerialization.jsonObject(with: Data(contentsOf: url)), start, arguments))
    }
    let env = ["SADDLECHECK_MAX_WORK": "5000"]
    var tried: [Kind: Int] = [:]
    var statuses: [Int32: Int] = [:]
    var fields: Set<String> = []
    let deadline = Date().addingTimeInterval(seconds)
    var n = 0

    func write(_ text: String) throws -> String {
      n += 1
      let url = dir.appendingPathComponent("input-\(n).json")
      try text.write(to: url, atomically: false, encoding: .utf8)
      return url.path
    }

    while n < maximumInputs && Date() < deadline {
      let kind = g.pick(Kind.allCases)
      var arguments: [String]
      var files: [String] = []
      var description: String
      switch kind {
      case .fixtureField, .fixtureText, .fixtureSeveral:
        let base = g.below(fixtures.count)
        var tree = fixtures[base].tree
        var steps: [String] = []
        for _ in 0..<(1 + g.below(2)) {
          let (t, what) = Self.mutate(tree, using: &g)
          tree = t
          steps.append(what)
        }
        if g.chance(0.5) { tree = Self.withRecomputedID(tree, claim: fixtures[base].claim); steps.append("id recomputed") }
        var text = Self.text(tree)
        if kind == .fixtureText {
          let (t, what) = Self.mutateText(fixtureTexts[base], using: &g)
          text = t
          steps = [what]
        }
        files = [try write(text)]
        if kind == .fixtureSeveral { files.insert(try write(fixtureTexts[g.below(fixtureTexts.count)]), at: g.below(2)) }
        arguments = ["replay"] + files
        description = "\(fixtures[base].claim): " + steps.joined(separator: "; ")
      case .landscapeField, .landscapeText, .landscapeCheck:
        let base = landscapes[g.below(landscapes.count)]
        var text: String
        if kind == .landscapeText {
          let (t, what) = Self.mutateText(Self.text(base.tree), using: &g)
          text = t
          description = what
        } else {
          var tree = base.tree
          var stripped = ""
          if g.chance(0.6) {
            // Without the redundant fields (they are optional), a mutated parameter is not caught
            // by the certificate's cross-check and must be validated on its own.
            for key in ["certificate", "criticalPoints", "dimension", "domain"] { tree = Self.removing(key, from: tree) }
            stripped = " (redundant fields stripped)"
            if g.chance(0.5) { tree = Self.mutate(tree, using: &g).0 }
          }
          let (t, what) = Self.mutate(tree, using: &g)
          text = Self.text(t)
          description = what + stripped
        }
        files = [try write(text)]
        if kind == .landscapeCheck && g.chance(0.3) {
          arguments = ["check", "--profile", "quick", "--starts", "1", "--instance", files[0]]
        } else {
          arguments = ["trace", "--instance", files[0], "--method", g.pick(["gd", "mwu", "riemannian", "projected-gd", "adagrad-full"]),
                       "--start", base.start, "--steps", "20", "--json"]
        }
        description = "\(base.request[1]): \(description)"
      case .methodSpecification, .traceOptions:
        let base = landscapes[g.below(landscapes.count)]
        files = [try write(Self.text(base.tree))]
        let spec = kind == .methodSpecification ? Self.methodSpecification(using: &g) : "gd"
        arguments = ["trace", "--instance", files[0], "--method", spec, "--start",
          kind == .traceOptions ? Self.start(using: &g, base: base.start) : base.start]
        let stepOptions = [["--steps", g.pick(Self.smallCounts)], ["--every", g.pick(Self.smallCounts)],
          ["--json"], ["--steps"], ["--bogus", "1"], []]
        arguments += g.pick(stepOptions)
        if kind == .traceOptions { arguments += g.pick(stepOptions) }
        if !arguments.contains("--steps") || kind == .methodSpecification { arguments += ["--steps", "30"] }
        description = "trace \(base.request[1]) \(arguments.dropFirst(4).joined(separator: " "))"
      case .landscapeOptions:
        arguments = ["landscape"]
        for option in ["--family", "--dim", "--index", "--conditioning", "--seed"] where g.chance(0.8) {
          switch option {
          case "--family": arguments += [option, g.pick(Self.landscapeRequests.map { $0.arguments[1] } + ["banana", ""])]
          case "--dim", "--index": arguments += [option, g.pick(["-1", "0", "1", "2", "3", "4", "1.5", "abc",
            "2001", "99999999999999999999", ""])]
          case "--conditioning": arguments += [option, g.pick(["0", "0.5", "1", "5", "1e12", "1e13", "nan", "inf", "-1", "x"])]
          default: arguments += [option, g.pick(["0", "0x10", "0xZZ", "-1", "18446744073709551616", "abc"])]
          }
        }
        description = arguments.joined(separator: " ")
      case .otherCommand:
        arguments = g.pick([["methods", "--x"], ["landscapes", "x"], ["replay"], ["replay", "--all"], ["frobnicate"], ["--seed", "0xZZ"],
                            ["--starts", "0"], ["--profile", "turbo"], ["check", "--instance"], ["benchmark",
                              "--seconds", "-1"], ["methods"],
                            ["landscapes"], ["check", "--starts", "1.5"], ["replay", dir.appendingPathComponent("missing.json").path]])
        description = arguments.joined(separator: " ")
      }
      tried[kind, default: 0] += 1
      let r = SaddleCheckCommandTests.run(arguments, environment: env)
      statuses[r.status, default: 0] += 1
      let context = "input #\(n) (\(kind.rawValue), seed \(seed)): \(description) — exit \(r.status)\n\(r.diagnostics.prefix(600))"
      #expect([SaddleCheckCommand.success, SaddleCheckCommand.unexpectedVerdict,
        SaddleCheckCommand.usageError].contains(r.status), "\(context)")
      if r.status == SaddleCheckCommand.usageError {
        #expect(r.output.isEmpty, "exit 64 with output: \(context)")
        #expect(r.diagnostics.contains("error: "), "\(context)")
        // A refused file is named, with the field at fault.
        if let file = files.first(where: { r.diagnostics.contains("error: \($0): ") }),
          let line = r.diagnostics.split(separator: "\n").first(where: { $0.hasPrefix("error: \(file): ") })
        {
          let rest = line.dropFirst("error: \(file): ".count)
          if let colon = rest.range(of: ": ") { fields.insert(String(rest[..<colon.lowerBound])) }
        }
      } else if arguments.first == "trace", arguments.contains("--json") {
        let lines = r.output.split(separator: "\n")
        for line in lines {
          #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not a JSON record: \(line) — \(context)")
        }
        #expect(lines.last?.contains("\"outcome\"") == true, "no outcome record: \(context)")
      } else if arguments.first == "replay" {
        // Each file is accounted for: a result on standard output or an error on standard error.
        let results = r.output.split(separator: "\n").count
        let errors = r.diagnostics.split(separator: "\n").filter { line in files.contains { line.hasPrefix("error: \($0): ") } }.count
        #expect(results + errors >= files.count, "a file was lost: \(context)")
      }
    }
    let figures = """
      fuzz (seed \(seed), \(seconds) s): \(n) files written, \(tried.values.reduce(0, +)) inputs; \
      by kind: \(Kind.allCases.map { "\($0.rawValue) \(tried[$0, default: 0])" }.joined(separator: ", ")); \
      exit status: \(statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", ")); \
      \(fields.count) distinct fields named in refusals: \(fields.sorted().joined(separator: " "))
      """
    print(figures)
    // The fuzzer must reach past decoding (documented results) as well as be refused.
    #expect(tried.count == Kind.allCases.count, "kinds not tried: \(figures)")
    #expect(statuses[SaddleCheckCommand.success, default: 0] > 0 && statuses[SaddleCheckCommand.usageError, default: 0] > 0, "\(figures)")
  }
}
