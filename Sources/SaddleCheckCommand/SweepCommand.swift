import Foundation
import Checker
import Randomness
import PropertyTesting

extension SaddleCheckCommand {
  /// `saddlecheck sweep`: how sharp the step hypotheses are (``HypothesisSweep``) — GD over
  /// α·L ∈ (0, 2.5), each AdaGrad variant over δ0/L ∈ [0.05, 4] (η = 1), on three landscapes:
  /// smallest det Dg found, second preimages found by Newton, and the Monte Carlo hit fraction
  /// with its exact Clopper–Pearson interval, per cell; then per method where each property
  /// first breaks against the theorem's threshold. `--json` prints the cells as a JSON array.
  static func sweep(
    _ arguments: [String], output: (String) -> Void, diagnostics: @escaping @Sendable (String) -> Void
  ) throws(UsageError) -> Int32 {
    let args = try Arguments(arguments, options: ["--seed", "--starts", "--trajectories"], flags: ["--json"])
    let seed = try args.seed("--seed") ?? RunConfiguration.defaultSeed
    let starts = try args.integer("--starts", in: 1...1_000_000) ?? 200
    let trajectories = try args.integer("--trajectories", in: 1...10_000) ?? 8
    diagnostics("saddlecheck sweep: seed \(Seed.hex(seed)), \(starts) Monte Carlo starts and \(trajectories) probe trajectories per cell")
    let begin = Date()
    let cells = HypothesisSweep.run(landscapes: HypothesisSweep.landscapes(seed: seed), starts: starts, trajectories: trajectories,
                                    seed: seed, progress: { diagnostics("  " + $0) })
    diagnostics(String(format: "saddlecheck sweep: %d cells in %.1f s", cells.count, Date().timeIntervalSince(begin)))
    if args.has("--json") {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      // A cell whose probes all diverged has min det = +∞ (no sample): keep it readable.
      encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
      let data = (try? encoder.encode(cells)) ?? Data("[]".utf8)
      output(String(decoding: data, as: UTF8.self))
    } else {
      output(HypothesisSweep.render(cells))
      output("")
      output(HypothesisSweep.summary(cells).joined(separator: "\n"))
    }
    return success
  }
}
