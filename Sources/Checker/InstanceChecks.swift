public import Landscapes
public import Dynamics
import LinearAlgebra
import Randomness

/// The applicable claims on a user-supplied objective (`saddlecheck check
/// --instance FILE.json`, or any ``Objective`` from the Swift API): the
/// objective's own certificates, then at **every** planted point with
/// λ_min < 0 (up to `maximumSaddles`, the rest named in ``CheckReport/leftOut``)
/// the unstable-fixed-point and avoidance claims for the given method, and
/// for gradient descent the descent and diffeomorphism claims.
///
/// The report states the theorems' hypotheses first (``Hypotheses``) and marks
/// each theorem row covered or outside them. Planted points with λ_min = 0 get
/// a `not-covered` row each.
public enum InstanceChecks {
  /// Point numbers as compact ranges, at most `limit` of them: `[3, 4, 5, 9]` → "#3–#5, #9";
  /// beyond the limit, "… and N more points" (a left-out list stays one short line).
  static func compactList(_ points: [Int], limit: Int = 20) -> String {
    var runs: [ClosedRange<Int>] = []
    for p in points {
      if let last = runs.last, last.upperBound + 1 == p { runs[runs.count - 1] = last.lowerBound...p } else { runs.append(p...p) }
    }
    let shown = runs.prefix(limit).map { $0.count == 1 ? "#\($0.lowerBound)" : "#\($0.lowerBound)–#\($0.upperBound)" }
    let hidden = runs.dropFirst(limit).reduce(0) { $0 + $1.count }
    return shown.joined(separator: ", ") + (hidden > 0 ? ", … and \(hidden) more point\(hidden == 1 ? "" : "s")" : "")
  }

  /// The default cap on the saddles that get avoidance rows.
  public static let defaultMaximumSaddles = 64

  /// Runs the checks on a landscape with GD, α = 0.9/L (the CLI's `check --instance`).
  public static func run(_ landscape: Landscape, label: String, starts: Int, seed: UInt64,
                         horizon: Int = Battery.rules.horizon,
                         progress: @escaping @Sendable (String) -> Void = { _ in }) -> [CheckResult] {
    report(landscape, label: label, starts: starts, horizon: horizon, seed: seed, progress: progress).results
  }

  /// As ``report(_:label:method:starts:horizon:maximumSaddles:seed:progress:)`` with GD, α = 0.9/L.
  public static func report<F: Objective>(_ f: F, label: String, starts: Int, horizon: Int = Battery.rules.horizon,
                                          maximumSaddles: Int = defaultMaximumSaddles, seed: UInt64,
                                          progress: @escaping @Sendable (String) -> Void = { _ in }) -> CheckReport {
    let l = f.lipschitzConstant
    guard l > 0, l.isFinite else {
      return CheckReport(hypotheses: ["hypotheses: L = \(l) is not a positive finite constant; no step α < 1/L exists"], results: [],
                         leftOut: ["every claim: gradient descent needs α < 1/L with a positive finite L"])
    }
    return report(f, label: label, method: GradientDescent(stepSize: 0.9 / f.lipschitzConstant), starts: starts, horizon: horizon,
           maximumSaddles: maximumSaddles, seed: seed, progress: progress)
  }

  /// Every applicable claim of `method` on `f`.
  /// - Parameters:
  ///   - starts: Monte Carlo starts per saddle (uniform in the ball of radius 0.5; ≥ 1).
  ///   - horizon: steps per run before the adaptive extension (up to 16×, see ``SaddleAvoidanceCheck/maximumHorizon``).
  ///   - maximumSaddles: saddles beyond this many get no avoidance row; the report says which.
  ///   - certifyEscapeByDescent: whether the method never increases f (GD with α < 1/L does), so a
  ///     run may stop, certified escaped, once f < f(x*).
  ///   - radius: starts are uniform in the ball of this radius around each saddle (> 0).
  public static func report<F: Objective, M: FirstOrderMethod>(
    _ f: F, label: String, method: M, starts: Int, horizon: Int = Battery.rules.horizon,
    maximumSaddles: Int = defaultMaximumSaddles, certifyEscapeByDescent: Bool? = nil, radius: Double = 0.5,
    includeCertificates: Bool = true, seed: UInt64,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) -> CheckReport {
    if let problem = ObjectiveValidation.problem(f) {
      return CheckReport(hypotheses: ["hypotheses: not measured, the objective is malformed"], results: [],
                         skipped: [SkippedClaim(claim: "every claim", method: method.name, landscape: label,
                                                reason: "the objective is malformed: \(problem)")])
    }
    var log = ResultLog(seed: seed, progress: progress)
    func add(_ r: CheckResult, coverage: Coverage? = nil) {
      var r = r
      r.coverage = coverage
      log.add(r)
    }
    // The certificate is checked for every method (it is cheap): a refuted L takes every row outside
    // the hypotheses, whether or not this call prints the certificate row.
    if f.dimension >= 200 {
      progress("\(label): certificate checks in d = \(f.dimension) (sampled Hessians, each an O(d³) eigendecomposition) — "
               + "this takes a while")
    }
    let lip = LipschitzCertificateCheck().run(f, seed: seed)
    if includeCertificates {
    add(CheckResult(claim: Claim.lipschitzCertificate.id, method: "-", landscape: label, verdict: lip.verdict,
                    data: .lipschitzCertificate(lip.evidence.estimated(!f.boundProvenance.isCertified)), seed: Seed.hex(seed)))
    let planted = PlantedCriticalPointsCheck().run(f, seed: seed)
    add(CheckResult(claim: Claim.plantedCriticalPoints.id, method: "-", landscape: label, verdict: planted.verdict,
                    data: .plantedCriticalPoints(planted.evidence), seed: Seed.hex(seed)))
    }
    let points = f.criticalPoints
    // Strict saddles, and degenerate planted points the local test does not call a minimum.
    let classifier = CriticalPointClassifier(gradientTolerance: Battery.rules.gradientTolerance)
    let underTest = points.indices.filter {
      points[$0].isStrictSaddle
        || (points[$0].kind == .degenerate
              && !classifier.classify(points[$0].location, on: f, seed: Seed.derive(seed, UInt64($0))).isMinimum)
    }
    var hypotheses = Hypotheses.measure(method, on: f, points: underTest)
    if lip.verdict == .fails { hypotheses.lipschitzRefutation = lip.evidence.rendered }
    // SGD with noise: x − α_t(∇f(x) + σξ_t) fixes no point, so there is no unstable fixed point to
    // test, and its avoidance claim is sgd.noise-escapes (runs far from x* at the horizon count as away).
    // Otherwise the avoidance claim the method's theorem is: GD's, vanishing steps' ([PPW19]) or the
    // adaptive policies' ([AMPW22]).
    let noisy = ((method as? StochasticGradientDescent)?.sigma ?? 0) > 0
    var avoidanceClaim = noisy ? Claim.sgdNoiseEscapes : Claim.gdAvoidsStrictSaddles
    if !(method is GradientDescent), method is any StepMatrixMethod {
      avoidanceClaim = method is PolicyDescent<VanishingStep> ? .vanishingAvoids : .adagradAvoids
    }
    guard case .euclidean = f.domain else {
      guard !underTest.isEmpty else { return CheckReport(hypotheses: hypotheses.lines, results: log.results) }
      let claims = method is any ExtendedStateMethod ? "the extended-map claims"
        : ((noisy ? [] : [Claim.unstableFixedPoint.id]) + [avoidanceClaim.id]
           + (method is GradientDescent ? [Claim.gdDescent.id, Claim.gdDiffeomorphism.id] : [])).joined(separator: ", ")
      return CheckReport(hypotheses: hypotheses.lines, results: log.results,
                         leftOut: ["\(claims) did not run (\(underTest.count) saddle point\(underTest.count == 1 ? "" : "s"): "
                                   + "\(compactList(underTest))): their theorems are stated on R^d and the domain is the "
                                   + "\(f.domain.name)"])
    }
    let strict = underTest.filter { points[$0].isStrictSaddle }
    let checked = Array(strict.prefix(Swift.max(0, maximumSaddles)))
    var leftOut: [String] = []
    if strict.count > checked.count {
      let skipped = strict.dropFirst(checked.count)
      leftOut.append("\(skipped.count) of \(strict.count) strict saddles got no unstable-fixed-point or avoidance row"
                     + " (cap \(maximumSaddles)): points \(compactList(Array(skipped)))")
    }
    var rules = Battery.rules
    rules.horizon = Swift.max(1, horizon)
    let radius = radius > 0 && radius.isFinite ? radius : 0.5
    if let extended = method as? any ExtendedStateMethod {
      let skipped = ExtendedStateClaims.run(f, label: label, method: extended,
          points: underTest.filter { !points[$0].isStrictSaddle || checked.contains($0) }, hypotheses: hypotheses,
          starts: starts, rules: rules, radius: radius, seed: seed, add: { add($0, coverage: $1) })
      return CheckReport(hypotheses: hypotheses.lines, results: log.results, leftOut: leftOut, skipped: skipped)
    }
    var skipped: [SkippedClaim] = []
    if noisy {
      skipped.append(SkippedClaim(claim: Claim.unstableFixedPoint.id, method: method.name, landscape: label,
          reason: "the noisy map x − α_t(∇f(x) + σξ_t) fixes no point (g(x*) ≠ x* almost surely); SGD's claim is "
            + "\(Claim.sgdNoiseEscapes.id)"))
    } else {
      for k in underTest where !points[k].isStrictSaddle || checked.contains(k) {
        add(UnstableFixedPointCheck.run(method, on: f, saddle: points[k], label: "\(label) point #\(k)"),
            coverage: hypotheses.coverage(point: k))
      }
    }
    if let gd = method as? GradientDescent {
      let alpha = gd.policy.alpha
      let coverage = hypotheses.coverage(point: nil)
      add(GradientDescentDescentCheck.run(f, alpha: alpha, starts: 20, steps: 500, seed: seed, label: label), coverage: coverage)
      let diffeomorphism = GradientDescentDiffeomorphismCheck.run(f, alpha: alpha, samples: 40, seed: seed, label: label)
      var mapCoverage = coverage
      if !f.certifiedRegion.isGlobal, diffeomorphism.verdict == .fails, case .diffeomorphism(let e) = diffeomorphism.data,
         e.determinantPositive, case .covered = coverage {
        // det Dg > 0 at every sample (a local fact the box's L covers), but injectivity and the inverse are
        // global: the inverse iteration may leave the region where L is certified.
        mapCoverage = .outsideHypotheses(reason: "injectivity and the inverse are global statements; L is certified on "
                                           + "\(f.certifiedRegion.summary) only")
      }
      add(diffeomorphism, coverage: mapCoverage)
    }
    // Γ_t's own claims for a method that states it (not GD: its rows are above).
    if !(method is GradientDescent), let stated = method as? any StepMatrixMethod {
      skipped += StepMatrixClaims.run(f, label: label, method: stated, points: checked, hypotheses: hypotheses, seed: seed,
                                      add: { add($0, coverage: $1) })
    }
    let monotone = certifyEscapeByDescent ?? (method is GradientDescent && hypotheses.stepBoundHolds == true)
    for k in underTest where !points[k].isStrictSaddle || checked.contains(k) {
      var check = SaddleAvoidanceCheck(claim: avoidanceClaim, starts: Swift.max(1, starts), radius: radius,
          rules: rules, certifyEscapeByDescent: monotone)
      if noisy { check.awayDistance = Battery.noisyAwayDistance }
      let caseSeed = Seed.derive(seed, UInt64(k))
      let (verdict, evidence) = check.run(method, on: f, saddle: points[k], seed: caseSeed)
      var coverage = hypotheses.coverage(point: k)
      if !f.certifiedRegion.isGlobal, evidence.diverged > 0 {
        // L is certified on the region only: a run that left every bound left the region, where the
        // theorem's L-smoothness is not established — outside the hypotheses, not a counterexample.
        let reason = "\(evidence.diverged) runs diverged, leaving \(f.certifiedRegion.summary), the only region where L is certified"
        switch coverage {
        case .covered: coverage = .outsideHypotheses(reason: reason)
        case .outsideHypotheses(let r): coverage = .outsideHypotheses(reason: r + "; " + reason)
        }
      }
      add(.avoidance(claim: avoidanceClaim.id, method: method.name, landscape: "\(label) point #\(k)", verdict: verdict,
                     evidence: evidence, check: check, seed: caseSeed), coverage: coverage)
    }
    if !(method is GradientDescent) {
      for claim in [Claim.gdDescent, .gdDiffeomorphism] {
        skipped.append(SkippedClaim(claim: claim.id, method: method.name, landscape: label,
                                    reason: "stated for gradient descent x − α∇f(x), which this method is not"))
      }
    }
    return CheckReport(hypotheses: hypotheses.lines, results: log.results, leftOut: leftOut, skipped: skipped)
  }
}
