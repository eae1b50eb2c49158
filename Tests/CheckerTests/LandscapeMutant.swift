import Foundation
import LinearAlgebra
import Landscapes

func _cos(_ x: Double) -> Double { Foundation.cos(x) }
func _sin(_ x: Double) -> Double { Foundation.sin(x) }

/// A landscape with one deliberate defect, to show the landscape checks fail
/// when their claim is false.
struct LandscapeMutant<Base: Objective>: Objective {
  enum Defect: String, Sendable, CaseIterable {
    /// The certificate claims L/2.
    case halvedLipschitz
    /// ∇f is off by a factor 1.001 (a wrong gradient that keeps the planted points critical).
    case scaledGradient
    /// ∇²f (and ∇²f·v) off by a factor 1.01.
    case scaledHessian
    /// The first planted point is moved by 1e-4.
    case movedPoint
    /// The planted eigenvalues are shifted by 1e-6.
    case shiftedEigenvalues
    /// f_low is raised above the smallest planted value.
    case raisedLowerBound
    /// ∇²f replaced by ∇²f + 2L·I: a wrong Hessian that hides every negative curvature.
    case shiftedHessian
    /// ∇²f replaced by R∇²fRᵀ, R a rotation by 0.3 rad in the first two coordinates:
    /// the right spectrum with the wrong eigenvectors.
    case rotatedHessian
  }

  var base: Base
  var defect: Defect

  var dimension: Int { base.dimension }
  var domain: Domain { base.domain }
  func value(at x: Vector) -> Double { base.value(at: x) }
  func gradient(at x: Vector) -> Vector {
    defect == .scaledGradient ? 1.001 * base.gradient(at: x) : base.gradient(at: x)
  }
  func hessian(at x: Vector) -> Matrix {
    switch defect {
    case .scaledHessian: 1.01 * base.hessian(at: x)
    case .shiftedHessian: base.hessian(at: x) + (2 * base.lipschitzConstant) * Matrix.identity(base.dimension)
    case .rotatedHessian:
      {
        var r = Matrix.identity(base.dimension)
        r[0, 0] = _cos(0.3); r[0, 1] = -_sin(0.3); r[1, 0] = _sin(0.3); r[1, 1] = _cos(0.3)
        return (r * base.hessian(at: x) * r.transposed).symmetricPart
      }()
    default: base.hessian(at: x)
    }
  }
  func hessianVectorProduct(at x: Vector, _ v: Vector) -> Vector { hessian(at: x) * v }
  var lipschitzConstant: Double { defect == .halvedLipschitz ? base.lipschitzConstant / 2 : base.lipschitzConstant }
  var certifiedRegion: Region { base.certifiedRegion }
  /// Raised just above the smallest planted value: wrong whenever a planted
  /// point is a minimum or a saddle (values below it lie nearby).
  var lowerBound: Double {
    guard defect == .raisedLowerBound else { return base.lowerBound }
    let lowest = base.criticalPoints.map { base.value(at: $0.location) }.min() ?? base.lowerBound
    return lowest + 1e-3 * (1 + abs(lowest))
  }
  var thirdDerivativeBound: Double { base.thirdDerivativeBound }
  var criticalPoints: [PlantedCriticalPoint] {
    var points = base.criticalPoints
    switch defect {
    case .movedPoint:
      var p = points[0]
      p.location[0] += 1e-4
      points[0] = p
    case .shiftedEigenvalues:
      points = points.map { PlantedCriticalPoint(location: $0.location, hessianEigenvalues: Vector($0.hessianEigenvalues.components.map { $0 + 1e-6 })) }
    default: break
    }
    return points
  }
}
