import LinearAlgebra
import Foundation

extension CoupledDoubleWell {
  /// ∇f = Q φ'(y) + Q c(y), y = Qᵀx, for every point of the batch;
  /// bit-identical to ``gradient(at:)`` point by point.
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == dimension && gradients.dimension == dimension && gradients.capacity == points.capacity,
                 "batches of different shapes")
    let n = dimension, cap = points.capacity, m = points.count
    gradients.count = m
    LaneKernels.reserve(&workspace, 4 * n * cap)
    base.rotation.elements.withUnsafeBufferPointer { q in
      points.coordinates.withUnsafeBufferPointer { x in
        workspace.withUnsafeMutableBufferPointer { w in
          gradients.coordinates.withUnsafeMutableBufferPointer { g in
            let y = w.baseAddress!, dy = y + n * cap, c = dy + n * cap, second = c + n * cap
            let q = q.baseAddress!
            LaneKernels.multiply(q, rowStride: 1, columnStride: n, n: n, x.baseAddress!, into: y, capacity: cap, count: m)
            base.derivatives(y, into: dy, capacity: cap, count: m)
            LaneKernels.multiply(q, rowStride: n, columnStride: 1, n: n, UnsafePointer(dy), into: g.baseAddress!, capacity: cap, count: m)
            // c = couplingGradient(y), lane by lane in the couplings' order.
            for i in 0..<(n * cap) { c[i] = 0 }
            for cp in couplings {
              let yi = y + cp.i * cap, yj = y + cp.j * cap, ci = c + cp.i * cap, cj = c + cp.j * cap
              for l in 0..<m {
                let ti = Elementary.tanh(yi[l]), tj = Elementary.tanh(yj[l])
                ci[l] += cp.epsilon * (1 - ti * ti) * tj * tj
                cj[l] += cp.epsilon * ti * 2 * tj * (1 - tj * tj)
              }
            }
            LaneKernels.multiply(q, rowStride: n, columnStride: 1, n: n, UnsafePointer(c), into: second, capacity: cap, count: m)
            for i in 0..<n {
              let gi = g.baseAddress! + i * cap, si = second + i * cap
              for l in 0..<m { gi[l] += si[l] }
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
    base.values(at: points, into: &values, workspace: &workspace)
    LaneKernels.reserve(&workspace, n * cap)
    base.rotation.elements.withUnsafeBufferPointer { q in
      points.coordinates.withUnsafeBufferPointer { x in
        workspace.withUnsafeMutableBufferPointer { w in
          values.withUnsafeMutableBufferPointer { v in
            let y = w.baseAddress!
            LaneKernels.multiply(q.baseAddress!, rowStride: 1, columnStride: n, n: n, x.baseAddress!, into: y, capacity: cap, count: m)
            for cp in couplings {
              let yi = y + cp.i * cap, yj = y + cp.j * cap
              for l in 0..<m {
                let t = Elementary.tanh(yj[l])
                v[l] += cp.epsilon * Elementary.tanh(yi[l]) * t * t
              }
            }
          }
        }
      }
    }
  }
}
