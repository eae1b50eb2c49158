import Foundation
import LinearAlgebra
import PropertyTesting

// The data of each kind of check (``CheckEvidence``), with the one-line text rendered from it.
// Numbers keep the precision the checks always printed; a finding stated in words (which
// inequality failed, at which step) is kept as text beside the numbers it rests on.

extension LipschitzCertificateCheck.Evidence {
  /// The one-line text: the failure, or the tightness of L and the finite-difference margin.
  public var rendered: String {
    (lEstimated == true ? "L ESTIMATED, not certified: " : "")
      + (failure ?? "\(samples) pairs/Hessians within L (sampled max / L = \(short(tightness))); FD within "
      + "\(short(worstFiniteDifferenceRatio)) of tolerance")
  }
}

extension PlantedCriticalPointsCheck.Evidence {
  /// The one-line text: the failure, or the largest residuals and the smallest gap above f_low.
  public var rendered: String {
    if failure == nil && points == 0 { return "no critical points listed; f − f_low ≥ \(short(smallestGap)) on samples" }
    return failure ?? "\(points) points critical (‖∇f‖ ≤ \(short(largestGradient))), spectra to "
      + "\(short(largestEigenvalueError)), f − f_low ≥ \(short(smallestGap))"
  }
}

/// The data of a `saddle.unstable-fixed-point` row (``UnstableFixedPointCheck``).
public struct UnstableFixedPointEvidence: Sendable, Hashable, Codable {
  /// How far the check got.
  public enum Outcome: String, Sendable, Hashable, Codable {
    /// λ_min(∇²f(x*)) ≥ 0: not a strict saddle, not covered.
    case notStrict = "not-strict"
    /// ‖g(x*) − x*‖ exceeds its rounding tolerance.
    case notFixed = "not-fixed"
    /// Dg(x*) has a non-finite entry.
    case jacobianNotFinite = "jacobian-not-finite"
    /// Central differences whose error estimate does not resolve ρ against 1.
    case unresolved
    /// ρ compared with 1.
    case compared
    /// An extended map's stated DG(z*) is not a finite matrix.
    case statedJacobianNotFinite = "stated-jacobian-not-finite"
    /// An extended map's stated DG(z*) disagrees with central differences of G.
    case statedJacobianWrong = "stated-jacobian-wrong"
  }

  /// A method with an auxiliary state (heavy ball, Nesterov, a user's momentum): the fixed point
  /// is z* = (x*, s*) of the extended map G on R^(d + k), ρ is ρ(DG(z*)).
  public struct ExtendedState: Sendable, Hashable, Codable {
    /// d, the objective's dimension, and k, the auxiliary state's.
    public var dimension: Int
    public var auxiliaryDimension: Int
    /// ‖DG_stated − DG_differences‖_F and what was allowed; nil when no formula is stated.
    public var formulaDiscrepancy: Double?
    public var allowedDiscrepancy: Double?

    public init(dimension: Int, auxiliaryDimension: Int, formulaDiscrepancy: Double? = nil,
                allowedDiscrepancy: Double? = nil) {
      self.dimension = dimension
      self.auxiliaryDimension = auxiliaryDimension
      self.formulaDiscrepancy = formulaDiscrepancy
      self.allowedDiscrepancy = allowedDiscrepancy
    }
  }

  public var outcome: Outcome
  /// The saddle's planted index and λ_min(∇²f(x*)).
  public var index: Int
  public var smallestEigenvalue: Double
  /// ‖g(x*) − x*‖ and its rounding tolerance.
  public var fixedPointResidual: Double?
  public var fixedPointTolerance: Double?
  /// ρ(Dg(x*)) on the tangent space.
  public var spectralRadius: Double?
  /// The central differences' error estimate E (ρ given as [ρ − 10E, ρ + 10E]); nil when Dg is analytic.
  public var differenceError: Double?
  /// Set for an extended map (momentum); nil for a map on R^d.
  public var extendedState: ExtendedState? = nil
  /// Analytic Dg: the smallest |ρ − 1| the comparison resolves (``UnstableFixedPointCheck/resolution``,
  /// the bias of Gelfand's estimate and rounding); nil in documents made before it was recorded
  /// (they compared ρ with 1 + 1e-9).
  public var resolution: Double? = nil

  /// "ρ = … > 1" / "< 1" for a resolved analytic comparison, "within … of 1: not resolved" otherwise.
  func analyticComparison(_ symbol: String, _ rho: Double) -> String {
    guard let r = resolution else { return "\(symbol) = \(rho) \(rho > 1 + 1e-9 ? ">" : "≤") 1 (index \(index) saddle" }
    if outcome == .unresolved {
      return "\(symbol) = \(rho), within \(short(r)) of 1: not resolved in double precision (a step too small to show the "
        + "instability; index \(index) saddle"
    }
    return "\(symbol) = \(rho) \(rho > 1 ? ">" : "<") 1 (index \(index) saddle"
  }

  public var rendered: String {
    if let x = extendedState { return renderedExtended(x) }
    let moved = "‖g(x*) − x*‖ = \(fixedPointResidual ?? .nan)"
    let rho = spectralRadius ?? .nan
    switch outcome {
    case .notStrict: return "not covered by the theorem (λ_min = \(smallestEigenvalue)): x* is not a strict saddle"
    case .notFixed: return "x* is not fixed: " + moved
    case .jacobianNotFinite: return "Dg(x*) is not finite"
    case .unresolved, .compared:
      guard let error = differenceError else { return moved + "; " + analyticComparison("ρ(Dg(x*))", rho) + ")" }
      let e = 10 * error
      let text = "ρ(Dg(x*)) ∈ [\(short(rho - e)), \(short(rho + e))] (central differences, error estimate \(short(error)))"
      if outcome == .unresolved { return moved + "; \(text): the difference's own error does not resolve ρ against 1" }
      return moved + "; \(text) \(rho > 1 ? ">" : "≤") 1 (index \(index) saddle)"
    case .statedJacobianNotFinite, .statedJacobianWrong: return "(only for an extended map)"
    }
  }

  private func renderedExtended(_ x: ExtendedState) -> String {
    let n = x.dimension + x.auxiliaryDimension
    let space = "extended state R^\(n) (d = \(x.dimension), k = \(x.auxiliaryDimension))"
    let moved = "‖G(z*) − z*‖ = \(fixedPointResidual ?? .nan)"
    let rho = spectralRadius ?? .nan
    switch outcome {
    case .notStrict: return "not covered by the theorem (λ_min = \(smallestEigenvalue)): x* is not a strict saddle"
    case .notFixed: return "z* = (x*, s*) is not fixed by the extended map: " + moved
    case .statedJacobianNotFinite: return "the stated DG(z*) is not a finite \(n)×\(n) matrix"
    case .statedJacobianWrong:
      return "the stated DG(z*) differs from central differences of G by \(short(x.formulaDiscrepancy ?? .nan)) "
        + "(allowed \(short(x.allowedDiscrepancy ?? .nan))): the formula is wrong"
    case .jacobianNotFinite: return "\(space): DG(z*) by differences is not finite"
    case .unresolved, .compared:
      guard let error = differenceError else {
        return "\(space): \(moved); " + analyticComparison("ρ(DG(z*))", rho)
          + "; stated DG agrees with differences to \(short(x.formulaDiscrepancy ?? .nan)))"
      }
      let e = 10 * error
      let text = "ρ(DG(z*)) ∈ [\(short(rho - e)), \(short(rho + e))] (central differences, error estimate \(short(error)))"
      if outcome == .unresolved { return "\(space): \(text): the difference's own error does not resolve ρ against 1" }
      return "\(space): \(moved); \(text) \(rho > 1 ? ">" : "≤") 1 (index \(index) saddle)"
    }
  }
}

/// The data of a `linearization.inertia` row (``InertiaCheck``).
public struct InertiaEvidence: Sendable, Hashable, Codable {
  /// λ_min(Γ) (the check needs Γ positive definite).
  public var stepMatrixSmallestEigenvalue: Double
  /// #{eig(ΓH) < 0}, #{eig(H) < 0}, #{eig(I − ΓH) > 1} (nil when Γ is not positive definite).
  public var negativeEigenvalues: Int?
  public var negativeCurvatures: Int?
  public var expandingEigenvalues: Int?
  public var plantedIndex: Int
  /// max ‖ΓHv − μv‖/‖v‖ over the eigenpairs, and its rounding tolerance γ‖Γ‖‖H‖.
  public var similarityResidual: Double?
  public var tolerance: Double?

  public var rendered: String {
    guard let negativeEigenvalues, let negativeCurvatures, let expandingEigenvalues else {
      return "Γ is not positive definite (λ_min = \(stepMatrixSmallestEigenvalue))"
    }
    return "#{eig(ΓH) < 0} = \(negativeEigenvalues), #{eig(H) < 0} = \(negativeCurvatures), #{eig(I − ΓH) > 1} = "
      + "\(expandingEigenvalues), planted index \(plantedIndex); similarity residual \(similarityResidual ?? .nan) (tolerance "
      + "\(tolerance ?? .nan))"
  }
}

/// The data of a `linearization.variation-of-constants` row (``VariationOfConstantsCheck``).
public struct VariationOfConstantsEvidence: Sendable, Hashable, Codable {
  public var steps: Int
  /// Largest relative errors of the local form and the summed form A^{t−i}, and their tolerance.
  public var localError: Double
  public var summedError: Double
  public var tolerance: Double
  /// The talk's A^{t−i−1} indexing's largest miss (measured, not asserted).
  public var talkIndexingError: Double
  /// max ‖θ(x* + rv)‖/((M₃/2)r² + rounding) over r = 1e-1…1e-4 (≤ 1 holds).
  public var taylorRatio: Double

  public var rendered: String {
    "\(steps) steps: local form error \(localError), summed form A^{t−i} error \(summedError) "
      + "(relative, tolerance \(tolerance)); the talk's A^{t−i−1} indexing misses by \(talkIndexingError); ‖θ(x* "
      + "+ rv)‖/((M₃/2)r²) ≤ \(taylorRatio)"
  }
}

/// The data of an exact-inequality row along trajectories: `gd.descent` (the descent lemma)
/// or `adagrad.descent` (the talk's (i)–(iv)).
public struct TrajectoryInequalitiesEvidence: Sendable, Hashable, Codable {
  public enum Inequalities: String, Sendable, Hashable, Codable {
    case descentLemma = "descent-lemma"
    case adaGrad = "adagrad"
  }

  public var inequalities: Inequalities
  public var trajectories: Int
  /// Steps per trajectory.
  public var steps: Int
  /// Trajectories with a violation, and the first one's finding.
  public var violating: Int
  public var firstViolation: String?
  /// AdaGrad: the largest √S_T/(δ0 + f(x_0) − f_low) (≤ 1 by (iv)).
  public var largestRatio: Double?

  public var rendered: String {
    switch inequalities {
    case .descentLemma:
      if let firstViolation { return "\(violating) of \(trajectories) trajectories violate the descent lemma: \(firstViolation)" }
      return "\(trajectories) trajectories × \(steps) steps: descent inequality and summability at every step"
    case .adaGrad:
      if let firstViolation { return "\(violating) of \(trajectories) trajectories fail: \(firstViolation)" }
      return "\(trajectories) trajectories × \(steps) steps: (i)–(iv) at every step; largest "
        + "√S_T/(δ0 + f(x_0) − f_low) = \(largestRatio ?? .nan)"
    }
  }
}

/// The data of a diffeomorphism row: GD's map (``GradientDescentDiffeomorphismCheck``) or a
/// policy's step map (``StepMapDiffeomorphismCheck``).
public struct DiffeomorphismEvidence: Sendable, Hashable, Codable {
  public enum Map: String, Sendable, Hashable, Codable {
    case gradientDescent = "gd"
    case stepMap = "step-map"
    /// The extended map G(x, s) of a method with an auxiliary state (momentum).
    case extendedState = "extended-state"
  }

  public var map: Map
  /// Points (GD) or states (a policy) sampled.
  public var samples: Int
  /// Whether det Dg > 0 at every sample, and the first sample where it is not.
  public var determinantPositive: Bool
  public var counterexample: [Double]?
  /// max ‖g⁻¹(g(x)) − x‖/(1 + ‖x‖).
  public var roundTrip: Double
  /// GD: the range of eig(sym Dg), min ‖g(x) − g(y)‖/‖x − y‖ and its bound 1 − αL.
  public var smallestEigenvalue: Double?
  public var largestEigenvalue: Double?
  public var smallestExpansion: Double?
  public var expansionBound: Double?
  /// Step maps: pairs mapped to one point; ρ(Dg − I) and its bound L/δ0 (AdaGrad).
  public var collapsedPairs: Int?
  public var perturbationRadius: Double?
  public var perturbationBound: Double?
  /// Extended maps: the dimension d + k of the states, and how many states Newton's method found
  /// no preimage for (not decided either way).
  public var stateDimension: Int? = nil
  public var unresolved: Int? = nil

  public var rendered: String {
    var text: String
    switch map {
    case .extendedState:
      text = "\(samples) extended states (x, s) ∈ R^\(stateDimension ?? 0): det DG "
        + "\(determinantPositive ? "> 0" : "≤ 0 somewhere"), inverse round-trip ≤ \(roundTrip)"
      if let u = unresolved, u > 0 { text += "; Newton's method found no preimage for \(u) of them (not decided)" }
      if let counterexample { text += "; det DG ≤ 0 at \(Vector(counterexample))" }
      return text
    case .gradientDescent:
      text = "\(samples) points: eig(Dg) ∈ [\(smallestEigenvalue ?? .nan), \(largestEigenvalue ?? .nan)], det Dg "
        + "\(determinantPositive ? "> 0" : "≤ 0 somewhere")"
      text += "; min ‖g(x) − g(y)‖/‖x − y‖ = \(smallestExpansion ?? .nan) (bound 1 − αL = \(expansionBound ?? .nan)); "
        + "inverse round-trip ≤ \(roundTrip)"
    case .stepMap:
      text = "\(samples) states: det Dg \(determinantPositive ? "> 0" : "≤ 0 somewhere"), collapsed pairs: "
        + "\(collapsedPairs ?? 0), inverse round-trip ≤ \(roundTrip)"
      if let b = perturbationBound { text += "; ρ(Dg − I) ≤ \(perturbationRadius ?? .nan) (bound \(b))" }
    }
    if let counterexample { text += "; det Dg ≤ 0 at \(Vector(counterexample))" }
    return text
  }
}

extension StableSetCheck.Evidence {
  /// The one-line text of the graph check.
  public var rendered: String {
    "index \(index), \(method): \(points) graph points over the stable ball of radius \(radius); "
      + "unique: \(uniqueness); Lipschitz constant \(lipschitz); tangency |F(a)|/‖a‖ shrinks by \(tangency) "
      + "for ‖a‖ ÷ 10; on-graph start comes within \(closestApproach) of x*, a 1e-6 offset only within "
      + "\(offsetApproach)"
  }
}

extension StableSetCheck.AdaptiveEvidence {
  /// The one-line text: the first problem found, or the description of what held.
  public var rendered: String {
    problems?.first ?? StableSetCheck.describe(self, radius: radius ?? .nan, horizon: horizon ?? 0)
  }
}

/// The data of the talk's identity on an orbit (``TalkIdentityCheck``).
public struct TalkIdentityEvidence: Sendable, Hashable, Codable {
  /// The identity's table (nil: Γ is not positive definite or I − ΓH has no unstable direction).
  public var table: TalkIdentityCheck.Table?
  /// ‖x_0 − x*‖ of the orbit (x0⁻ below 1e-12 of it: the stable space is invariant).
  public var orbitStart: Double
  /// Whether the limit is checked as printed on slide 35 (+S_t) rather than with the sign (−S_t).
  public var printedSign: Bool

  /// The first problem found, or nil (the identity holds).
  public var problem: String? {
    guard let t = table, t.unstableStart > 1e-12 * orbitStart else { return nil }
    let limit = printedSign ? t.limitAsPrinted : t.limitWithSign
    let worstFinite = t.correctedFinite.max() ?? .nan
    if !(worstFinite <= 1e-10) { return "the corrected finite identity is off by \(worstFinite)·|x0⁻|" }
    if let last = limit.last, !(last <= 1e-8) {
      let which = printedSign ? " as printed (slide 35)" : ""
      return "the limit identity\(which) is off by \(last)·|x0⁻| at t = \(t.times.last ?? 0)"
    }
    return nil
  }

  public var rendered: String {
    guard let t = table else { return "Γ is not positive definite or I − ΓH has no unstable direction" }
    guard t.unstableStart > 1e-12 * orbitStart else { return "x0⁻ = \(t.unstableStart): the stable space is invariant, nothing to test" }
    if let problem { return problem }
    func s(_ x: Double?) -> String { String(format: "%.1e", x ?? .nan) }
    guard !t.times.isEmpty else { return "the orbit is too short for the identity's table" }
    let i10 = t.times.firstIndex(of: 10) ?? 0
    let c = t.unstableEigenvalues.map { String(format: "%.3f", $0) }
    return "the talk's identity x0⁻ = −lim C(t)⁻¹ΣC(t−i−1)η⁻(i, x_i) on the converging orbit "
      + "(|x0⁻| = \(s(t.unstableStart)), C = \(c)): error relative to |x0⁻| \(s(t.limitWithSign.first)) at t = 0, "
      + "\(s(t.limitWithSign.indices.contains(i10) ? t.limitWithSign[i10] : nil)) at t = 10, "
      + "\(s(t.limitWithSign.last)) at t = \(t.times.last ?? 0); "
      + "slide 34's finite identity (C(t) for C(t+1)) off by \(s(t.slideFinite.first)) → \(s(t.slideFinite.last)), "
      + "the corrected one exact to \(s(t.correctedFinite.max())); both index conventions give the same partial sums "
      + "(to \(s(t.conventionGap))); slide 35 as printed (no minus sign) stays off by \(s(t.limitAsPrinted.last))"
  }
}

/// The data of the Lyapunov–Perron check on Perko's ODE (``LyapunovPerronODECheck``).
public struct PerkoODEEvidence: Sendable, Hashable, Codable {
  public var initialConditions: Int
  /// Most successive-approximation iterations used.
  public var iterations: Int
  /// max |c₃ + c₁²/3|/(c₁²/3) (trapezoid rule: ≤ 1.5e-6 holds).
  public var relativeError: Double
  /// max ‖x(8)‖/‖c‖ on the manifold (≤ 1e-2 holds).
  public var decay: Double
  /// max |growth of a 1e-6 offset/(εe^8) − 1| (≤ 0.1 holds).
  public var growthError: Double

  public var rendered: String {
    "\(initialConditions) initial conditions: converged in ≤ \(iterations) iterations; |c₃ + c₁²/3|/(c₁²/3) ≤ "
      + "\(relativeError); on-manifold ‖x(8)‖/‖c‖ ≤ \(decay); offset growth differs from εe^t by ≤ \(growthError)"
  }
}

/// The data of `network.pde-derivative` (``NetworkDerivativeCheck``).
public struct NetworkDerivativeEvidence: Sendable, Hashable, Codable {
  public var points: Int
  /// max |∂f/∂x − central difference|/tolerance, and the b_k identity's largest relative error.
  public var derivativeRatio: Double
  public var identityError: Double
  /// The first disagreement found, if any.
  public var failure: String?

  public var rendered: String {
    failure ?? "\(points) points: ∂f/∂x within \(String(format: "%.2g", derivativeRatio)) of the difference tolerance; "
      + "b_k identity to \(String(format: "%.2g", identityError))"
  }
}

/// The data of an attraction experiment with a Clopper–Pearson interval: projected GD into
/// the half-plane saddle (``ProjectedGDAttractionProperty``) or GD into a degenerate saddle
/// (``StrictnessProperty``). The claim is refuted when the interval's lower end is positive.
public struct AttractionEvidence: Sendable, Hashable, Codable {
  public enum Experiment: String, Sendable, Hashable, Codable {
    case projectedGD = "projected-gd"
    case degenerateSaddle = "degenerate-saddle"
  }

  public var experiment: Experiment
  public var hits: Int
  public var starts: Int
  /// The two-sided Clopper–Pearson interval at level 1 − confidence.
  public var lower: Double
  public var upper: Double
  public var confidence: Double
  public var horizon: Int
  /// Hex seed of the starts' streams.
  public var startSeed: String
  /// Degenerate saddle: a hit ends within this distance of x*.
  public var hitDistance: Double?
  /// Projected GD on the documented box: the exact attracted fraction (1/4).
  public var exactFraction: Double?

  public var rendered: String {
    switch experiment {
    case .projectedGD:
      let text = "\(hits) of \(starts) starts converged to the strict saddle; P(hit) ∈ [\(lower), "
        + "\(upper)] (Clopper–Pearson, 1 − \(confidence))"
      guard lower > 0, let p = exactFraction else { return text }
      return text + "; contains the exact fraction 1/4: \(lower <= p && p <= upper ? "yes" : "NO")"
    case .degenerateSaddle:
      return "\(hits) of \(starts) GD starts converge to the degenerate saddle (within "
        + "\(hitDistance ?? .nan) after \(horizon) steps, from y > 0); P ∈ [\(lower), \(upper)] "
        + "(Clopper–Pearson, 1 − \(confidence))"
    }
  }
}

/// The data of `step-bound-is-needed` (``StepBoundProperty``): the method run beyond the step
/// bound and the diffeomorphism evidence it breaks (refuted when det Dg ≤ 0 somewhere).
public struct StepBoundEvidence: Sendable, Hashable, Codable {
  /// `gd` (factor α·L > 1) or `adagrad-norm` (factor δ0/L < 1).
  public var method: String
  public var factor: Double
  public var diffeomorphism: DiffeomorphismEvidence

  /// Whether the row is a refutation: det Dg ≤ 0 was found.
  public var refuted: Bool { !diffeomorphism.determinantPositive }

  public var rendered: String {
    guard refuted else { return diffeomorphism.rendered }
    return "\(method) with \(method == "gd" ? "α·L" : "δ0/L") = \(factor): \(diffeomorphism.rendered)"
  }
}

/// The data of the hypothesis sweep's battery rows (``HypothesisSweep/batteryRows(_:seed:)``):
/// every cell of one parameter, and which side of the threshold the row speaks about.
public struct HypothesisSweepEvidence: Sendable, Hashable, Codable {
  /// "alpha*L" (GD) or "delta0/L" (AdaGrad).
  public var parameter: String
  /// `true`: the claim row over the cells inside the hypotheses; `false`: the
  /// `step-bound-is-needed` row over the cells outside them.
  public var inside: Bool
  public var cells: [HypothesisSweep.Cell]

  public var rendered: String {
    let inner = cells.filter(\.withinHypotheses), outer = cells.filter { !$0.withinHypotheses }
    if inside {
      if let b = inner.first(where: \.breaks) {
        return "inside the hypotheses, \(b.method) on \(b.landscape): min det Dg \(b.minimumDeterminant), "
          + "\(b.injectivityViolations) second preimages, \(b.hits)/\(b.starts) hits"
      }
      let minDet = inner.map(\.minimumDeterminant).min() ?? .nan
      return "sweep, \(inner.count) cells inside the hypotheses: min det Dg = \(short(minDet)) > 0, 0 second preimages in "
        + "\(inner.map(\.injectivityTrials).reduce(0, +)) Newton searches, 0 hits in \(inner.map(\.starts).reduce(0, +)) starts"
    }
    let broken = outer.filter(\.breaks)
    return broken.isEmpty ? "no out-of-hypothesis cell broke a property (\(outer.count) cells)"
      : "\(broken.count) of \(outer.count) out-of-hypothesis cells break a property; "
        + HypothesisSweep.summary(cells).joined(separator: "; ")
  }
}

/// The data of GD along saddle chains (``SlowEscapeExperiment``).
public struct SlowEscapeEvidence: Sendable, Hashable, Codable {
  /// The method's name and step α = 0.9/L of the d = 2 chain (μ = 1).
  public var method: String
  public var alpha: Double
  /// Starts per dimension, uniform in [−0.05, 0.05]^d.
  public var starts: Int
  public var rows: [SlowEscapeExperiment.Row]

  public var rendered: String {
    func describe(_ r: SlowEscapeExperiment.Row) -> String {
      "d = \(r.dimension): \(r.escapedAll) escaped all \(r.dimension) saddles, \(r.escaping) escaping at the horizon, "
        + "\(r.stuck) stuck, \(r.underflowed) underflowed; median escape steps \(r.medianEscapeStep), "
        + "arrival sizes \(r.medianArrival.map { String(format: "%.1e", $0) })"
    }
    let growth = rows.map(\.smallestGrowth).min() ?? .nan
    return "\(method) (α = 0.9/L = \(String(format: "%.3g", alpha)), μ = 1) on saddle chains, "
      + "\(starts) starts in [−0.05, 0.05]^d: " + rows.map(describe).joined(separator: "; ")
      + "; smallest growth factor of the unstable component \(String(format: "%.4f", growth)) per step "
      + "(linearization: 1 + αμ = \(String(format: "%.4f", 1 + alpha)))"
  }
}

/// A row's evidence as one finding in words (an early exit, before any figure was measured).
public struct NoteEvidence: Sendable, Hashable, Codable {
  public var text: String

  public init(_ text: String) { self.text = text }
}

extension CheckEvidence {
  /// A finding in words (``NoteEvidence``).
  static func finding(_ text: String) -> CheckEvidence { .note(NoteEvidence(text)) }
}
