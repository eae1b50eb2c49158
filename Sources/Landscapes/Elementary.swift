/// Branch-free elementary functions written in plain arithmetic, so the
/// same code runs on one point (``Objective/gradient(at:)``) and across SIMD
/// lanes (the batched gradients), giving bit-identical results both ways —
/// which a call into the platform's libm per lane would also give, but at a
/// tenth of the speed, and with results that may change between libm versions.
package enum Elementary {
  /// tanh z, within 3 ulp of libm's tanh (tested
  /// on [−25, 25]); odd, NaN → NaN, ±∞ → ±1, |z| ≥ 20 → ±1 (tanh 20 rounds to 1).
  ///
  /// tanh|z| = e/(e + 2) with e = expm1(2|z|), then the sign of z.
  @inline(__always)
  package static func tanh(_ z: Double) -> Double {
    let sign = z.bitPattern & 0x8000_0000_0000_0000
    var a = Double(bitPattern: z.bitPattern & 0x7fff_ffff_ffff_ffff)
    a = a > 20 ? 20 : a
    let e = expm1(2 * a)
    let t = e / (e + 2)
    return Double(bitPattern: t.bitPattern | sign)
  }

  /// e^x − 1 for x in [−700, 700], relative error ≲ 1 ulp: x = k ln 2 + r with
  /// |r| ≤ ln2/2 (Cody–Waite reduction), expm1(r) by its Taylor series to r¹³
  /// (truncation < 1e-17 relative), then e^x − 1 = (2^k − 1) + 2^k expm1(r).
  @inline(__always)
  package static func expm1(_ x: Double) -> Double {
    let shifter = 0x1.8p52
    let v = x * 1.4426950408889634 + shifter  // k + shifter: round to nearest
    let k = v - shifter
    let scale = Double(bitPattern: (v.bitPattern &- shifter.bitPattern &+ 1023) << 52)  // 2^k
    let r = (x - k * 0x1.62e42fee00000p-1) - k * 0x1.a39ef35793c76p-33
    var p = 1.0 / 6_227_020_800
    p = p * r + 1.0 / 479_001_600
    p = p * r + 1.0 / 39_916_800
    p = p * r + 1.0 / 3_628_800
    p = p * r + 1.0 / 362_880
    p = p * r + 1.0 / 40_320
    p = p * r + 1.0 / 5_040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    let em = r + (r * r) * p
    return (scale - 1) + scale * em
  }

  /// ``tanh(_:)-(Double)`` in each of 8 lanes: the same operations in the same
  /// order, so every lane is bit-identical to the scalar function (the
  /// families' batched gradients use it to keep 4 SSE2 vectors in flight
  /// through the polynomial's dependency chain).
  @inline(__always)
  package static func tanh(_ z: SIMD8<Double>) -> SIMD8<Double> {
    let bits = unsafeBitCast(z, to: SIMD8<UInt64>.self)
    let sign = bits & 0x8000_0000_0000_0000
    var a = unsafeBitCast(bits & 0x7fff_ffff_ffff_ffff, to: SIMD8<Double>.self)
    a.replace(with: 20, where: a .> 20)
    let e = expm1(2 * a)
    let t = e / (e + 2)
    return unsafeBitCast(unsafeBitCast(t, to: SIMD8<UInt64>.self) | sign, to: SIMD8<Double>.self)
  }

  /// ``expm1(_:)-(Double)`` in each of 8 lanes, bit-identical lane by lane.
  @inline(__always)
  package static func expm1(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let shifter = 0x1.8p52
    let v = x * 1.4426950408889634 + shifter
    let k = v - shifter
    let exponent = (unsafeBitCast(v, to: SIMD8<UInt64>.self) &- shifter.bitPattern &+ 1023) &<< 52
    let scale = unsafeBitCast(exponent, to: SIMD8<Double>.self)
    let r = (x - k * 0x1.62e42fee00000p-1) - k * 0x1.a39ef35793c76p-33
    var p = SIMD8<Double>(repeating: 1.0 / 6_227_020_800)
    p = p * r + 1.0 / 479_001_600
    p = p * r + 1.0 / 39_916_800
    p = p * r + 1.0 / 3_628_800
    p = p * r + 1.0 / 362_880
    p = p * r + 1.0 / 40_320
    p = p * r + 1.0 / 5_040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    let em = r + (r * r) * p
    return (scale - 1) + scale * em
  }
}
