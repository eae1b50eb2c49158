import Foundation

/// A closed interval [lower, upper] of real numbers with outward rounding:
/// every operation returns an interval that contains the exact result of the
/// operation applied to every point of its operands (inclusion isotonicity,
/// Moore, Kearfott & Cloud, *Introduction to Interval Analysis*, SIAM 2009, §5).
///
/// Rounding. Swift's `+ − × ÷` and `squareRoot()` are IEEE 754 operations
/// rounded to nearest, so the exact result lies within half an ulp of the
/// computed one; moving each bound one floating-point number outward
/// (`nextDown` / `nextUp`) therefore encloses it (at the cost of ≤ 1 ulp of
/// width) without changing the FPU's rounding mode.
///
/// Transcendental functions. `exp`, `log`, `log1p`, `sin`, `cos`, `tanh`,
/// `cosh`, `sinh` and `pow` come from the platform's libm (glibc on Linux),
/// which is *not* correctly rounded. glibc's manual ("Known Maximum Errors in
/// Math Functions", §19.7 in glibc 2.39) states the goal that each function
/// "behaves as if it computes an infinite-precision result that is within a
/// few ulp" and tabulates the largest errors its test suite has found, a few
/// ulps at most for these double-precision functions. We widen every libm
/// result by ``libmWideningUlps`` = 4 ulps outward, and use only monotonicity
/// and the known extrema of each function (sin and cos at π/2 + kπ, cosh at
/// 0), never libm at an interior point. The enclosure is therefore rigorous
/// *provided* libm meets its documented error bound — a tested, not proved,
/// property that we state as an assumption of every certificate.
///
/// Undefined operations (division by an interval containing 0, `log` of an
/// interval reaching 0 or below, `sqrt` below 0) return ``entire`` = [−∞, ∞]:
/// "no information", which makes every certificate that depends on it fail
/// rather than claim something.
public struct Interval: SmoothScalar, Hashable, Codable, CustomStringConvertible {
  /// The lower bound (may be −∞).
  public var lower: Double
  /// The upper bound (may be +∞).
  public var upper: Double

  /// Ulps by which every libm result is widened outward (see the type's documentation).
  public static let libmWideningUlps = 4

  /// [−∞, +∞]: the result of an operation that may be undefined on its operands.
  public static let entire = Interval(lower: -.infinity, upper: .infinity)

  /// The interval [lower, upper]; NaN bounds give ``entire``.
  ///
  /// - Precondition: lower ≤ upper (when neither is NaN).
  public init(lower: Double, upper: Double) {
    if lower.isNaN || upper.isNaN {
      self.lower = -.infinity
      self.upper = .infinity
      return
    }
    precondition(lower <= upper, "Interval with lower \(lower) > upper \(upper)")
    self.lower = lower
    self.upper = upper
  }

  /// The point interval [x, x], or the hull of the half-ulp neighbourhood of
  /// `value` when the intended constant is not exactly representable.
  public init(constant value: Double, isExact: Bool) {
    self.init(lower: isExact ? value : value.nextDown, upper: isExact ? value : value.nextUp)
  }

  /// The midpoint (finite when both bounds are finite).
  public var midpoint: Double {
    if lower == -.infinity || upper == .infinity { return lower == -upper ? 0 : (lower + upper) / 2 }
    let m = lower / 2 + upper / 2
    return Swift.min(Swift.max(m, lower), upper)
  }
  /// upper − lower, rounded up.
  public var width: Double { (upper - lower).nextUp }
  /// max(|lower|, |upper|): the largest magnitude of a point in the interval.
  public var magnitude: Double { Swift.max(Swift.abs(lower), Swift.abs(upper)) }
  /// min |x| over the interval (0 when it contains 0).
  public var mignitude: Double { contains(0) ? 0 : Swift.min(Swift.abs(lower), Swift.abs(upper)) }
  /// Whether both bounds are finite.
  public var isBounded: Bool { lower.isFinite && upper.isFinite }
  /// Whether x ∈ [lower, upper].
  public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }
  /// Whether `other` ⊂ the interior (lower, upper).
  public func interiorContains(_ other: Interval) -> Bool { lower < other.lower && other.upper < upper }
  /// The intersection, or nil when empty.
  public func intersection(_ other: Interval) -> Interval? {
    let l = Swift.max(lower, other.lower), u = Swift.min(upper, other.upper)
    return l <= u ? Interval(lower: l, upper: u) : nil
  }
  /// The smallest interval containing both.
  public func hull(_ other: Interval) -> Interval {
    Interval(lower: Swift.min(lower, other.lower), upper: Swift.max(upper, other.upper))
  }

  public var description: String { "[\(lower), \(upper)]" }

  // MARK: Rounding helpers

  static func down(_ x: Double) -> Double { x.nextDown }
  static func up(_ x: Double) -> Double { x.nextUp }
  static func libmDown(_ x: Double) -> Double {
    var y = x
    for _ in 0..<libmWideningUlps { y = y.nextDown }
    return y
  }
  static func libmUp(_ x: Double) -> Double {
    var y = x
    for _ in 0..<libmWideningUlps { y = y.nextUp }
    return y
  }
  /// x·y with 0·(±∞) = 0 (an infinite bound stands for "unbounded", and 0 times any real is 0).
  static func product(_ x: Double, _ y: Double) -> Double { x == 0 || y == 0 ? 0 : x * y }

  // MARK: Arithmetic

  /// Whether the interval is the single number x (exact identities need no rounding).
  func isPoint(_ x: Double) -> Bool { lower == x && upper == x }

  // x + 0, x − 0, x·1, x·0 and x/1 are exact in IEEE arithmetic: returned without
  // widening, so that the zero and unit seeds of dual numbers stay exact (a quadratic's
  // third derivative is then exactly [0, 0], not a few subnormals wide).
  public static func + (a: Interval, b: Interval) -> Interval {
    if b.isPoint(0) { return a }
    if a.isPoint(0) { return b }
    return Interval(lower: down(a.lower + b.lower), upper: up(a.upper + b.upper))
  }
  public static func - (a: Interval, b: Interval) -> Interval {
    if b.isPoint(0) { return a }
    if a.isPoint(0) { return -b }
    return Interval(lower: down(a.lower - b.upper), upper: up(a.upper - b.lower))
  }
  public static prefix func - (a: Interval) -> Interval { Interval(lower: -a.upper, upper: -a.lower) }
  public static func * (a: Interval, b: Interval) -> Interval {
    if a.isPoint(0) || b.isPoint(0) { return Interval(lower: 0, upper: 0) }
    if a.isPoint(1) { return b }
    if b.isPoint(1) { return a }
    let p = [product(a.lower, b.lower), product(a.lower, b.upper), product(a.upper, b.lower), product(a.upper, b.upper)]
    return Interval(lower: down(p.min()!), upper: up(p.max()!))
  }
  public static func / (a: Interval, b: Interval) -> Interval {
    if b.contains(0) { return .entire }
    if b.isPoint(1) { return a }
    let q = [a.lower / b.lower, a.lower / b.upper, a.upper / b.lower, a.upper / b.upper]
    if q.contains(where: \.isNaN) { return .entire }
    return Interval(lower: down(q.min()!), upper: up(q.max()!))
  }

  /// |x|ⁿ for x ≥ 0 by repeated multiplication, each product rounded toward `upward`.
  static func magnitudePower(_ x: Double, _ n: Int, upward: Bool) -> Double {
    var r = 1.0
    for _ in 0..<n { r = upward ? up(r * x) : Swift.max(0, down(r * x)) }
    return r
  }

  /// xⁿ: exact range for even n (x² of [−1, 1] is [0, 1], not [−1, 1]).
  public func power(_ n: Int) -> Interval {
    if n == 0 { return Interval(1) }
    if n < 0 { return Interval(1) / power(-n) }
    let lo = lower, hi = upper
    if n % 2 == 1 {
      let l = lo >= 0 ? Self.magnitudePower(lo, n, upward: false) : -Self.magnitudePower(-lo, n, upward: true)
      let u = hi >= 0 ? Self.magnitudePower(hi, n, upward: true) : -Self.magnitudePower(-hi, n, upward: false)
      return Interval(lower: l, upper: u)
    }
    if lo >= 0 { return Interval(lower: Self.magnitudePower(lo, n, upward: false), upper: Self.magnitudePower(hi, n, upward: true)) }
    if hi <= 0 { return Interval(lower: Self.magnitudePower(-hi, n, upward: false), upper: Self.magnitudePower(-lo, n, upward: true)) }
    return Interval(lower: 0, upper: Self.magnitudePower(Swift.max(-lo, hi), n, upward: true))
  }

  // MARK: Elementary functions (monotone pieces and known extrema)

  public static func exp(_ x: Interval) -> Interval {
    Interval(lower: Swift.max(0, libmDown(Foundation.exp(x.lower))), upper: libmUp(Foundation.exp(x.upper)))
  }
  public static func log(_ x: Interval) -> Interval {
    guard x.lower > 0 else { return .entire }
    return Interval(lower: libmDown(Foundation.log(x.lower)), upper: libmUp(Foundation.log(x.upper)))
  }
  public static func log1p(_ x: Interval) -> Interval {
    guard x.lower > -1 else { return .entire }
    return Interval(lower: libmDown(Foundation.log1p(x.lower)), upper: libmUp(Foundation.log1p(x.upper)))
  }
  public static func sqrt(_ x: Interval) -> Interval {
    guard x.lower >= 0 else { return .entire }
    // IEEE 754 square root is correctly rounded: one ulp outward suffices.
    return Interval(lower: Swift.max(0, down(x.lower.squareRoot())), upper: up(x.upper.squareRoot()))
  }
  public static func tanh(_ x: Interval) -> Interval {
    Interval(lower: Swift.max(-1, libmDown(Foundation.tanh(x.lower))), upper: Swift.min(1, libmUp(Foundation.tanh(x.upper))))
  }
  public static func sinh(_ x: Interval) -> Interval {
    Interval(lower: libmDown(Foundation.sinh(x.lower)), upper: libmUp(Foundation.sinh(x.upper)))
  }
  public static func cosh(_ x: Interval) -> Interval {
    let a = libmUp(Foundation.cosh(x.lower)), b = libmUp(Foundation.cosh(x.upper))
    if x.lower >= 0 { return Interval(lower: Swift.max(1, libmDown(Foundation.cosh(x.lower))), upper: b) }
    if x.upper <= 0 { return Interval(lower: Swift.max(1, libmDown(Foundation.cosh(x.upper))), upper: a) }
    return Interval(lower: 1, upper: Swift.max(a, b))
  }
  public static func sin(_ x: Interval) -> Interval {
    // sin(x) = cos(x − π/2): reuse the cosine's extrema test on the shifted interval,
    // with the shift's rounding absorbed by the conservative extremum test.
    periodic(x, phase: -Double.pi / 2, function: Foundation.sin)
  }
  public static func cos(_ x: Interval) -> Interval {
    periodic(x, phase: 0, function: Foundation.cos)
  }

  /// The range of a function g with g(t) = cos(t + phase) over x: the values at
  /// the endpoints, widened, plus ±1 whenever x may contain a maximum
  /// (t + phase = 2kπ) or a minimum (t + phase = (2k + 1)π). "May contain" is
  /// decided with a margin of 1e-9 relative to the endpoints, far above the
  /// rounding of the division by π; a spurious extremum only widens the result.
  static func periodic(_ x: Interval, phase: Double, function g: (Double) -> Double) -> Interval {
    guard x.isBounded, x.width < 2 * Double.pi, Swift.max(Swift.abs(x.lower), Swift.abs(x.upper)) < 1e15 else {
      return Interval(lower: -1, upper: 1)
    }
    let a = g(x.lower), b = g(x.upper)
    var lo = Swift.max(-1, libmDown(Swift.min(a, b))), hi = Swift.min(1, libmUp(Swift.max(a, b)))
    let margin = 1e-9 * (1 + x.magnitude)
    // Multiples of π in the phase-shifted interval: t/π in [s, e].
    let s = (x.lower + phase - margin) / Double.pi, e = (x.upper + phase + margin) / Double.pi
    var k = s.rounded(.up)
    while k <= e {
      if k.truncatingRemainder(dividingBy: 2) == 0 { hi = 1 } else { lo = -1 }
      k += 1
    }
    return Interval(lower: lo, upper: hi)
  }
}
