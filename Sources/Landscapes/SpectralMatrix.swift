public import LinearAlgebra
import Serialization

/// A symmetric matrix given by its planted spectral decomposition
/// S = Q diag(λ) Qᵀ, Q orthogonal — how every quadratic part of a landscape
/// is stored, so that its eigenvalues are exact by construction and a numpy
/// user rebuilds it as `Q @ np.diag(lam) @ Q.T`.
public struct SpectralMatrix: Sendable, Hashable, Codable {
  /// The orthogonal Q (column i is the eigenvector of λ_i).
  public let rotation: Matrix
  /// The eigenvalues λ_i, in the order of Q's columns.
  public let eigenvalues: Vector
  /// S = Q diag(λ) Qᵀ, formed once and exactly symmetric.
  public let matrix: Matrix

  /// S = Q diag(λ) Qᵀ. - Precondition: ``problem(rotation:eigenvalues:)`` is nil.
  public init(rotation: Matrix, eigenvalues: Vector) {
    if let p = Self.problem(rotation: rotation, eigenvalues: eigenvalues) { preconditionFailure(p) }
    self.rotation = rotation
    self.eigenvalues = eigenvalues
    self.matrix = .congruence(rotation, diagonal: eigenvalues)
  }

  /// Why (Q, λ) is not a valid spectral decomposition, or nil.
  /// Q must be square, finite and orthogonal to ‖QᵀQ − I‖_F ≤ 1e-10; λ finite, one per column.
  public static func problem(rotation: Matrix, eigenvalues: Vector) -> String? {
    guard rotation.isSquare else { return "rotation: is \(rotation.rows)×\(rotation.columns), not square" }
    guard rotation.rows == eigenvalues.dimension else {
      return "rotation: is \(rotation.rows)×\(rotation.rows) but there are \(eigenvalues.dimension) eigenvalues"
    }
    guard rotation.rows >= 1 else { return "rotation: is empty; the dimension must be at least 1" }
    guard rotation.rows <= 2000 else { return "rotation: is \(rotation.rows)×\(rotation.rows); the dimension may be at most 2000" }
    guard rotation.isFinite else { return "rotation: has a non-finite entry" }
    guard eigenvalues.isFinite else { return "eigenvalues: has a non-finite entry" }
    let defect = (rotation.transposed * rotation - .identity(rotation.rows)).frobeniusNorm
    guard defect <= 1e-10 else { return "rotation: is not orthogonal: ‖QᵀQ − I‖_F = \(defect) > 1e-10" }
    return nil
  }

  /// The dimension n.
  public var dimension: Int { eigenvalues.dimension }

  /// S·v.
  @inlinable
  public func apply(_ v: Vector) -> Vector { matrix * v }

  /// Qᵀv, the coordinates of v in the eigenbasis.
  public func coordinates(_ v: Vector) -> Vector {
    let n = dimension
    var y = [Double](repeating: 0, count: n)
    for k in 0..<n {
      let vk = v[k]
      if vk == 0 { continue }
      for i in 0..<n { y[i] += rotation.elements[k * n + i] * vk }
    }
    return Vector(y)
  }

  /// max |λ_i| = ‖S‖₂.
  public var spectralNorm: Double { eigenvalues.maximumMagnitude }

  private enum CodingKeys: String, CodingKey { case rotation, eigenvalues }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let q = try c.decode(Matrix.self, forKey: .rotation)
    let e = try c.decode(Vector.self, forKey: .eigenvalues)
    if let p = Self.problem(rotation: q, eigenvalues: e) {
      throw DecodingError.fieldProblem(c.codingPath, p)
    }
    self.init(rotation: q, eigenvalues: e)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(rotation, forKey: .rotation)
    try c.encode(eigenvalues, forKey: .eigenvalues)
  }
}
