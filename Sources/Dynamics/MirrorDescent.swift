public import LinearAlgebra
public import Landscapes
import Foundation

/// A mirror map Φ on a convex set M: its gradient ∇Φ and the map
/// h(y) = argmax_{z∈M} ⟨z, y⟩ − Φ(z) back from the dual space.
public protocol MirrorMap: Sendable {
  /// A short name for reports.
  var name: String { get }
  /// ∇Φ(x), the dual coordinates of x.
  func dual(_ x: Vector) -> Vector
  /// h(y) = argmax_{z∈M} ⟨z, y⟩ − Φ(z).
  func primal(_ y: Vector) -> Vector
}

/// The negative entropy Φ(x) = Σ x_i log x_i on the probability simplex:
/// ∇Φ(x) = 1 + log x and h(y) = softmax(y). Mirror descent with this map is
/// the multiplicative-weights update x_{t+1,i} ∝ x_{t,i} e^{−α g_i}.
public struct EntropicMirrorMap: MirrorMap, Hashable, Codable {
  public init() {}
  public var name: String { "entropy" }
  public func dual(_ x: Vector) -> Vector { Vector(x.components.map { 1 + log($0) }) }
  /// softmax(y), shifted by max y so that exp never overflows.
  public func primal(_ y: Vector) -> Vector {
    let top = y.components.max() ?? 0
    let e = y.components.map { exp($0 - top) }
    let s = e.reduce(0, +)
    return Vector(e.map { $0 / s })
  }
}

/// Mirror descent x_{t+1} = h(∇Φ(x_t) − α_t ∇f(x_t)), α_t = c/(t + 1)^a
/// ([LPP+19] §5.2; the talk's "Mirror descent" slide). With
/// ``EntropicMirrorMap`` it is the multiplicative-weights update on the simplex.
public struct MirrorDescent<Mirror: MirrorMap>: FirstOrderMethod {
  public let mirror: Mirror
  public let c: Double
  public let a: Double
  public private(set) var iteration = 0

  public init(mirror: Mirror, c: Double, a: Double = 0) {
    precondition(c > 0 && c.isFinite && (0...1).contains(a), "invalid mirror-descent steps")
    self.mirror = mirror
    self.c = c
    self.a = a
  }

  public var name: String { "mirror-descent(\(mirror.name),c=\(c),a=\(a))" }
  public var alpha: Double { c / _pow(Double(iteration + 1), a) }

  public mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    var y = mirror.dual(x)
    y.add(objective.gradient(at: x), scaledBy: -alpha)
    iteration += 1
    return mirror.primal(y)
  }
}

/// Multiplicative weights: mirror descent with the entropic mirror map.
public typealias MultiplicativeWeights = MirrorDescent<EntropicMirrorMap>

extension MirrorDescent where Mirror == EntropicMirrorMap {
  /// The multiplicative-weights update with step α (a = 0) or α_t = c/(t + 1)^a.
  public init(c: Double, a: Double = 0) { self.init(mirror: EntropicMirrorMap(), c: c, a: a) }

  /// The MWU map's Jacobian in ambient coordinates, for x on the simplex:
  /// with w_i = x_i e^{−αg_i}, S = Σw, y = w/S,
  /// ∂y_i/∂x_j = y_i(δ_ij/x_j − αH_ij) − y_i Σ_k y_k(δ_kj/x_j − αH_kj).
  public func analyticJacobian<F: Objective>(at x: Vector, on objective: F) -> Matrix? {
    let d = x.dimension
    let y = map(x, on: objective)
    let h = objective.hessian(at: x)
    var b = Matrix(zeros: d, d)  // B_ij = δ_ij/x_j − αH_ij
    for i in 0..<d { for j in 0..<d { b[i, j] = (i == j ? 1 / x[j] : 0) - alpha * h[i, j] } }
    var j = Matrix(zeros: d, d)
    for col in 0..<d {
      var mean = 0.0
      for k in 0..<d { mean += y[k] * b[k, col] }
      for i in 0..<d { j[i, col] = y[i] * (b[i, col] - mean) }
    }
    return j
  }
}
