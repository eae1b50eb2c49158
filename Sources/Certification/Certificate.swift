public import Expressions
public import LinearAlgebra
public import Landscapes

/// What the certifier proved about a function on a box: L, f_low, and
/// every critical point (or the boxes it could not decide).
public struct Certificate: Sendable, Hashable, Codable {
  /// The box.
  public var box: Box
  /// The certified Lipschitz constant of ∇f on the box.
  public var lipschitz: LipschitzBound
  /// The certified lower bound of f on the box.
  public var lowerBound: LowerBound
  /// A certified bound on sup ‖D³f‖ over the box (+∞ when the enclosure is unbounded).
  public var thirdDerivativeBound: Double
  /// An enclosure of f over the whole box (unbounded when f overflows or is undefined there).
  public var valueRange: Interval
  /// The critical points certified to exist, each unique in its search box.
  public var criticalPoints: [CertifiedCriticalPoint]
  /// Regions where the certifier could not decide (possibly containing critical points).
  public var undecided: [UndecidedRegion]
  /// Boxes examined by the critical-point search.
  public var boxesExamined: Int

  /// Whether every critical point in the box is accounted for (nothing undecided).
  public var isComplete: Bool { undecided.isEmpty }
}

/// A certified L: sup over the box of ‖∇²f(x)‖₂ ≤ ``certified``.
public struct LipschitzBound: Sendable, Hashable, Codable {
  /// The certified bound (finite, or +∞ when no bound could be proved).
  public var certified: Double
  /// The largest ‖∇²f(x)‖₂ at the sampled points: a lower bound on the true L.
  public var sampledMaximum: Double
  /// The stopping target: certified ≤ factor × sampled maximum.
  public var factor: Double
  /// Leaf boxes of the subdivision.
  public var boxes: Int
  /// Whether the target factor was reached before the work cap.
  public var reachedFactor: Bool
  /// The leaf box with the largest bound (where L is attained or where the certificate failed).
  public var worstBox: Box
  /// The self-check: a certified bound can never be below a sampled value. False means
  /// an enclosure was wrong (a bug, or libm outside its documented error bound).
  public var isConsistent: Bool { certified >= sampledMaximum || sampledMaximum.isNaN }
  /// certified / sampled maximum (≥ 1; how far the certificate may overestimate).
  public var overestimate: Double { sampledMaximum > 0 ? certified / sampledMaximum : (certified == 0 ? 1 : .infinity) }
}

/// A certified f_low ≤ inf over the box of f.
public struct LowerBound: Sendable, Hashable, Codable {
  /// The certified bound (−∞ when no bound could be proved).
  public var certified: Double
  /// The smallest f at the sampled points: an upper bound on inf f.
  public var sampledMinimum: Double
  /// Leaf boxes of the branch and bound.
  public var boxes: Int
  /// The self-check: certified ≤ every sampled value (false means an enclosure was wrong).
  public var isConsistent: Bool { certified <= sampledMinimum || sampledMinimum.isNaN }
}

/// A critical point whose existence and uniqueness are certified by the Krawczyk test.
public struct CertifiedCriticalPoint: Sendable, Hashable, Codable {
  /// The classification from the certified inertia of ∇²f over ``enclosure``.
  public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
    case minimum
    case strictSaddle = "strict-saddle"
    case maximum
    /// The Hessian is nonsingular (Krawczyk certifies that) but the inertia
    /// could not be separated from 0 by the enclosure.
    case unclassified
  }
  /// A box that contains the critical point (tight: Krawczyk iterated).
  public var enclosure: Box
  /// A box in which it is the only critical point (K(X) ⊂ int X).
  public var searchBox: Box
  /// A floating-point location in the enclosure (Newton-refined).
  public var location: Vector
  /// The Hessian eigenvalues at ``location`` (floating point, ascending).
  public var hessianEigenvalues: Vector
  /// Negative and positive eigenvalues of ∇²f, certified over the enclosure (nil when not separated from 0).
  public var inertia: (negative: Int, positive: Int)? {
    get { certifiedInertia.map { ($0[0], $0[1]) } }
    set { certifiedInertia = newValue.map { [$0.negative, $0.positive] } }
  }
  var certifiedInertia: [Int]?
  /// An enclosure of λ_min(∇²f) over the enclosure.
  public var smallestEigenvalue: Interval
  /// The classification.
  public var kind: Kind

  /// Whether it is certified to lie in the user's box (its enclosure lies in the box).
  public var isInsideBox: Bool
}

/// A region the certifier could not decide: it may contain critical points
/// (for example a degenerate one, where Krawczyk's test cannot succeed).
public struct UndecidedRegion: Sendable, Hashable, Codable {
  /// The hull of the undecided boxes of one cluster.
  public var hull: Box
  /// How many boxes the cluster has.
  public var boxes: Int
  /// The member box midpoint with the smallest ‖∇f‖ (a hint, not a certificate).
  public var hint: Vector
  /// ‖∇f‖ at ``hint`` (floating point).
  public var gradientNormAtHint: Double
  /// Hessian eigenvalues at ``hint`` (floating point; a hint, not a certificate).
  public var hessianEigenvaluesAtHint: Vector
}

extension CertifiedCriticalPoint {
  /// The planted-point form the checks consume (location and floating eigenvalues).
  public var planted: PlantedCriticalPoint { PlantedCriticalPoint(location: location, hessianEigenvalues: hessianEigenvalues) }
}
