public import LinearAlgebra

/// Where a certificate (L, f_low) holds: everywhere, or on a declared
/// region when no global constant exists (quartic landscapes such as
/// ½x² + ¼y⁴ − ½y² or matrix factorization).
public enum Region: Sendable, Hashable, Codable {
  /// All of R^d.
  case everywhere
  /// The closed ball ‖x − center‖ ≤ radius.
  case ball(center: Vector, radius: Double)
  /// The box lower ≤ x ≤ upper, componentwise.
  case box(lower: Vector, upper: Vector)

  /// Whether x lies in the region.
  public func contains(_ x: Vector) -> Bool {
    switch self {
    case .everywhere: return true
    case .ball(let c, let r): return x.distance(to: c) <= r
    case .box(let lo, let hi): return x.indices.allSatisfy { lo[$0] <= x[$0] && x[$0] <= hi[$0] }
    }
  }

  /// Whether the certificate is global.
  public var isGlobal: Bool { self == .everywhere }

  /// A short description for reports.
  public var summary: String {
    switch self {
    case .everywhere: "R^d"
    case .ball(let c, let r): c.maximumMagnitude == 0 ? "ball(0, \(r))" : "ball(c, \(r))"
    case .box(let lo, let hi): "box[\(lo.components.min() ?? 0), \(hi.components.max() ?? 0)]^d"
    }
  }
}
