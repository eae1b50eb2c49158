import LinearAlgebra
import Foundation

extension RotatedDoubleWell {
  /// ∇f = Q φ'(Qᵀx) for every point of the batch, vectorized across points;
  /// bit-identical to ``gradient(at:)`` point by point (same sums in the
  /// same order; ψ' by the same expression as `phiPrime(_:_:)`).
  public func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
    precondition(points.dimension == dimension && gradients.dimension == dimension && gradients.capacity == points.capacity,
                 "batches of different shapes")
    let n = dimension, cap = points.capacity, m = points.count
    gradients.count = m
    LaneKernels.reserve(&workspace, 2 * n * cap)
    rotation.elements.withUnsafeBufferPointer { q in
      points.coordinates.withUnsafeBufferPointer { x in
        workspace.withUnsafeMutableBufferPointer { w in
          gradients.coordinates.withUnsafeMutableBufferPointer { g in
            let y = w.baseAddress!, dy = y + n * cap
            LaneKernels.multiply(q.baseAddress!, rowStride: 1, columnStride: n, n: n, x.baseAddress!, into: y, capacity: cap, count: m)
            derivatives(y, into: dy, capacity: cap, count: m)
            LaneKernels.multiply(q.baseAddress!, rowStride: n, columnStride: 1, n: n, UnsafePointer(dy),
                into: g.baseAddress!, capacity: cap, count: m)
          }
        }
      }
    }
  }

  /// dy_i = φ_i'(y_i) lane by lane, as ``phiPrime(_:_:)`` computes it.
  func derivatives(_ y: UnsafeMutablePointer<Double>, into dy: UnsafeMutablePointer<Double>, capacity cap: Int, count m: Int) {
    for (i, p) in profiles.enumerated() {
      let yi = y + i * cap, di = dy + i * cap
      switch p {
      case .quadratic(let h): for l in 0..<m { di[l] = h * yi[l] }
      case .doubleWell(let mu, let r):
        // ψ'(s) exactly as phiPrime writes it; branch-free, so the loop runs across SIMD lanes.
        // Blocks of 8 lanes through the SIMD tanh (the same operations lane by lane), then the rest.
        var l = 0
        while l &+ LaneKernels.width <= m {
          let s = UnsafeRawPointer(yi + l).loadUnaligned(as: SIMD8<Double>.self)
          let v = mu * (s - 2 * r * Elementary.tanh(s / r))
          UnsafeMutableRawPointer(di + l).storeBytes(of: v, as: SIMD8<Double>.self)
          l &+= LaneKernels.width
        }
        while l < m {
          let s = yi[l]
          di[l] = mu * (s - 2 * r * Elementary.tanh(s / r))
          l &+= 1
        }
      }
    }
  }

  /// f for every point of the batch; bit-identical to ``value(at:)`` point by point.
  public func values(at points: PointBatch, into values: inout [Double], workspace: inout [Double]) {
    precondition(points.dimension == dimension && values.count >= points.count, "batch of the wrong shape")
    let n = dimension, cap = points.capacity, m = points.count
    LaneKernels.reserve(&workspace, n * cap)
    rotation.elements.withUnsafeBufferPointer { q in
      points.coordinates.withUnsafeBufferPointer { x in
        workspace.withUnsafeMutableBufferPointer { w in
          values.withUnsafeMutableBufferPointer { v in
            let y = w.baseAddress!
            LaneKernels.multiply(q.baseAddress!, rowStride: 1, columnStride: n, n: n, x.baseAddress!, into: y, capacity: cap, count: m)
            for l in 0..<m { v[l] = 0 }
            for (i, p) in profiles.enumerated() {
              let yi = y + i * cap
              for l in 0..<m { v[l] += Self.phi(p, yi[l]) }
            }
          }
        }
      }
    }
  }
}
