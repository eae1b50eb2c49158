import LinearAlgebra
import Randomness
import Landscapes
import Dynamics

/// The claims for a method with an auxiliary state (``ExtendedStateMethod``: heavy ball,
/// Nesterov, Adam, a user's momentum) at the points under test of one objective — the part of
/// ``InstanceChecks/report(_:label:method:starts:horizon:maximumSaddles:certifyEscapeByDescent:radius:includeCertificates:seed:progress:)``
/// that differs from a method of x alone:
/// - `saddle.unstable-fixed-point` for the *extended* map at (x*, s*) (``ExtendedFixedPointCheck``),
///   when G is autonomous; skipped with the reason otherwise (Adam: time-dependent and not C¹ at
///   (x*, 0, 0) — outside the hypotheses, never a counterexample);
/// - `momentum.diffeomorphism` (``ExtendedDiffeomorphismCheck``), once per objective;
/// - `momentum.avoids-strict-saddles` by Monte Carlo over extended starts: x_0 uniform in the
///   ball around x*, s_0 = ``ExtendedStateMethod/startingState(dimension:unitBallDraw:)`` of a
///   uniform draw in the unit ball of R^k, from stream i of a seed derived from the row's seed
///   (absolutely continuous on R^{d+k} for heavy ball and Nesterov; the starts s_0 = 0 alone are
///   a null set the theorem says nothing about). No descent certificate: f is not monotone
///   under momentum, so every run goes on until it stops at a minimum or reaches the horizon.
/// The claims about a step matrix Γ_t are listed as skipped, with the reason.
enum ExtendedStateClaims {
  static func run<F: Objective, M: ExtendedStateMethod>(
    _ f: F, label: String, method: M, points: [Int], hypotheses: Hypotheses, starts: Int, rules: Classification,
    radius: Double, seed: UInt64, add: (CheckResult, Coverage?) -> Void
  ) -> [SkippedClaim] {
    let planted = f.criticalPoints
    var skipped: [SkippedClaim] = []
    func skip(_ claim: Claim, _ reason: String) {
      skipped.append(SkippedClaim(claim: claim.id, method: method.name, landscape: label, reason: reason))
    }
    let failing = method.conditions(lipschitz: f.lipschitzConstant).filter { !$0.holds }.map(\.statement)
    if method.isAutonomous {
      for k in points {
        add(ExtendedFixedPointCheck.run(method, on: f, saddle: planted[k], label: "\(label) point #\(k)").row,
            hypotheses.coverage(point: k))
      }
    } else {
      skip(.unstableFixedPoint, "G_t is not one autonomous C¹ map at (x*, s*)"
           + (failing.isEmpty ? "" : " (" + failing.joined(separator: "; ") + ")")
           + ": no linearization to test — outside the hypotheses, not a counterexample")
    }
    // Without a stated DG every sample costs refined differences inside Newton's method: fewer samples.
    let stated = method.analyticExtendedJacobian(at: Vector(zeros: f.dimension + method.auxiliaryDimension(for: f.dimension)), on: f) != nil
    add(ExtendedDiffeomorphismCheck.run(method, on: f, samples: stated ? 20 : 8, seed: seed, label: label), hypotheses.coverage(point: nil))
    let d = f.dimension
    let k = method.auxiliaryDimension(for: d)
    for p in points {
      let check = SaddleAvoidanceCheck(claim: .momentumAvoids, starts: Swift.max(1, starts), radius: radius, rules: rules,
                                       certifyEscapeByDescent: false)
      let caseSeed = Seed.derive(seed, UInt64(p))
      let auxiliarySeed = Seed.derive(caseSeed, label: "auxiliary")
      let make: @Sendable (Int) -> M = { i in
        var m = method
        var rng = Xoshiro256StarStar(seed: auxiliarySeed, stream: UInt64(i))
        let u = k > 0 ? Draw.inBall(center: Vector(zeros: k), radius: 1, using: &rng) : Vector(zeros: 0)
        m.auxiliaryState = m.startingState(dimension: d, unitBallDraw: u)
        return m
      }
      let (verdict, evidence) = check.run(methodForStart: make, on: f, saddle: planted[p], seed: caseSeed)
      add(.avoidance(claim: Claim.momentumAvoids.id, method: method.name, landscape: "\(label) point #\(p)", verdict: verdict,
                     evidence: evidence, check: check, seed: caseSeed,
                     note: "extended starts (x_0 in the ball, s_0 from the unit ball of R^\(k)); no descent certificate"),
          hypotheses.coverage(point: p))
    }
    let noMatrix = "no step matrix Γ_t: the update is not x_{t+1} = x_t − Γ_t∇f(x_t)"
    skip(.inertia, noMatrix + "; DG(z*) is not I − ΓH with Γ ≻ 0 (e.g. heavy ball: eigenvalues from "
         + "μ² − (1 + β − αλ)μ + β = 0 per Hessian eigenvalue λ)")
    skip(.variationOfConstants, noMatrix)
    skip(.adagradEtaLipschitzSmall, noMatrix)
    skip(.adagradPositiveDefiniteLimit, noMatrix)
    skip(.gdDescent, "f is not monotone under momentum (heavy ball's non-increasing quantity is f + (β/2α)‖v‖²)")
    skip(.adagradDescent, "f is not monotone under momentum (heavy ball's non-increasing quantity is f + (β/2α)‖v‖²)")
    skip(.gdDiffeomorphism, "about x ↦ x − Γ∇f(x); the extended map is checked as momentum.diffeomorphism")
    skip(.adagradDiffeomorphism, "about x ↦ x − Γ∇f(x); the extended map is checked as momentum.diffeomorphism")
    skip(.gdAvoidsStrictSaddles, "checked as momentum.avoids-strict-saddles, over extended starts (x_0, s_0)")
    return skipped
  }
}
