import LinearAlgebra
import Landscapes
import Dynamics

/// The claims about a stated step matrix Γ_t (``StepMatrixMethod``: AdaGrad, RMSProp, a user's
/// ``MatrixStepPolicy``; not GD, whose rows are GD's own) on one objective — the part of
/// ``InstanceChecks`` that the talk's adaptive-step argument adds:
/// - at each strict saddle under test: `linearization.inertia` with Γ_t after 20 steps from
///   x* + 0.3·e₁, and `linearization.variation-of-constants` over 40 steps from 1e-3 away;
/// - once: `adagrad.pd-limit` (4 trajectories, Cauchy horizon 1500 doubled up to 16×) and the step
///   maps' diffeomorphism evidence (`adagrad.diffeomorphism`, ``StepMapDiffeomorphismCheck``).
/// Vanishing steps (Γ_t = α_t·I → 0 by design) skip the limit and the diffeomorphism rows, with the reason.
enum StepMatrixClaims {
  static func run<F: Objective, M: StepMatrixMethod>(
    _ f: F, label: String, method: M, points: [Int], hypotheses: Hypotheses, seed: UInt64, add: (CheckResult, Coverage?) -> Void
  ) -> [SkippedClaim] {
    var skipped: [SkippedClaim] = []
    func skip(_ claim: Claim, _ reason: String) {
      skipped.append(SkippedClaim(claim: claim.id, method: method.name, landscape: label, reason: reason))
    }
    let planted = f.criticalPoints
    let d = f.dimension
    for k in points where planted[k].isStrictSaddle {
      let p = planted[k]
      let rowLabel = "\(label) point #\(k)"
      var warm = method
      var x = p.location + 0.3 * Vector(basis: 0, dimension: d)
      for _ in 0..<20 where x.isFinite { x = warm.step(from: x, on: f) }
      if x.isFinite {
        add(InertiaCheck.run(f, saddle: p, stepMatrix: warm.stepMatrix(for: f.gradient(at: x)), method: method.name, label: rowLabel),
            hypotheses.coverage(point: k))
      }
      let near = p.location + 1e-3 * Vector((0..<d).map { Double($0 + 1) }).normalized()
      add(VariationOfConstantsCheck.run(method, on: f, saddle: p, start: near, steps: 40, label: rowLabel), nil)
    }
    if method is PolicyDescent<VanishingStep> {
      let reason = "Γ_t = α_t·I → 0 by design: vanishing steps avoid strict saddles by [PPW19], not through a positive-definite limit"
      skip(.adagradPositiveDefiniteLimit, reason)
      skip(.adagradDiffeomorphism, "each step map is GD's with α_t ≤ α_0; the claim is stated for AdaGrad's Γ_t")
    } else {
      add(PositiveDefiniteLimitCheck.run(method, on: f, starts: 4, steps: 1500, seed: seed, label: label), hypotheses.coverage(point: nil))
      add(StepMapDiffeomorphismCheck.run(method, on: f, samples: 8, seed: seed, label: label, claim: .adagradDiffeomorphism),
          hypotheses.coverage(point: nil))
    }
    skip(.adagradEtaLipschitzSmall, "needs an orbit on the exact stable set, which the package builds only on its own landscapes "
         + "(EtaLipschitzCheck, the adaptive stable sets of the main job)")
    skip(.adagradDescent, "stated for AdaGrad's accumulator S_t = δ0² + Σ‖g_s‖² (run by the main job for its six variants)")
    return skipped
  }
}
