import LinearAlgebra

extension DegenerateSaddle {
  /// ∇f = (y²(y + 2), h₁x₁, …) for every point of the batch, across SIMD lanes;
  /// bit-identical to ``gradient(at:)`` point by point (the same expressions).
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == dimension && gradients.dimension == dimension
                 && gradients.capacity == points.capacity, "batches of different shapes")
    let cap = points.capacity, m = points.count
    gradients.count = m
    points.coordinates.withUnsafeBufferPointer { x in
      gradients.coordinates.withUnsafeMutableBufferPointer { g in
        let x = x.baseAddress!, g = g.baseAddress!
        for l in 0..<m {
          let y = x[l]
          g[l] = y * y * (y + 2)
        }
        for (k, h) in curvatures.enumerated() {
          let xk = x + (k + 1) * cap, gk = g + (k + 1) * cap
          for l in 0..<m { gk[l] = h * xk[l] }
        }
      }
    }
  }

  /// f for every point of the batch; bit-identical to ``value(at:)`` point by point.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(points.dimension == dimension && values.count >= points.count, "batch of the wrong shape")
    let cap = points.capacity, m = points.count
    points.coordinates.withUnsafeBufferPointer { x in
      values.withUnsafeMutableBufferPointer { v in
        let x = x.baseAddress!
        for l in 0..<m {
          let y = x[l]
          v[l] = y * y * y * y / 4 + 2 * y * y * y / 3
        }
        for (k, h) in curvatures.enumerated() {
          let xk = x + (k + 1) * cap
          for l in 0..<m { v[l] += 0.5 * h * xk[l] * xk[l] }
        }
      }
    }
  }
}
