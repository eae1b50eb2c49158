import Foundation
import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
public import Checker
import PropertyTesting

/// How much computation the report's own figures spend (the battery's
/// results come in separately).
public struct FigureBudget: Sendable, Hashable, Codable {
  /// Phase portraits: starts per axis of the basin map, steps per start.
  public var basinGrid: Int
  public var basinHorizon: Int
  /// Escape-time histograms: starts per method.
  public var escapeStarts: Int
  /// Γ_t spectra: steps per AdaGrad variant.
  public var spectrumSteps: Int
  /// Projected GD: starts per axis of the attraction map.
  public var projectedGrid: Int

  public init(basinGrid: Int, basinHorizon: Int, escapeStarts: Int, spectrumSteps: Int, projectedGrid: Int) {
    self.basinGrid = basinGrid
    self.basinHorizon = basinHorizon
    self.escapeStarts = escapeStarts
    self.spectrumSteps = spectrumSteps
    self.projectedGrid = projectedGrid
  }

  /// The report command's budget: a few seconds in release.
  public static let standard = FigureBudget(basinGrid: 61, basinHorizon: 2000, escapeStarts: 400, spectrumSteps: 1500, projectedGrid: 41)
  /// The tests' budget: the same figures on coarse grids.
  public static let small = FigureBudget(basinGrid: 9, basinHorizon: 400, escapeStarts: 24, spectrumSteps: 200, projectedGrid: 9)
}

/// The report's figures, computed from the public library: landscapes and
/// methods for the pictures, the checks' typed evidence for the numbers.
public enum Figures {
  /// The methods drawn in phase portraits, in legend order (GD first: its map defines the basins and manifolds).
  static func portraitMethods(_ f: Landscape) -> [(String, any FirstOrderMethod)] {
    let l = f.lipschitzConstant
    return [
      ("GD, α = 0.9/L", GradientDescent(stepSize: 0.9 / l)),
      ("AdaGrad-norm, δ0 = 2L", PolicyDescent(adaGrad: .norm, includesCurrentGradient: true, delta0: 2 * l, dimension: 2)),
      ("AdaGrad-diagonal, δ0 = 2L", PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * l, dimension: 2)),
      ("AdaGrad-full, δ0 = 2L", PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * l, dimension: 2)),
    ]
  }

  /// The 2-D landscapes drawn as phase portraits.
  public static func portraitLandscapes(seed: UInt64) -> [(label: String, landscape: Landscape, box: Double)] {
    var out: [(String, Landscape, Double)] = [("quartic-saddle", .quarticSaddle(QuarticSaddle()), 1.6)]
    if let f = try? LandscapeFamily.named("rotated-double-well")?.generate(dimension: 2, index: 2,
        seed: Seed.derive(seed, label: "report/portrait")) {
      let reach = Swift.max(f.criticalPoints.map { $0.location.maximumMagnitude }.max() ?? 1, 1)
      out.append(("rotated-double-well(d=2,k=2)", f, 1.4 * reach))
    }
    return out
  }

  /// A phase portrait of a 2-D landscape on [−box, box]²: GD's basins (cells
  /// coloured by where GD from that start ends), level sets of f, the stable
  /// manifold of each index-1 saddle under GD's map (computed by iterating
  /// the inverse map from x* ± ε·v_s), trajectories of each method from starts
  /// near the saddles, and the planted points by kind.
  public static func phasePortrait(_ label: String, _ f: Landscape, box: Double, budget: FigureBudget, seed: UInt64) -> Figure {
    let points = f.criticalPoints
    let minima = points.indices.filter { points[$0].kind == .minimum }
    let methods = portraitMethods(f)
    let gd = GradientDescent(stepSize: 0.9 / f.lipschitzConstant)
    var layers: [Figure.Layer] = []

    // Basins: GD from each cell centre.
    let n = budget.basinGrid
    let h = 2 * box / Double(n)
    let rules = Classification(horizon: budget.basinHorizon, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    let centres = (0..<(n * n)).map { k in Vector([-box + (Double(k % n) + 0.5) * h, -box + (Double(k / n) + 0.5) * h]) }
    let objective = f
    let outcomes = Batch.map(count: centres.count) { k in Trajectory.run(gd, on: objective, from: centres[k], rules: rules).outcome }
    let basinNames = minima.prefix(4).enumerated().map { "→ minimum \($0.offset + 1)" } + ["→ saddle or undecided"]
    let category = outcomes.map { o -> Double in
      if case .converged(let p) = o, let m = minima.prefix(4).firstIndex(of: p) { return Double(m) }
      return Double(basinNames.count - 1)
    }
    var basins = Figure.Layer("GD basins", kind: .cells, x: centres.map { $0[0] }, y: centres.map { $0[1] },
        values: category, width: h, height: h,
                              categories: basinNames)
    basins.palette = Palette.basins(count: basinNames.count)
    layers.append(basins)

    // Level sets: marching squares on a fine grid, at levels spread over f's range in the box.
    let fine = 80
    let step = 2 * box / Double(fine)
    let grid = (0...fine).map { j in (0...fine).map { i in f.value(at: [-box + Double(i) * step, -box + Double(j) * step]) } }
    let values = grid.flatMap { $0 }.sorted()
    let levels = (1...9).map { values[$0 * (values.count - 1) / 10] }
    var lx: [Double] = [], ly: [Double] = []
    for level in Set(levels).sorted() {
      for segment in Contour.segments(grid, level: level, origin: (-box, -box), spacing: step) {
        lx += [segment.0.0, segment.1.0, .nan]
        ly += [segment.0.1, segment.1.1, .nan]
      }
    }
    layers.append(Figure.Layer("level sets of f", kind: .line, x: lx, y: ly, color: "#8c8c8c", lineWidth: 0.8))

    // Stable manifolds of the index-1 saddles under GD's map.
    var mx: [Double] = [], my: [Double] = []
    for p in points where p.kind == .strictSaddle && p.index == 1 {
      let e = SymmetricEigendecomposition(of: f.hessian(at: p.location).symmetricPart)
      let vs = Vector((0..<2).map { e.eigenvectors[$0, 1] })
      for sign in [-1.0, 1.0] {
        let branch = stableManifoldBranch(gd, on: f, saddle: p.location, direction: sign * vs, curvature: e.eigenvalues[1], box: box)
        mx += [p.location[0]] + branch.map { $0[0] } + [.nan]
        my += [p.location[1]] + branch.map { $0[1] } + [.nan]
      }
    }
    if !mx.isEmpty { layers.append(Figure.Layer("stable manifold (GD map)", kind: .line, x: mx, y: my, color: Palette.ink, lineWidth: 3)) }

    // Trajectories: each method from its own starts just off a stable manifold (on the manifold at
    // distance ≈ box/2 from the saddle, 2 % of box along the unstable direction): the run follows
    // the manifold toward the saddle, then leaves along the unstable direction — the picture of the theorem.
    var rng = Xoshiro256StarStar(seed: Seed.derive(seed, label: "report/portrait/\(label)"))
    let saddles = points.filter { $0.kind == .strictSaddle && $0.index == 1 }.prefix(2)
    for (k, (name, method)) in methods.enumerated() {
      var starts: [Vector] = []
      for (j, p) in saddles.enumerated() {
        let e = SymmetricEigendecomposition(of: f.hessian(at: p.location).symmetricPart)
        let (vu, vs) = (Vector((0..<2).map { e.eigenvectors[$0, 0] }), Vector((0..<2).map { e.eigenvectors[$0, 1] }))
        let side = (k + j) % 2 == 0 ? 1.0 : -1.0
        let offset = (k / 2 == 0 ? 1.0 : -1.0) * 0.02 * box
        let along = stableManifoldBranch(gd, on: f, saddle: p.location, direction: side * vs, curvature: e.eigenvalues[1], box: box)
          .first { $0.distance(to: p.location) >= 0.45 * box } ?? p.location + (0.45 * box * side) * vs
        starts.append(along + offset * vu)
      }
      if starts.isEmpty { starts = [Draw.inBall(center: Vector(zeros: 2), radius: 0.5 * box, using: &rng)] }
      var tx: [Double] = [], ty: [Double] = []
      for s in starts {
        let path = Self.path(method, on: f, from: s, steps: 300)
        tx += path.map { $0[0] } + [.nan]
        ty += path.map { $0[1] } + [.nan]
      }
      layers.append(Figure.Layer(name, kind: .line, x: tx, y: ty, color: Palette.categorical[k], dash: Palette.dashes[k], lineWidth: 2))
      layers.append(Figure.Layer(name + " (start)", kind: .scatter, x: starts.map { $0[0] },
          y: starts.map { $0[1] }, color: Palette.categorical[k],
                                 marker: .cross, legend: false))
    }

    // Planted points by kind.
    for (kind, marker, name) in [(PlantedCriticalPoint.Kind.minimum, Figure.Marker.circle, "minimum"),
                                 (.strictSaddle, .triangle, "strict saddle"), (.maximum, .square, "maximum"),
                                     (.degenerate, .diamond, "degenerate")] {
      let ps = points.filter { $0.kind == kind && $0.location.maximumMagnitude <= box }
      guard !ps.isEmpty else { continue }
      layers.append(Figure.Layer(name, kind: .scatter, x: ps.map { $0.location[0] },
          y: ps.map { $0.location[1] }, color: Palette.ink, marker: marker))
    }
    let hits = category.filter { $0 == Double(basinNames.count - 1) }.count
    return Figure(
      id: "phase-\(slug(label))", title: "Phase portrait: \(label)",
      caption: "Cells: where GD (α = 0.9/L) from the cell's centre ends after at most " +
          "\(budget.basinHorizon) steps (\(n)×\(n) starts; \(hits) end at a saddle or undecided — cells " +
          "whose centre lies exactly on a stable manifold, such as a symmetry axis, do converge to the " +
          "saddle: the measure-zero set made visible by the grid). Thick black: the stable manifold of each " +
          "index-1 saddle under GD's map, computed by iterating the inverse map from x* ± 10⁻⁶·v_s — the " +
          "measure-zero set the theorem excludes, and the boundary between basins. Thin grey: level sets of " +
          "f. Lines: 300 steps of each method from its starts (×), just off a stable manifold: each run " +
          "follows the manifold toward the saddle, then leaves along the unstable direction.",
      xAxis: .init("x₁ (coordinate, no unit)", -box, box), yAxis: .init("x₂ (coordinate, no unit)", -box,
          box), layers: layers, equalAspect: true)
  }

  /// The stable manifold's branch leaving `saddle` along `direction` (a unit
  /// eigenvector of ∇²f with eigenvalue `curvature` > 0): seeds x* + s·v for s in one fundamental domain
  /// [ε, ε/(1 − α·curvature)), each pulled back through GD's inverse map until it leaves the box.
  static func stableManifoldBranch(_ gd: PolicyDescent<ConstantStep>, on f: Landscape, saddle: Vector,
      direction: Vector, curvature: Double, box: Double) -> [Vector] {
    let factor = 1 / (1 - gd.policy.alpha * curvature)
    let seeds = 12
    var out: [Vector] = []
    var front = (0..<seeds).map { j in saddle + (1e-6 * pow(factor, Double(j) / Double(seeds))) * direction }
    for _ in 0..<400 {
      var next: [Vector] = []
      for x in front {
        let back = gd.inverse(of: x, on: f, initialGuess: x)
        guard back.converged, back.point.maximumMagnitude <= 1.05 * box else { break }
        next.append(back.point)
      }
      out += next
      if next.count < front.count || next.isEmpty { break }
      front = next
    }
    return out
  }

  /// The iterates of `method` from `start` (at most `steps` steps, stopping if non-finite).
  static func path(_ method: any FirstOrderMethod, on f: Landscape, from start: Vector, steps: Int) -> [Vector] {
    func run<M: FirstOrderMethod>(_ m: M) -> [Vector] {
      var m = m
      var x = start
      var out = [x]
      for _ in 0..<steps {
        x = m.step(from: x, on: f)
        guard x.isFinite, x.maximumMagnitude < 1e3 else { break }
        out.append(x)
      }
      return out
    }
    return run(method)
  }

  /// Γ_t's extreme eigenvalues against t for one AdaGrad geometry, both
  /// variants, on the battery's first landscape from one start, with the
  /// bracket [1/(δ0 + f(x_0) − f_low), 1/δ0] of CLAIMS.md (η = 1, δ0 = 2L).
  public static func stepSpectrum(_ geometry: AdaGrad.Geometry, instance: Battery.Instance, budget: FigureBudget, seed: UInt64) -> Figure {
    let f = instance.landscape
    let delta0 = 2 * f.lipschitzConstant
    var rng = Xoshiro256StarStar(seed: Seed.derive(seed, label: "report/spectrum"))
    let start = instance.saddle.location + Draw.inBall(center: Vector(zeros: f.dimension), radius: 1, using: &rng)
    let f0 = f.value(at: start)
    let bracket = (1 / (delta0 + f0 - f.lowerBound), 1 / delta0)
    let steps = budget.spectrumSteps
    // Log-spaced sample of t in [0, steps − 1].
    var times: [Int] = []
    var t = 1.0
    while Int(t) < steps { if times.last != Int(t) - 1 { times.append(Int(t) - 1) }; t *= 1.06 }
    var layers: [Figure.Layer] = []
    var lowest = bracket.0, highest = bracket.1
    for (k, current) in [true, false].enumerated() {
      let m = PolicyDescent(adaGrad: geometry, includesCurrentGradient: current, delta0: delta0, dimension: f.dimension)
      let rules = Classification(horizon: steps, pointTolerance: 1e-300, gradientTolerance: 1e-300, escapeRadius: 1e6)
      let records = Trajectory.run(m, on: f, from: start, rules: rules, recordEvery: 1).records
      let sampled = times.compactMap { t in t < records.count ? records[t] : nil }.filter { $0.stepSpectrum != nil }
      let xs = sampled.map { Double($0.t + 1) }
      let lo = sampled.map { $0.stepSpectrum!.components.min()! }, hi = sampled.map { $0.stepSpectrum!.components.max()! }
      lowest = Swift.min(lowest, lo.min() ?? lowest)
      highest = Swift.max(highest, hi.max() ?? highest)
      let variant = current ? "current" : "delayed"
      layers.append(Figure.Layer("λ_min(Γ_t), \(variant)", kind: .line, x: xs, y: lo,
          color: Palette.categorical[2 * k], dash: Palette.dashes[2 * k], lineWidth: 2))
      layers.append(Figure.Layer("λ_max(Γ_t), \(variant)", kind: .line, x: xs, y: hi,
          color: Palette.categorical[2 * k + 1], dash: Palette.dashes[2 * k + 1], lineWidth: 2))
    }
    let tMax = Double(steps)
    let pad = Swift.max(1.02, pow(highest / lowest, 0.12))
    layers.append(Figure.Layer("the bracket of CLAIMS.md", kind: .line, x: [1, tMax, .nan, 1, tMax],
        y: [bracket.1, bracket.1, .nan, bracket.0, bracket.0],
                               color: Palette.ink, dash: "1 3", lineWidth: 1.5))
    return Figure(
      id: "spectrum-\(geometry.rawValue)", title: "Γ_t's spectrum: AdaGrad-\(geometry.rawValue) on \(instance.label)",
      caption: "The smallest and largest eigenvalue of the step matrix Γ_t along one trajectory (δ0 = 2L = " +
          "\(String(format: "%.3g", delta0)), f(x_0) = \(String(format: "%.3g", f0)), f_low = " +
          "\(String(format: "%.3g", f.lowerBound))), both variants. The theory (CLAIMS.md, " +
          "adagrad.pd-limit) keeps spec(Γ_t) inside the dotted bracket " +
          "[\(String(format: "%.4g", bracket.0)), \(String(format: "%.4g", bracket.1))] at every t and " +
          "makes Γ_t settle to a positive-definite limit: the curves flatten. λ_max stays at 1/δ0 in " +
          "directions where the gradients vanish (G_t keeps its initial δ0² " +
          "there)\(geometry == .norm ? "; for AdaGrad-norm Γ_t is a multiple of I, so λ_min = λ_max (one curve per variant)" : "").",
          
      xAxis: .init("t (steps)", scale: .log, 1, tMax),
      yAxis: .init("eigenvalue of Γ_t (step per unit gradient)", scale: .log, lowest / pad, highest * pad), layers: layers)
  }

  /// The ε̂(r, t) table of `adagrad.eta-lipschitz-small` as a heat map (cells centred at (t, r), log axes).
  public static func etaHeatMap(_ table: EtaLipschitzCheck.Table, method: String) -> Figure {
    var xs: [Double] = [], ys: [Double] = [], vs: [Double] = []
    for (i, r) in table.radii.enumerated() {
      for (j, t) in table.times.enumerated() {
        xs.append(Double(t))
        ys.append(r)
        vs.append(table.ratio[i][j])
      }
    }
    let positive = vs.filter { $0 > 0 }
    let (lo, hi) = (positive.min() ?? 1e-6, positive.max() ?? 1)
    let tf = table.times.count > 1 ? Double(table.times[1]) / Double(table.times[0]) : 10
    let rf = table.radii.count > 1 ? table.radii[0] / table.radii[1] : 10
    let layer = Figure.Layer("ε̂(r, t)", kind: .cells, x: xs, y: ys, values: vs, width: tf, height: rf, legend: false)
    return Figure(
      id: "eta-heatmap", title: "ε̂(r, t) for \(method)",
      caption: "The sampled Lipschitz ratio ‖η(t,x) − η(t,y)‖/‖x − y‖ over pairs within radius r of the " +
          "saddle, at time t (adagrad.eta-lipschitz-small). The claim: small for small r and large t — the " +
          "numbers fall toward the lower left. Each cell prints its value; every value is below its " +
          "analytic bound (see the row's table).",
      xAxis: .init("t (steps)", scale: .log, Double(table.times.first ?? 1) / tf.squareRoot(),
          Double(table.times.last ?? 10) * tf.squareRoot()),
      yAxis: .init("r (distance to the saddle)", scale: .log, (table.radii.last ?? 1e-3) / rf.squareRoot(),
          (table.radii.first ?? 1) * rf.squareRoot()),
      layers: [layer], colorScale: .init(label: "ε̂ (a ratio, no unit; log scale)", scale: .log, lower: lo / 1.01, upper: hi * 1.01))
  }

  /// Escape times: steps until a run started uniformly in the ball of radius
  /// 10⁻³ around the planted saddle first leaves the ball of radius 0.1, for
  /// GD and AdaGrad-full, as step histograms on log-spaced bins. Near the
  /// saddle the unstable component grows geometrically, so the time is about
  /// log(0.1/|u_0|)/log(1 + α|λ_min|); the right tail comes from starts close to the stable manifold.
  public static func escapeTimes(instance: Battery.Instance, budget: FigureBudget, seed: UInt64) -> Figure {
    let f = instance.landscape
    let l = f.lipschitzConstant
    let horizon = 10_000
    var layers: [Figure.Layer] = []
    var peak = 1.0
    var summaries: [String] = []
    let methods: [(String, any FirstOrderMethod)] = [
      ("GD, α = 0.9/L", GradientDescent(stepSize: 0.9 / l)),
      ("AdaGrad-full, δ0 = 2L", PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * l, dimension: f.dimension)),
    ]
    var times: [[Int?]] = []
    for (k, (_, method)) in methods.enumerated() {
      times.append(escapeSteps(method, on: f, around: instance.saddle.location, starts: budget.escapeStarts, horizon: horizon,
                               seed: Seed.derive(seed, label: "report/escape/\(k)")))
    }
    // Bins: one per step when the times span at most 60 steps (linear axis), else 10 per decade (log axis).
    let all = times.flatMap { $0.compactMap { $0 } }
    let (first, last) = (all.min() ?? 1, all.max() ?? 10)
    let linear = last - first <= 60
    let edges: [Double] = linear
      ? (Swift.max(0, first - 2)...(last + 3)).map { Double($0) }
      : (Int(floor(10 * log10(Double(Swift.max(first, 1)))))...Int(ceil(10 * log10(Double(last + 1))))).map { pow(10, Double($0) / 10) }
    for (k, steps) in times.enumerated() {
      var counts = Array(repeating: 0.0, count: edges.count - 1)
      for s in steps.compactMap({ $0 }) {
        if let b = edges.indices.dropLast().last(where: { edges[$0] <= Double(s) }) { counts[b] += 1 }
      }
      peak = Swift.max(peak, counts.max() ?? 1)
      // A staircase through the bin tops.
      var x: [Double] = [edges[0]], y: [Double] = [0]
      for b in counts.indices { x += [edges[b], edges[b + 1]]; y += [counts[b], counts[b]] }
      x.append(edges.last!); y.append(0)
      layers.append(Figure.Layer(methods[k].0, kind: .line, x: x, y: y, color: Palette.categorical[2 * k],
          dash: Palette.dashes[2 * k], lineWidth: 2))
      let escaped = steps.compactMap { $0 }.sorted()
      summaries.append("\(methods[k].0): \(escaped.count) of \(steps.count) left within \(horizon) steps, " +
          "median \(escaped.isEmpty ? 0 : escaped[escaped.count / 2]), longest \(escaped.last ?? 0)")
    }
    return Figure(
      id: "escape-times", title: "Escape times from the saddle of \(instance.label)",
      caption: "Steps until a run started uniformly in the ball of radius 10⁻³ around the strict saddle x* " +
          "first leaves the ball of radius 0.1 (\(budget.escapeStarts) starts per method, horizon " +
          "\(horizon)). Near x* the unstable component grows geometrically, so the time is ≈ " +
          "log(0.1/|u₀|)/log(1 + α|λ_min|); the right tail comes from starts close to the stable manifold. " +
          "Bins: \(linear ? "one per step" : "10 per decade"). " + summaries.joined(separator: "; ") + ".",
      xAxis: .init("steps to leave the ball of radius 0.1", scale: linear ? .linear : .log, edges.first!,
          edges.last!), yAxis: .init("starts per bin (count)", 0, peak * 1.1), layers: layers)
  }

  static func escapeSteps(_ method: any FirstOrderMethod, on f: Landscape, around center: Vector, starts: Int,
      horizon: Int, seed: UInt64) -> [Int?] {
    func run<M: FirstOrderMethod>(_ m: M) -> [Int?] {
      Batch.map(count: starts) { i in
        var rng = Xoshiro256StarStar(seed: seed, stream: UInt64(i))
        var x = Draw.inBall(center: center, radius: 1e-3, using: &rng)
        var m = m
        for t in 1...horizon {
          x = m.step(from: x, on: f)
          guard x.isFinite else { return nil }
          if x.distance(to: center) >= 0.1 { return t }
        }
        return nil
      }
    }
    return run(method)
  }

  /// The zero-hit bound P(hit) ≤ 1 − α^{1/n} against n, with every avoidance
  /// row of the run (its n and its bound, from the rows' typed evidence).
  public static func hitBound(results: [CheckResult]) -> Figure {
    // Rows whose runs were all decided (the zero-hit bound applies as it stands); a row with
    // unclassified runs, no runs or a point not covered is not plotted on this curve.
    let rows = results.compactMap { r -> AvoidanceEvidence? in if case .avoidance(let a) = r.data,
        a.hits == 0, a.unclassified == 0, a.hitProbabilityBound != nil { return a } else { return nil } }
    let alpha = rows.first?.alpha ?? 0.05
    let ns = (0...60).map { pow(10, 1 + Double($0) / 12) }
    let bound = ns.map { 1 - pow(alpha, 1 / $0) }
    var layers = [
      Figure.Layer("1 − α^(1/n), α = \(alpha)", kind: .line, x: ns, y: bound, color: Palette.ink, lineWidth: 1.5),
      Figure.Layer("rule of three, 3/n", kind: .line, x: ns, y: ns.map { 3 / $0 },
          color: Palette.categorical[2], dash: "6 3", lineWidth: 1.5),
    ]
    if !rows.isEmpty {
      layers.append(Figure.Layer("this run's avoidance rows", kind: .scatter, x: rows.map { Double($0.starts) }, y: rows.map(\.upperBound),
                                 color: Palette.categorical[1], marker: .diamond))
    }
    return Figure(
      id: "hit-bound", title: "P(hit) bound against the number of starts n",
      caption: "With 0 hits in n independent starts, P(converge to the saddle) ≤ 1 − α^(1/n) with " +
          "confidence 1 − α (exact; ≈ 3/n for α = 0.05). Diamonds: the \(rows.count) avoidance rows of this " +
          "run with 0 hits and every run decided (at \(Set(rows.map(\.starts)).count) distinct n) — more starts buy a smaller " +
          "bound, never a proof of measure zero.",
      xAxis: .init("n (independent starts)", scale: .log, 10, 1e6),
          yAxis: .init("upper bound on P(hit) (probability)", scale: .log, 1e-6, 1), layers: layers)
  }

  /// Projected GD on the half-plane saddle (c = 0.5, α = 0.1): which starts in
  /// [−1, 1] × [0, 1] converge to the strict saddle — exactly {x0 > y0}, a quarter of the box.
  public static func projectedAttraction(budget: FigureBudget, row: CheckResult?) -> Figure {
    let f = HalfPlaneSaddle(c: 0.5)
    let (nx, ny) = (budget.projectedGrid, Swift.max(2, budget.projectedGrid / 2))
    let (hx, hy) = (2.0 / Double(nx), 1.0 / Double(ny))
    let centres = (0..<(nx * ny)).map { k in Vector([-1 + (Double(k % nx) + 0.5) * hx, (Double(k / nx) + 0.5) * hy]) }
    let rules = Classification(horizon: 3000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    let hit = Batch.map(count: centres.count) { k in
      Trajectory.run(ProjectedGradientDescent(alpha: 0.1), on: f, from: centres[k], rules: rules).outcome == .converged(toPlantedPoint: 0)
    }
    let fraction = Double(hit.filter { $0 }.count) / Double(hit.count)
    var cells = Figure.Layer("PGD from the cell's centre", kind: .cells, x: centres.map { $0[0] },
        y: centres.map { $0[1] }, values: hit.map { $0 ? 0 : 1 },
                             width: hx, height: hy, categories: ["converges to the saddle", "leaves it"])
    cells.palette = ["#4d4d4d", "#f4f4f4"]
    let layers = [
      cells,
      Figure.Layer("boundary x₁ = x₂ (exact)", kind: .line, x: [0, 1], y: [0, 1],
          color: Palette.categorical[3], dash: "6 3", lineWidth: 2.5),
      Figure.Layer("strict saddle", kind: .scatter, x: [0], y: [0], color: Palette.ink, marker: .triangle),
    ]
    return Figure(
      id: "projected-attraction", title: "Projected GD's attraction region on the half-plane saddle",
      caption: "f(x, y) = ½(x + y)² − ¼(x − y)² on {y ≥ 0}, projected GD with α = 0.1, \(nx)×\(ny) starts. " +
          "Exactly the starts with x₀ > y₀ converge to the strict saddle: a quarter of the box [−1, 1] × " +
          "[0, 1]. On this grid: \(String(format: "%.4f", fraction)) (exact 0.25)."
          + (row.map { " The battery's row: \($0.evidence)" } ?? ""),
      xAxis: .init("x₁ (coordinate)", -1, 1), yAxis: .init("x₂ (feasible: x₂ ≥ 0)", 0, 1), layers: layers, equalAspect: true)
  }

  /// The open question's per-k evidence: the fraction of starts attracted, with its 95 % Clopper–Pearson interval.
  public static func repellingDirections(_ rows: [RepellingDirectionsExperiment.Row]) -> Figure {
    var ix: [Double] = [], iy: [Double] = []
    for r in rows { ix += [Double(r.k), Double(r.k), .nan]; iy += [r.interval.lower, r.interval.upper, .nan] }
    let perInstance = perInstanceLayer(rows)
    let top = Swift.max(0.05, ((rows.map(\.interval.upper) + perInstance.y).max() ?? 0) * 1.15)
    return Figure(
      id: "repelling-directions", title: "Open question: projected GD with k repelling directions",
      caption: "Random cones in d = k + 2 with exactly k repelling feasible directions at the saddle; the " +
          "fraction of starts that projected GD brings to the saddle. Bars: 95 % Clopper–Pearson intervals over all " +
          "starts at k; crosses: each instance's own fraction (an instance with a positive-measure basin attracts a " +
          "fixed share of its starts). "
          + rows.map { "k = \($0.k): \($0.hits)/\($0.starts), \($0.attractingInstances)/\($0.instances) " +
          "instances attract, \($0.robustInstances) with a positive-measure basin" }.joined(separator: "; ")
          + ". Evidence only: the question is open.",
      xAxis: .init("k (repelling directions)", 0.5, Double((rows.map(\.k).max() ?? 3)) + 0.5),
          yAxis: .init("fraction of starts attracted (probability)", 0, top),
      layers: [
        Figure.Layer("95 % interval", kind: .line, x: ix, y: iy, color: Palette.ink, lineWidth: 2),
        Figure.Layer("observed fraction", kind: .scatter, x: rows.map { Double($0.k) }, y: rows.map { Double($0.hits) / Double($0.starts) },
                     color: Palette.categorical[1], marker: .square),
      ] + (perInstance.x.isEmpty ? [] : [perInstance]))
  }

  /// The open question's per-instance fractions, spread around each k (from `Row.instanceHits`).
  static func perInstanceLayer(_ rows: [RepellingDirectionsExperiment.Row]) -> Figure.Layer {
    var x: [Double] = [], y: [Double] = []
    for r in rows {
      guard let hits = r.instanceHits, !hits.isEmpty, r.instances > 0 else { continue }
      let each = Double(r.starts / r.instances)
      for (i, h) in hits.enumerated() {
        x.append(Double(r.k) + (hits.count == 1 ? 0.2 : 0.1 + 0.25 * Double(i) / Double(hits.count - 1)))
        y.append(Double(h) / each)
      }
    }
    return Figure.Layer("per instance", kind: .scatter, x: x, y: y, color: Palette.categorical[2], marker: .cross)
  }

  /// The step-bound ratio of a sweep cell: α·L for GD, L/δ0 for AdaGrad (‖Γ_0‖·L with η = 1);
  /// the hypotheses hold below 1.
  public static func stepBoundRatio(_ c: HypothesisSweep.Cell) -> Double { c.parameter == "alpha*L" ? c.value : 1 / c.value }

  /// A sweep cell's outcome, in the phase diagram's order: 0 nothing broke, 1 det Dg ≤ 0 somewhere,
  /// 2 a second preimage (not injective), 3 a start converged to the saddle (the first that applies, from 1).
  public static func sweepOutcome(_ c: HypothesisSweep.Cell) -> Int {
    c.minimumDeterminant <= 0 ? 1 : (c.injectivityViolations > 0 ? 2 : (c.hits > 0 ? 3 : 0))
  }

  /// The method family of a sweep cell, e.g. `gd`, `adagrad-norm-current` (with the landscape when several).
  static func sweepFamily(_ c: HypothesisSweep.Cell, withLandscape: Bool) -> String {
    let method = c.method.components(separatedBy: "(").first ?? c.method
    let family = method + (c.method.contains("delayed") ? "-delayed" : (c.method.contains("current") ? "-current" : ""))
    return withLandscape ? "\(c.landscape.components(separatedBy: "(").first ?? c.landscape) \(family)" : family
  }

  /// The hypothesis sweep as a phase diagram: one row per method family, the step-bound ratio
  /// ‖Γ_0‖·L across (α·L for GD, L/δ0 for AdaGrad, log axis), each cell marked by what broke.
  public static func sweepPhase(_ cells: [HypothesisSweep.Cell]) -> Figure {
    let several = Set(cells.map(\.landscape)).count > 1
    var families: [String] = []
    for c in cells where !families.contains(sweepFamily(c, withLandscape: several)) {
      families.append(sweepFamily(c, withLandscape: several))
    }
    let names = ["no property broke", "det Dg ≤ 0 somewhere", "a second preimage (not injective)", "a start converged to the saddle"]
    let markers: [Figure.Marker] = [.circle, .cross, .triangle, .square]
    let colors = [Palette.categorical[2], Palette.categorical[1], Palette.categorical[3], Palette.ink]
    var layers: [Figure.Layer] = []
    for k in names.indices {
      let group = cells.filter { sweepOutcome($0) == k }
      guard !group.isEmpty else { continue }
      layers.append(Figure.Layer(names[k], kind: .scatter, x: group.map(stepBoundRatio),
                                 y: group.map { Double(families.firstIndex(of: sweepFamily($0, withLandscape: several))! + 1) },
                                 color: colors[k], marker: markers[k]))
    }
    let ratios = cells.map(stepBoundRatio).filter { $0 > 0 && $0.isFinite }
    let (lo, hi) = (Swift.min(ratios.min() ?? 0.5, 0.5) / 1.5, Swift.max(ratios.max() ?? 2, 2) * 1.5)
    layers.append(Figure.Layer("step bound ‖Γ₀‖·L = 1 (hypotheses hold left of it)", kind: .line, x: [1, 1],
                               y: [0.5, Double(families.count) + 0.5],
                               color: Palette.ink, dash: "6 3", lineWidth: 1.5))
    let inside = cells.filter(\.withinHypotheses), outside = cells.filter { !$0.withinHypotheses }
    return Figure(
      id: "sweep-phase", title: "Hypothesis sweep: what breaks beyond the step bound",
      caption: "Each mark is one cell of the sweep (saddlecheck sweep; the battery's rows gd.diffeomorphism, " +
          "adagrad.diffeomorphism and step-bound-is-needed): a method with its step parameter, on " +
          "\(Set(cells.map(\.landscape)).sorted().joined(separator: ", ")). Left of the dashed line the theorems' " +
          "hypotheses hold (α·L < 1, δ0/L > 1); there no property may break. \(inside.filter { sweepOutcome($0) != 0 }.count) " +
          "of \(inside.count) cells inside and \(outside.filter { sweepOutcome($0) != 0 }.count) of \(outside.count) outside broke one. " +
          "A cell shows the first of: det Dg ≤ 0, a second preimage, a hit.",
      xAxis: .init("step-bound ratio ‖Γ₀‖·L: α·L (GD), L/δ0 (AdaGrad), dimensionless", scale: .log, lo, hi),
      yAxis: .init("method", categories: families), layers: layers)
  }

  static func slug(_ s: String) -> String {
    String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
  }
}

/// Marching squares: the segments of {f = level} on a grid of values.
enum Contour {
  /// `grid[j][i]` = f(origin + (i, j)·spacing); returns segments in data coordinates.
  static func segments(_ grid: [[Double]], level: Double, origin: (Double, Double),
      spacing: Double) -> [((Double, Double), (Double, Double))] {
    var out: [((Double, Double), (Double, Double))] = []
    for j in 0..<(grid.count - 1) {
      for i in 0..<(grid[j].count - 1) {
        let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
        var crossings: [(Double, Double)] = []
        for e in 0..<4 {
          let (a, b) = (corners[e], corners[(e + 1) % 4])
          let (va, vb) = (grid[a.1][a.0] - level, grid[b.1][b.0] - level)
          if (va < 0) != (vb < 0) {
            let s = va / (va - vb)
            crossings.append((origin.0 + (Double(a.0) + s * Double(b.0 - a.0)) * spacing,
                origin.1 + (Double(a.1) + s * Double(b.1 - a.1)) * spacing))
          }
        }
        if crossings.count >= 2 { out.append((crossings[0], crossings[1])) }
        if crossings.count == 4 { out.append((crossings[2], crossings[3])) }
      }
    }
    return out
  }
}
