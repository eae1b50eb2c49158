import Expressions
import LinearAlgebra

/// Value, gradient and Hessian of a ``ScalarFunction`` by forward-mode
/// automatic differentiation, over any scalar S (Double for values at a
/// point, ``Interval`` for enclosures over a box).
enum Derivatives {
  /// f(x).
  static func value<F: ScalarFunction, S: SmoothScalar>(_ f: F, at x: [S]) -> S { f(x) }

  /// ∇f(x): d evaluations over `Dual<S>`.
  static func gradient<F: ScalarFunction, S: SmoothScalar>(_ f: F, at x: [S]) -> [S] {
    let d = x.count
    return (0..<d).map { i in
      let seeded = (0..<d).map { k in Dual(value: x[k], derivative: S(k == i ? 1 : 0)) }
      return f(seeded).derivative
    }
  }

  /// ∇²f(x) (symmetric, as rows): d(d + 1)/2 evaluations over `HyperDual<S>`.
  static func hessian<F: ScalarFunction, S: SmoothScalar>(_ f: F, at x: [S]) -> [[S]] {
    let d = x.count
    var h = Array(repeating: Array(repeating: S(0), count: d), count: d)
    for i in 0..<d {
      for j in i..<d {
        let seeded = (0..<d).map { k in
          HyperDual(value: Dual(value: x[k], derivative: S(k == j ? 1 : 0)),
                    derivative: Dual(value: S(k == i ? 1 : 0), derivative: S(0)))
        }
        let e = f(seeded).derivative.derivative
        h[i][j] = e
        h[j][i] = e
      }
    }
    return h
  }

  /// ∇f(x) as a vector.
  static func gradient<F: ScalarFunction>(_ f: F, at x: Vector) -> Vector { Vector(gradient(f, at: x.components)) }

  /// ∇²f(x) as a matrix.
  static func hessian<F: ScalarFunction>(_ f: F, at x: Vector) -> Matrix { Matrix(rowArrays: hessian(f, at: x.components)) }

  /// An upper bound on sup ‖D³f‖ over a box: the Frobenius norm of the
  /// interval third-derivative tensor (≥ the norm of the symmetric trilinear
  /// form), from d(d + 1)(d + 2)/6 evaluations over `Dual<HyperDual<Interval>>`.
  static func thirdDerivativeBound<F: ScalarFunction>(_ f: F, over box: Box) -> Double {
    let d = box.dimension
    let x = box.intervals
    var sum = 0.0
    for i in 0..<d {
      for j in i..<d {
        for k in j..<d {
          let seeded = (0..<d).map { m in
            Dual(value: HyperDual(value: Dual(value: x[m], derivative: Interval(m == k ? 1 : 0)),
                                  derivative: Dual(value: Interval(m == j ? 1 : 0), derivative: Interval(0))),
                 derivative: HyperDual(value: Dual(value: Interval(m == i ? 1 : 0), derivative: Interval(0)),
                                       derivative: Dual(value: Interval(0), derivative: Interval(0))))
          }
          let t = f(seeded).derivative.derivative.derivative.magnitude
          // Multiplicity of (i, j, k) among the d³ ordered triples.
          let multiplicity: Double = (i == j && j == k) ? 1 : (i == j || j == k) ? 3 : 6
          sum = (sum + (multiplicity * (t * t).nextUp).nextUp).nextUp
        }
      }
    }
    return sum.squareRoot().nextUp
  }
}
