import LinearAlgebra
extension ConfinedQuadratic {
  /// ∇f = Hx + 2ψ'(‖x‖²)x for every point of the batch; bit-identical to
  /// ``gradient(at:)`` point by point.
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == dimension && gradients.dimension == dimension && gradients.capacity == points.capacity,
                 "batches of different shapes")
    let n = dimension, cap = points.capacity, m = points.count
    gradients.count = m
    LaneKernels.reserve(&workspace, cap)
    quadratic.matrix.elements.withUnsafeBufferPointer { h in
      points.coordinates.withUnsafeBufferPointer { x in
        workspace.withUnsafeMutableBufferPointer { w in
          gradients.coordinates.withUnsafeMutableBufferPointer { g in
            let x = x.baseAddress!, g = g.baseAddress!, s = w.baseAddress!
            LaneKernels.multiply(h.baseAddress!, rowStride: n, columnStride: 1, n: n, x, into: g, capacity: cap, count: m)
            LaneKernels.dot(x, x, n: n, into: s, capacity: cap, count: m)
            for l in 0..<m { s[l] = 2 * psiPrime(s[l]) }
            for j in 0..<n {
              let gj = g + j * cap, xj = x + j * cap
              for l in 0..<m { gj[l] += s[l] * xj[l] }
            }
          }
        }
      }
    }
  }

  /// f for every point of the batch; bit-identical to ``value(at:)`` point by point.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(points.dimension == dimension && values.count >= points.count, "batch of the wrong shape")
    let n = dimension, cap = points.capacity, m = points.count
    LaneKernels.reserve(&workspace, (n + 1) * cap)
    quadratic.matrix.elements.withUnsafeBufferPointer { h in
      points.coordinates.withUnsafeBufferPointer { x in
        workspace.withUnsafeMutableBufferPointer { w in
          values.withUnsafeMutableBufferPointer { v in
            let x = x.baseAddress!, hx = w.baseAddress!, s = hx + n * cap
            LaneKernels.multiply(h.baseAddress!, rowStride: n, columnStride: 1, n: n, x, into: hx, capacity: cap, count: m)
            LaneKernels.dot(x, x, n: n, into: s, capacity: cap, count: m)
            LaneKernels.dot(x, UnsafePointer(hx), n: n, into: v.baseAddress!, capacity: cap, count: m)
            for l in 0..<m { v[l] = 0.5 * v[l] + a * ((b * b + s[l] * s[l]).squareRoot() - b) }
          }
        }
      }
    }
  }
}
