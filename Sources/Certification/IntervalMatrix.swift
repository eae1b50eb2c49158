import Expressions
import LinearAlgebra

/// A d×d matrix of intervals (rows), e.g. the Hessian of f enclosed over a box.
typealias IntervalMatrix = [[Interval]]

/// The inertia (n₋, n₊) of every symmetric matrix in an interval matrix, with
/// eigenvalue enclosures, certified by a congruence to an almost diagonal
/// matrix and Gershgorin's theorem.
///
/// Method. Let Q be the eigenvectors of the midpoint matrix (floating point,
/// only approximately orthogonal). Interval arithmetic encloses B = QᵀAQ for
/// every A in the interval matrix and E = QᵀQ − I; ε ≥ ‖E‖_∞ ≥ ‖E‖₂. When
/// ε < 1, Q is nonsingular, so A and B are congruent and have the same
/// inertia (Sylvester's law of inertia). B is nearly diagonal: Gershgorin's
/// discs [b_ii − r_i, b_ii + r_i], r_i = Σ_{j≠i}|b_ij|, contain its
/// eigenvalues, and a union of k discs disjoint from the others contains
/// exactly k of them (Gershgorin's second theorem; Horn & Johnson, *Matrix
/// Analysis*, 2nd ed., Thm 6.1.1). When every disc avoids 0, n₋ is the number
/// of discs left of 0. The eigenvalues of A are θ·λ(B) with θ in
/// [1/(1 + ε), 1/(1 − ε)] (Ostrowski's theorem, ibid. Thm 4.5.9), which turns
/// the disc bounds into eigenvalue enclosures and bounds ‖A‖₂.
struct InertiaCertificate: Sendable, Hashable {
  /// Number of negative eigenvalues, when certified.
  var negative: Int
  /// Number of positive eigenvalues, when certified.
  var positive: Int
  /// Whether every disc avoids 0 (n₋ + n₊ = d certified).
  var isCertified: Bool
  /// A certified upper bound on ‖A‖₂ over the interval matrix (may be +∞).
  var normBound: Double
  /// Enclosures of the smallest and largest eigenvalue over the interval matrix.
  var smallestEigenvalue: Interval
  var largestEigenvalue: Interval

  init(negative: Int, positive: Int, isCertified: Bool, normBound: Double, smallestEigenvalue: Interval, largestEigenvalue: Interval) {
    self.negative = negative
    self.positive = positive
    self.isCertified = isCertified
    self.normBound = normBound
    self.smallestEigenvalue = smallestEigenvalue
    self.largestEigenvalue = largestEigenvalue
  }

  init(_ a: IntervalMatrix) {
    let d = a.count
    // A simple bound first: ‖A‖₂ ≤ ‖|A|‖_∞ (max row sum of magnitudes) for symmetric A.
    var rowSumBound = 0.0
    for row in a {
      var s = 0.0
      for x in row { s = (s + x.magnitude).nextUp }
      rowSumBound = max(rowSumBound, s)
    }
    func uncertified(_ norm: Double) -> InertiaCertificate {
      InertiaCertificate(negative: 0, positive: 0, isCertified: false, normBound: norm,
                         smallestEigenvalue: Interval(lower: -norm, upper: norm), largestEigenvalue: Interval(lower: -norm, upper: norm))
    }
    guard d > 0 else {
      self = InertiaCertificate(negative: 0, positive: 0, isCertified: true, normBound: 0,
                                smallestEigenvalue: Interval(0), largestEigenvalue: Interval(0))
      return
    }
    let mid = a.map { $0.map(\.midpoint) }
    guard rowSumBound.isFinite, mid.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
      self = uncertified(.infinity)
      return
    }
    let c = Matrix(rowArrays: mid).symmetricPart
    let q = SymmetricEigendecomposition(of: c).eigenvectors
    let qi = q.rowArrays.map { $0.map { Interval($0) } }
    // B = Qᵀ (A Q) and E = QᵀQ − I in interval arithmetic.
    let aq = Self.product(a, qi)
    let b = Self.product(Self.transpose(qi), aq)
    let qtq = Self.product(Self.transpose(qi), qi)
    var epsilon = 0.0
    for i in 0..<d {
      var s = 0.0
      for j in 0..<d { s = (s + (qtq[i][j] - Interval(i == j ? 1 : 0)).magnitude).nextUp }
      epsilon = max(epsilon, s)
    }
    guard epsilon < 0.5 else {
      self = uncertified(rowSumBound)
      return
    }
    var discs: [Interval] = []
    for i in 0..<d {
      var r = 0.0
      for j in 0..<d where j != i { r = (r + b[i][j].magnitude).nextUp }
      discs.append(Interval(lower: (b[i][i].lower - r).nextDown, upper: (b[i][i].upper + r).nextUp))
    }
    let shrink = (1 / (1 + epsilon)).nextDown, grow = (1 / (1 - epsilon)).nextUp
    // θ·[l, u] with θ ∈ [shrink, grow]: the hull of the four products.
    func scaled(_ x: Interval) -> Interval { x * Interval(lower: shrink, upper: grow) }
    let eigen = discs.map(scaled)
    let congruenceBound = eigen.map(\.magnitude).max() ?? 0
    self.normBound = min(rowSumBound, congruenceBound)
    self.smallestEigenvalue = Interval(lower: eigen.map(\.lower).min()!, upper: eigen.map(\.upper).min()!)
    self.largestEigenvalue = Interval(lower: eigen.map(\.lower).max()!, upper: eigen.map(\.upper).max()!)
    self.isCertified = discs.allSatisfy { !$0.contains(0) }
    self.negative = isCertified ? discs.filter { $0.upper < 0 }.count : 0
    self.positive = isCertified ? discs.filter { $0.lower > 0 }.count : 0
  }

  static func product(_ a: IntervalMatrix, _ b: IntervalMatrix) -> IntervalMatrix {
    let n = a.count, m = b.first?.count ?? 0, k = b.count
    return (0..<n).map { i in
      (0..<m).map { j in
        var s = Interval(0)
        for l in 0..<k { s = s + a[i][l] * b[l][j] }
        return s
      }
    }
  }

  static func transpose(_ a: IntervalMatrix) -> IntervalMatrix {
    guard let m = a.first?.count else { return [] }
    return (0..<m).map { j in a.map { $0[j] } }
  }
}
