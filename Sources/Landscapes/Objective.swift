public import LinearAlgebra

/// A C² objective f: R^d → R with everything the claims of CLAIMS.md need to
/// know about it: derivatives, a *certified* gradient-Lipschitz constant L,
/// a certified lower bound f_low ≤ inf f, and its planted critical points.
///
/// Assumption of every theorem in [LPP+19], [PPW19], [AMPW22]: ∇f is
/// L-Lipschitz, ‖∇f(x) − ∇f(y)‖ ≤ L‖x − y‖, equivalently ‖∇²f(x)‖₂ ≤ L.
/// A conforming type must make ``lipschitzConstant`` a proven bound, not an
/// estimate; the `landscape.lipschitz-certificate` property tests it.
public protocol Objective: Sendable {
  /// The dimension d of the domain R^d.
  var dimension: Int { get }
  /// f(x).
  func value(at x: Vector) -> Double
  /// ∇f(x).
  func gradient(at x: Vector) -> Vector
  /// ∇²f(x), symmetric.
  func hessian(at x: Vector) -> Matrix
  /// A certified L with ‖∇²f(x)‖₂ ≤ L for all x.
  var lipschitzConstant: Double { get }
  /// A certified f_low ≤ inf f.
  var lowerBound: Double { get }
  /// The planted critical points with their exact Hessian spectra.
  var criticalPoints: [PlantedCriticalPoint] { get }
}

/// A critical point x* (∇f(x*) = 0) planted by construction, with its kind
/// and the exact eigenvalues of ∇²f(x*).
public struct PlantedCriticalPoint: Sendable, Hashable, Codable {
  /// The kind of critical point, from the signs of the Hessian eigenvalues.
  public enum Kind: String, Sendable, Hashable, Codable {
    /// λ_min(∇²f) > 0.
    case minimum
    /// λ_min(∇²f) < 0 < λ_max: a strict saddle in the sense of the talk.
    case strictSaddle = "strict-saddle"
    /// λ_max(∇²f) < 0; also a strict saddle for the theorems (λ_min < 0).
    case maximum
    /// Some eigenvalue is 0: not covered by the theorems.
    case degenerate
  }

  /// The location x*.
  public var location: Vector
  /// The eigenvalues of ∇²f(x*), ascending.
  public var hessianEigenvalues: Vector

  /// A planted point at `location` with Hessian eigenvalues `hessianEigenvalues` (any order).
  public init(location: Vector, hessianEigenvalues: Vector) {
    self.location = location
    self.hessianEigenvalues = Vector(hessianEigenvalues.components.sorted())
  }

  /// The kind, read off the Hessian spectrum.
  public var kind: Kind {
    let e = hessianEigenvalues.components
    if e.contains(0) { return .degenerate }
    if e.allSatisfy({ $0 > 0 }) { return .minimum }
    if e.allSatisfy({ $0 < 0 }) { return .maximum }
    return .strictSaddle
  }

  /// The Morse index k: the number of negative Hessian eigenvalues.
  public var index: Int { hessianEigenvalues.components.filter { $0 < 0 }.count }

  /// Whether the theorems call this point a strict saddle: λ_min(∇²f(x*)) < 0 (maxima included).
  public var isStrictSaddle: Bool { (hessianEigenvalues.components.first ?? 0) < 0 }
}
