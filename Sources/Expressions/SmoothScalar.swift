import Foundation

/// A number system in which a smooth function can be evaluated: the one
/// protocol behind the expression evaluator, shared by plain `Double`
/// evaluation, forward-mode automatic differentiation (``Dual``, and the
/// hyper-dual ``HyperDual`` = `Dual<Dual<T>>`) and rigorous enclosures
/// (``Interval``).
///
/// A function written once as `func f<T: SmoothScalar>(_ x: [T]) -> T` (see
/// ``ScalarFunction``) yields values (T = Double), exact gradients
/// (T = `Dual<Double>`), exact Hessians (T = `HyperDual<Double>`) and, with
/// T = `Interval` or `HyperDual<Interval>`, enclosures of f, ∇f and ∇²f over
/// a box: one evaluator, no finite differences.
///
/// The functions are those the theorems can use: each is C^∞ on the open
/// set where it is defined (`log`, `log1p`, `sqrt` and `/` only away from
/// their singularities). Non-smooth functions (`abs`, `max`) are deliberately
/// absent: the saddle theorems need f ∈ C².
public protocol SmoothScalar: Sendable {
  /// The constant `value`. `isExact` says whether `value` is exactly the
  /// intended real number (an integer literal, a dyadic); when false the
  /// intended number is only known to lie within half an ulp of `value`
  /// (a correctly rounded decimal literal) and interval types widen it.
  init(constant value: Double, isExact: Bool)
  static func + (lhs: Self, rhs: Self) -> Self
  static func - (lhs: Self, rhs: Self) -> Self
  static func * (lhs: Self, rhs: Self) -> Self
  static func / (lhs: Self, rhs: Self) -> Self
  static prefix func - (operand: Self) -> Self
  /// xⁿ for a whole exponent n (negative n: 1/x^|n|).
  func power(_ n: Int) -> Self
  static func exp(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func log1p(_ x: Self) -> Self
  static func sqrt(_ x: Self) -> Self
  static func sin(_ x: Self) -> Self
  static func cos(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self
  static func cosh(_ x: Self) -> Self
  static func sinh(_ x: Self) -> Self
}

extension SmoothScalar {
  /// The exact constant `value` (for integers and other exactly representable numbers).
  @inlinable public init(_ value: Double) { self.init(constant: value, isExact: true) }
}

/// A function R^d → R written once for every ``SmoothScalar``: the Swift
/// user's generic `f<T>` and a parsed ``SmoothExpression`` both conform, and the
/// certifier accepts either.
public protocol ScalarFunction: Sendable {
  /// The dimension d of the input.
  var dimension: Int { get }
  /// f(x) for x of length ``dimension``.
  func callAsFunction<T: SmoothScalar>(_ x: [T]) -> T
}

extension Double: SmoothScalar {
  public init(constant value: Double, isExact: Bool) { self = value }
  public func power(_ n: Int) -> Double {
    if n == 2 { return self * self }
    return Foundation.pow(self, Double(n))
  }
  public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
  public static func log(_ x: Double) -> Double { Foundation.log(x) }
  public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
  public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
  public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
  public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
  public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
  public static func cosh(_ x: Double) -> Double { Foundation.cosh(x) }
  public static func sinh(_ x: Double) -> Double { Foundation.sinh(x) }
}
