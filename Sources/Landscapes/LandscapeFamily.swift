public import Serialization
import Randomness

/// The generator's catalog: each family's name, what it is, its parameters,
/// and how to draw an instance from (dimension, seed, index).
public struct LandscapeFamily: Sendable {
  /// The family's name, as in JSON and on the command line.
  public let name: String
  /// One line: the formula and what is planted.
  public let summary: String
  /// The dimensions it accepts, in words.
  public let dimensions: String
  /// What `--index` means for it, if anything.
  public let indexMeaning: String?
  /// The default `--index`.
  public let defaultIndex: Int
  let accepts: @Sendable (Int, Int) -> String?
  let make: @Sendable (Int, Int, Double, UInt64) -> Landscape

  /// Draws the instance for (dimension, index, conditioning, seed).
  ///
  /// `conditioning` κ ≥ 1 sets the spread of curvature magnitudes, drawn in
  /// [1/κ, 1] (matrix factorization: its spectrum in [2/κ, 2]); families
  /// with fixed curvatures ignore it.
  /// - Throws: ``LandscapeFormatError`` when the family does not accept the dimension, index or conditioning.
  public func generate(dimension: Int, index: Int? = nil, conditioning: Double = 5,
      seed: UInt64) throws(LandscapeFormatError) -> Landscape {
    let k = index ?? defaultIndex
    if let problem = accepts(dimension, k) { throw LandscapeFormatError(field: "--dim/--index", problem: problem) }
    guard conditioning >= 1, conditioning <= 1e12 else {
      throw LandscapeFormatError(field: "--conditioning", problem: "must lie in [1, 1e12], got \(conditioning)")
    }
    return make(dimension, k, conditioning, seed)
  }

  /// The family named `name`, or nil.
  public static func named(_ name: String) -> LandscapeFamily? { all.first { $0.name == name } }

  /// Every family, in the order `saddlecheck landscapes` lists them.
  public static let all: [LandscapeFamily] = [
    LandscapeFamily(
      name: "confined-quadratic", summary: "½xᵀHx + a(√(b² + ‖x‖⁴) − b), H = Q diag(μ) Qᵀ; origin of index k, critical points ±√s_i q_i",
      dimensions: "d ≥ 1", indexMeaning: "number k of negative eigenvalues of H (0…d)", defaultIndex: 1,
      accepts: { d, k in d >= 1 && 0 <= k && k <= d ? nil : "needs d ≥ 1 and 0 ≤ index ≤ d" },
      make: { d, k, c, s in .confinedQuadratic(.random(dimension: d, index: k, conditioning: c, seed: s)) }),
    LandscapeFamily(
      name: "rotated-double-well", summary: "Σ_i φ_i((Qᵀx)_i), k double wells μ(s²/2 − 2r² log cosh(s/r)) " +
          "and quadratics; 3^k critical points",
      dimensions: "d ≥ 1", indexMeaning: "number k of double wells = index of the origin (1…d)", defaultIndex: 1,
      accepts: { d, k in d >= 1 && 1 <= k && k <= d ? nil : "needs d ≥ 1 and 1 ≤ index ≤ d" },
      make: { d, k, c, s in .rotatedDoubleWell(.random(dimension: d, wells: k, conditioning: c, seed: s)) }),
    LandscapeFamily(
      name: "coupled-double-well", summary: "rotated double well + Σ ε tanh(y_i) tanh²(y_j): non-separable, saddle and Hessian at 0 exact",
      dimensions: "d ≥ 1", indexMeaning: "number k of double wells = index of the origin (1…d)", defaultIndex: 1,
      accepts: { d, k in d >= 1 && 1 <= k && k <= d ? nil : "needs d ≥ 1 and 1 ≤ index ≤ d" },
      make: { d, k, c, s in .coupledDoubleWell(.random(dimension: d, wells: k, conditioning: c, seed: s)) }),
    LandscapeFamily(
      name: "quartic-saddle", summary: "½x² + ¼y⁴ − ½y²: saddle 0, minima (0, ±1); L on the ball of radius 3",
      dimensions: "d = 2", indexMeaning: nil, defaultIndex: 1,
      accepts: { d, _ in d == 2 ? nil : "is two-dimensional (d = 2)" },
      make: { _, _, _, _ in .quarticSaddle(QuarticSaddle()) }),
    LandscapeFamily(
      name: "cosine-saddle", summary: "½x² + cos y: L = 1, saddles (0, 2kπ), minima (0, (2k+1)π)",
      dimensions: "d = 2", indexMeaning: nil, defaultIndex: 1,
      accepts: { d, _ in d == 2 ? nil : "is two-dimensional (d = 2)" },
      make: { _, _, _, _ in .cosineSaddle(CosineSaddle()) }),
    LandscapeFamily(
      name: "matrix-factorization", summary: "¼‖UUᵀ − M‖²_F, U ∈ R^{n×r}, M planted; saddles at non-top eigenvector sets; L on a ball",
      dimensions: "d = n·r", indexMeaning: "rank r (must divide d)", defaultIndex: 1,
      accepts: { d, r in r >= 1 && d >= r && d % r == 0 && d / r >= r ? nil : "needs rank r ≥ 1 dividing d with r ≤ d/r" },
      make: { d, r, c, s in .matrixFactorization(.random(size: d / r, rank: r, conditioning: c, seed: s)) }),
    LandscapeFamily(
      name: "rayleigh-quotient", summary: "xᵀAx on the sphere, A planted: ±q_i critical, Riemannian Hessian 2(λ_j − λ_i)",
      dimensions: "d ≥ 2", indexMeaning: nil, defaultIndex: 1,
      accepts: { d, _ in d >= 2 ? nil : "needs d ≥ 2" },
      make: { d, _, _, s in .rayleighQuotient(.random(dimension: d, seed: s)) }),
    LandscapeFamily(
      name: "simplex-quadratic", summary: "½(x − p)ᵀB(x − p) on the simplex, interior strict saddle p of tangent index k",
      dimensions: "d ≥ 2", indexMeaning: "number k of negative tangent curvatures (1…d−1)", defaultIndex: 1,
      accepts: { d, k in d >= 2 && 1 <= k && k <= d - 1 ? nil : "needs d ≥ 2 and 1 ≤ index ≤ d − 1" },
      make: { d, k, c, s in .simplexQuadratic(.random(dimension: d, index: k, conditioning: c, seed: s)) }),
    LandscapeFamily(
      name: "half-plane-saddle", summary: "½(x + y)² − (c/2)(x − y)² on {y ≥ 0}, c = 1/2: projected GD " +
          "converges to 0 with positive probability",
      dimensions: "d = 2", indexMeaning: nil, defaultIndex: 1,
      accepts: { d, _ in d == 2 ? nil : "is two-dimensional (d = 2)" },
      make: { _, _, _, _ in .halfPlaneSaddle(HalfPlaneSaddle()) }),
    LandscapeFamily(
      name: "degenerate-saddle", summary: "y⁴/4 + 2y³/3 + ½Σh_i x_i²: degenerate saddle at 0 attracting positive measure; L on a ball",
      dimensions: "d ≥ 1", indexMeaning: nil, defaultIndex: 1,
      accepts: { d, _ in d >= 1 ? nil : "needs d ≥ 1" },
      make: { d, _, c, s in
        var rng = Xoshiro256StarStar(seed: s)
        return .degenerateSaddle(DegenerateSaddle(curvatures: (1..<d).map { _ in Draw.uniform(from: 1 / c, to: 1, using: &rng) }))
      }),
    LandscapeFamily(
      name: "pde-residual-network", summary: "(1/2n)Σ_s((1/√m)Σ_k a_k(Σ_j w_kj)σ'(w_k·x_s) − h_s)², σ = " +
          "z⁴/4! on z ≥ 0: the talk's PDE loss; degenerate point at 0; L on a ball",
      dimensions: "d = m(p + 1), p ≥ 1", indexMeaning: "width m (must divide d, with d/m ≥ 2)", defaultIndex: 1,
      accepts: { d, m in m >= 1 && d % m == 0 && d / m >= 2 ? nil : "needs width m dividing d with d/m ≥ 2" },
      make: { d, m, _, s in .pdeResidualNetwork(.random(width: m, inputDimension: d / m - 1, seed: s)) }),
  ]
}
