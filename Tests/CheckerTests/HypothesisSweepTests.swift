import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker

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
