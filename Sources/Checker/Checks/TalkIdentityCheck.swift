public import LinearAlgebra
import Landscapes
import Foundation

/// The talk's identity for the unstable coordinates (slides 33–35) along an orbit x_t → x*,
/// in eigen-coordinates of A = I − ΓH (Γ = lim Γ_t of the orbit), C = A's unstable block,
/// η(i) = x_{i+1} − A x_i:
/// ```
/// slide 34:  x0⁻ = C(t)⁻¹x⁻_{t+1} − C(t)⁻¹ Σ_{i≤t} C(t−i−1) η⁻(i)     (C(t) = C^t)
/// corrected: x0⁻ = C^{−(t+1)}x⁻_{t+1} − C^{−(t+1)} Σ_{i≤t} C^{t−i} η⁻(i)   (exact for every t)
/// slide 35:  x0⁻ = lim_t C(t)⁻¹ Σ_{i≤t} C(t−i−1) η⁻(i)                (as printed)
/// with sign: x0⁻ = −lim_t C(t)⁻¹ Σ_{i≤t} C(t−i−1) η⁻(i) = −Σ_{i≥0} C^{−(i+1)} η⁻(i)
/// ```
/// The two conventions' partial sums C(t)⁻¹ΣC(t−i−1)η⁻ and C(t+1)⁻¹ΣC(t−i)η⁻ are the same
/// number (both Σ_{i≤t} C^{−(i+1)}η⁻(i)); slide 34 differs from the exact identity by
/// (C^{−t} − C^{−(t+1)})x⁻_{t+1}, which vanishes as t grows along a converging orbit; slide 35
/// as printed drops the minus sign (its error tends to 2|x0⁻|).
public enum TalkIdentityCheck {
  /// Errors relative to |x0⁻| at selected times t.
  public struct Table: Sendable, Hashable, Codable {
    public var times: [Int]
    /// |x0⁻ − (C^{−t}x⁻_{t+1} − S_t)| (slide 34's finite-t identity).
    public var slideFinite: [Double]
    /// |x0⁻ − (C^{−(t+1)}x⁻_{t+1} − S_t)| (the corrected finite-t identity).
    public var correctedFinite: [Double]
    /// |x0⁻ + S_t| (the limit identity with its sign).
    public var limitWithSign: [Double]
    /// |x0⁻ − S_t| (slide 35 as printed).
    public var limitAsPrinted: [Double]
    /// max_t |S_t(slide indices) − S_t(corrected indices)|, both computed literally.
    public var conventionGap: Double
    /// |x0⁻| itself, and the unstable eigenvalues of A.
    public var unstableStart: Double
    public var unstableEigenvalues: [Double]

    public var rendered: String {
      func s(_ x: Double) -> String { String(format: "%.1e", x) }
      var lines = ["t      slide 34 (finite)  corrected (finite)  limit, −S_t  slide 35 as printed (+S_t)"]
      for (i, t) in times.enumerated() {
        func pad(_ text: String, _ n: Int) -> String { text.padding(toLength: n, withPad: " ", startingAt: 0) }
        lines.append(pad("\(t)", 7) + pad(s(slideFinite[i]), 19) + pad(s(correctedFinite[i]), 20)
                     + pad(s(limitWithSign[i]), 13) + s(limitAsPrinted[i]))
      }
      lines.append("(relative to |x0⁻| = \(s(unstableStart)); the partial sums under both index conventions "
                   + "agree to \(s(conventionGap)))")
      return lines.joined(separator: "\n")
    }
  }

  /// Evaluates the identities on `orbit` (deviations x_t − x*, t = 0 … N, converging to 0)
  /// with Γ = `gamma`, H = `hessian`. Returns nil when Γ is not positive definite.
  public static func table(orbit: [Vector], gamma: Matrix, hessian h: Matrix, times: [Int]) -> Table? {
    guard let s = AdaptiveStableSet.LinearSplit(gamma: gamma, hessian: h), s.k >= 1 else { return nil }
    let k = s.k, n = orbit.count - 1
    let y = orbit.map { s.leftTransposed * $0 }
    let a = Matrix.identity(h.rows) - gamma * h
    let eta = (0..<n).map { s.leftTransposed * (orbit[$0 + 1] - a * orbit[$0]) }
    let c = Array(s.lambda[0..<k])
    func norm(_ v: [Double]) -> Double { Vector(v).euclideanNorm }
    let x0 = (0..<k).map { y[0][$0] }
    let scale = Swift.max(norm(x0), .leastNormalMagnitude)
    var table = Table(times: [], slideFinite: [], correctedFinite: [], limitWithSign: [], limitAsPrinted: [], conventionGap: 0,
                      unstableStart: norm(x0), unstableEigenvalues: c)
    for t in times where t < n {
      var slide = [Double](repeating: 0, count: k), corrected = slide, slideFinite = slide, correctedFinite = slide
      for j in 0..<k {
        // Literally: C(t)⁻¹ Σ C(t−i−1) η_i and C(t+1)⁻¹ Σ C(t−i) η_i.
        var sumSlide = 0.0, sumCorrected = 0.0
        for i in 0...t {
          sumSlide += pow(c[j], Double(t - i - 1)) * eta[i][j]
          sumCorrected += pow(c[j], Double(t - i)) * eta[i][j]
        }
        slide[j] = sumSlide / pow(c[j], Double(t))
        corrected[j] = sumCorrected / pow(c[j], Double(t + 1))
        slideFinite[j] = x0[j] - (y[t + 1][j] / pow(c[j], Double(t)) - slide[j])
        correctedFinite[j] = x0[j] - (y[t + 1][j] / pow(c[j], Double(t + 1)) - corrected[j])
      }
      table.times.append(t)
      table.slideFinite.append(norm(slideFinite) / scale)
      table.correctedFinite.append(norm(correctedFinite) / scale)
      table.limitWithSign.append(norm((0..<k).map { x0[$0] + corrected[$0] }) / scale)
      table.limitAsPrinted.append(norm((0..<k).map { x0[$0] - corrected[$0] }) / scale)
      table.conventionGap = Swift.max(table.conventionGap, norm((0..<k).map { slide[$0] - corrected[$0] }) / scale)
    }
    return table
  }

  /// `stable-set.structure`, the talk's identity: on a converging orbit, the corrected finite
  /// identity holds to 1e-10·|x0⁻| at every t, and the limit identity's error falls below
  /// 1e-8·|x0⁻| by the last time. `printedSign: true` checks slide 35 as printed (no minus
  /// sign), which must fail. Inconclusive when |x0⁻| is at rounding level (an invariant
  /// stable space: nothing to test).
  public static func run(orbit: [Vector], gamma: Matrix, hessian h: Matrix, method: String, label: String,
                         printedSign: Bool = false) -> (CheckResult, Table?) {
    let claim = Claim.stableSetStructure.id
    let n = orbit.count - 1
    let times = [0, 1, 2, 5, 10, 20, 50, 100, 200, 400, 1000, 2000].filter { $0 < n } + [n - 1]
    let t = table(orbit: orbit, gamma: gamma, hessian: h, times: times)
    let evidence = TalkIdentityEvidence(table: t, orbitStart: orbit[0].euclideanNorm, printedSign: printedSign)
    guard let t, t.unstableStart > 1e-12 * evidence.orbitStart else {
      return (CheckResult(claim: claim, method: method, landscape: label, verdict: .inconclusive, data: .talkIdentity(evidence)), t)
    }
    var r = CheckResult(claim: claim, method: method, landscape: label, verdict: evidence.problem == nil ? .holds : .fails,
                        data: .talkIdentity(evidence))
    r.details = "The talk's identity for \(method) on \(label):\n" + t.rendered
    return (r, t)
  }
}
