import Checker
import Dynamics
import Landscapes
import Randomness
import LinearAlgebra
import Foundation

/// The claims that apply to any ``Objective`` with certified points, for the
/// `--function` path: a thin adapter with the shape of `InstanceChecks.run`
/// (which takes the closed `Landscape` enum) until that runs on any
/// objective. It only sequences the existing checks.
enum ObjectiveClaims {
  /// The saddle claims run at the first this many certified strict saddles.
  static let maximumSaddles = 20

  static func run<F: Objective>(
    _ f: F, label: String, methods: [any FirstOrderMethod], horizon: Int, starts: Int, seed: UInt64,
    progress: @escaping @Sendable (String) -> Void
  ) -> [CheckResult] {
    var results: [CheckResult] = []
    func add(_ r: CheckResult) {
      var r = r
      if r.seed == "-" { r.seed = Seed.hex(seed) }
      results.append(r)
      progress("\(r.claim) · \(r.method) · \(r.landscape): \(r.verdict.rawValue)")
    }
    let lip = LipschitzCertificateCheck().run(f, seed: seed)
    add(CheckResult(claim: Claim.lipschitzCertificate.id, method: "-", landscape: label, verdict: lip.verdict,
                    evidence: lip.evidence.failure ?? "sampled max / L = \(String(format: "%.3g", lip.evidence.tightness))"))
    let planted = PlantedCriticalPointsCheck().run(f, seed: seed)
    add(CheckResult(claim: Claim.plantedCriticalPoints.id, method: "-", landscape: label, verdict: planted.verdict,
                    evidence: planted.evidence.failure ?? "\(planted.evidence.points) certified points critical, f ≥ f_low on samples"))
    var rules = Battery.rules
    rules.horizon = horizon
    let saddles = f.criticalPoints.enumerated().filter { $0.element.isStrictSaddle }.prefix(maximumSaddles)
    let l = f.lipschitzConstant
    // Starts near a saddle stay in the certified box's scale.
    let radius: Double
    if case .box(let lo, let hi) = f.certifiedRegion {
      radius = Swift.min(0.5, 0.25 * (hi - lo).components.min()!)
    } else {
      radius = 0.5
    }
    for method in methods {
      func open<M: FirstOrderMethod>(_ m: M) {
        for (k, saddle) in saddles { add(UnstableFixedPointCheck.run(m, on: f, saddle: saddle, label: "\(label) saddle #\(k)")) }
        let isGD = (m as? GradientDescent).map { $0.stepSize < 1 / l } ?? false
        if let gd = m as? GradientDescent {
          add(GradientDescentDescentCheck.run(f, alpha: gd.stepSize, starts: 20, steps: 500, seed: seed, label: label))
          add(GradientDescentDiffeomorphismCheck.run(f, alpha: gd.stepSize, samples: 40, seed: seed, label: label))
        }
        for (k, saddle) in saddles {
          // Escape certified by descent only for GD with α < 1/L (it never increases f).
          let check = SaddleAvoidanceCheck(starts: starts, radius: radius, rules: rules, certifyEscapeByDescent: isGD)
          let caseSeed = Seed.derive(seed, UInt64(k))
          let (verdict, evidence) = check.run(m, on: f, saddle: saddle, seed: caseSeed)
          add(CheckResult(claim: Claim.gdAvoidsStrictSaddles.id, method: m.name, landscape: "\(label) saddle #\(k)", verdict: verdict,
                          evidence: evidence.summary(alpha: check.alpha), seed: Seed.hex(caseSeed)))
        }
      }
      open(method)
    }
    return results
  }
}
