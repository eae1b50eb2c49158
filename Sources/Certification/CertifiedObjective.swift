public import Expressions
public import LinearAlgebra
public import Landscapes

/// A user's function (a parsed ``SmoothExpression`` or any Swift ``ScalarFunction``)
/// as an ``Objective``: exact derivatives by automatic differentiation, and
/// the ``Certificate``'s L, f_low and critical points, on the box.
///
/// ``lipschitzConstant``, ``lowerBound`` and ``thirdDerivativeBound`` are the
/// certified ones and ``certifiedRegion`` is the box. ``criticalPoints`` are
/// the certified points inside the box whose inertia is certified (minima,
/// strict saddles, maxima) — the planted-point oracle of the checks — with
/// floating-point eigenvalues at their Newton-refined location.
public struct CertifiedObjective<F: ScalarFunction>: Objective {
  /// The function.
  public let function: F
  /// What was certified.
  public let certificate: Certificate

  /// Certifies `function` on `box` with `certifier`.
  public init(_ function: F, box: Box, certifier: Certifier = Certifier()) {
    self.function = function
    self.certificate = certifier.certify(function, on: box)
  }

  public var dimension: Int { function.dimension }
  public func value(at x: Vector) -> Double { function(x.components) }
  public func gradient(at x: Vector) -> Vector { Derivatives.gradient(function, at: x) }
  public func hessian(at x: Vector) -> Matrix { Derivatives.hessian(function, at: x) }
  public var lipschitzConstant: Double { certificate.lipschitz.certified }
  public var certifiedRegion: Region { .box(lower: certificate.box.lower, upper: certificate.box.upper) }
  public var lowerBound: Double { certificate.lowerBound.certified }
  public var thirdDerivativeBound: Double { certificate.thirdDerivativeBound }
  public var criticalPoints: [PlantedCriticalPoint] {
    certificate.criticalPoints.filter { $0.isInsideBox && $0.kind != .unclassified }.map(\.planted)
  }
}
