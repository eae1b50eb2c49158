public import LinearAlgebra

/// A C² objective f with everything the claims of CLAIMS.md need to know
/// about it: derivatives, a *certified* gradient-Lipschitz constant L, a
/// certified lower bound f_low ≤ inf f, its domain, and its planted critical
/// points with their exact Hessian spectra.
///
/// Assumption of every theorem in [LPP+19], [PPW19], [AMPW22]: ∇f is
/// L-Lipschitz, ‖∇f(x) − ∇f(y)‖ ≤ L‖x − y‖, equivalently ‖∇²f(x)‖₂ ≤ L.
/// A conforming type must make ``lipschitzConstant`` a proven bound on
/// ``certifiedRegion`` (all of R^d when a global L exists), not an
/// estimate — unless ``boundProvenance`` says `.estimated` (a user's objective with
/// only f and ∇f, ``DifferencedObjective``), in which case every report calls L
/// *estimated*; `landscape.lipschitz-certificate` tests it, and
/// `landscape.planted-critical-points` tests the planted points.
///
/// Value, gradient and Hessian are those of f on the ambient space R^d,
/// also when the ``domain`` is a manifold or a constraint set.
public protocol Objective: Sendable {
  /// The dimension d of the ambient space R^d.
  var dimension: Int { get }
  /// Where the optimization happens (R^d, the simplex, the sphere, a polyhedron).
  var domain: Domain { get }
  /// f(x).
  func value(at x: Vector) -> Double
  /// ∇f(x).
  func gradient(at x: Vector) -> Vector
  /// ∇²f(x), symmetric.
  func hessian(at x: Vector) -> Matrix
  /// ∇²f(x)·v, without forming the Hessian where the family allows.
  func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector
  /// A certified L with ‖∇²f(x)‖₂ ≤ L for every x in ``certifiedRegion``.
  var lipschitzConstant: Double { get }
  /// Where ``lipschitzConstant`` and ``lowerBound`` are certified.
  var certifiedRegion: Region { get }
  /// A certified f_low ≤ inf { f(x) : x in the domain and in ``certifiedRegion`` }.
  var lowerBound: Double { get }
  /// A certified M₃ ≥ sup ‖D³f(x)‖ over ``certifiedRegion`` (the norm of the
  /// symmetric trilinear form, = sup over unit v of |D³f(x)[v, v, v]|).
  /// It bounds the truncation error h²M₃/6 of central differences, which is
  /// how the finite-difference checks derive their tolerances.
  var thirdDerivativeBound: Double { get }
  /// Where ``lipschitzConstant``, ``lowerBound`` and ``thirdDerivativeBound`` come from:
  /// `.certified` (a proof; the default) or `.estimated` (sampled, with a safety factor).
  /// Reports print L as *certified* or *estimated* from this.
  var boundProvenance: BoundProvenance { get }
  /// The planted critical points with their exact Hessian spectra (Riemannian
  /// or tangent-space Hessians when the domain is a manifold or a simplex).
  var criticalPoints: [PlantedCriticalPoint] { get }
  /// ∇f at each of the first `points.count` points of a batch, written into
  /// `gradients` (same dimension and capacity; its `count` is set to `points.count`).
  ///
  /// Contract: the gradient of every point is bit-identical to
  /// ``gradient(at:)`` at that point, so a batched trajectory and a scalar
  /// one take the same steps. `workspace` is scratch storage the conformer
  /// may grow and reuse across calls (no allocation once it is large enough).
  /// The default gathers each point and calls ``gradient(at:)``, so every
  /// objective works; the built-in families vectorize across the points.
  func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double])
  /// f at each of the first `points.count` points, into `values[0..<points.count]`
  /// (`values.count` ≥ `points.count`); bit-identical to ``value(at:)`` point by point.
  func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double])
}

extension Objective {
  public var domain: Domain { .euclidean }
  /// Certified: the contract of every conformer that does not say otherwise.
  public var boundProvenance: BoundProvenance { .certified }
  public var certifiedRegion: Region { .everywhere }
  public func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector { hessian(at: x) * v }

  /// The default batched gradient: ``gradient(at:)`` point by point.
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(gradients.dimension == points.dimension && gradients.capacity == points.capacity, "batches of different shapes")
    gradients.count = points.count
    for i in 0..<points.count { gradients.set(point: i, to: gradient(at: points.point(i))) }
  }

  /// The default batched value: ``value(at:)`` point by point.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(values.count >= points.count, "values has room for \(values.count) of \(points.count) points")
    for i in 0..<points.count { values[i] = value(at: points.point(i)) }
  }
}

/// A critical point x* planted by construction, with the exact eigenvalues
/// of the Hessian there (on R^d: ∇²f(x*); on a manifold or the simplex: the
/// Riemannian / tangent-space Hessian, d − 1 eigenvalues).
public struct PlantedCriticalPoint: Sendable, Hashable, Codable {
  /// The kind of critical point, from the signs of the Hessian eigenvalues.
  public enum Kind: String, Sendable, Hashable, Codable {
    /// Every eigenvalue > 0: a strict local minimum.
    case minimum
    /// λ_min < 0 and some eigenvalue ≥ 0: a strict saddle in the sense of the talk.
    case strictSaddle = "strict-saddle"
    /// Every eigenvalue < 0; also a strict saddle for the theorems (λ_min < 0).
    case maximum
    /// λ_min = 0: not covered by the theorems (may attract positive measure).
    case degenerate
  }

  /// The location x*.
  public var location: Vector
  /// The eigenvalues of the Hessian at x*, ascending.
  public var hessianEigenvalues: Vector

  /// A planted point at `location` with Hessian eigenvalues `hessianEigenvalues` (any order).
  public init(location: Vector, hessianEigenvalues: Vector) {
    self.location = location
    self.hessianEigenvalues = Vector(hessianEigenvalues.components.sorted())
  }

  /// The kind, read off the Hessian spectrum: strictness first (λ_min < 0),
  /// as in the theorems' definition of a strict saddle.
  public var kind: Kind {
    let e = hessianEigenvalues.components
    guard let lowest = e.first else { return .degenerate }
    if lowest < 0 { return e.allSatisfy { $0 < 0 } ? .maximum : .strictSaddle }
    return lowest == 0 ? .degenerate : .minimum
  }

  /// The Morse index k: the number of negative Hessian eigenvalues.
  public var index: Int { hessianEigenvalues.components.filter { $0 < 0 }.count }

  /// Whether the theorems call this point a strict saddle: λ_min < 0 (maxima included).
  public var isStrictSaddle: Bool { (hessianEigenvalues.components.first ?? 0) < 0 }
}

/// Where an objective's L, f_low and M₃ come from.
public enum BoundProvenance: Sendable, Hashable, Codable {
  /// Proven bounds (analysis, or interval arithmetic on a box).
  case certified
  /// Sampled estimates with a safety factor (how: e.g. "sampled max ‖∇²f‖₂ × 2 over 256
  /// points of box[…]"): evidence, not proof — the theorems' hypotheses are then assumed.
  case estimated(how: String)

  /// `certified` or `estimated`, the word reports print after L.
  public var word: String {
    switch self {
    case .certified: "certified"
    case .estimated: "estimated"
    }
  }

  /// Whether the bounds are proven.
  public var isCertified: Bool { self == .certified }
}
