package import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
import PropertyTesting
import Foundation

/// How sharp the step hypotheses are: GD over α·L and each AdaGrad variant over δ0/L (η = 1),
/// measuring, per cell, what the theorems infer from the hypotheses — the step maps are
/// diffeomorphisms ([LPP+19] for α < 1/L, [AMPW22] for δ0 > L) and starts almost never
/// converge to the strict saddle — so that a table shows where the threshold sits against
/// where each property actually breaks.
///
/// Per cell (landscape, method, parameter):
/// - **det Dg**: the smallest det Dg_t(x) found, over x_t and 4 points of B_2(x*) at steps
///   t ∈ {0, 1, 3, 10, 30, 100} of `trajectories` runs (Dg_t under the run's state at t;
///   analytic where the policy knows its derivative, otherwise Richardson-extrapolated
///   differences). det ≤ 0 somewhere means g_t is not a diffeomorphism.
/// - **injectivity violations**: at the first 2 of those points, y = g_t(x) is inverted by
///   Newton from 3 initial guesses x + B_1; a converged preimage x' with
///   ‖x' − x‖ > 1e-4·(1 + ‖x‖) is a violation (two preimages of y; the margin is far above
///   Newton's 1e-12 residual divided by the smallest singular value of Dg at the samples).
/// - **Monte Carlo hit fraction**: `starts` uniform starts in B_0.5(x*), each run to 2000 steps
///   (early stop at a planted minimum); a hit is a run ending within 1e-6 of x* with
///   ‖∇f‖ ≤ 1e-8 (``Battery/rules``); the exact Clopper–Pearson interval at level 1 − 0.05.
public enum HypothesisSweep {
  /// One cell of the sweep.
  public struct Cell: Sendable, Hashable, Codable {
    public var landscape: String
    public var method: String
    /// "alpha*L" for GD, "delta0/L" for AdaGrad.
    public var parameter: String
    public var value: Double
    /// Whether the theorem's hypothesis holds (α·L < 1, δ0/L > 1).
    public var withinHypotheses: Bool
    public var minimumDeterminant: Double
    public var determinantSamples: Int
    public var injectivityViolations: Int
    public var injectivityTrials: Int
    public var starts: Int
    public var hits: Int
    public var hitLower: Double
    public var hitUpper: Double
    /// Runs that reached a planted minimum, diverged, or ended undecided / elsewhere.
    public var minima: Int
    public var diverged: Int
    public var other: Int

    /// Whether a property the theorem promises is broken in this cell.
    public var breaks: Bool { minimumDeterminant <= 0 || injectivityViolations > 0 || hits > 0 }
  }

  /// The sweep's grid: GD's α·L and AdaGrad's δ0/L values.
  public static let gdGrid: [Double] = [0.1, 0.5, 0.9, 0.99, 1.01, 1.1, 1.25, 1.5, 1.75, 1.9, 1.99, 2.01, 2.25, 2.45]
  public static let adaGridDefault: [Double] = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.01, 1.1, 1.5, 2, 3, 4]

  /// The landscapes: rotated double wells with k = 1 (d = 3) and k = 2 (d = 4), and an
  /// index-2 confined quadratic (d = 4); instances from `seed`.
  public static func landscapes(seed: UInt64) -> [(String, Landscape)] {
    let specs: [(String, Int, Int)] = [("rotated-double-well", 3, 1), ("rotated-double-well", 4, 2), ("confined-quadratic", 4, 2)]
    // An instance that cannot be generated (a bug of ours) is left out, never a crash.
    return specs.compactMap { name, d, k in
      (try? Battery.generate(name, dimension: d, index: k, seed: Seed.derive(seed, label: "sweep/\(name)/\(d)")))
        .map { ("\(name)(d=\(d),k=\(k))", $0) }
    }
  }

  /// Measures one cell for the policy `make()` on `f` at the planted saddle.
  public static func cell<P: MatrixStepPolicy>(
    _ make: () -> P, on f: Landscape, saddle: PlantedCriticalPoint, landscape: String, parameter: String, value: Double,
    withinHypotheses: Bool, starts: Int, trajectories: Int, seed: UInt64
  ) -> Cell {
    cell(make, on: f, saddle: saddle, landscape: landscape, parameter: parameter, value: value,
         withinHypotheses: withinHypotheses, starts: starts, trajectories: trajectories, seed: seed, batched: true)
  }

  /// ``cell(_:on:saddle:landscape:parameter:value:withinHypotheses:starts:trajectories:seed:)``
  /// with its Monte Carlo runs on the batched engine (`batched`) or one by one through
  /// `Trajectory.run`: the same starts, and results bit-identical either way.
  package static func cell<P: MatrixStepPolicy>(
    _ make: () -> P, on f: Landscape, saddle: PlantedCriticalPoint, landscape: String, parameter: String, value: Double,
    withinHypotheses: Bool, starts: Int, trajectories: Int, seed: UInt64, batched: Bool
  ) -> Cell {
    let xs = saddle.location
    let d = f.dimension
    var rng = Xoshiro256StarStar(seed: seed)
    var minimumDeterminant = Double.infinity, samples = 0, violations = 0, trials = 0
    let probeSteps: Set<Int> = [0, 1, 3, 10, 30, 100]
    for _ in 0..<trajectories {
      var m = PolicyDescent(make())
      var x = Draw.inBall(center: xs, radius: 0.5, using: &rng)
      for t in 0...100 {
        if probeSteps.contains(t) {
          let points = [x] + (0..<4).map { _ in Draw.inBall(center: xs, radius: 2, using: &rng) }
          for (i, p) in points.enumerated() {
            let j = m.jacobian(at: p, on: f)
            let det = LUDecomposition(of: j).determinant
            if det.isFinite { minimumDeterminant = Swift.min(minimumDeterminant, det); samples += 1 }
            guard i < 2 else { continue }
            let y = m.map(p, on: f)
            for _ in 0..<3 {
              let guess = Draw.inBall(center: p, radius: 1, using: &rng)
              let inverse = m.inverse(of: y, on: f, initialGuess: guess)
              trials += 1
              if inverse.converged && inverse.point.distance(to: p) > 1e-4 * (1 + p.euclideanNorm) { violations += 1 }
            }
          }
        }
        x = m.step(from: x, on: f)
        guard x.isFinite && x.euclideanNorm < 1e6 else { break }
      }
    }
    let saddleIndex = f.criticalPoints.firstIndex { $0.location == xs }
    var hits = 0, minima = 0, diverged = 0, other = 0
    let startPoints = (0..<starts).map { _ in Draw.inBall(center: xs, radius: 0.5, using: &rng) }
    for r in monteCarloRuns(make, on: f, from: startPoints, batched: batched) {
      switch r.outcome {
      case .converged(let i) where i == saddleIndex: hits += 1
      case .converged(let i) where f.criticalPoints[i].kind == .minimum: minima += 1
      case .diverged: diverged += 1
      default: other += 1
      }
    }
    let interval = starts > 0 ? BinomialInterval.clopperPearson(successes: hits, trials: starts) : BinomialInterval(lower: 0, upper: 1)
    _ = d
    return Cell(landscape: landscape, method: make().name, parameter: parameter, value: value, withinHypotheses: withinHypotheses,
                minimumDeterminant: minimumDeterminant, determinantSamples: samples, injectivityViolations: violations,
                injectivityTrials: trials, starts: starts, hits: hits, hitLower: interval.lower, hitUpper: interval.upper,
                minima: minima, diverged: diverged, other: other)
  }

  /// A cell's Monte Carlo runs of `PolicyDescent(make())` from `starts` (the battery's rules,
  /// horizon 2000), on the batched engine or one by one through `Trajectory.run`; result i is
  /// bit-identical either way (``BatchedTrajectory``).
  package static func monteCarloRuns<P: MatrixStepPolicy>(
    _ make: () -> P, on f: Landscape, from starts: [Vector], batched: Bool
  ) -> [TrajectoryResult] {
    var rules = Battery.rules
    rules.horizon = 2000
    let method = PolicyDescent(make())
    return batched ? BatchedTrajectory.run(method, on: f, from: starts, rules: rules)
      : starts.map { Trajectory.run(method, on: f, from: $0, rules: rules) }
  }

  /// The whole sweep: GD over `gdGrid`, every AdaGrad variant over `adaGrid`, on `landscapes`.
  /// `progress` receives one line per cell.
  public static func run(
    landscapes: [(String, Landscape)], gdGrid: [Double] = gdGrid, adaGrid: [Double] = adaGridDefault,
    variants: [(AdaGrad.Geometry, Bool)] = Battery.adaGradVariants, starts: Int, trajectories: Int = 4, seed: UInt64,
    progress: (String) -> Void = { _ in }
  ) -> [Cell] {
    var cells: [Cell] = []
    for (label, f) in landscapes {
      guard let saddle = f.criticalPoints.first(where: { $0.location.maximumMagnitude == 0 && $0.kind == .strictSaddle }) else {
        continue
      }
      let l = f.lipschitzConstant, d = f.dimension
      for v in gdGrid {
        let c = cell({ ConstantStep(alpha: v / l) }, on: f, saddle: saddle, landscape: label, parameter: "alpha*L", value: v,
                     withinHypotheses: v < 1, starts: starts, trajectories: trajectories,
                     seed: Seed.derive(seed, label: "\(label)/gd/\(v)"))
        cells.append(c)
        progress(render([c], header: false))
      }
      for (geometry, current) in variants {
        for v in adaGrid {
          let make = { AdaGrad(geometry: geometry, includesCurrentGradient: current, delta0: v * l, eta: 1, dimension: d) }
          let c = cell(make, on: f, saddle: saddle, landscape: label, parameter: "delta0/L", value: v, withinHypotheses: v > 1,
                       starts: starts, trajectories: trajectories,
                       seed: Seed.derive(seed, label: "\(label)/\(geometry.rawValue)/\(current)/\(v)"))
          cells.append(c)
          progress(render([c], header: false))
        }
      }
    }
    return cells
  }

  /// The cells as a table, one line per cell.
  public static func render(_ cells: [Cell], header: Bool = true) -> String {
    func e(_ x: Double) -> String { String(format: "%.2e", x) }
    var lines: [String] = []
    if header {
      lines.append("landscape                      method                 parameter       hyp.  min det Dg   inj. viol.  "
                   + "hits/starts  P(hit) 95% CP        minima diverged other")
    }
    for c in cells {
      let method = c.method.components(separatedBy: "(").first ?? c.method
      let variant = c.method.contains("delayed") ? "-delayed" : (c.method.contains("current") ? "-current" : "")
      lines.append([
        c.landscape.padding(toLength: 30, withPad: " ", startingAt: 0),
        (method + variant).padding(toLength: 22, withPad: " ", startingAt: 0),
        "\(c.parameter)=\(String(format: "%.2f", c.value))".padding(toLength: 15, withPad: " ", startingAt: 0),
        (c.withinHypotheses ? "in " : "out").padding(toLength: 5, withPad: " ", startingAt: 0),
        e(c.minimumDeterminant).padding(toLength: 12, withPad: " ", startingAt: 0),
        "\(c.injectivityViolations)/\(c.injectivityTrials)".padding(toLength: 11, withPad: " ", startingAt: 0),
        "\(c.hits)/\(c.starts)".padding(toLength: 12, withPad: " ", startingAt: 0),
        "[\(e(c.hitLower)), \(e(c.hitUpper))]".padding(toLength: 21, withPad: " ", startingAt: 0),
        "\(c.minima)".padding(toLength: 6, withPad: " ", startingAt: 0),
        "\(c.diverged)".padding(toLength: 8, withPad: " ", startingAt: 0), "\(c.other)",
      ].joined(separator: " "))
    }
    return lines.joined(separator: "\n")
  }

  /// Per (landscape, method family): the threshold, and the smallest out-of-hypothesis
  /// distance at which each property first breaks.
  public static func summary(_ cells: [Cell]) -> [String] {
    var keys: [String] = []
    for c in cells { let k = c.landscape + " " + family(c); if !keys.contains(k) { keys.append(k) } }
    return keys.map { key in
      let group = cells.filter { $0.landscape + " " + family($0) == key }
      let p = group[0].parameter
      // Order from inside the hypotheses outwards.
      let ordered = p == "alpha*L" ? group.sorted { $0.value < $1.value } : group.sorted { $0.value > $1.value }
      func first(_ broken: (Cell) -> Bool) -> String { ordered.first(where: broken).map { String(format: "%.2f", $0.value) } ?? "never" }
      let inside = group.filter(\.withinHypotheses)
      return "\(key): threshold \(p == "alpha*L" ? "α·L < 1" : "δ0/L > 1"); "
        + "inside: \(inside.filter(\.breaks).count) of \(inside.count) cells break a property; "
        + "det Dg ≤ 0 first at \(p) = \(first { $0.minimumDeterminant <= 0 }), "
        + "injectivity first fails at \(first { $0.injectivityViolations > 0 }), first hit at \(first { $0.hits > 0 })"
    }
  }

  static func family(_ c: Cell) -> String {
    let method = c.method.components(separatedBy: "(").first ?? c.method
    return method + (c.method.contains("delayed") ? "-delayed" : (c.method.contains("current") ? "-current" : ""))
  }

  /// Battery rows: `gd.diffeomorphism`/`adagrad.diffeomorphism` across the in-hypothesis cells
  /// (holds when none breaks: det Dg > 0, no second preimage, no hit), and `step-bound-is-needed`
  /// (expected refuted) from the out-of-hypothesis cells, with the sweep table as details.
  public static func batteryRows(_ cells: [Cell], seed: UInt64) -> [CheckResult] {
    var rows: [CheckResult] = []
    let groups = [(Claim.gdDiffeomorphism, "alpha*L", "gd(alpha·L swept)"),
                  (Claim.adagradDiffeomorphism, "delta0/L", "adagrad ×6 (delta0/L swept)")]
    for (claim, parameter, method) in groups {
      let group = cells.filter { $0.parameter == parameter }
      guard !group.isEmpty else { continue }
      let inside = group.filter(\.withinHypotheses), outside = group.filter { !$0.withinHypotheses }
      let broken = inside.filter(\.breaks)
      let landscapes = Set(group.map(\.landscape)).sorted().joined(separator: ", ")
      var row = CheckResult(claim: claim.id, method: method, landscape: landscapes, verdict: broken.isEmpty ? .holds : .fails,
                            data: .hypothesisSweep(HypothesisSweepEvidence(parameter: parameter, inside: true, cells: group)))
      row.details = "Hypothesis sweep (\(parameter)):\n" + render(group) + "\n" + summary(group).joined(separator: "\n")
      rows.append(row)
      let outsideBroken = outside.filter(\.breaks)
      let refutation = CheckResult(
        claim: Claim.stepBoundIsNeeded.id, method: method, landscape: landscapes, verdict: outsideBroken.isEmpty ? .holds : .fails,
        data: .hypothesisSweep(HypothesisSweepEvidence(parameter: parameter, inside: false, cells: group)),
        seed: Seed.hex(seed), expected: .fails)
      rows.append(refutation)
    }
    return rows
  }
}
