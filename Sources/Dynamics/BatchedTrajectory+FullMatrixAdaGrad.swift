import LinearAlgebra
import Landscapes

/// Full-matrix AdaGrad's per-lane state in flat storage, allocated once per batch: lane l's
/// accumulator G (d×d, row-major), eigenvectors (d×d, row-major, columns) and eigenvalues (d,
/// ascending) at l·stride, its count of rank-one updates since the last fresh decomposition, and
/// the scratch the step kernel needs.
struct FullMatrixLaneState {
  let dimension: Int
  /// Doubles per lane: 2d² + d.
  let stride: Int
  var storage: [Double]
  var updatesSinceRefresh: [Int]
  /// One lane's gradient and displacement, gathered from / scattered to the structure of arrays.
  var gradient: [Double]
  var displacement: [Double]
  var workspace: [Double]
  var indices: [Int]

  /// The lanes' states from their policies; nil when one of them does not have a d×d accumulator
  /// and a d-dimensional decomposition (then the batch runs lane by lane).
  init?(_ policies: [AdaGrad], dimension d: Int) {
    dimension = d
    stride = 2 * d * d + d
    storage = [Double](repeating: 0, count: policies.count * stride)
    updatesSinceRefresh = []
    for (l, p) in policies.enumerated() {
      guard p.accumulator.count == d * d, let e = p.decomposition, e.eigenvalues.dimension == d else { return nil }
      let base = l * stride
      for i in 0..<(d * d) {
        storage[base + i] = p.accumulator[i]
        storage[base + d * d + i] = e.eigenvectors.elements[i]
      }
      for i in 0..<d { storage[base + 2 * d * d + i] = e.eigenvalues[i] }
      updatesSinceRefresh.append(p.updatesSinceRefresh)
    }
    gradient = [Double](repeating: 0, count: d)
    displacement = [Double](repeating: 0, count: d)
    workspace = [Double](repeating: 0, count: AdaGrad.fullStepWorkspaceCount(d))
    indices = [Int](repeating: 0, count: SymmetricEigendecomposition.rankOneIndexCount(d))
  }

  /// Lane `from`'s state moves into lane `to` (compaction).
  mutating func move(from: Int, to: Int) {
    let s = stride
    storage.withUnsafeMutableBufferPointer { p in
      (p.baseAddress! + to * s).update(from: p.baseAddress! + from * s, count: s)
    }
    updatesSinceRefresh[to] = updatesSinceRefresh[from]
  }
}

extension Lanes {
  /// One full-matrix AdaGrad step in every lane: the batched gradients, then per lane
  /// `AdaGrad.fullStep` on the lane's storage (the scalar path's arithmetic) and x ← x − Γg. A
  /// finite iterate with ∇f = 0 whose step is non-finite (0·∞) stays, as in
  /// ``Trajectory/run(_:on:from:rules:recordEvery:onRecord:)``.
  mutating func stepFullMatrixAdaGrad(eta: Double, includesCurrentGradient current: Bool, recompute: Bool) {
    let d = x.dimension, cap = x.capacity, m = count
    objective.gradients(at: x, into: &gradients, workspace: &workspace)
    // Take the state out so that it is uniquely referenced while it is mutated.
    var state = fullMatrix!
    fullMatrix = nil
    var fixed = fixedPoint
    fixedPoint = []
    var fixedCount = 0
    let stride = state.stride
    state.storage.withUnsafeMutableBufferPointer { sp in
      state.updatesSinceRefresh.withUnsafeMutableBufferPointer { up in
        state.gradient.withUnsafeMutableBufferPointer { gp in
          state.displacement.withUnsafeMutableBufferPointer { dp in
            state.workspace.withUnsafeMutableBufferPointer { wp in
              state.indices.withUnsafeMutableBufferPointer { ip in
                x.coordinates.withUnsafeMutableBufferPointer { xp in
                  gradients.coordinates.withUnsafeBufferPointer { gbp in
                    for l in 0..<m {
                      var zero = true
                      for j in 0..<d {
                        let v = gbp[j &* cap &+ l]
                        gp[j] = v
                        if v != 0 { zero = false }
                      }
                      let base = sp.baseAddress! + l &* stride
                      AdaGrad.fullStep(dimension: d, eta: eta, includesCurrentGradient: current, recompute: recompute,
                                       gradient: gp.baseAddress!, accumulator: base, eigenvalues: base + 2 &* d &* d,
                                       eigenvectors: base + d &* d, updatesSinceRefresh: &up[l], displacement: dp.baseAddress!,
                                       workspace: wp.baseAddress!, indices: ip.baseAddress!)
                      var nextFinite = true, currentFinite = true
                      for j in 0..<d {
                        let xj = xp[j &* cap &+ l]
                        if !xj.isFinite { currentFinite = false }
                        if !(xj - dp[j]).isFinite { nextFinite = false }
                      }
                      if !nextFinite, currentFinite, zero {
                        // 0·∞ at a fixed point: the iterate stays; classified when the step is over.
                        fixed[l] = true
                        fixedCount += 1
                        continue
                      }
                      for j in 0..<d { xp[j &* cap &+ l] -= dp[j] }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    fixedPoint = fixed
    fixedPointCount += fixedCount
    fullMatrix = state
  }
}
