import Foundation
import Checker
import Certification
import Landscapes
import LinearAlgebra
import PropertyTesting
import Randomness

/// `saddlecheck critical-points`: find the critical points of a landscape document
/// (`--instance FILE`) or of an expression (`--function EXPR --box …`) with
/// ``CriticalPointFinder`` and classify them. Planted points (a family's) or certified
/// points (the interval certifier's, for an expression) are the oracle: a planted or
/// certified point the finder missed makes the exit status 1.
enum CriticalPointsCommand {
  static let options: Set<String> = ["--instance", "--function", "--expression", "--box", "--variables", "--seed", "--starts"]

  static func run(
    _ arguments: [String], environment: [String: String],
    output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void
  ) throws(UsageError) -> Int32 {
    let args = try Arguments(arguments, options: options, flags: ["--json"])
    let seed: UInt64
    do {
      seed = try args.seed("--seed") ?? RunConfiguration.fromEnvironment(environment).seed
    } catch let e as UsageError {
      throw e
    } catch {
      throw UsageError(description: "\(error)")
    }
    var finder = CriticalPointFinder()
    if let n = try args.integer("--starts", in: 1...100_000) { finder.starts = n }
    let search: CriticalPointSearch
    let oracle: String
    if let path = args.string("--instance") {
      guard args.string("--function") == nil, args.string("--expression") == nil else {
        throw UsageError(description: "give either --instance or --function/--expression, not both")
      }
      let landscape = try SaddleCheckCommand.readInstance(path)
      let region = try region(args, for: landscape)
      diagnostics("saddlecheck: searching \(landscape.label) on \(region.summary) (seed \(Seed.hex(seed)), \(finder.starts) starts)")
      search = try find(finder, landscape, region: region, seed: seed)
      oracle = "planted"
    } else if args.string("--function") != nil || args.string("--expression") != nil {
      let (function, box, source) = try ExpressionCheck.problem(args)
      diagnostics("saddlecheck: certifying \(source) on \(box), then searching it (seed \(Seed.hex(seed)), \(finder.starts) starts)")
      let f = CertifiedObjective(function, box: box)
      search = try find(finder, f, region: .box(lower: box.lower, upper: box.upper), seed: seed)
      let complete = f.certificate.undecided.isEmpty
      oracle = complete ? "the interval certifier's points (its list is complete on the box)"
        : "the interval certifier's points (it left \(f.certificate.undecided.count) region(s) undecided, "
          + "where degenerate or non-isolated points can lie)"
    } else {
      throw UsageError(description: "critical-points needs --instance FILE, or --function EXPR --box LO,HI, or --expression FILE",
                       showsUsage: true)
    }
    if args.has("--json") {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
      output(String(decoding: (try? encoder.encode(search)) ?? Data("{}".utf8), as: UTF8.self))
    } else {
      output(search.lines(oracle: oracle == "planted" ? "planted" : "certified").joined(separator: "\n"))
      if oracle != "planted" { output("  certified: \(oracle)") }
    }
    return search.missedPlanted.isEmpty ? SaddleCheckCommand.success : SaddleCheckCommand.unexpectedVerdict
  }

  static func find<F: Objective>(_ finder: CriticalPointFinder, _ f: F, region: Region,
                                 seed: UInt64) throws(UsageError) -> CriticalPointSearch {
    do {
      return try finder.find(in: f, region: region, seed: seed)
    } catch {
      throw UsageError(description: "\(error)")
    }
  }

  /// `--box`, else the objective's bounded certified region, else the box [−m, m]^d around
  /// its planted points (m = 1.25·max |x*_i| + 0.5).
  static func region(_ args: Arguments, for f: Landscape) throws(UsageError) -> Region {
    let d = f.dimension
    if let text = args.string("--box") {
      switch try ExpressionCheck.parseBox(text) {
      case .uniform(let lo, let hi):
        guard lo.isFinite, hi.isFinite, lo < hi else { throw UsageError(description: "--box: needs finite LO < HI, got \(lo), \(hi)") }
        return .box(lower: Vector(Array(repeating: lo, count: d)), upper: Vector(Array(repeating: hi, count: d)))
      case .perCoordinate(let rows):
        guard rows.count == d else { throw UsageError(description: "--box: \(rows.count) coordinate ranges for dimension \(d)") }
        for (k, r) in rows.enumerated() where !(r[0].isFinite && r[1].isFinite && r[0] < r[1]) {
          throw UsageError(description: "--box[\(k)]: needs finite LO < HI, got \(r)")
        }
        return .box(lower: Vector(rows.map { $0[0] }), upper: Vector(rows.map { $0[1] }))
      }
    }
    if f.certifiedRegion != .everywhere { return f.certifiedRegion }
    guard !f.criticalPoints.isEmpty else {
      throw UsageError(description: "the landscape is certified on all of R^d and plants no point: give --box LO,HI")
    }
    let m = 1.25 * (f.criticalPoints.map(\.location.maximumMagnitude).max() ?? 0) + 0.5
    return .box(lower: Vector(Array(repeating: -m, count: d)), upper: Vector(Array(repeating: m, count: d)))
  }
}
