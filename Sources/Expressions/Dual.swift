/// A dual number v + ḋε with ε² = 0 over any ``SmoothScalar``: forward-mode
/// automatic differentiation. Seeding x_i = Dual(x_i, e_i·u) and evaluating
/// f gives f(x) and the directional derivative ∇f(x)·u exactly (to the
/// rounding of the underlying scalar), with no step size.
///
/// Nesting gives higher derivatives: ``HyperDual`` = `Dual<Dual<T>>`, seeded
/// with directions u (outer) and w (inner), carries uᵀ∇²f(x)w in
/// `derivative.derivative` — the hyper-dual numbers of Fike & Alonso
/// (AIAA 2011-886). Over ``Interval`` the same code encloses ∇f and ∇²f on a box.
public struct Dual<Base: SmoothScalar>: SmoothScalar {
  /// The value v.
  public var value: Base
  /// The derivative ḋ (the coefficient of ε).
  public var derivative: Base

  @inlinable public init(value: Base, derivative: Base) {
    self.value = value
    self.derivative = derivative
  }

  @inlinable public init(constant value: Double, isExact: Bool) {
    self.value = Base(constant: value, isExact: isExact)
    self.derivative = Base(constant: 0, isExact: true)
  }

  @inlinable public static func + (a: Self, b: Self) -> Self {
    Self(value: a.value + b.value, derivative: a.derivative + b.derivative)
  }
  @inlinable public static func - (a: Self, b: Self) -> Self {
    Self(value: a.value - b.value, derivative: a.derivative - b.derivative)
  }
  @inlinable public static func * (a: Self, b: Self) -> Self {
    Self(value: a.value * b.value, derivative: a.derivative * b.value + a.value * b.derivative)
  }
  @inlinable public static func / (a: Self, b: Self) -> Self {
    let q = a.value / b.value
    return Self(value: q, derivative: (a.derivative - q * b.derivative) / b.value)
  }
  @inlinable public static prefix func - (a: Self) -> Self { Self(value: -a.value, derivative: -a.derivative) }

  @inlinable public func power(_ n: Int) -> Self {
    if n == 0 { return Self(1) }
    if n == 1 { return self }
    return Self(value: value.power(n), derivative: Base(Double(n)) * value.power(n - 1) * derivative)
  }
  @inlinable public static func exp(_ x: Self) -> Self {
    let e = Base.exp(x.value)
    return Self(value: e, derivative: e * x.derivative)
  }
  @inlinable public static func log(_ x: Self) -> Self {
    Self(value: Base.log(x.value), derivative: x.derivative / x.value)
  }
  @inlinable public static func log1p(_ x: Self) -> Self {
    Self(value: Base.log1p(x.value), derivative: x.derivative / (Base(1) + x.value))
  }
  @inlinable public static func sqrt(_ x: Self) -> Self {
    let s = Base.sqrt(x.value)
    return Self(value: s, derivative: x.derivative / (Base(2) * s))
  }
  @inlinable public static func sin(_ x: Self) -> Self {
    Self(value: Base.sin(x.value), derivative: Base.cos(x.value) * x.derivative)
  }
  @inlinable public static func cos(_ x: Self) -> Self {
    Self(value: Base.cos(x.value), derivative: -(Base.sin(x.value) * x.derivative))
  }
  @inlinable public static func tanh(_ x: Self) -> Self {
    // d tanh = sech² = 1/cosh²: positive by construction (1 − tanh² would lose
    // the sign information under interval dependency).
    Self(value: Base.tanh(x.value), derivative: x.derivative / Base.cosh(x.value).power(2))
  }
  @inlinable public static func cosh(_ x: Self) -> Self {
    Self(value: Base.cosh(x.value), derivative: Base.sinh(x.value) * x.derivative)
  }
  @inlinable public static func sinh(_ x: Self) -> Self {
    Self(value: Base.sinh(x.value), derivative: Base.cosh(x.value) * x.derivative)
  }
}

/// Hyper-dual numbers: second derivatives by nesting ``Dual``.
public typealias HyperDual<Base: SmoothScalar> = Dual<Dual<Base>>
