public import LinearAlgebra
import Foundation

/// Any landscape of the generator, as one value: what JSON files, fixtures
/// and the command line carry.
///
/// `Landscape` conforms to ``Objective`` by forwarding to its family. For hot
/// loops, pass ``objective`` to a generic function (`some Objective`): Swift
/// opens the existential once and the loop runs on the concrete family.
public enum Landscape: Sendable, Hashable {
  case confinedQuadratic(ConfinedQuadratic)
  case rotatedDoubleWell(RotatedDoubleWell)
  case coupledDoubleWell(CoupledDoubleWell)
  case quarticSaddle(QuarticSaddle)
  case cosineSaddle(CosineSaddle)
  case matrixFactorization(MatrixFactorization)
  case rayleighQuotient(RayleighQuotient)
  case simplexQuadratic(SimplexQuadratic)
  case halfPlaneSaddle(HalfPlaneSaddle)
  case degenerateSaddle(DegenerateSaddle)
  case pdeResidualNetwork(PDEResidualNetwork)

  /// The family's name in JSON and on the command line.
  public var family: String {
    switch self {
    case .confinedQuadratic: "confined-quadratic"
    case .rotatedDoubleWell: "rotated-double-well"
    case .coupledDoubleWell: "coupled-double-well"
    case .quarticSaddle: "quartic-saddle"
    case .cosineSaddle: "cosine-saddle"
    case .matrixFactorization: "matrix-factorization"
    case .rayleighQuotient: "rayleigh-quotient"
    case .simplexQuadratic: "simplex-quadratic"
    case .halfPlaneSaddle: "half-plane-saddle"
    case .degenerateSaddle: "degenerate-saddle"
    case .pdeResidualNetwork: "pde-residual-network"
    }
  }

  /// The family's objective, as an existential (for reports and set-up, not inner loops).
  public var objective: any Objective {
    switch self {
    case .confinedQuadratic(let f): f
    case .rotatedDoubleWell(let f): f
    case .coupledDoubleWell(let f): f
    case .quarticSaddle(let f): f
    case .cosineSaddle(let f): f
    case .matrixFactorization(let f): f
    case .rayleighQuotient(let f): f
    case .simplexQuadratic(let f): f
    case .halfPlaneSaddle(let f): f
    case .degenerateSaddle(let f): f
    case .pdeResidualNetwork(let f): f
    }
  }

  /// A short label for reports, e.g. `rotated-double-well(d=10)`.
  public var label: String { "\(family)(d=\(objective.dimension))" }
}

extension Landscape: Objective {
  public var dimension: Int { objective.dimension }
  public var domain: Domain { objective.domain }
  public func value(at x: Vector) -> Double { objective.value(at: x) }
  public func gradient(at x: Vector) -> Vector { objective.gradient(at: x) }
  public func hessian(at x: Vector) -> Matrix { objective.hessian(at: x) }
  public func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector { objective.hessianVectorProduct(at: x, v) }
  public var lipschitzConstant: Double { objective.lipschitzConstant }
  public var boundProvenance: BoundProvenance { objective.boundProvenance }
  public var certifiedRegion: Region { objective.certifiedRegion }
  public var lowerBound: Double { objective.lowerBound }
  public var thirdDerivativeBound: Double { objective.thirdDerivativeBound }
  public var criticalPoints: [PlantedCriticalPoint] { objective.criticalPoints }

  /// Forwards to the family's batched gradient (one dispatch per batch, not per point).
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    switch self {
    case .confinedQuadratic(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .rotatedDoubleWell(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .coupledDoubleWell(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .quarticSaddle(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .cosineSaddle(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .matrixFactorization(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .rayleighQuotient(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .simplexQuadratic(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .halfPlaneSaddle(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .degenerateSaddle(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    case .pdeResidualNetwork(let f): f.gradients(at: points, into: &gradients, workspace: &workspace)
    }
  }

  /// Forwards to the family's batched value.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    switch self {
    case .confinedQuadratic(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .rotatedDoubleWell(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .coupledDoubleWell(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .quarticSaddle(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .cosineSaddle(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .matrixFactorization(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .rayleighQuotient(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .simplexQuadratic(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .halfPlaneSaddle(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .degenerateSaddle(let f): f.values(at: points, into: &values, workspace: &workspace)
    case .pdeResidualNetwork(let f): f.values(at: points, into: &values, workspace: &workspace)
    }
  }
}
