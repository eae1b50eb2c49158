import Foundation
import Checker
import Certification
import Dynamics
import Expressions
import Landscapes
import LinearAlgebra
import Randomness
import PropertyTesting
import Serialization
import Report

/// `saddlecheck check --function 'EXPR' --box LO,HI` (or `--expression FILE.json`):
/// certify L, f_low and every critical point of a user's expression on a box,
/// then run the claims that apply at the certified points.
enum ExpressionCheck {
  /// The saddle claims run at the first this many certified strict saddles; the rest are named
  /// as left out (exit status 1), as for `check --instance`.
  static let maximumSaddles = 20

  /// A JSON document of schema `saddlecheck.expression/1`:
  /// `{"schema": "saddlecheck.expression/1", "variables": ["x", "y"], "expression": "…", "box": [[-2, 2], [-1, 1]]}`
  /// (`variables` optional; `box` one `[lo, hi]` for every coordinate, or one per coordinate).
  struct Document: Decodable {
    static let schema = "saddlecheck.expression/1"
    var schema: String
    var variables: [String]?
    var expression: String
    var box: BoxSpecification

    enum CodingKeys: String, CodingKey, CaseIterable { case schema, variables, expression, box }

    /// Any key name, to reject unknown fields (a misspelled "variables" must not be ignored).
    struct AnyKey: CodingKey {
      var stringValue: String
      var intValue: Int? { nil }
      init(stringValue: String) { self.stringValue = stringValue }
      init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
      let all = try decoder.container(keyedBy: AnyKey.self)
      for key in all.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
        throw DecodingError.dataCorrupted(DecodingError.Context(
          codingPath: [key], debugDescription: "unknown field; the fields are " +
              "\(CodingKeys.allCases.map(\.rawValue).joined(separator: ", "))"))
      }
      let c = try decoder.container(keyedBy: CodingKeys.self)
      schema = try c.decode(String.self, forKey: .schema)
      variables = try c.decodeIfPresent([String].self, forKey: .variables)
      expression = try c.decode(String.self, forKey: .expression)
      box = try c.decode(BoxSpecification.self, forKey: .box)
    }
  }

  enum BoxSpecification: Decodable {
    case uniform(Double, Double)
    case perCoordinate([[Double]])
    init(from decoder: any Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let pair = try? c.decode([Double].self) {
        guard pair.count == 2 else {
          throw DecodingError.dataCorruptedError(
            in: c, debugDescription: "a box is [lo, hi] or [[lo1, hi1], …]; got \(pair.count) numbers")
        }
        self = .uniform(pair[0], pair[1])
      } else {
        self = .perCoordinate(try c.decode([[Double]].self))
      }
    }
  }

  /// The options this path accepts (besides repeatable `--method`).
  static let options: Set<String> = ["--function", "--expression", "--box", "--variables", "--seed", "--starts", "--horizon", "--profile"]

  static func run(
    _ arguments: [String], environment: [String: String],
    output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void
  ) throws(UsageError) -> Int32 {
    // --method is repeatable: take every occurrence out before the single-valued options.
    var rest: [String] = [], methodSpecs: [String] = []
    var i = 0
    while i < arguments.count {
      if arguments[i] == "--method" {
        guard i + 1 < arguments.count else { throw UsageError(description: "--method needs a value") }
        methodSpecs.append(arguments[i + 1])
        i += 2
      } else {
        rest.append(arguments[i])
        i += 1
      }
    }
    let mode = rest.contains("--expression") ? "--expression" : "--function"
    let battery = ["--instance", "--shard", "--claims", "--verbose"]
    let args = try Arguments(rest, options: options, flags: ["--json"], elsewhere: Dictionary(uniqueKeysWithValues: battery.map {
      ($0, "\($0) cannot be combined with \(mode)")
    }))
    let (function, box, source) = try problem(args)
    let seed: UInt64
    do {
      seed = try args.seed("--seed") ?? RunConfiguration.fromEnvironment(environment).seed
    } catch let e as UsageError {
      throw e
    } catch {
      throw UsageError(description: "\(error)")
    }
    var profile = environment["SADDLECHECK_PROFILE"].flatMap(Profile.init(rawValue:)) ?? .quick
    if let text = args.string("--profile") {
      guard let p = Profile(rawValue: text) else {
        throw UsageError(description: "--profile must be one of quick, ci, deep, got '\(text)'")
      }
      profile = p
    }
    let starts = try args.integer("--starts", in: 1...10_000_000) ?? profile.monteCarloStarts
    let horizon = try args.integer("--horizon", in: 1...10_000_000) ?? Battery.rules.horizon

    diagnostics("saddlecheck: certifying \(source) on \(box) (run seed \(Seed.hex(seed)))")
    let start = Date()
    let f = CertifiedObjective(function, box: box)
    let elapsed = Date().timeIntervalSince(start)
    let c = f.certificate
    let report = Self.report(function: function, certificate: c, seconds: elapsed)

    var results: [CheckResult] = []
    var hypotheses: [String] = [], leftOut: [String] = []
    let problems = Self.problems(c)
    if problems.isEmpty {
      let specs = methodSpecs.isEmpty ? ["gd"] : methodSpecs
      var methods: [any FirstOrderMethod] = []
      for s in specs {
        methods.append(try MethodSpecification.parse(s, lipschitz: f.lipschitzConstant, dimension: f.dimension, domain: f.domain))
      }
      // Starts near a saddle stay in the certified box's scale.
      var radius = 0.5
      if case .box(let lo, let hi) = f.certifiedRegion, let width = (hi - lo).components.min() {
        radius = Swift.min(0.5, 0.25 * width)
      }
      for method in methods {
        func open<M: FirstOrderMethod>(_ m: M) -> CheckReport {
          InstanceChecks.report(f, label: "f", method: m, starts: starts, horizon: horizon,
                                maximumSaddles: maximumSaddles, radius: radius, seed: seed,
                                progress: { diagnostics("  " + $0) })
        }
        let r = open(method)
        if hypotheses.isEmpty { hypotheses = r.hypotheses } else { hypotheses += r.hypotheses.filter { !hypotheses.contains($0) } }
        results += r.results
        leftOut += r.leftOut.filter { !leftOut.contains($0) }
      }
    }
    if args.has("--json") {
      // A results document (`saddlecheck.results/2`: schema, seed, profile, starts, summary, hypotheses,
      // leftOut, results — so `report --results` reads it) with the certificate and its problems added.
      struct Output: Encodable {
        var schema = ResultsDocument.schema
        var seed: String
        var profile: String
        var starts: Int
        var summary: ResultsDocument.Summary
        var certificate: Certificate
        var problems: [String]
        /// The theorems' hypotheses as measured, and what got no row (``CheckReport``).
        var hypotheses: [String]
        var leftOut: [String]
        var results: [CheckResult]
      }
      let document = ResultsDocument(seed: seed, profile: profile, starts: starts, results: results)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
      let data = (try? encoder.encode(Output(seed: document.seed, profile: document.profile, starts: starts,
                                             summary: document.summary, certificate: c, problems: problems,
                                             hypotheses: hypotheses, leftOut: leftOut, results: results))) ?? Data("{}".utf8)
      output(String(decoding: data, as: UTF8.self))
    } else {
      output(report)
      if !problems.isEmpty {
        output("\nNOT CERTIFIED — the claims were not run:\n" + problems.map { "  - " + $0 }.joined(separator: "\n"))
      } else {
        if !hypotheses.isEmpty { output("\n" + hypotheses.joined(separator: "\n")) }
        if !leftOut.isEmpty { output("\nLEFT OUT: " + leftOut.joined(separator: "\n          ")) }
        output("\n" + VerdictTable.renderRows(results))
        output(SaddleCheckCommand.summary(results))
      }
      if !c.isComplete {
        output("INCOMPLETE: \(c.undecided.count) undecided region(s); the claims ran only at the certified points (exit status 1)")
      }
    }
    let complete = problems.isEmpty && c.isComplete && leftOut.isEmpty
    return complete && results.allSatisfy(\.isAsExpected) ? SaddleCheckCommand.success : SaddleCheckCommand.unexpectedVerdict
  }

  /// The function, the box and a label, from `--function`/`--box` or `--expression FILE`.
  static func problem(_ args: Arguments) throws(UsageError) -> (SmoothExpression, Box, String) {
    let text: String, variables: [String]?, spec: BoxSpecification, source: String
    if let path = args.string("--expression") {
      guard args.string("--function") == nil, args.string("--box") == nil, args.string("--variables") == nil else {
        throw UsageError(description: "--expression FILE carries the function, variables and box; "
          + "do not also give --function, --box or --variables")
      }
      let data = try SaddleCheckCommand.readUserFile(path, option: "--expression")
      let document: Document
      do { document = try JSONDecoder().decode(Document.self, from: data) } catch {
        throw UsageError(description: "\(path): \(DecodingProblem(error, data: data))")
      }
      guard document.schema == Document.schema else {
        throw UsageError(description: "\(path): schema: expected \(Document.schema), got '\(document.schema)'")
      }
      (text, variables, spec, source) = (document.expression, document.variables, document.box, path)
    } else {
      guard let t = args.string("--function") else {
        throw UsageError(description: "give --function 'EXPR' --box LO,HI, or --expression FILE.json")
      }
      guard let b = args.string("--box") else {
        throw UsageError(description: "--function needs --box LO,HI (or LO1:HI1,LO2:HI2,… per coordinate)")
      }
      let names = args.string("--variables").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
      (text, variables, source) = (t, names, "f = \(t)")
      spec = try parseBox(b)
    }
    let f: SmoothExpression
    do {
      var dimension: Int?
      if case .perCoordinate(let rows) = spec { dimension = rows.count }
      f = try SmoothExpression(text, variables: variables, dimension: variables == nil ? dimension : nil)
    } catch {
      throw UsageError(description: "expression \(error)")
    }
    let rows: [[Double]]
    switch spec {
    case .uniform(let lo, let hi): rows = Array(repeating: [lo, hi], count: f.dimension)
    case .perCoordinate(let r): rows = r
    }
    guard rows.count == f.dimension else {
      let names = f.variables.joined(separator: ", ")
      throw UsageError(description: "box: \(rows.count) coordinate ranges for \(f.dimension) variables (\(names))")
    }
    guard f.dimension <= 12 else {
      throw UsageError(description: "the certifier handles at most 12 variables (the box search grows like 2^d); got \(f.dimension)")
    }
    for (k, r) in rows.enumerated() {
      guard r.count == 2, r[0].isFinite, r[1].isFinite, r[0] < r[1] else {
        throw UsageError(description: "box[\(k)]: needs finite lo < hi, got \(r)")
      }
    }
    return (f, Box(lower: rows.map { $0[0] }, upper: rows.map { $0[1] }), source)
  }

  /// `LO,HI` (every coordinate) or `LO1:HI1,LO2:HI2,…`.
  static func parseBox(_ text: String) throws(UsageError) -> BoxSpecification {
    let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    if parts.allSatisfy({ $0.contains(":") }) {
      var rows: [[Double]] = []
      for p in parts {
        let ends = p.split(separator: ":").compactMap { Double($0) }
        guard ends.count == 2 else { throw UsageError(description: "--box: '\(p)' is not LO:HI") }
        rows.append(ends)
      }
      return .perCoordinate(rows)
    }
    guard parts.count == 2, let lo = Double(parts[0]), let hi = Double(parts[1]) else {
      throw UsageError(description: "--box needs LO,HI (e.g. -2,2) or LO1:HI1,LO2:HI2,…; got '\(text)'")
    }
    return .uniform(lo, hi)
  }

  /// Why the certificate is not enough to run the claims (empty when it is).
  static func problems(_ c: Certificate) -> [String] {
    var p: [String] = []
    if !c.lipschitz.certified.isFinite {
      p.append("no finite L: the interval Hessian is unbounded on \(c.lipschitz.worstBox) "
        + "(f is not C² there, is undefined there, or overflows)")
    } else if !c.lipschitz.isConsistent, !c.lipschitz.sampledMaximum.isFinite {
      p.append("the sampled ‖∇²f‖₂ is \(c.lipschitz.sampledMaximum): evaluating ∇²f overflows Double (or is undefined) "
        + "somewhere on the box, so L cannot be checked against samples; use a smaller box or rescale f")
    } else if !c.lipschitz.isConsistent {
      p.append("L = \(c.lipschitz.certified) is below the sampled ‖∇²f‖₂ = \(c.lipschitz.sampledMaximum): "
        + "an enclosure is wrong; no certificate")
    } else if !(1 / c.lipschitz.certified).isFinite {
      p.append("L = \(c.lipschitz.certified): f is affine on the box (to rounding); no saddle claims apply")
    }
    if !c.valueRange.isBounded {
      p.append("f's enclosure on the box is \(c.valueRange): unbounded — f overflows Double, is undefined, or its "
        + "interval enclosure is too wide somewhere (e.g. a non-integer power near 0), so the floating-point checks "
        + "cannot run; use a smaller box, rescale f, or keep the box off the singular point")
    }
    if !c.lowerBound.certified.isFinite {
      p.append("no finite f_low: f is unbounded below (or undefined) on the box")
    } else if !c.lowerBound.isConsistent {
      p.append("f_low = \(c.lowerBound.certified) exceeds a sampled f = \(c.lowerBound.sampledMinimum): "
        + "an enclosure is wrong; no certificate")
    }
    return p
  }

  /// A certified number in full (shortest round-trip form): rounding it for display could cross the bound.
  static func number(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
  /// A location or estimate, for reading (a subnormal value — Newton's leftover at a point whose
  /// coordinate is 0 — reads as 0; the certified enclosure is printed separately).
  static func short(_ x: Double) -> String {
    x != 0 && abs(x) < Double.leastNormalMagnitude ? "0" : String(format: "%.10g", x)
  }

  /// The certificate as the user reads it.
  static func report(function f: SmoothExpression, certificate c: Certificate, seconds: Double) -> String {
    var lines: [String] = []
    lines.append("f(\(f.variables.joined(separator: ", "))) = \(f.text)")
    let ranges = zip(f.variables, c.box.intervals).map { "\($0) ∈ [\(number($1.lower)), \(number($1.upper))]" }
    lines.append("box: " + ranges.joined(separator: ", "))
    let l = c.lipschitz
    lines.append("certified L     = \(number(l.certified))   (sampled max ‖∇²f‖₂ = \(short(l.sampledMaximum)); "
      + (l.reachedFactor ? "within the target factor \(l.factor)" : "target factor \(l.factor) NOT reached") + "; \(l.boxes) boxes)")
    lines.append("certified f_low = \(number(c.lowerBound.certified))   "
      + "(smallest sampled f = \(short(c.lowerBound.sampledMinimum)); \(c.lowerBound.boxes) boxes)")
    lines.append("certified M₃    = \(number(c.thirdDerivativeBound))   (sup ‖D³f‖ on the box, for finite-difference tolerances)")
    let inside = c.criticalPoints.filter(\.isInsideBox)
    lines.append("critical points: \(inside.count) certified (Krawczyk: exactly one in each search box), "
      + "\(c.boxesExamined) boxes examined, "
      + String(format: "%.2f s", seconds))
    for (k, p) in c.criticalPoints.enumerated() {
      let where_ = "(" + p.location.components.map(short).joined(separator: ", ") + ")"
      let inertia = p.inertia.map { "index \($0.negative) (−\($0.negative), +\($0.positive))" } ?? "inertia not certified"
      let kind = p.kind.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
      lines.append("  #\(k) \(kind) at \(where_)  enclosure width \(String(format: "%.1e", p.enclosure.width)), "
        + "\(inertia), λ_min ∈ [\(number(p.smallestEigenvalue.lower)), \(number(p.smallestEigenvalue.upper))]"
        + (p.isInsideBox ? "" : "  (enclosure reaches outside the box: may lie on or beyond its boundary)"))
    }
    if c.undecided.isEmpty {
      lines.append("undecided: none — every critical point in the box is listed above")
    } else {
      lines.append("UNDECIDED: \(c.undecided.count) region(s) may hold further critical points (a degenerate or non-isolated critical "
        + "point cannot pass Krawczyk's test; so neither can a region where f is not C², nor boxes left at the work cap):")
      for u in c.undecided {
        let hint = u.hint.components.map(short).joined(separator: ", ")
        let eigenvalues = u.hessianEigenvaluesAtHint.components.map { String(format: "%.3g", $0) }.joined(separator: ", ")
        lines.append("  \(u.hull)  (\(u.boxes) boxes; near (\(hint)) ‖∇f‖ = \(String(format: "%.2g", u.gradientNormAtHint)), "
          + "Hessian eigenvalues ≈ \(eigenvalues) — estimates, not certified)")
      }
    }
    lines.append("assumptions: f ∈ C² on the box (the enclosures fail where it is not); "
      + "libm within \(Interval.libmWideningUlps) ulps (glibc's documented error bounds)")
    return lines.joined(separator: "\n")
  }
}
