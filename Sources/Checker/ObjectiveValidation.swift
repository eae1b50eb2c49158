public import Landscapes
import LinearAlgebra

/// The shape checks a user's ``Objective`` must pass before any claim evaluates it: every check
/// multiplies its vectors and matrices, and `Vector`/`Matrix` arithmetic traps on mismatched
/// shapes (a precondition, meant for our own bugs). An objective that fails one is skipped with
/// the message instead of crashing the run.
///
/// Checked, for d = ``Objective/dimension``: d ≥ 1; each planted point's location has dimension d
/// and its `hessianEigenvalues` count is the tangent dimension (d on R^d and a polyhedron, d − 1 on
/// the sphere and the simplex); a polyhedron's normals and the certified region have dimension d;
/// at every planted point and at one sample point of the domain, ∇f is a vector of dimension d,
/// ∇²f is d × d and ∇²f·v has dimension d; at the planted points ∇f is also finite.
public enum ObjectiveValidation {
  /// The first shape problem of `f`, naming the field (`criticalPoints[2].location`,
  /// `hessian(at: criticalPoints[0])`, …), or nil when every check passes.
  public static func problem<F: Objective>(_ f: F) -> String? {
    let d = f.dimension
    guard d >= 1 else { return "dimension: must be ≥ 1, got \(d)" }
    let manifold: Bool
    switch f.domain {
    case .euclidean: manifold = false
    case .sphere, .simplex:
      manifold = true
      guard d >= 2 else { return "dimension: the \(f.domain == .sphere ? "sphere" : "simplex") needs d ≥ 2, got \(d)" }
    case .polyhedron(let halfSpaces):
      manifold = false
      for (i, h) in halfSpaces.enumerated() where h.normal.dimension != d {
        return "domain: half-space \(i) has a normal of dimension \(h.normal.dimension), not \(d)"
      }
    }
    switch f.certifiedRegion {
    case .everywhere: break
    case .ball(let c, _) where c.dimension != d:
      return "certifiedRegion: a ball centred at a point of dimension \(c.dimension), not \(d)"
    case .box(let lo, let hi) where lo.dimension != d || hi.dimension != d:
      return "certifiedRegion: a box with bounds of dimension \(lo.dimension)/\(hi.dimension), not \(d)"
    default: break
    }
    let tangent = manifold ? d - 1 : d
    let points = f.criticalPoints
    for (i, p) in points.enumerated() {
      guard p.location.dimension == d else {
        return "criticalPoints[\(i)].location: dimension \(p.location.dimension), not \(d)"
      }
      guard p.hessianEigenvalues.dimension == tangent else {
        return "criticalPoints[\(i)].hessianEigenvalues: \(p.hessianEigenvalues.dimension) values, not \(tangent)"
          + (manifold ? " (the tangent dimension d − 1)" : " (d)")
      }
    }
    let sample: Vector
    switch f.domain {
    case .sphere: sample = Vector(basis: 0, dimension: d)
    case .simplex: sample = Vector(Array(repeating: 1 / Double(d), count: d))
    case .euclidean, .polyhedron: sample = Vector(zeros: d)
    }
    let probes = points.enumerated().map { ($0.element.location, "criticalPoints[\($0.offset)]", true) }
      + [(sample, "the sample point \(sample.components)", false)]
    let direction = Vector(basis: 0, dimension: d)
    for (x, name, planted) in probes {
      let g = f.gradient(at: x)
      guard g.dimension == d else { return "gradient(at: \(name)): dimension \(g.dimension), not \(d)" }
      if planted, !g.isFinite { return "gradient(at: \(name)): not finite (\(g.components))" }
      let h = f.hessian(at: x)
      guard h.rows == d, h.columns == d else { return "hessian(at: \(name)): \(h.rows) × \(h.columns), not \(d) × \(d)" }
      let hv = f.hessianVectorProduct(at: x, direction)
      guard hv.dimension == d else { return "hessianVectorProduct(at: \(name)): dimension \(hv.dimension), not \(d)" }
    }
    return nil
  }
}
