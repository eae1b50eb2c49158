import Foundation
import Serialization
import LinearAlgebra
import Landscapes
import Dynamics

extension SaddleCheckCommand {
  /// `saddlecheck methods`: the methods and their parameter syntax.
  static func methods(_ arguments: [String], output: (String) -> Void) throws(UsageError) -> Int32 {
    _ = try Arguments(arguments, options: [], flags: [])
    output(MethodSpecification.listing)
    return success
  }

  /// The bytes of a file the user named with `option` (`--instance`, `merge`, …), through
  /// ``UserFile``: `cannot read 'PATH' (OPTION): it is a directory` (… does not exist, is empty,
  /// permission denied, is not UTF-8 text) as a usage error (exit 64).
  static func readUserFile(_ path: String, option: String) throws(UsageError) -> Data {
    do {
      return try UserFile.read(path)
    } catch {
      throw UsageError(description: "cannot read '\(path)' (\(option)): \(error.reason)")
    }
  }

  /// Reads and validates a landscape document (`--instance FILE`).
  static func readInstance(_ path: String) throws(UsageError) -> Landscape {
    let data = try readUserFile(path, option: "--instance")
    do {
      return try LandscapeDocument.decode(data).landscape
    } catch {
      throw UsageError(description: "\(path): \(error)")
    }
  }

  /// Parses `x1,x2,…` as a finite point of dimension d.
  static func parsePoint(_ text: String, dimension d: Int) throws(UsageError) -> Vector {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    let values = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard values.count == parts.count, values.allSatisfy(\.isFinite) else {
      throw UsageError(description: "--start needs comma-separated finite numbers, got '\(text)'")
    }
    guard values.count == d else { throw UsageError(description: "--start has \(values.count) coordinates, the landscape has d = \(d)") }
    return Vector(values)
  }

  /// `saddlecheck trace`: one trajectory, streamed record by record.
  ///
  /// The table and the JSON lines carry the same values: t, f, the
  /// stationarity ‖∇f‖, the spectrum of the step matrix Γ_t used to leave
  /// x_t as the method reports it (one value α means Γ = αI), and x_t. Every
  /// kept record is printed, including the iterate that left the escape
  /// radius or became non-finite; JSON writes non-finite numbers as the
  /// strings "NaN", "Infinity" and "-Infinity", and ends with one outcome
  /// record `{"outcome": …, "steps": …, "method": …}`.
  static func trace(_ arguments: [String], output: (String) -> Void) throws(UsageError) -> Int32 {
    let args = try Arguments(arguments, options: ["--instance", "--method", "--start", "--steps", "--every"], flags: ["--json"])
    guard let path = args.string("--instance") else { throw UsageError(description: "trace needs --instance FILE.json") }
    guard let spec = args.string("--method") else { throw UsageError(description: "trace needs --method SPEC (see `saddlecheck methods`)") }
    guard let startText = args.string("--start") else { throw UsageError(description: "trace needs --start x1,x2,…") }
    let steps = try args.integer("--steps", in: 0...100_000_000) ?? 100
    let every = try args.integer("--every", in: 1...100_000_000) ?? 1
    let landscape = try readInstance(path)
    let f = landscape.objective
    let start = try parsePoint(startText, dimension: f.dimension)
    guard f.domain.contains(start, tolerance: 1e-9) else {
      throw UsageError(description: "--start lies outside the landscape's domain (\(f.domain.name))")
    }
    let method = try MethodSpecification.parse(spec, lipschitz: f.lipschitzConstant, dimension: f.dimension, domain: f.domain)
    let rules = Classification(horizon: steps, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e12)
    let json = args.has("--json")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    func line<T: Encodable>(_ value: T) -> String {
      // Cannot fail: every value is a number, string or array, and non-finite numbers have a string form.
      (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"error\": \"unencodable record\"}"
    }
    if !json { output("t\tf\t‖∇f‖\tspec Γ_t\tx_t") }
    let result = runOpened(method, on: f, from: start, rules: rules, every: every) { r in
      if json {
        output(line(r))
      } else {
        let spectrum = r.stepSpectrum.map { "[" + $0.components.map { "\($0)" }.joined(separator: ", ") + "]" } ?? "-"
        output("\(r.t)\t\(r.value)\t\(r.gradientNorm)\t\(spectrum)\t\(r.x)")
      }
    }
    let (token, point, words): (String, Int?, String) = switch result.outcome {
    case .converged(let k): ("converged", k, "converged to planted point #\(k)")
    case .convergedToUnplantedCriticalPoint: ("converged-unplanted", nil, "converged to a critical point that is not planted")
    case .diverged: ("diverged", nil, "diverged")
    case .descendedBelowFloor: ("descended-below-floor", nil, "descended below the value floor")
    case .undecided: ("undecided", nil, "undecided at the horizon")
    }
    if json {
      output(line(TraceOutcome(outcome: token, plantedPoint: point, steps: result.steps, method: method.name)))
    } else {
      output("# \(method.name): \(words) after \(result.steps) steps")
    }
    return success
  }

  /// The last JSON line of `trace --json`.
  struct TraceOutcome: Encodable {
    /// `converged` (with `plantedPoint`), `converged-unplanted`, `diverged`, `descended-below-floor`, `undecided`.
    var outcome: String
    var plantedPoint: Int?
    var steps: Int
    var method: String
  }

  /// Runs an existential method on an existential objective: both are opened
  /// here, so the loop inside `Trajectory.run` is generic over concrete types.
  static func runOpened(
    _ method: any FirstOrderMethod, on f: any Objective, from start: Vector, rules: Classification, every: Int,
    onRecord: (TrajectoryRecord) -> Void
  ) -> TrajectoryResult {
    func open<M: FirstOrderMethod>(_ m: M) -> TrajectoryResult {
      func inner<F: Objective>(_ f: F) -> TrajectoryResult {
        withoutActuallyEscaping(onRecord) { Trajectory.run(m, on: f, from: start, rules: rules, recordEvery: every, onRecord: $0) }
      }
      return inner(f)
    }
    return open(method)
  }
}
