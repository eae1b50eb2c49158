import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

/// `gd.descent` and `adagrad.descent-and-summability` on the batched engine against their scalar
/// reference loops: the typed evidence (JSON bytes) and every trajectory's record, bit for bit.
@Suite struct ExactInequalityEngineTests {
  /// A d = 3 and a d = 10 landscape.
  static let landscapes: [(String, Landscape)] = [
    ("coupled-double-well(d=3)", SaddleLandscapes.coupled),
    ("rotated-double-well(d=10)", try! LandscapeFamily.named("rotated-double-well")!.generate(dimension: 10, index: 2, seed: 0x0b5e_0004)),
  ]
  static let configurations = [(1, 1), (7, 1), (64, 1), (1, 2), (7, 2), (64, 2)]
  static let (starts, steps) = (9, 25)

  static func json(_ r: CheckResult) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return try! encoder.encode(r.data)
  }

  static func bits(_ r: GradientDescentDescentCheck.Record) -> [UInt64] {
    [r.f0.bitPattern, r.sum.bitPattern, UInt64(bitPattern: Int64(r.worst?.step ?? -1)), (r.worst?.excess ?? .nan).bitPattern]
  }

  static func bits(_ r: AdaGradDescentCheck.Record) -> [UInt64] {
    [r.f0.bitPattern, r.s.bitPattern, r.worstRatio.bitPattern, r.stopped ? 1 : 0, r.failure == nil ? 0 : 1]
      + (r.failure ?? "").utf8.map(UInt64.init)
  }

  /// GD within the descent lemma's hypothesis (0.9/L) and beyond it (1.9/L, the mutant step that fails).
  @Test("gd.descent on the engine: evidence and records identical to the scalar loop", arguments: landscapes.indices)
  func gradientDescent(_ k: Int) {
    let (label, f) = Self.landscapes[k]
    let l = f.lipschitzConstant
    var verdicts: Set<Verdict> = []
    for alpha in [0.9 / l, 1.9 / l] {
      let reference = GradientDescentDescentCheck.run(f, alpha: alpha, starts: Self.starts, steps: Self.steps, seed: 5,
                                                      label: label, engine: false)
      let records = GradientDescentDescentCheck.trajectories(f, alpha: alpha, starts: Self.starts, steps: Self.steps, seed: 5,
                                                             engine: false).map(Self.bits)
      verdicts.insert(reference.verdict)
      for (batchSize, workers) in Self.configurations {
        let r = GradientDescentDescentCheck.run(f, alpha: alpha, starts: Self.starts, steps: Self.steps, seed: 5, label: label,
                                                engine: true, batchSize: batchSize, workers: workers)
        #expect(Self.json(r) == Self.json(reference) && r.verdict == reference.verdict,
                "\(label), α·L = \(alpha * l), batch \(batchSize), \(workers) workers: \(r.evidence) vs \(reference.evidence)")
        let engine = GradientDescentDescentCheck.trajectories(f, alpha: alpha, starts: Self.starts, steps: Self.steps, seed: 5,
                                                              engine: true, batchSize: batchSize, workers: workers)
        #expect(engine.map(Self.bits) == records, "\(label), α·L = \(alpha * l), batch \(batchSize), \(workers) workers")
      }
      // Mutant: a step taken without being shown to the check changes Σ‖∇f‖².
      let skipped = GradientDescentDescentCheck.trajectories(f, alpha: alpha, starts: Self.starts, steps: Self.steps, seed: 5,
                                                             engine: true, batchSize: 7, workers: 1, fault: .skippedStep)
      #expect(skipped.map(Self.bits) != records)
    }
    #expect(verdicts == [.holds, .fails], "both verdicts are compared")
  }

  /// Norm and diagonal AdaGrad on the batched kernels, full-matrix AdaGrad lane by lane; δ0 = 2L
  /// holds and δ0 = L/4 fails, so the failure path is compared too.
  @Test("adagrad.descent-and-summability on the engine: evidence and records identical to the scalar loop",
        arguments: landscapes.indices)
  func adaGrad(_ k: Int) {
    let (label, f) = Self.landscapes[k]
    let l = f.lipschitzConstant
    var verdicts: Set<Verdict> = []
    let cases: [(AdaGrad.Geometry, Bool, Double)] = [
      (.norm, false, 2 * l), (.diagonal, true, 2 * l), (.full, true, 2 * l), (.diagonal, false, l / 4),
    ]
    for (geometry, current, delta0) in cases {
      func run(engine: Bool, batchSize: Int? = nil, workers: Int = 1, fault: ObservationFault? = nil) -> CheckResult {
        AdaGradDescentCheck.run(f, geometry: geometry, includesCurrentGradient: current, delta0: delta0, starts: Self.starts,
                                steps: Self.steps, seed: 6, label: label, engine: engine, batchSize: batchSize,
                                workers: workers, fault: fault)
      }
      func records(engine: Bool, batchSize: Int? = nil, workers: Int = 1, fault: ObservationFault? = nil) -> [[UInt64]] {
        AdaGradDescentCheck.trajectories(f, geometry: geometry, includesCurrentGradient: current, delta0: delta0,
                                         starts: Self.starts, steps: Self.steps, seed: 6, engine: engine,
                                         batchSize: batchSize, workers: workers, fault: fault).map(Self.bits)
      }
      let name = "\(label), \(geometry)-\(current ? "current" : "delayed"), δ0/L = \(delta0 / l)"
      let reference = run(engine: false), referenceRecords = records(engine: false)
      verdicts.insert(reference.verdict)
      for (batchSize, workers) in Self.configurations {
        let r = run(engine: true, batchSize: batchSize, workers: workers)
        #expect(Self.json(r) == Self.json(reference) && r.verdict == reference.verdict,
                "\(name), batch \(batchSize), \(workers) workers: \(r.evidence) vs \(reference.evidence)")
        #expect(records(engine: true, batchSize: batchSize, workers: workers) == referenceRecords,
                "\(name), batch \(batchSize), \(workers) workers")
      }
      // Mutant: a step taken without being shown to the check changes S_t, hence the evidence's largest ratio.
      if reference.verdict == .holds {
        #expect(Self.json(run(engine: true, batchSize: 7, fault: .skippedStep)) != Self.json(reference), "\(name)")
      }
    }
    #expect(verdicts == [.holds, .fails], "both verdicts are compared")
  }

  /// Γ_t's bracket and drift over doubling horizons (20, 40, 80): norm and diagonal AdaGrad on the
  /// kernels, full-matrix AdaGrad and the summable-steps mutant (which fails at t = 10) lane by lane.
  @Test("adagrad.pd-limit on the engine: evidence identical to the scalar loop", arguments: landscapes.indices)
  func positiveDefiniteLimit(_ k: Int) {
    let (label, f) = Self.landscapes[k]
    let l = f.lipschitzConstant, delta0 = 2 * l, d = f.dimension
    let bracket = PositiveDefiniteLimitCheck.adaGradBracket(delta0: delta0, lowerBound: f.lowerBound)
    func compare<M: StepMatrixMethod>(_ m: M, bracket: (@Sendable (Vector, Double) -> ClosedRange<Double>)?) -> Verdict {
      func run(engine: Bool, batchSize: Int? = nil, workers: Int = 1, fault: ObservationFault? = nil) -> CheckResult {
        PositiveDefiniteLimitCheck.run(m, on: f, starts: 5, steps: 20, maximumSteps: 80, seed: 7, label: label, bracket: bracket,
                                       engine: engine, batchSize: batchSize, workers: workers, fault: fault)
      }
      let reference = run(engine: false)
      for (batchSize, workers) in Self.configurations {
        let r = run(engine: true, batchSize: batchSize, workers: workers)
        #expect(Self.json(r) == Self.json(reference) && r.verdict == reference.verdict,
                "\(label), \(m.name), batch \(batchSize), \(workers) workers: \(r.evidence) vs \(reference.evidence)")
      }
      // Mutant: a step taken unseen shifts every Γ_t, so the spectrum's extremes or the drift change.
      #expect(Self.json(run(engine: true, batchSize: 7, fault: .skippedStep)) != Self.json(reference), "\(m.name)")
      return reference.verdict
    }
    var verdicts: Set<Verdict> = []
    let geometries: [(AdaGrad.Geometry, Bool)] = d > 3 ? [(.diagonal, false)] : [(.norm, true), (.diagonal, false), (.full, true)]
    for (geometry, current) in geometries {
      verdicts.insert(compare(PolicyDescent(adaGrad: geometry, includesCurrentGradient: current, delta0: delta0, dimension: d),
                              bracket: bracket))
    }
    if d == 3 {
      // Γ_t = c/(t + 1)² leaves the bracket [c/100, c] at t = 10: a failure mid-run.
      let c = 0.5 / l
      let summable = compare(PolicyDescent(SummableSteps(c: c)), bracket: { _, _ in (c / 100)...c })
      #expect(summable == .fails)
      verdicts.insert(summable)
    }
    #expect(verdicts.count >= (d == 3 ? 2 : 1), "verdicts compared: \(verdicts)")
  }
}
