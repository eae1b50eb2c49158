public import Landscapes
import Dynamics
import Randomness

/// The applicable claims on a user-supplied landscape (`saddlecheck check
/// --instance FILE.json`): the landscape's own certificates, and at each
/// planted strict saddle the GD claims (unstable fixed point, descent,
/// diffeomorphism, avoidance by Monte Carlo).
public enum InstanceChecks {
  public static func run(_ landscape: Landscape, label: String, starts: Int, seed: UInt64, progress: @escaping @Sendable (String) -> Void = { _ in }) -> [CheckResult] {
    var log = ResultLog(seed: seed, progress: progress)
    func add(_ r: CheckResult) { log.add(r) }
    let f = landscape.objective
    let lip = LipschitzCertificateCheck().run(f, seed: seed)
    add(CheckResult(claim: Claim.lipschitzCertificate.id, method: "-", landscape: label, verdict: lip.verdict,
                    evidence: lip.evidence.failure ?? "sampled max / L = \(short(lip.evidence.tightness))", seed: Seed.hex(seed)))
    let planted = PlantedCriticalPointsCheck().run(f, seed: seed)
    add(CheckResult(claim: Claim.plantedCriticalPoints.id, method: "-", landscape: label, verdict: planted.verdict,
                    evidence: planted.evidence.failure ?? "\(planted.evidence.points) planted points verified", seed: Seed.hex(seed)))
    guard case .euclidean = landscape.domain else { return log.results }
    let l = landscape.lipschitzConstant
    let gd = GradientDescent(stepSize: 0.9 / l)
    for saddle in landscape.criticalPoints where saddle.isStrictSaddle {
      add(UnstableFixedPointCheck.run(gd, on: landscape, saddle: saddle, label: label))
    }
    add(GradientDescentDescentCheck.run(landscape, alpha: 0.9 / l, starts: 20, steps: 500, seed: seed, label: label))
    add(GradientDescentDiffeomorphismCheck.run(landscape, alpha: 0.9 / l, samples: 40, seed: seed, label: label))
    for (k, saddle) in landscape.criticalPoints.enumerated() where saddle.isStrictSaddle && k < 5 {
      let check = SaddleAvoidanceCheck(starts: starts, radius: 0.5, rules: Battery.rules, certifyEscapeByDescent: true)
      let caseSeed = Seed.derive(seed, UInt64(k))
      let (verdict, evidence) = check.run(gd, on: landscape, saddle: saddle, seed: caseSeed)
      add(CheckResult(claim: Claim.gdAvoidsStrictSaddles.id, method: gd.name, landscape: "\(label) saddle #\(k)", verdict: verdict,
                      evidence: evidence.summary(alpha: check.alpha), seed: Seed.hex(caseSeed)))
    }
    return log.results
  }
}
