import LinearAlgebra
import Foundation

// Batched gradients and values of the small families (`quartic-saddle`, `cosine-saddle`,
// `half-plane-saddle`, `rayleigh-quotient`, `simplex-quadratic`): the scalar expressions lane by
// lane across a ``PointBatch``, without gathering points or allocating, bit-identical to
// `gradient(at:)` and `value(at:)` point by point (the same operations in the same order; the
// matrix products through ``LaneKernels/multiply(_:rowStride:columnStride:n:_:into:capacity:count:)``,
// which sums as `Matrix * Vector` does). Each precondition is our own contract (batches built
// by the engine), not a user input.

extension QuarticSaddle {
  /// ∇f = (x, y³ − y) per lane.
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == 2 && gradients.dimension == 2 && gradients.capacity == points.capacity,
                 "batches of different shapes")
    let cap = points.capacity, m = points.count
    gradients.count = m
    points.coordinates.withUnsafeBufferPointer { x in
      gradients.coordinates.withUnsafeMutableBufferPointer { g in
        for l in 0..<m {
          let y = x[cap + l]
          g[l] = x[l]
          g[cap + l] = y * y * y - y
        }
      }
    }
  }

  /// f = x²/2 + y⁴/4 − y²/2 per lane.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(points.dimension == 2 && values.count >= points.count, "batch of the wrong shape")
    let cap = points.capacity
    points.coordinates.withUnsafeBufferPointer { x in
      for l in 0..<points.count {
        let y2 = x[cap + l] * x[cap + l]
        values[l] = 0.5 * x[l] * x[l] + 0.25 * y2 * y2 - 0.5 * y2
      }
    }
  }
}

extension CosineSaddle {
  /// ∇f = (x, −sin y) per lane (the platform's `sin`, as the scalar gradient).
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == 2 && gradients.dimension == 2 && gradients.capacity == points.capacity,
                 "batches of different shapes")
    let cap = points.capacity, m = points.count
    gradients.count = m
    points.coordinates.withUnsafeBufferPointer { x in
      gradients.coordinates.withUnsafeMutableBufferPointer { g in
        for l in 0..<m {
          g[l] = x[l]
          g[cap + l] = -sin(x[cap + l])
        }
      }
    }
  }

  /// f = x²/2 + cos y per lane.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(points.dimension == 2 && values.count >= points.count, "batch of the wrong shape")
    let cap = points.capacity
    points.coordinates.withUnsafeBufferPointer { x in
      for l in 0..<points.count { values[l] = 0.5 * x[l] * x[l] + cos(x[cap + l]) }
    }
  }
}

extension HalfPlaneSaddle {
  /// ∇f = (s − c·d, s + c·d) with s = x + y, d = x − y, per lane.
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == 2 && gradients.dimension == 2 && gradients.capacity == points.capacity,
                 "batches of different shapes")
    let cap = points.capacity, m = points.count, c = c
    gradients.count = m
    points.coordinates.withUnsafeBufferPointer { x in
      gradients.coordinates.withUnsafeMutableBufferPointer { g in
        for l in 0..<m {
          let s = x[l] + x[cap + l], d = x[l] - x[cap + l]
          g[l] = s - c * d
          g[cap + l] = s + c * d
        }
      }
    }
  }

  /// f = s²/2 − c·d²/2 per lane.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(points.dimension == 2 && values.count >= points.count, "batch of the wrong shape")
    let cap = points.capacity, c = c
    points.coordinates.withUnsafeBufferPointer { x in
      for l in 0..<points.count {
        let s = x[l] + x[cap + l], d = x[l] - x[cap + l]
        values[l] = 0.5 * s * s - 0.5 * c * d * d
      }
    }
  }
}

extension RayleighQuotient {
  /// ∇f = 2·(A x) per lane.
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == dimension && gradients.dimension == dimension
                 && gradients.capacity == points.capacity, "batches of different shapes")
    let n = dimension, cap = points.capacity, m = points.count
    gradients.count = m
    matrix.matrix.elements.withUnsafeBufferPointer { a in
      points.coordinates.withUnsafeBufferPointer { x in
        gradients.coordinates.withUnsafeMutableBufferPointer { g in
          let g = g.baseAddress!
          LaneKernels.multiply(a.baseAddress!, rowStride: n, columnStride: 1, n: n, x.baseAddress!, into: g,
                               capacity: cap, count: m)
          for j in 0..<n {
            let gj = g + j * cap
            for l in 0..<m { gj[l] = 2 * gj[l] }
          }
        }
      }
    }
  }

  /// f = x·(A x) per lane.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(points.dimension == dimension && values.count >= points.count, "batch of the wrong shape")
    let n = dimension, cap = points.capacity, m = points.count
    LaneKernels.reserve(&workspace, n * cap)
    matrix.matrix.elements.withUnsafeBufferPointer { a in
      points.coordinates.withUnsafeBufferPointer { x in
        workspace.withUnsafeMutableBufferPointer { w in
          values.withUnsafeMutableBufferPointer { v in
            let ax = w.baseAddress!
            LaneKernels.multiply(a.baseAddress!, rowStride: n, columnStride: 1, n: n, x.baseAddress!, into: ax,
                                 capacity: cap, count: m)
            LaneKernels.dot(x.baseAddress!, ax, n: n, into: v.baseAddress!, capacity: cap, count: m)
          }
        }
      }
    }
  }
}

extension SimplexQuadratic {
  /// ∇f = A(x − c) per lane.
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == dimension && gradients.dimension == dimension
                 && gradients.capacity == points.capacity, "batches of different shapes")
    let n = dimension, cap = points.capacity, m = points.count
    gradients.count = m
    LaneKernels.reserve(&workspace, n * cap)
    centered(points, into: &workspace)
    curvature.matrix.elements.withUnsafeBufferPointer { a in
      workspace.withUnsafeBufferPointer { y in
        gradients.coordinates.withUnsafeMutableBufferPointer { g in
          LaneKernels.multiply(a.baseAddress!, rowStride: n, columnStride: 1, n: n, y.baseAddress!,
                               into: g.baseAddress!, capacity: cap, count: m)
        }
      }
    }
  }

  /// f = ½ (x − c)·A(x − c) per lane.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(points.dimension == dimension && values.count >= points.count, "batch of the wrong shape")
    let n = dimension, cap = points.capacity, m = points.count
    LaneKernels.reserve(&workspace, 2 * n * cap)
    centered(points, into: &workspace)
    curvature.matrix.elements.withUnsafeBufferPointer { a in
      workspace.withUnsafeMutableBufferPointer { w in
        values.withUnsafeMutableBufferPointer { v in
          let y = w.baseAddress!, ay = y + n * cap
          LaneKernels.multiply(a.baseAddress!, rowStride: n, columnStride: 1, n: n, UnsafePointer(y), into: ay,
                               capacity: cap, count: m)
          LaneKernels.dot(y, ay, n: n, into: v.baseAddress!, capacity: cap, count: m)
          for l in 0..<m { v[l] = 0.5 * v[l] }
        }
      }
    }
  }

  /// workspace[j·capacity + l] = x_j − c_j for every lane (`x - center`).
  private func centered(_ points: PointBatch, into workspace: inout [Double]) {
    let n = dimension, cap = points.capacity, m = points.count
    points.coordinates.withUnsafeBufferPointer { x in
      workspace.withUnsafeMutableBufferPointer { y in
        for j in 0..<n {
          let cj = center[j]
          for l in 0..<m { y[j * cap + l] = x[j * cap + l] - cj }
        }
      }
    }
  }
}
