public import Expressions
import LinearAlgebra
import Foundation

/// Certifies, for a C² function f on a box, by interval arithmetic
/// (``Interval``) over automatic derivatives (``Dual``, ``HyperDual``):
///
/// - **L**: sup ‖∇²f‖₂ ≤ L on the box. The interval Hessian of each sub-box
///   is bounded by ``InertiaCertificate``'s norm bound; the sub-box with the
///   largest bound is bisected until that bound is within ``lipschitzFactor``
///   of the largest ‖∇²f‖₂ sampled at the sub-boxes' midpoints, or
///   ``maximumLipschitzBoxes`` is reached (the bound is certified either way;
///   the report says which).
/// - **f_low**: branch and bound on the better of the natural and the
///   mean-value interval extensions of f, until the gap to the best sampled
///   value is at most ``lowerBoundTolerance``·(1 + |f|) or the cap.
/// - **critical points**: branch and prune on ∇f = 0 with the Krawczyk
///   operator K(X) = m − Y∇f(m) + (I − Y∇²f(X))(X − m), Y ≈ ∇²f(m)⁻¹:
///   K(X) ∩ X = ∅ proves no critical point in X; K(X) ⊂ int X proves
///   exactly one (Krawczyk 1969; Moore, Kearfott & Cloud 2009, §8.4, Thm 8.2;
///   Neumaier, *Interval Methods for Systems of Equations*, 1990, §5.1), and
///   that every Hessian in ∇²f(X) is nonsingular. Boxes excluded by
///   0 ∉ ∂f/∂x_i(X), contracted by K(X) ∩ X, or bisected; boxes narrower than
///   ``minimumWidth`` × the box width are tried once more with ε-inflation
///   around a Newton point, and otherwise reported as undecided — never
///   dropped. Each certified point is classified by ``InertiaCertificate``.
///
/// Assumptions: f is C² on an open set containing the box (the interval
/// enclosures fail — return unbounded — where it is not); libm meets the
/// error bound stated in ``Interval``.
public struct Certifier: Sendable {
  /// Target overestimate of L: stop when certified L ≤ factor × sampled max.
  public var lipschitzFactor = 1.05
  /// Work cap for L (leaf boxes).
  public var maximumLipschitzBoxes = 2000
  /// Relative target gap for f_low.
  public var lowerBoundTolerance = 1e-6
  /// Work cap for f_low (leaf boxes).
  public var maximumLowerBoundBoxes = 2000
  /// Work cap for the critical-point search (boxes examined).
  public var maximumSearchBoxes = 20_000
  /// Boxes narrower than this fraction of the box width are not bisected further.
  public var minimumWidth = 1e-7

  public init() {}

  /// Certifies `f` on `box`.
  ///
  /// - Precondition: `box.dimension == f.dimension`, finite bounds.
  public func certify<F: ScalarFunction>(_ f: F, on box: Box) -> Certificate {
    precondition(box.dimension == f.dimension, "box of dimension \(box.dimension) for a function of dimension \(f.dimension)")
    precondition(box.intervals.allSatisfy(\.isBounded), "the box must be bounded")
    let (points, undecided, examined) = criticalPoints(f, on: box)
    let lipschitz = lipschitzBound(f, on: box)
    // Any number above sup ‖D³f‖ is a valid bound. The floor 10⁻⁶(L + 1) keeps the
    // finite-difference step h = (3γS/M₃)^{1/3} of the landscape checks near 10⁻²
    // when D³f is tiny but not 0 (a tiny M₃ would make h, and the rounding of f(x ± h)
    // that the check's tolerance does not model, enormous).
    let floor = lipschitz.certified.isFinite ? 1e-6 * (lipschitz.certified + 1) : 0
    return Certificate(
      box: box, lipschitz: lipschitz, lowerBound: lowerBound(f, on: box),
      thirdDerivativeBound: max(Derivatives.thirdDerivativeBound(f, over: box), floor),
      valueRange: valueEnclosure(f, over: box),
      criticalPoints: points, undecided: undecided, boxesExamined: examined)
  }

  // MARK: L

  /// ‖∇²f(x)‖₂ at a point (floating point), 0 when not finite.
  func sampledNorm<F: ScalarFunction>(_ f: F, at x: [Double]) -> Double {
    let h = Matrix(rowArrays: Derivatives.hessian(f, at: x))
    guard h.isFinite else { return .infinity }
    return h.symmetricPart.spectralNorm
  }

  /// The certified L on `box`.
  public func lipschitzBound<F: ScalarFunction>(_ f: F, on box: Box) -> LipschitzBound {
    func bound(_ b: Box) -> Double { InertiaCertificate(Derivatives.hessian(f, at: b.intervals)).normBound }
    var leaves: [(box: Box, bound: Double)] = [(box, bound(box))]
    var sampled = sampledNorm(f, at: box.midpoint)
    var reached = false
    while true {
      let k = leaves.indices.max { leaves[$0].bound < leaves[$1].bound }!
      if leaves[k].bound <= lipschitzFactor * sampled || leaves[k].bound == 0 { reached = true; break }
      if leaves.count >= maximumLipschitzBoxes || leaves[k].box.width <= minimumWidth * box.width { break }
      // An unbounded Hessian at a sampled point: no finite L exists; stop refining.
      if !sampled.isFinite { break }
      let (a, b) = leaves[k].box.bisected()
      leaves[k] = (a, bound(a))
      leaves.append((b, bound(b)))
      sampled = max(sampled, sampledNorm(f, at: a.midpoint), sampledNorm(f, at: b.midpoint))
    }
    let certified = leaves.map(\.bound).max()!
    let worst = leaves.max { $0.bound < $1.bound }!.box
    return LipschitzBound(certified: certified.isNaN ? .infinity : certified, sampledMaximum: sampled,
                          factor: lipschitzFactor, boxes: leaves.count, reachedFactor: reached && certified.isFinite,
                          worstBox: worst)
  }

  // MARK: f_low

  /// An enclosure of f over `b`: the intersection of the natural extension and the mean-value form.
  func valueEnclosure<F: ScalarFunction>(_ f: F, over b: Box) -> Interval {
    let natural = f(b.intervals)
    let m = b.midpoint
    var meanValue = f(m.map { Interval($0) })
    let g = Derivatives.gradient(f, at: b.intervals)
    for i in 0..<b.dimension { meanValue = meanValue + g[i] * (b.intervals[i] - Interval(m[i])) }
    return natural.intersection(meanValue) ?? natural
  }

  /// The certified f_low on `box`.
  public func lowerBound<F: ScalarFunction>(_ f: F, on box: Box) -> LowerBound {
    var leaves: [(box: Box, low: Double)] = [(box, valueEnclosure(f, over: box).lower)]
    var best = f(box.midpoint)
    if best.isNaN { best = .infinity }
    while true {
      let k = leaves.indices.min { leaves[$0].low < leaves[$1].low }!
      let low = leaves[k].low
      if best - low <= lowerBoundTolerance * (1 + abs(best)) { break }
      if leaves.count >= maximumLowerBoundBoxes || leaves[k].box.width <= minimumWidth * box.width { break }
      let (a, b) = leaves[k].box.bisected()
      leaves[k] = (a, valueEnclosure(f, over: a).lower)
      leaves.append((b, valueEnclosure(f, over: b).lower))
      for v in [f(a.midpoint), f(b.midpoint)] where !v.isNaN { best = min(best, v) }
    }
    return LowerBound(certified: leaves.map(\.low).min()!, sampledMinimum: best, boxes: leaves.count)
  }

  // MARK: Critical points

  enum KrawczykOutcome {
    /// K(X) ∩ X = ∅: no critical point in X.
    case none
    /// K(X) ⊂ int X: exactly one critical point in X, and it lies in K(X).
    case unique(Box)
    /// Neither: K(X) ∩ X (may be X itself).
    case undecided(Box)
  }

  /// One Krawczyk step on ∇f over X.
  func krawczyk<F: ScalarFunction>(_ f: F, on x: Box) -> KrawczykOutcome {
    let d = x.dimension
    let h = Derivatives.hessian(f, at: x.intervals)
    guard h.allSatisfy({ $0.allSatisfy(\.isBounded) }) else { return .undecided(x) }
    let m = x.midpoint
    let c = Matrix(rowArrays: h.map { $0.map(\.midpoint) })
    let lu = LUDecomposition(of: c)
    guard !lu.isSingular else { return .undecided(x) }
    var yRows = Array(repeating: Array(repeating: 0.0, count: d), count: d)
    for j in 0..<d {
      guard let column = try? lu.solve(Vector(basis: j, dimension: d)), column.isFinite else { return .undecided(x) }
      for i in 0..<d { yRows[i][j] = column[i] }
    }
    let y = yRows.map { $0.map { Interval($0) } }
    let g = Derivatives.gradient(f, at: m.map { Interval($0) })
    guard g.allSatisfy(\.isBounded) else { return .undecided(x) }
    let yh = InertiaCertificate.product(y, h)
    var k: [Interval] = []
    for i in 0..<d {
      var s = Interval(m[i])
      for j in 0..<d { s = s - y[i][j] * g[j] }
      for j in 0..<d { s = s + (Interval(i == j ? 1 : 0) - yh[i][j]) * (x.intervals[j] - Interval(m[j])) }
      k.append(s)
    }
    let kBox = Box(k)
    if zip(x.intervals, k).allSatisfy({ $0.interiorContains($1) }) { return .unique(kBox) }
    guard let meet = x.intersection(kBox) else { return .none }
    return .undecided(meet)
  }

  /// Newton's method on ∇f from x (floating point, at most 30 steps); nil when it fails.
  func newton<F: ScalarFunction>(_ f: F, from x: [Double]) -> [Double]? {
    var p = Vector(x)
    for _ in 0..<30 {
      let g = Derivatives.gradient(f, at: p)
      guard g.isFinite else { return nil }
      let h = Derivatives.hessian(f, at: p)
      guard h.isFinite, let step = try? LUDecomposition(of: h).solve(g), step.isFinite else { return nil }
      p -= step
      if step.euclideanNorm <= 4 * Double.ulpOfOne * (1 + p.euclideanNorm) { break }
    }
    return p.isFinite ? p.components : nil
  }

  /// A certified point from a box on which Krawczyk succeeded: iterate K to tighten, refine, classify.
  func certifiedPoint<F: ScalarFunction>(_ f: F, searchBox: Box, enclosure first: Box, userBox: Box) -> CertifiedCriticalPoint {
    var enclosure = first
    // Every zero in X lies in K(X), so K ∩ enclosure still holds the (unique) point.
    for _ in 0..<40 {
      let next: Box
      switch krawczyk(f, on: enclosure) {
      case .unique(let k): next = k
      case .undecided(let meet): next = meet
      case .none: next = enclosure  // impossible with a zero inside; keep what is proved
      }
      guard let meet = enclosure.intersection(next) else { break }
      let progress = meet.width < 0.99 * enclosure.width
      enclosure = meet
      if !progress { break }
    }
    var location = newton(f, from: enclosure.midpoint) ?? enclosure.midpoint
    if !enclosure.contains(location) { location = enclosure.midpoint }
    let h = Matrix(rowArrays: Derivatives.hessian(f, at: location)).symmetricPart
    let eigenvalues = h.isFinite ? SymmetricEigendecomposition(of: h).eigenvalues : Vector(Array(repeating: .nan, count: f.dimension))
    let inertia = InertiaCertificate(Derivatives.hessian(f, at: enclosure.intervals))
    let kind: CertifiedCriticalPoint.Kind
    if !inertia.isCertified {
      kind = .unclassified
    } else if inertia.negative == 0 {
      kind = .minimum
    } else if inertia.positive == 0 {
      kind = .maximum
    } else {
      kind = .strictSaddle
    }
    return CertifiedCriticalPoint(
      enclosure: enclosure, searchBox: searchBox, location: Vector(location), hessianEigenvalues: eigenvalues,
      certifiedInertia: inertia.isCertified ? [inertia.negative, inertia.positive] : nil,
      smallestEigenvalue: inertia.smallestEigenvalue, kind: kind, isInsideBox: userBox.contains(enclosure))
  }

  /// Every critical point of f in `box`, and the undecided regions.
  public func criticalPoints<F: ScalarFunction>(
    _ f: F, on box: Box
  ) -> (points: [CertifiedCriticalPoint], undecided: [UndecidedRegion], examined: Int) {
    // Breadth first (a FIFO queue): when the work cap stops the search, what is left
    // undecided is the finest level reached everywhere, not one corner explored deeply.
    var queue = [box]
    var head = 0
    var points: [CertifiedCriticalPoint] = []
    var undecided: [Box] = []
    var examined = 0
    let floor = minimumWidth * box.width
    func record(_ p: CertifiedCriticalPoint) {
      // The same zero found twice (from inflated boxes): keep the first.
      if points.contains(where: { $0.searchBox.contains(p.enclosure) || p.searchBox.contains($0.enclosure) }) { return }
      points.append(p)
    }
    while head < queue.count {
      let x = queue[head]
      head += 1
      if examined >= maximumSearchBoxes {
        undecided.append(x)
        undecided.append(contentsOf: queue[head...])
        break
      }
      examined += 1
      // Where f is not even finite at the midpoint, f is not C² on X: undecided, not bisected.
      if !f(x.midpoint).isFinite {
        undecided.append(x)
        continue
      }
      // A box inside the search box of a certified point holds no other critical point.
      if points.contains(where: { $0.searchBox.contains(x) }) { continue }
      let g = Derivatives.gradient(f, at: x.intervals)
      if g.contains(where: { !$0.contains(0) }) { continue }
      switch krawczyk(f, on: x) {
      case .none:
        continue
      case .unique(let k):
        record(certifiedPoint(f, searchBox: x, enclosure: k, userBox: box))
        continue
      case .undecided(let meet):
        if meet.width < 0.5 * x.width {
          queue.append(meet)
          continue
        }
        if meet.width > floor {
          let (a, b) = meet.bisected()
          queue.append(a)
          queue.append(b)
          continue
        }
        // ε-inflation around a Newton point: a box Z ⊇ X where Krawczyk may succeed.
        if let p = newton(f, from: meet.midpoint) {
          let r = max(2 * x.width, 1e-9 * (1 + Vector(p).maximumMagnitude))
          let z = x.hull(Box(p.map { Interval(lower: $0 - r, upper: $0 + r) }))
          if case .unique(let k) = krawczyk(f, on: z) {
            record(certifiedPoint(f, searchBox: z, enclosure: k, userBox: box))
            continue
          }
        }
        undecided.append(x)
      }
    }
    // Points found by inflation whose enclosure lies outside the box are not the box's.
    points = points.filter { $0.enclosure.intersection(box) != nil }
    // In lexicographic order of location, for stable reports.
    points.sort { $0.location.components.lexicographicallyPrecedes($1.location.components) }
    return (points, clusters(f, undecided), examined)
  }

  /// Groups touching undecided boxes into regions; the hint is taken at the member
  /// box midpoint with the smallest ‖∇f‖ (floating point).
  func clusters<F: ScalarFunction>(_ f: F, _ boxes: [Box]) -> [UndecidedRegion] {
    var groups: [(hull: Box, members: [Box])] = []
    for b in boxes {
      var hull = b, members = [b]
      while let i = groups.firstIndex(where: { $0.hull.intersection(hull) != nil }) {
        hull = hull.hull(groups[i].hull)
        members += groups[i].members
        groups.remove(at: i)
      }
      groups.append((hull, members))
    }
    return groups.map { g in
      var best = g.hull.midpoint, bestNorm = Double.infinity
      for m in g.members.prefix(2000) {
        let n = Vector(Derivatives.gradient(f, at: m.midpoint)).euclideanNorm
        if n < bestNorm { (best, bestNorm) = (m.midpoint, n) }
      }
      let h = Matrix(rowArrays: Derivatives.hessian(f, at: best)).symmetricPart
      let e = h.isFinite ? SymmetricEigendecomposition(of: h).eigenvalues : Vector(Array(repeating: .nan, count: best.count))
      return UndecidedRegion(hull: g.hull, boxes: g.members.count, hint: Vector(best), gradientNormAtHint: bestNorm,
                             hessianEigenvaluesAtHint: e)
    }
  }
}
