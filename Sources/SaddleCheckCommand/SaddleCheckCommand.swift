import Foundation
import Checker
import Landscapes
import Dynamics
import Serialization
import PropertyTesting
import Randomness
import Report

/// The `saddlecheck` command line: subcommands, output formats and exit
/// codes. `main.swift` only calls ``run(arguments:environment:output:diagnostics:)``.
///
/// Exit codes (documented in the README):
/// - 0: success (every claim gave its expected verdict);
/// - 1: some claim failed or was inconclusive;
/// - 64: usage error (unknown option, malformed value, invalid file), with a
///   message on standard error that names the option or field, and nothing on standard output.
public enum SaddleCheckCommand {
  /// Exit status: success.
  public static let success: Int32 = 0
  /// Exit status: an unexpected verdict.
  public static let unexpectedVerdict: Int32 = 1
  /// Exit status: bad command line (BSD `EX_USAGE`).
  public static let usageError: Int32 = 64

  static let usage = """
    USAGE: saddlecheck [check] [--seed <seed>] [--profile <p>] [--starts <n>] [--instance <file.json> [--method <spec>]…] [--horizon <n>]
                           [--json] [--verbose]
           saddlecheck check --shard <K/N> [--seed <seed>] [--profile <p>] [--starts <n>] [--horizon <n>] [--claims <id,…>]
           saddlecheck merge <shard.json>… [--out <file.json>]
           saddlecheck report [--seed <seed>] [--profile <p>] [--starts <n>] [--out <dir>]
           saddlecheck report --results <results.json> [--out <dir>]
           saddlecheck landscape --family <name> --dim <d> [--index <k>] [--conditioning <κ>] [--seed <seed>]
           saddlecheck landscapes
           saddlecheck methods
           saddlecheck benchmark [--seconds <s>] [--json] [--cpu-time] [--workers <w>]
                                 [--dimensions <d,…>] [--methods <name,…>]
           saddlecheck replay <fixture.json>…
           saddlecheck check --function <expr> --box <lo,hi> [--variables <x,y,…>] [--method <spec>]… [--horizon <n>] [--starts <n>] [--json]
           saddlecheck check --expression <file.json> [--method <spec>]… [--horizon <n>] [--starts <n>] [--json]
           saddlecheck certify-figures
           saddlecheck critical-points (--instance <file.json> [--box <b>] | --function <expr> --box <b>) [--starts <n>] [--seed <seed>] [--json]
           saddlecheck sweep [--seed <seed>] [--starts <n>] [--trajectories <n>] [--json]
           saddlecheck trace --instance <file.json> --method <spec> --start <x1,x2,…> [--steps <n>] [--every <k>] [--json]

    SUBCOMMANDS:
      check (default)  Run the claim battery on its default profile and print a verdict table.
      report           Run the battery (quick profile by default), or read a results document
                       (--results, e.g. from merge), and write report.html and report.json
                       to --out (default ./saddlecheck-report): verdicts, evidence and figures.
      merge            Pool the shard documents of `check --shard K/N` (K = 1 … N) into the results
                       document of the unsharded run (the same bytes as `check --json`); refuses an
                       incomplete, duplicated, overlapping, mismatched or corrupt set (exit 64).
      landscape        Print one generated landscape as JSON (schema saddlecheck.landscape/1).
      landscapes       List the landscape families and their parameters.
      methods          List the first-order methods and their parameter syntax.
      trace            Run one method from one start; print t, x_t, f, ‖∇f‖ and Γ_t's spectrum.
      benchmark        Trajectory steps per second for GD and AdaGrad (run with -c release).
      replay           Re-check fixtures; exit 0 when each replays as recorded.
      certify-figures  The certifier's figures: points certified, L against sampling, time (run with -c release).
      critical-points  Find critical points by deflated Newton from seeded starts and classify them (not a proof of
                       completeness); planted or certified points are the oracle (exit 1 when one is missed).
      sweep            How sharp the hypotheses are: GD over α·L, AdaGrad over δ0/L; det Dg,
                       second preimages and Monte Carlo hits (Clopper–Pearson) per cell
                       (--starts per cell, default 200; --json for the cells as JSON).

    OPTIONS (check):
      --seed <seed>    Run seed, decimal or 0x-hexadecimal (default: $SADDLECHECK_SEED,
                       else \(Seed.hex(RunConfiguration.defaultSeed))).
      --profile <p>    quick, ci, deep (default) or exhaustive: Monte Carlo starts 200 / 2000 /
                       300000 / 10000000 per landscape (exhaustive is meant for --shard).
      --starts <n>     Monte Carlo starts per landscape (overrides the profile).
      --instance <f>   Check a landscape document of your own instead of the default battery.
      --method <spec>  With --instance: a method to check (repeatable; default gd), e.g. heavy-ball:alpha=0.1/L,beta=0.9,
                       nesterov, adam:eta=0.01 (see `saddlecheck methods`). Momentum methods get the claims of
                       their extended map (x, v); claims that do not apply are listed with the reason.
      --horizon <n>    Steps per avoidance run before the adaptive extension (default 5000;
                       runs still moving are re-run with 2×, 4×, … up to 16× this).
      --json           Print the results as JSON (schema saddlecheck.results/2) instead of a table.
      --verbose        Also print every row with its evidence.
      --shard <K/N>    Run only shard K of N (1 ≤ K ≤ N): start i of every Monte Carlo row when
                       i mod N = K − 1, every other check j when j mod N = K − 1; print the shard
                       document (schema saddlecheck.shard/2) for `merge`. Exit 0 once written.
      --claims <ids>   Only these claims (comma-separated IDs, as in the verdict table).

    OPTIONS (check --function / --expression: your own function, certified on a box):
      --function <e>   f as an expression: + - * / ^, exp log log1p sqrt sin cos tanh cosh sinh, pi, e;
                       variables named (x, y, w1: alphabetical order) or indexed (x[1] … x[d]).
      --box <b>        LO,HI for every coordinate, or LO1:HI1,LO2:HI2,… per coordinate.
      --variables <v>  The variables' order, comma-separated (default: alphabetical).
      --expression <f> A JSON document {"schema": "saddlecheck.expression/1", "variables": […],
                       "expression": "…", "box": [lo, hi] or [[lo1, hi1], …]}.
      --method <spec>  A method to check at the certified saddles (repeatable; default gd).
      --horizon <n>    Steps per Monte Carlo run (default 5000).
      --starts <n>     Monte Carlo starts per saddle (default: the profile's, quick = 200).

    OPTIONS (landscape):
      --family <name>  A family of `saddlecheck landscapes`.
      --dim <d>        The dimension.
      --index <k>      The family's index parameter (see `saddlecheck landscapes`).
      --conditioning <κ>  Curvature magnitudes drawn in [1/κ, 1] (default 5).
      --seed <seed>    The instance's seed (default 0).

    OPTIONS (trace):
      --instance <file>  A landscape document (from `saddlecheck landscape`).
      --method <spec>    NAME[:key=value,…], e.g. gd:alpha=0.9/L, adagrad-full:delta0=2L,variant=delayed.
      --start <x>        The start, comma-separated.
      --steps <n>        Steps to run (default 100).
      --every <k>        Record every k-th iterate (default 1).
      --json             JSON lines instead of a table.

      -h, --help       Show this help.
    """

  /// Runs the command; returns the process exit status.
  public static func run(
    arguments: [String], environment: [String: String],
    output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void
  ) -> Int32 {
    if arguments.contains("-h") || arguments.contains("--help") {
      output(usage)
      return success
    }
    var rest = arguments
    let subcommand = rest.first.flatMap { $0.hasPrefix("-") ? nil : $0 } ?? "check"
    if !rest.isEmpty && !rest[0].hasPrefix("-") { rest.removeFirst() }
    do {
      switch subcommand {
      case "check": return try check(rest, environment: environment, output: output, diagnostics: diagnostics)
      case "report": return try report(rest, environment: environment, output: output, diagnostics: diagnostics)
      case "landscape": return try landscape(rest, output: output)
      case "landscapes": return try landscapes(rest, output: output)
      case "methods": return try methods(rest, output: output)
      case "trace": return try trace(rest, output: output)
      case "benchmark": return try benchmark(rest, output: output, diagnostics: diagnostics)
      case "replay": return try replay(rest, environment: environment, output: output, diagnostics: diagnostics)
      case "certify-figures": return try CertificationFigures.run(rest, output: output)
      case "sweep": return try sweep(rest, output: output, diagnostics: diagnostics)
      case "critical-points":
        return try CriticalPointsCommand.run(rest, environment: environment, output: output, diagnostics: diagnostics)
      case "merge": return try merge(rest, output: output, diagnostics: diagnostics)
      default: throw UsageError(description: "unknown subcommand '\(subcommand)'", showsUsage: true)
      }
    } catch {
      // The whole usage text only when the command line itself is malformed;
      // a bad value or file gets its message and a pointer to --help.
      let showsUsage = (error as? UsageError)?.showsUsage ?? false
      diagnostics(showsUsage ? "error: \(error)\n\n\(usage)" : "error: \(error)\n(see saddlecheck --help)")
      return usageError
    }
  }

  /// The main job: the claim battery.
  static func check(
    _ arguments: [String], environment: [String: String],
    output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void
  ) throws(UsageError) -> Int32 {
    if arguments.contains("--function") || arguments.contains("--expression") {
      return try ExpressionCheck.run(arguments, environment: environment, output: output, diagnostics: diagnostics)
    }
    let (methodSpecs, rest) = try Arguments.extractRepeatable("--method", from: arguments)
    let args = try Arguments(rest, options: ["--seed", "--starts", "--profile", "--instance",
        "--horizon", "--shard", "--claims"], flags: ["--json", "--verbose"], elsewhere: [
          "--box": "--box needs --function EXPR (check --function EXPR --box LO,HI)",
          "--variables": "--variables needs --function EXPR (check --function EXPR --box LO,HI --variables x,y,…)"])
    guard methodSpecs.isEmpty || args.string("--instance") != nil else {
      throw UsageError(description: "--method needs --instance FILE (the default battery runs its own methods)")
    }
    var environmentConfiguration: RunConfiguration
    do {
      environmentConfiguration = try RunConfiguration.fromEnvironment(environment)
    } catch {
      throw UsageError(description: "\(error)")
    }
    let seed = try args.seed("--seed") ?? environmentConfiguration.seed
    var profile = environment["SADDLECHECK_PROFILE"].flatMap(Profile.init(rawValue:)) ?? .deep
    if let text = args.string("--profile") {
      guard let p = Profile(rawValue: text) else {
        throw UsageError(description: "--profile must be one of \(Profile.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
      }
      profile = p
    }
    var battery = Battery(profile: profile, startsOverride: try args.integer("--starts", in: 1...10_000_000))
    let horizon = try args.integer("--horizon", in: 1...100_000_000)
    battery.horizonOverride = horizon
    battery.claims = try claimFilter(args.string("--claims"))
    let shard = try args.string("--shard").map { text throws(UsageError) in
      do { return try Shard(parsing: text) } catch { throw UsageError(description: "--shard \(error)") }
    }
    if shard != nil, args.string("--instance") != nil || args.has("--verbose") {
      throw UsageError(description: "--shard applies to the default battery: it cannot be combined with " +
          (args.has("--verbose") ? "--verbose (the shard prints a JSON document)" : "--instance"))
    }
    if battery.claims != nil, args.string("--instance") != nil {
      throw UsageError(description: "--claims applies to the default battery: it cannot be combined with --instance")
    }
    // The instance is read and validated before anything runs.
    let instance = try args.string("--instance").map { path throws(UsageError) in (path, try readInstance(path)) }
    // Every --method is parsed against the instance (its L, dimension, domain) before anything runs.
    var methods: [BatteryMethod] = []
    if let (_, landscape) = instance {
      for spec in methodSpecs {
        let m: any FirstOrderMethod
        do {
          m = try MethodSpecification.parse(spec, lipschitz: landscape.lipschitzConstant, dimension: landscape.dimension,
                                            domain: landscape.domain)
        } catch {
          throw UsageError(description: "--method \(spec): \(error)")
        }
        func wrap<M: FirstOrderMethod>(_ m: M) -> BatteryMethod { BatteryMethod(m) }
        methods.append(wrap(m))
      }
    }
    diagnostics("saddlecheck: run seed \(Seed.hex(seed)) (replay with --seed \(Seed.hex(seed))), profile " +
        "\(profile.rawValue), \(battery.starts) Monte Carlo starts per landscape")
    let start = Date()
    if let shard {
      var document = battery.runShard(shard, seed: seed, progress: { diagnostics("  " + $0) })
      document.elapsedSeconds = (Date().timeIntervalSince(start) * 10).rounded() / 10
      diagnostics(String(format: "saddlecheck: shard %@, %d rows of %d work items in %.1f s", shard.description,
                         document.rows.count, document.items, Date().timeIntervalSince(start)))
      output(String(decoding: (try? document.jsonData()) ?? Data("{}".utf8), as: UTF8.self))
      return success
    }
    let results: [CheckResult]
    var preamble: [String] = [], leftOut: [String] = [], skipped: [String] = []
    var skippedClaims: [SkippedClaim] = []
    if let (path, landscape) = instance {
      let label = URL(fileURLWithPath: path).lastPathComponent
      let report = methods.isEmpty
        ? InstanceChecks.report(landscape, label: label, starts: battery.starts,
                                horizon: horizon ?? Battery.rules.horizon, seed: seed, progress: { diagnostics("  " + $0) })
        : CustomBattery(objectives: [BatteryObjective(landscape, label: label)], methods: methods, profile: profile,
                        starts: battery.starts, horizon: horizon).run(seed: seed, progress: { diagnostics("  " + $0) })
      (results, preamble, leftOut, skipped) = (report.results, report.hypotheses, report.leftOut, report.skippedLines)
      skippedClaims = report.skipped
    } else {
      results = battery.run(seed: seed, progress: { diagnostics("  " + $0) })
    }
    diagnostics(String(format: "saddlecheck: %d checks in %.1f s", results.count, Date().timeIntervalSince(start)))

    if args.has("--json") {
      // Instance runs carry their hypotheses statement and what was left out; the battery neither.
      let document = ResultsDocument(seed: seed, profile: profile, starts: battery.starts, results: results,
                                     hypotheses: instance == nil ? nil : preamble, leftOut: instance == nil ? nil : leftOut,
                                     skipped: instance == nil ? nil : skippedClaims)
      let data = (try? document.jsonData()) ?? Data("{}".utf8)
      output(String(decoding: data, as: UTF8.self))
    } else {
      if !preamble.isEmpty { output(preamble.joined(separator: "\n") + "\n") }
      if instance == nil {
        output("hypotheses (by construction): every landscape has a certified L and planted strict saddles; GD α = 0.9/L,\n"
          + "  AdaGrad δ0 ≥ L (η = 1); part E's rows break a hypothesis on purpose (refuted as expected), and any other\n"
          + "  row outside the hypotheses is labelled so\n")
      }
      output(VerdictTable.render(results))
      if args.has("--verbose") {
        output("\n" + VerdictTable.renderRows(results))
        output(VerdictTable.renderDetails(results))
      }
      output(summary(results))
      if !leftOut.isEmpty { output("LEFT OUT: " + leftOut.joined(separator: "\n          ")) }
      if !skipped.isEmpty { output("SKIPPED (claims that do not apply, and why):\n  " + skipped.joined(separator: "\n  ")) }
      output(SuiteBudget.falseFailures.summary)
    }
    // A run that left work out is incomplete (exit 1) even when every row is as predicted: say so last.
    if let line = incompleteLine(results, leftOut: leftOut) { args.has("--json") ? diagnostics(line) : output(line) }
    return results.allSatisfy(\.isAsExpected) && leftOut.isEmpty ? success : unexpectedVerdict
  }

  /// The last line of an instance run that left work out: why the exit status is 1.
  static func incompleteLine(_ results: [CheckResult], leftOut: [String]) -> String? {
    guard !leftOut.isEmpty else { return nil }
    let what = leftOut.map { $0.components(separatedBy: ": points ")[0] }.joined(separator: "; ")
    let off = results.filter { !$0.isAsExpected }.count
    let rows = off == 0 ? "every row that ran (\(results.count)) is as the theory predicts"
      : "\(off) of \(results.count) rows are not as the theory predicts"
    return "exit status 1: the run is incomplete (\(what); listed under LEFT OUT); \(rows)"
  }

  /// `--claims ID,ID,…`: claim IDs of `Claim.all`, or nil when absent.
  static func claimFilter(_ text: String?) throws(UsageError) -> Set<String>? {
    guard let text else { return nil }
    let ids = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    let known = Set(Claim.all.map(\.id))
    if let bad = ids.first(where: { !known.contains($0) }) {
      throw UsageError(description: "--claims: unknown claim '\(bad)' (known: \(Claim.all.map(\.id).joined(separator: ", ")))")
    }
    return Set(ids)
  }

  /// One line per claim: rows, verdicts, unexpected ones.
  static func summary(_ results: [CheckResult]) -> String {
    var claims: [String] = []
    for r in results where !claims.contains(r.claim) { claims.append(r.claim) }
    let unexpected = results.filter { !$0.isAsExpected }
    let notCovered = results.filter { $0.verdict == .notCovered }.count
    let outside = results.filter { $0.isOutsideHypotheses && $0.verdict != .notCovered }
    let outsideFailed = outside.filter { $0.verdict != .holds }.count
    return "\nclaims: \(claims.count), rows: \(results.count), as the theory predicts: " +
        "\(results.count - unexpected.count - notCovered - outside.count)"
      + "\nnot covered by the theorems (λ_min = 0): \(notCovered); outside the hypotheses: \(outside.count)"
      + " (not holding, expected-possible: \(outsideFailed))"
      + "\nverdicts the theory allows, in all: \(results.count - unexpected.count) (the JSON summary's asPredicted)"
      + (unexpected.isEmpty ? "" : "\nUNEXPECTED: "
          + unexpected.map { "\($0.claim) · \($0.method) · \($0.landscape): " +
          "\($0.verdict.rawValue)" }.joined(separator: "\n            "))
  }

  /// `saddlecheck landscape`: one instance as JSON.
  static func landscape(_ arguments: [String], output: (String) -> Void) throws(UsageError) -> Int32 {
    let args = try Arguments(arguments, options: ["--family", "--dim", "--index", "--conditioning", "--seed"], flags: [])
    guard let name = args.string("--family") else { throw UsageError(description: "landscape needs --family") }
    guard let family = LandscapeFamily.named(name) else {
      throw UsageError(description: "unknown family '\(name)'; known: \(LandscapeFamily.all.map(\.name).joined(separator: ", "))")
    }
    guard let d = try args.integer("--dim", in: 1...2000) else { throw UsageError(description: "landscape needs --dim") }
    let index = try args.integer("--index", in: 0...2000)
    let seed = try args.seed("--seed") ?? 0
    var conditioning = 5.0
    if let text = args.string("--conditioning") {
      guard let c = Double(text), c.isFinite else {
        throw UsageError(description: "--conditioning needs a number in [1, 1e12], got '\(text)'")
      }
      conditioning = c
    }
    do {
      let instance = try family.generate(dimension: d, index: index, conditioning: conditioning, seed: seed)
      let data = try LandscapeDocument(instance).jsonData()
      output(String(decoding: data, as: UTF8.self))
      return success
    } catch let error as LandscapeFormatError {
      throw UsageError(description: "\(error.field) \(error.problem) (family \(name))")
    } catch {
      throw UsageError(description: "\(error)")
    }
  }

  /// `saddlecheck landscapes`: the catalog.
  static func landscapes(_ arguments: [String], output: (String) -> Void) throws(UsageError) -> Int32 {
    _ = try Arguments(arguments, options: [], flags: [])
    var lines: [String] = []
    for f in LandscapeFamily.all {
      lines.append(f.name)
      lines.append("    \(f.summary)")
      lines.append("    dimensions: \(f.dimensions); --index: \(f.indexMeaning.map { "\($0), default \(f.defaultIndex)" } ?? "none")")
    }
    output(lines.joined(separator: "\n"))
    return success
  }
}
