public import Foundation
import Randomness
import Dynamics
public import Checker
public import PropertyTesting

/// The report's data (written beside the HTML as `report.json`): the run's
/// results document, every figure's data, and how to reproduce it.
public struct ReportDocument: Sendable, Hashable, Codable {
  /// The schema identifier of this layout; bumped on any incompatible change.
  public static let schema = "saddlecheck.report/2"

  public var schema: String
  /// The battery's rows with their typed evidence (``ResultsDocument``).
  public var run: ResultsDocument
  public var figures: [Figure]
  /// The compiler and operating system that produced the report.
  public var toolchain: String
  /// The command line that reproduces the report.
  public var command: String
  public var budget: FigureBudget

  /// Computes every figure for `results` (a battery run with `seed` and `profile`).
  ///
  /// Figures that need a row's typed evidence (ε̂ heat map, open question,
  /// P(hit) bound, hypothesis sweep) are built from the rows; the others (phase portraits,
  /// spectra, escape times, projected GD) run the library's methods afresh
  /// with seeds derived from `seed`.
  public static func build(
    results: [CheckResult], seed: UInt64, profile: Profile, starts: Int, budget: FigureBudget, command: String,
    hypotheses: [String]? = nil, leftOut: [String]? = nil, skipped: [SkippedClaim]? = nil
  ) -> ReportDocument {
    var figures: [Figure] = []
    for (label, f, box) in Figures.portraitLandscapes(seed: seed) {
      figures.append(Figures.phasePortrait(label, f, box: box, budget: budget, seed: seed))
    }
    let instances = Battery.instances(seed: seed)
    for g in AdaGrad.Geometry.allCases { figures.append(Figures.stepSpectrum(g, instance: instances[0], budget: budget, seed: seed)) }
    for r in results {
      if case .etaLipschitzTable(let t) = r.data {
        figures.append(Figures.etaHeatMap(t, method: r.method))
        break
      }
    }
    figures.append(Figures.escapeTimes(instance: instances[2], budget: budget, seed: seed))
    figures.append(Figures.hitBound(results: results))
    figures.append(Figures.projectedAttraction(budget: budget, row: results.first { $0.claim == Claim.projectedGDCanConverge.id }))
    let sweep = results.flatMap { r -> [HypothesisSweep.Cell] in
      if case .hypothesisSweep(let e) = r.data, e.inside { return e.cells } else { return [] }
    }
    if !sweep.isEmpty { figures.append(Figures.sweepPhase(sweep)) }
    for r in results {
      if case .repellingDirections(let e) = r.data {
        figures.append(Figures.repellingDirections(e.rows))
        break
      }
    }
    return ReportDocument(
      schema: schema, run: ResultsDocument(seed: seed, profile: profile, starts: starts, results: results,
                                                 hypotheses: hypotheses, leftOut: leftOut, skipped: skipped), figures: figures,
      toolchain: toolchain, command: command, budget: budget)
  }

  /// "Swift 6.x (compiler), <OS>".
  public static var toolchain: String {
    #if compiler(>=6.4)
    let swift = "Swift ≥ 6.4"
    #elseif compiler(>=6.3)
    let swift = "Swift 6.3"
    #elseif compiler(>=6.2)
    let swift = "Swift 6.2"
    #else
    let swift = "Swift < 6.2"
    #endif
    return "\(swift) compiler, \(ProcessInfo.processInfo.operatingSystemVersionString)"
  }

  /// The document as pretty-printed JSON with sorted keys (non-finite numbers, which JSON lacks, as strings).
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return try encoder.encode(self)
  }

  /// Decodes a document written by ``jsonData()``.
  public static func decode(_ data: Data) throws -> ReportDocument {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return try decoder.decode(ReportDocument.self, from: data)
  }
}
