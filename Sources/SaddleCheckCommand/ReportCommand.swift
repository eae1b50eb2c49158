import Foundation
import Checker
import PropertyTesting
import Randomness
import Report
import Serialization

extension SaddleCheckCommand {
  /// `saddlecheck report`: runs the battery (quick profile by default), computes
  /// the figures, and writes `report.html` (self-contained) and `report.json` to `--out`.
  static func report(
    _ arguments: [String], environment: [String: String],
    output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void
  ) throws(UsageError) -> Int32 {
    let args = try Arguments(arguments, options: ["--seed", "--starts", "--profile", "--out", "--results"], flags: [])
    let seed: UInt64
    do {
      seed = try args.seed("--seed") ?? RunConfiguration.fromEnvironment(environment).seed
    } catch let error as UsageError {
      throw error
    } catch {
      throw UsageError(description: "\(error)")
    }
    var profile = Profile.quick
    if let text = args.string("--profile") {
      guard let p = Profile(rawValue: text) else {
        throw UsageError(description: "--profile must be one of \(Profile.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
      }
      profile = p
    }
    let startsOverride = try args.integer("--starts", in: 1...10_000_000)
    if let out = args.string("--out"), out.trimmingCharacters(in: .whitespaces).isEmpty {
      throw UsageError(description: "--out needs a directory name, got an empty one")
    }
    let directory = URL(fileURLWithPath: args.string("--out") ?? "saddlecheck-report", isDirectory: true)
    let start = Date()
    let document: ReportDocument
    let results: [CheckResult]
    if let path = args.string("--results") {
      // A results document (`check --json`, or `merge` of shards): the report of that run, without re-running it.
      guard args.string("--seed") == nil, args.string("--profile") == nil, startsOverride == nil else {
        throw UsageError(description: "--results takes the seed, profile and starts from the document; drop --seed/--profile/--starts")
      }
      let run = try readResults(path)
      guard let runSeed = Seed.parse(run.seed), let runProfile = Profile(rawValue: run.profile) else {
        throw UsageError(description: "\(path): seed or profile: unreadable ('\(run.seed)', '\(run.profile)')")
      }
      results = run.results
      try validateRows(results, path: path)
      var command = "saddlecheck report --seed \(run.seed) --profile \(run.profile)"
      if run.starts != Battery(profile: runProfile).starts { command += " --starts \(run.starts)" }
      diagnostics("saddlecheck: report of \(path): run seed \(run.seed), profile \(run.profile), \(results.count) rows")
      document = ReportDocument.build(results: results, seed: runSeed, profile: runProfile,
          starts: run.starts, budget: .standard, command: command,
          hypotheses: run.hypotheses, leftOut: run.leftOut, skipped: run.skipped)
    } else {
      let battery = Battery(profile: profile, startsOverride: startsOverride)
      var command = "saddlecheck report --seed \(Seed.hex(seed)) --profile \(profile.rawValue)"
      if let startsOverride { command += " --starts \(startsOverride)" }
      diagnostics("saddlecheck: report, run seed \(Seed.hex(seed)), profile \(profile.rawValue), " +
          "\(battery.starts) Monte Carlo starts per landscape")
      results = battery.run(seed: seed, progress: { diagnostics("  " + $0) })
      diagnostics(String(format: "saddlecheck: %d checks in %.1f s; computing the figures", results.count,
                         Date().timeIntervalSince(start)))
      document = ReportDocument.build(results: results, seed: seed, profile: profile,
          starts: battery.starts, budget: .standard, command: command)
    }
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try document.jsonData().write(to: directory.appendingPathComponent("report.json"))
      try Data(HTMLReport.render(document).utf8).write(to: directory.appendingPathComponent("report.html"))
    } catch {
      throw UsageError(description: "--out: cannot write the report to '\(directory.path)': \(error.localizedDescription)")
    }
    diagnostics(String(format: "saddlecheck: report written in %.1f s", Date().timeIntervalSince(start)))
    output(directory.appendingPathComponent("report.html").path)
    output(VerdictTable.render(results))
    return results.allSatisfy(\.isAsExpected) ? success : unexpectedVerdict
  }

  /// Refuses a row the report would misstate: typed data whose rendering is not the row's text (an
  /// edited text or edited data), or avoidance counts no run can produce.
  static func validateRows(_ results: [CheckResult], path: String) throws(UsageError) {
    for (i, r) in results.enumerated() {
      let row = "\(path): results[\(i)] (\(r.claim) · \(r.method) · \(r.landscape))"
      if r.data != nil, let problem = r.evidenceProblem { throw UsageError(description: "\(row): \(problem)") }
      if case .avoidance(let a) = r.data {
        guard a.starts >= 0, a.hits >= 0, a.hits <= a.starts, a.minima >= 0, a.unclassified >= 0,
              a.upperBound.isFinite, a.upperBound >= 0, a.upperBound <= 1, a.alpha > 0, a.alpha < 1 else {
          throw UsageError(description: "\(row): data: impossible avoidance counts (starts \(a.starts), hits \(a.hits), "
            + "minima \(a.minima), unclassified \(a.unclassified), upperBound \(a.upperBound), alpha \(a.alpha))")
        }
      }
    }
  }

  /// A results document (schema `saddlecheck.results/1`) from a file, validated.
  static func readResults(_ path: String) throws(UsageError) -> ResultsDocument {
    let data = try readUserFile(path, option: "--results")
    do {
      try JSONStructure.check(data)
      let document = try ResultsDocument.decoder.decode(ResultsDocument.self, from: data)
      guard document.schema == ResultsDocument.schema else {
        throw DecodingProblem(field: "schema", problem: "must be '\(ResultsDocument.schema)', got '\(document.schema)'")
      }
      return document
    } catch let problem as DecodingProblem {
      throw UsageError(description: "\(path): \(problem)")
    } catch {
      throw UsageError(description: "\(path): \(DecodingProblem(error, data: data))")
    }
  }
}
