import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import Randomness

@Suite struct HypothesisSweepTests {
  static let cells: [HypothesisSweep.Cell] = {
    let landscapes = Array(HypothesisSweep.landscapes(seed: 14).prefix(1))
    return HypothesisSweep.run(landscapes: landscapes, gdGrid: [0.5, 1.9], adaGrid: [0.1, 2], variants: [(.norm, true)], starts: 20,
                               trajectories: 2, seed: 14)
  }()

  @Test("the sweep: inside the hypotheses nothing breaks; α·L = 1.9 and δ0/L = 0.1 give det Dg ≤ 0")
  func phases() throws {
    let cells = Self.cells
    print(HypothesisSweep.render(cells))
    try #require(cells.count == 4)
    for c in cells where c.withinHypotheses {
      #expect(!c.breaks && c.minimumDeterminant > 0 && c.hits == 0, "\(c)")
      #expect(c.minima + c.other + c.diverged + c.hits == c.starts)
    }
    let outside = cells.filter { !$0.withinHypotheses }
    #expect(outside.count == 2)
    // 1 − 1.9·λ < 0 where the Hessian's top eigenvalue λ is near L; Γ_0 = 10/L for δ0 = 0.1L.
    for c in outside { #expect(c.minimumDeterminant <= 0, "\(c)") }
    let rows = HypothesisSweep.batteryRows(cells, seed: 14)
    #expect(rows.filter { $0.claim != "step-bound-is-needed" }.allSatisfy { $0.verdict == .holds }, "\(rows.map(\.evidence))")
    #expect(rows.filter { $0.claim == "step-bound-is-needed" }.allSatisfy { $0.verdict == .fails && $0.isAsExpected })
  }

  @Test("a cell's Monte Carlo runs are bit-identical on the batched engine and run by run (GD, AdaGrad norm, full)")
  func batchedEngineGivesTheSameRuns() throws {
    let (label, f) = HypothesisSweep.landscapes(seed: 14)[0]
    let saddle = try #require(f.criticalPoints.first { $0.location.maximumMagnitude == 0 && $0.kind == .strictSaddle })
    let l = f.lipschitzConstant, d = f.dimension
    var rng = Xoshiro256StarStar(seed: 15)
    let starts = (0..<12).map { _ in Draw.inBall(center: saddle.location, radius: 0.5, using: &rng) }
    var outcomes: Set<String> = []
    func compare<P: MatrixStepPolicy>(_ name: String, _ make: () -> P) {
      let batched = HypothesisSweep.monteCarloRuns(make, on: f, from: starts, batched: true)
      let scalar = HypothesisSweep.monteCarloRuns(make, on: f, from: starts, batched: false)
      let differ = zip(batched, scalar).enumerated().filter { _, p in
        p.0.outcome != p.1.outcome || p.0.steps != p.1.steps
          || p.0.final.components.map(\.bitPattern) != p.1.final.components.map(\.bitPattern)
      }.map(\.offset)
      #expect(batched.count == starts.count && differ.isEmpty, "\(name): starts \(differ) differ")
      for r in scalar { outcomes.insert("\(r.outcome)".components(separatedBy: "(").first!) }
      // The cell built on either engine is the same.
      let cells = [true, false].map { b in
        HypothesisSweep.cell(make, on: f, saddle: saddle, landscape: label, parameter: "p", value: 1, withinHypotheses: true,
                             starts: 12, trajectories: 0, seed: 15, batched: b)
      }
      #expect(cells[0] == cells[1], "\(name)")
    }
    // α·L = 1.9 and 4 (far beyond 2/L: divergent runs), δ0/L = 0.5 and 2 for norm and full AdaGrad.
    compare("gd 1.9", { ConstantStep(alpha: 1.9 / l) })
    compare("gd 4", { ConstantStep(alpha: 4 / l) })
    for v in [0.5, 2.0] {
      compare("norm \(v)", { AdaGrad(geometry: .norm, includesCurrentGradient: true, delta0: v * l, dimension: d) })
      compare("full \(v)", { AdaGrad(geometry: .full, includesCurrentGradient: false, delta0: v * l, dimension: d) })
    }
    #expect(outcomes.isSuperset(of: ["diverged", "descendedBelowFloor"]) || outcomes.isSuperset(of: ["diverged", "converged"]),
            "outcomes seen: \(outcomes)")
  }

  @Test("the cells round-trip through JSON (what `saddlecheck sweep --json` prints)")
  func json() throws {
    let data = try JSONEncoder().encode(Self.cells)
    #expect(try JSONDecoder().decode([HypothesisSweep.Cell].self, from: data) == Self.cells)
  }

  @Test("the in-hypothesis battery row fails when a cell that breaks is labelled inside the hypotheses")
  func misplacedThreshold() {
    let mislabelled = Self.cells.map { c -> HypothesisSweep.Cell in
      var c = c
      c.withinHypotheses = true
      return c
    }
    let rows = HypothesisSweep.batteryRows(mislabelled, seed: 14)
    #expect(rows.contains { $0.claim == "gd.diffeomorphism" && $0.verdict == .fails })
    #expect(rows.contains { $0.claim == "adagrad.diffeomorphism" && $0.verdict == .fails })
  }
}
