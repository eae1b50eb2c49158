/// Loops across the points of a ``PointBatch`` (SIMD lanes) for the
/// families' batched gradients. Every lane performs exactly the scalar
/// path's operations in the scalar path's order — sums start at 0 and add
/// term by term in index order, products are not fused — so a lane's result
/// is bit-identical to the scalar ``Objective/gradient(at:)``.
enum LaneKernels {
  /// Lanes per SIMD block (8 doubles: four SSE2 registers, two AVX registers).
  static let width = 8

  /// out_i = Σ_k a(i, k) x_k over k = 0..<n in order, starting from 0, for
  /// each of the first `count` lanes, with a(i, k) = a[i·rowStride + k·columnStride]
  /// (row-major A: (n, 1); Aᵀ of a row-major A: (1, n)). `x` and `out` are
  /// coordinate-major with stride `capacity`; `out` must not alias `x`.
  static func multiply(
    _ a: UnsafePointer<Double>, rowStride: Int, columnStride: Int, n: Int,
    _ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, capacity: Int, count: Int
  ) {
    // Two rows at a time over blocks of 8 lanes: 8 independent accumulator chains
    // (enough to hide the add latency) and one load of x_k for both rows.
    var i = 0
    while i &+ 2 <= n {
      let row0 = a + i &* rowStride, row1 = row0 + rowStride
      let o0 = out + i &* capacity, o1 = o0 + capacity
      var l = 0
      while l &+ width <= count {
        var acc0 = SIMD8<Double>(repeating: 0), acc1 = SIMD8<Double>(repeating: 0)
        var xk = x + l
        for k in 0..<n {
          let v = UnsafeRawPointer(xk).loadUnaligned(as: SIMD8<Double>.self)
          acc0 = acc0 + row0[k &* columnStride] * v
          acc1 = acc1 + row1[k &* columnStride] * v
          xk += capacity
        }
        UnsafeMutableRawPointer(o0 + l).storeBytes(of: acc0, as: SIMD8<Double>.self)
        UnsafeMutableRawPointer(o1 + l).storeBytes(of: acc1, as: SIMD8<Double>.self)
        l &+= width
      }
      while l < count {
        var s0 = 0.0, s1 = 0.0
        for k in 0..<n {
          let xv = x[k &* capacity &+ l]
          s0 += row0[k &* columnStride] * xv
          s1 += row1[k &* columnStride] * xv
        }
        o0[l] = s0
        o1[l] = s1
        l &+= 1
      }
      i &+= 2
    }
    if i < n {
      let row = a + i &* rowStride
      let o = out + i &* capacity
      var l = 0
      while l &+ width <= count {
        var acc = SIMD8<Double>(repeating: 0)
        var xk = x + l
        for k in 0..<n {
          let v = UnsafeRawPointer(xk).loadUnaligned(as: SIMD8<Double>.self)
          acc = acc + row[k &* columnStride] * v
          xk += capacity
        }
        UnsafeMutableRawPointer(o + l).storeBytes(of: acc, as: SIMD8<Double>.self)
        l &+= width
      }
      while l < count {
        var s = 0.0
        for k in 0..<n { s += row[k &* columnStride] * x[k &* capacity &+ l] }
        o[l] = s
        l &+= 1
      }
    }
  }

  /// out_l = Σ_j u_j,l · v_j,l over j = 0..<n in order, from 0 (a dot product per lane).
  static func dot(
    _ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, n: Int, into out: UnsafeMutablePointer<Double>,
    capacity: Int, count: Int
  ) {
    for l in 0..<count { out[l] = 0 }
    for j in 0..<n {
      let uj = u + j &* capacity, vj = v + j &* capacity
      for l in 0..<count { out[l] += uj[l] * vj[l] }
    }
  }

  /// Grows `workspace` to at least `size` values (once; later calls reuse it).
  static func reserve(_ workspace: inout [Double], _ size: Int) {
    if workspace.count < size { workspace = Array(repeating: 0, count: size) }
  }
}
