/// A claim of the talk, by the identifier CLAIMS.md gives it.
///
/// Identifiers are used as they are in code, fixtures and CHECKLIST.md; the
/// catalog ``all`` is the single list a test compares with CHECKLIST.md.
public struct Claim: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The identifier, e.g. `gd.avoids-strict-saddles`.
  public let id: String
  /// The part of CLAIMS.md (A–F).
  public let part: String
  /// What the claim says, in the talk's words or CLAIMS.md's.
  public let statement: String

  public var description: String { id }

  public static let lipschitzCertificate = Claim(
    id: "landscape.lipschitz-certificate", part: "A",
    statement: "every generated f has ‖∇f(x) − ∇f(y)‖ ≤ L‖x − y‖ with the certified L")
  public static let plantedCriticalPoints = Claim(
    id: "landscape.planted-critical-points", part: "A",
    statement: "planted points are critical with the planted Hessian eigenvalues; f_low is a valid lower bound")
  public static let unstableFixedPoint = Claim(
    id: "saddle.unstable-fixed-point", part: "A",
    statement: "strict saddle point is an unstable fixed point of g")
  public static let inertia = Claim(
    id: "linearization.inertia", part: "A",
    statement: "ΓH is similar to Γ^{1/2}HΓ^{1/2}: #{eig(I − ΓH) > 1} = #{eig(H) < 0}")
  public static let variationOfConstants = Claim(
    id: "linearization.variation-of-constants", part: "A",
    statement: "the \"integral\" form x_{t+1} = A^{t+1}x_0 + Σ A^{t−i}η(i, x_i)")
  public static let gdDescent = Claim(
    id: "gd.descent", part: "B",
    statement: "α ≤ 1/L ⇒ f(x_{t+1}) ≤ f(x_t) − (α/2)‖∇f(x_t)‖²")
  public static let gdDiffeomorphism = Claim(
    id: "gd.diffeomorphism", part: "B",
    statement: "for 0 < α < 1/L, g(x) = x − α∇f(x) is a diffeomorphism")
  public static let gdAvoidsStrictSaddles = Claim(
    id: "gd.avoids-strict-saddles", part: "B",
    statement: "the probability that gradient descent converges to a saddle point is zero")
  public static let stableSetStructure = Claim(
    id: "stable-set.structure", part: "B",
    statement: "stable manifold: the graph of some function from stable to unstable space, x0⁻ = F(x0⁺, x0⁻)")
  public static let lyapunovPerron = Claim(
    id: "ode.lyapunov-perron", part: "B",
    statement: "Perko's example: the stable manifold of 0 is x₃ = −x₁²/3, found by successive approximation")
  public static let vanishingAvoids = Claim(
    id: "vanishing.avoids-strict-saddles", part: "C",
    statement: "gradient descent with vanishing steps α_t → 0 avoids strict saddles")
  public static let adagradDescent = Claim(
    id: "adagrad.descent-and-summability", part: "C",
    statement: "AdaGrad with δ0 ≥ L descends and √S_T ≤ δ0 + f(x_0) − f_low")
  public static let adagradPositiveDefiniteLimit = Claim(
    id: "adagrad.pd-limit", part: "C",
    statement: "the limit of Γ_t exists and is positive definite, lim Γ_t = Γ ≻ 0")
  public static let adagradEtaLipschitzSmall = Claim(
    id: "adagrad.eta-lipschitz-small", part: "C",
    statement: "η(t, ·) satisfies ‖η(t,x) − η(t,y)‖ ≤ ε‖x − y‖ near 0 for t > t0")
  public static let adagradDiffeomorphism = Claim(
    id: "adagrad.diffeomorphism", part: "C",
    statement: "with δ0 > L each AdaGrad step map is a diffeomorphism")
  public static let adagradAvoids = Claim(
    id: "adagrad.avoids-strict-saddles", part: "C",
    statement: "AdaGrad (norm, diagonal, full-matrix) only converges to local minimizers")
  public static let sgdNoiseEscapes = Claim(
    id: "sgd.noise-escapes", part: "D",
    statement: "Pemantle: stochastic approximation does not converge to unstable points")
  public static let mirrorDescentAvoids = Claim(
    id: "mirror-descent.avoids-strict-saddles", part: "D",
    statement: "mirror descent (multiplicative weights) avoids strict saddles")
  public static let riemannianAvoids = Claim(
    id: "riemannian.avoids-strict-saddles", part: "D",
    statement: "Riemannian gradient descent x_{t+1} = Exp_{x_t}(−α_t grad f(x_t)) avoids strict saddles")
  public static let proximalAvoids = Claim(
    id: "proximal.avoids-strict-saddles", part: "D",
    statement: "the proximal point method avoids strict saddles")
  public static let coordinateDescentAvoids = Claim(
    id: "coordinate-descent.avoids-strict-saddles", part: "D",
    statement: "coordinate descent avoids strict saddles")
  /// Beyond the talk (momentum, [OW19], [SLQ+19]; see `Dynamics.ExtendedStateMethod`).
  public static let momentumDiffeomorphism = Claim(
    id: "momentum.diffeomorphism", part: "D",
    statement: "the extended map (x, v) ↦ (x', v') of heavy ball (β ≠ 0) and Nesterov's method (β ≠ 0, α < 1/L) "
      + "is a diffeomorphism")
  /// Beyond the talk: [OW19] (heavy ball, by the stable manifold theorem), [SLQ+19].
  public static let momentumAvoids = Claim(
    id: "momentum.avoids-strict-saddles", part: "D",
    statement: "heavy ball and Nesterov's method converge to a strict saddle only from a null set of extended starts (x_0, v_0)")
  public static let projectedGDCanConverge = Claim(
    id: "projected-gd.can-converge-to-saddle", part: "E",
    statement: "projected gradient descent might converge to strict saddle points with positive probability")
  public static let projectedGDTwoRepellingDirections = Claim(
    id: "projected-gd.two-repelling-directions", part: "E",
    statement: "if PGD has at least two repelling directions at the saddle, does it avoid it? (open)")
  public static let strictnessIsNeeded = Claim(
    id: "strictness-is-needed", part: "E",
    statement: "a degenerate saddle can attract a positive-measure set under GD")
  public static let stepBoundIsNeeded = Claim(
    id: "step-bound-is-needed", part: "E",
    statement: "α > 1/L or δ0 < L can break the diffeomorphism")
  public static let networkPDEDerivative = Claim(
    id: "network.pde-derivative", part: "F",
    statement: "Σ_i ∂f/∂x_i = (1/√m) Σ_k b_k σ'(w_k·x) with b_k = a_k Σ_s w_ks")

  /// Every claim of CLAIMS.md, in its order.
  public static let all: [Claim] = [
    lipschitzCertificate, plantedCriticalPoints, unstableFixedPoint, inertia, variationOfConstants,
    gdDescent, gdDiffeomorphism, gdAvoidsStrictSaddles, stableSetStructure, lyapunovPerron,
    vanishingAvoids, adagradDescent, adagradPositiveDefiniteLimit, adagradEtaLipschitzSmall,
    adagradDiffeomorphism, adagradAvoids,
    sgdNoiseEscapes, mirrorDescentAvoids, riemannianAvoids, proximalAvoids, coordinateDescentAvoids,
    momentumDiffeomorphism, momentumAvoids,
    projectedGDCanConverge, projectedGDTwoRepellingDirections, strictnessIsNeeded, stepBoundIsNeeded,
    networkPDEDerivative,
  ]
}
