public import LinearAlgebra
public import Landscapes

/// An objective whose ``criticalPoints`` are the points a ``CriticalPointFinder`` found,
/// so that the claims that run "at every planted point" (``InstanceChecks``) run at them
/// when the objective itself plants none.
///
/// Everything else forwards to `base`. Each found point becomes a ``PlantedCriticalPoint``
/// with the eigenvalues of ∇²f computed there (not exact: a point whose smallest |λ| is
/// below the rounding of the Hessian can be misclassified as strict or degenerate, and the
/// finder's list is not proved complete — see ``CriticalPointFinder``). Found points whose
/// classification is undecided are left out.
public struct FoundPointsObjective<Base: Objective>: Objective {
  public let base: Base
  public let criticalPoints: [PlantedCriticalPoint]

  /// `base` with the points of `search` (a search on `base`) as its critical points.
  public init(_ base: Base, found search: CriticalPointSearch) {
    self.base = base
    self.criticalPoints = search.points.compactMap { p in
      if case .undecided = p.classification { return nil }
      return PlantedCriticalPoint(location: p.location, hessianEigenvalues: p.hessianEigenvalues)
    }
  }

  public var dimension: Int { base.dimension }
  public var domain: Domain { base.domain }
  public func value(at x: Vector) -> Double { base.value(at: x) }
  public func gradient(at x: Vector) -> Vector { base.gradient(at: x) }
  public func hessian(at x: Vector) -> Matrix { base.hessian(at: x) }
  public func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector { base.hessianVectorProduct(at: x, v) }
  public var lipschitzConstant: Double { base.lipschitzConstant }
  public var certifiedRegion: Region { base.certifiedRegion }
  public var lowerBound: Double { base.lowerBound }
  public var thirdDerivativeBound: Double { base.thirdDerivativeBound }
  public var boundProvenance: BoundProvenance { base.boundProvenance }
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    base.gradients(at: points, into: &gradients, workspace: &workspace)
  }
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    base.values(at: points, into: &values, workspace: &workspace)
  }
}
