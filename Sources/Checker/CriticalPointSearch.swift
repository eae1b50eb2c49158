import Foundation
public import LinearAlgebra
public import Landscapes

/// One critical point found by ``CriticalPointFinder``: where, how well, and what it is.
public struct FoundCriticalPoint: Sendable, Hashable, Codable {
  /// The refined location x̄.
  public var location: Vector
  /// f(x̄).
  public var value: Double
  /// The residual ‖∇f(x̄)‖ after refinement.
  public var gradientNorm: Double
  /// The eigenvalues of ∇²f(x̄), ascending.
  public var hessianEigenvalues: Vector
  /// The class from ``CriticalPointClassifier`` (strict / non-strict minimum with nullity,
  /// degenerate, strict saddle with Morse index, undecided).
  public var classification: CriticalPointClassifier.Class
  /// The first start (index) whose run ended here.
  public var start: Int
  /// Converged runs that ended here (1 under deflation unless a run leaked past it).
  public var hits: Int
  /// The objective's planted point within the finder's `plantedTolerance`, if any.
  public var plantedIndex: Int?

  /// The class in a few words, e.g. `strict saddle (index 1)`.
  public var classSummary: String {
    switch classification {
    case .strictMinimum: "strict minimum"
    case .nonStrictMinimum(let k): "non-strict minimum (nullity \(k))"
    case .degenerateNonMinimum(let k, _): "degenerate, not a minimum (nullity \(k))"
    case .strictSaddle(let k): k == hessianEigenvalues.dimension ? "strict saddle (index \(k), a maximum)" : "strict saddle (index \(k))"
    case .undecided(let why): "undecided (\(why))"
    }
  }
}

/// Why deflated Newton runs ended without a critical point.
public struct RunFailures: Sendable, Hashable, Codable {
  /// No step decreased the deflated merit ‖G‖ (a non-root local minimum of it).
  public var stalled: Int
  /// The iterate left the region enlarged by half its size.
  public var leftRegion: Int
  /// The iteration limit was reached.
  public var iterationLimit: Int
  /// The run converged but refinement did not bring ‖∇f‖ within the tolerance.
  public var unrefined: Int
  /// All of them.
  public var total: Int { stalled + leftRegion + iterationLimit + unrefined }
}

/// What a search for critical points found, with the counts that say how thorough it was.
///
/// Not a proof of completeness: see ``CriticalPointFinder`` ("What is not guaranteed") and
/// the interval certifier of the `Certification` module for a proof on a box.
public struct CriticalPointSearch: Sendable, Hashable, Codable {
  /// The region searched.
  public var region: Region
  /// The seed, `0x`-hexadecimal.
  public var seed: String
  /// Starts drawn.
  public var starts: Int
  /// Newton runs (each start is re-used after each root it finds, under deflation).
  public var runs: Int
  /// Runs whose refined end point was a critical point (‖∇f‖ within the tolerance).
  public var convergedRuns: Int
  /// Starts with at least one converged run.
  public var startsConverged: Int
  /// Runs that did not converge, by cause. Under deflation every run after the last root
  /// fails by construction (the deflated residual has no root left), so failures are expected.
  public var failedRuns: RunFailures
  /// Converged runs whose point lies outside the region (not listed).
  public var outsideRegion: Int
  /// Whether the search stopped at the finder's `maximumPoints`.
  public var capped: Bool
  /// The distinct critical points found, in the order found.
  public var points: [FoundCriticalPoint]
  /// The objective's planted points inside the region.
  public var plantedInRegion: Int
  /// Indices of planted points inside the region that no found point matches.
  public var missedPlanted: [Int]

  /// What the search does not promise, printed with every result.
  public static let caveat = "a finder can miss critical points: this list is not proved complete "
    + "(the interval certifier of `saddlecheck check --function EXPR --box …` proves completeness on a box)"

  /// The result as lines for a terminal.
  public var lines: [String] { lines(oracle: "planted") }

  /// The result as lines, calling the objective's known points `oracle` ("planted", or
  /// "certified" for the interval certifier's).
  public func lines(oracle: String) -> [String] {
    var out = ["critical points found in \(region.summary): \(points.count)"
               + " (\(starts) starts, \(startsConverged) of them converging; \(runs) deflated Newton runs,"
               + " \(convergedRuns) converged; seed \(seed))",
               "  runs without a root: \(failedRuns.stalled) stalled, \(failedRuns.leftRegion) left the region, "
               + "\(failedRuns.iterationLimit) at the iteration limit, \(failedRuns.unrefined) not refined"]
    for (k, p) in points.enumerated() {
      let x = p.location.components.map { String(format: "%.6g", $0) }.joined(separator: ", ")
      let planted = p.plantedIndex.map { ", \(oracle) #\($0)" } ?? ""
      out.append("  #\(k) \(p.classSummary): x = (\(x)), f = \(String(format: "%.6g", p.value)), "
                 + "‖∇f‖ = \(String(format: "%.1e", p.gradientNorm))\(planted)")
    }
    if plantedInRegion > 0 {
      out.append(missedPlanted.isEmpty ? "  every \(oracle) point in the region was found (\(plantedInRegion))"
                 : "  MISSED \(oracle) points: #" + missedPlanted.map(String.init).joined(separator: ", #"))
    }
    if capped { out.append("  stopped at the cap on distinct points; there may be more") }
    if points.contains(where: { if case .nonStrictMinimum(let k) = $0.classification { k > 0 } else { false } }) {
      out.append("  points with nullity > 0 may lie on a critical manifold: they are samples of it, not all of it")
    }
    out.append("  " + Self.caveat)
    return out
  }
}
