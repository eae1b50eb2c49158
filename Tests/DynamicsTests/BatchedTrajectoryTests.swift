import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Randomness
import Foundation

/// Whether two results agree bit for bit: outcome, steps, final iterate, final stationarity.
func sameBits(_ a: TrajectoryResult, _ b: TrajectoryResult) -> Bool {
  a.outcome == b.outcome && a.steps == b.steps && a.finalGradientNorm.bitPattern == b.finalGradientNorm.bitPattern
    && a.final.components.map(\.bitPattern) == b.final.components.map(\.bitPattern)
}

@Suite struct BatchedTrajectoryTests {
  struct Instance: CustomTestStringConvertible, Sendable {
    var family: String
    var dimension: Int
    var index: Int
    var testDescription: String { "\(family)(d=\(dimension),k=\(index))" }
    var landscape: Landscape { try! LandscapeFamily.named(family)!.generate(dimension: dimension, index: index, seed: 0xba7c_0001) }
  }

  /// The battery's families: a curved index-1 saddle, an index-2 confined quadratic, an index-2
  /// double well in d = 10 (so 64-lane batches use full 8-lane SIMD blocks and the remainder loop).
  static let instances = [
    Instance(family: "coupled-double-well", dimension: 3, index: 1),
    Instance(family: "confined-quadratic", dimension: 5, index: 2),
    Instance(family: "rotated-double-well", dimension: 10, index: 2),
  ]

  /// Loose point and gradient tolerances, so that runs reach planted minima within the short horizon.
  static let rules = Classification(horizon: 150, pointTolerance: 1e-2, gradientTolerance: 1e-2, escapeRadius: 40)

  /// Every kernel of the engine (full-matrix AdaGrad included), with a value floor
  /// for the monotone methods as the battery sets it, and a GD beyond 2/L that diverges.
  static func methods(_ f: Landscape) -> [(name: String, floor: Bool, make: @Sendable (Int) -> any FirstOrderMethod)] {
    let l = f.lipschitzConstant, d = f.dimension
    return [
      ("gd", true, { _ in GradientDescent(stepSize: 0.9 / l) }),
      ("gd, no floor", false, { _ in GradientDescent(stepSize: 0.9 / l) }),
      ("gd beyond 2/L", false, { _ in GradientDescent(stepSize: 6 / l) }),
      ("vanishing", true, { _ in PolicyDescent(VanishingStep(c: 0.9 / l, a: 0.5)) }),
      ("adagrad-norm, current", false, { _ in PolicyDescent(adaGrad: .norm, includesCurrentGradient: true, delta0: 2 * l, dimension: d) }),
      ("adagrad-norm, delayed", true, { _ in PolicyDescent(adaGrad: .norm, includesCurrentGradient: false, delta0: 2 * l, dimension: d) }),
      ("adagrad-diagonal, current", true, { _ in PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * l, dimension: d) }),
      ("adagrad-diagonal, delayed", false, { _ in PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: false, delta0: 2 * l, dimension: d) }),
      ("adagrad-full, current", true, { _ in PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * l, dimension: d) }),
      ("adagrad-full, delayed", false, { _ in
        PolicyDescent(adaGrad: .full, includesCurrentGradient: false, delta0: 2 * l, dimension: d) }),
      ("sgd", false, { i in StochasticGradientDescent(c: 0.5 / l, a: 0.75, sigma: 0.1, seed: Seed.derive(7, UInt64(i))) }),
    ]
  }

  static func starts(_ f: Landscape, count: Int) -> [Vector] {
    (0..<count).map { i in
      var rng = Xoshiro256StarStar(seed: 0xba7c_0002, stream: UInt64(i))
      return Draw.inBall(center: Vector(zeros: f.dimension), radius: 0.5, using: &rng)
    }
  }

  static func batched(_ make: @escaping @Sendable (Int) -> any FirstOrderMethod, _ f: Landscape, _ starts: [Vector], _ rules: Classification,
                      batchSize: Int, workers: Int) -> [TrajectoryResult] {
    func open<M: FirstOrderMethod>(_: M) -> [TrajectoryResult] {
      BatchedTrajectory.run(methodForStart: { make($0) as! M }, on: f, from: starts, rules: rules, batchSize: batchSize, workers: workers)
    }
    return open(make(0))
  }

  static func scalar(_ make: (Int) -> any FirstOrderMethod, _ f: Landscape, _ starts: [Vector], _ rules: Classification) -> [TrajectoryResult] {
    starts.indices.map { i in
      func open<M: FirstOrderMethod>(_ m: M) -> TrajectoryResult { Trajectory.run(m, on: f, from: starts[i], rules: rules) }
      return open(make(i))
    }
  }

  @Test("batched runs are bit-identical to Trajectory.run for batch sizes 1, 7, 64 on 1 and 2 workers",
        arguments: instances)
  func bitIdentical(_ instance: Instance) {
    let f = instance.landscape
    let starts = Self.starts(f, count: 24)
    let saddle = f.value(at: Vector(zeros: f.dimension))
    var kinds: Set<String> = []
    for (name, floor, make) in Self.methods(f) {
      var rules = Self.rules
      if floor { rules.valueFloor = saddle - 1e-9 * (1 + abs(saddle)) }
      let reference = Self.scalar(make, f, starts, rules)
      for r in reference { kinds.insert("\(r.outcome)".components(separatedBy: "(").first!) }
      for (batchSize, workers) in [(1, 1), (7, 1), (64, 1), (1, 2), (7, 2), (64, 2)] {
        let results = Self.batched(make, f, starts, rules, batchSize: batchSize, workers: workers)
        let mismatches = zip(reference, results).enumerated().filter { !sameBits($0.element.0, $0.element.1) }.map(\.offset)
        #expect(results.count == starts.count && mismatches.isEmpty,
                "\(name), batch \(batchSize), \(workers) workers: starts \(mismatches) differ from the scalar run")
      }
    }
    // The early exits and the end classification are all exercised.
    #expect(kinds.isSuperset(of: ["diverged", "descendedBelowFloor", "undecided"]), "outcomes seen: \(kinds)")
    if instance.family != "coupled-double-well" { #expect(kinds.contains("converged"), "outcomes seen: \(kinds)") }
  }

  @Test("each family's batched gradient and value are bit-identical to the scalar ones")
  func familyKernels() throws {
    for family in LandscapeFamily.all {
      for d in [2, 3, 10] {
        guard let f = try? family.generate(dimension: d, seed: 0xba7c_0003) else { continue }
        let points = (0..<13).map { i -> Vector in
          var rng = Xoshiro256StarStar(seed: 0xba7c_0004, stream: UInt64(i))
          return Draw.inBall(center: Vector(zeros: d), radius: 1, using: &rng)
        }
        let batch = PointBatch(points, dimension: d)
        var gradients = PointBatch(dimension: d, capacity: points.count)
        var values = [Double](repeating: 0, count: points.count)
        var workspace: [Double] = []
        f.gradients(at: batch, into: &gradients, workspace: &workspace)
        f.values(at: batch, into: &values, workspace: &workspace)
        for (i, p) in points.enumerated() {
          #expect(gradients.point(i).components.map(\.bitPattern) == f.gradient(at: p).components.map(\.bitPattern), "\(family.name)(d=\(d)) gradient at point \(i)")
          #expect(values[i].bitPattern == f.value(at: p).bitPattern, "\(family.name)(d=\(d)) value at point \(i)")
        }
      }
    }
  }

  /// AdaGrad with δ0 = 1e-200 (δ0² underflows to 0, so η/√G_0 = ∞) started exactly at the saddle of a
  /// rotated double well, where ∇f = 0 exactly: the step is ∞·0 = NaN, and `Trajectory.run` keeps the
  /// iterate (a fixed point of the exact map) and classifies it there. The other starts (∇f ≠ 0) run on
  /// in the same batches. The batched engine must agree on every start (it used to call the saddle
  /// starts diverged).
  @Test("0·∞ at a fixed point is not a divergence in the batched engine either (batched kernels and lane by lane)")
  func zeroTimesInfinityAtAFixedPoint() throws {
    let f = try LandscapeFamily.named("rotated-double-well")!.generate(dimension: 3, index: 1, seed: 5)
    let saddle = try #require(f.criticalPoints.firstIndex { $0.kind == .strictSaddle && $0.location.maximumMagnitude == 0 })
    var starts: [Vector] = []
    for i in 0..<5 {
      var rng = Xoshiro256StarStar(seed: 0xba7c_0005, stream: UInt64(i))
      starts.append(i % 2 == 0 ? Vector(zeros: 3) : Draw.inBall(center: Vector(zeros: 3), radius: 0.5, using: &rng))
    }
    let rules = Classification(horizon: 40, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)
    for geometry in AdaGrad.Geometry.allCases {
      for current in [true, false] {
        let make: @Sendable (Int) -> any FirstOrderMethod = { _ in
          PolicyDescent(adaGrad: geometry, includesCurrentGradient: current, delta0: 1e-200, dimension: 3)
        }
        let reference = Self.scalar(make, f, starts, rules)
        for (i, r) in reference.enumerated() where i % 2 == 0 {
          // The rule as Trajectory.run states it: a start at the saddle stays there, after one step.
          #expect(r.outcome == .converged(toPlantedPoint: saddle) && r.steps == 1, "\(geometry), start \(i): \(r.outcome)")
        }
        for (batchSize, workers) in [(1, 1), (2, 1), (7, 1), (2, 2)] {
          let results = Self.batched(make, f, starts, rules, batchSize: batchSize, workers: workers)
          let mismatches = zip(reference, results).enumerated().filter { !sameBits($0.element.0, $0.element.1) }.map(\.offset)
          #expect(mismatches.isEmpty, "\(geometry), current \(current), batch \(batchSize): starts \(mismatches) differ")
        }
      }
    }
  }

  /// Full-matrix AdaGrad past its first fresh decomposition (every 256 rank-one updates): η = 0.05, so
  /// the runs are still moving when they reach the horizon of 300 steps (a changed decomposition changes
  /// the iterates' bits), in d = 2, 3, 10 (rank-one updates; the `.recompute` strategy in d = 2, 3),
  /// current and delayed gradient.
  static let fullMatrixRules = Classification(horizon: 300, pointTolerance: 1e-9, gradientTolerance: 1e-12, escapeRadius: 40)

  static func fullMatrixAdaGrad(_ f: Landscape, current: Bool, _ update: AdaGrad.FullMatrixUpdate,
                                updatesSinceRefresh: Int = 0) -> PolicyDescent<AdaGrad> {
    var policy = AdaGrad(geometry: .full, includesCurrentGradient: current, delta0: 2 * f.lipschitzConstant,
                         eta: 0.05, dimension: f.dimension, fullMatrixUpdate: update)
    if updatesSinceRefresh != 0 {
      // A policy whose refresh count is shifted (through its Codable state): its fresh decomposition comes early.
      var json = try! JSONSerialization.jsonObject(with: JSONEncoder().encode(policy)) as! [String: Any]
      json["updatesSinceRefresh"] = updatesSinceRefresh
      policy = try! JSONDecoder().decode(AdaGrad.self, from: JSONSerialization.data(withJSONObject: json))
    }
    return PolicyDescent(policy)
  }

  @Test("full-matrix AdaGrad's batched kernel is bit-identical to Trajectory.run past a fresh decomposition",
        arguments: [2, 3, 10])
  func fullMatrixBitIdentical(dimension d: Int) throws {
    let f = try LandscapeFamily.named("rotated-double-well")!.generate(dimension: d, index: 1, seed: 0xba7c_0007)
    let starts = Self.starts(f, count: 9)
    let rules = Self.fullMatrixRules
    let updates: [AdaGrad.FullMatrixUpdate] = d <= 3 ? [.rankOne, .recompute] : [.rankOne]
    for update in updates {
      for current in [true, false] {
        let method = Self.fullMatrixAdaGrad(f, current: current, update)
        #expect(BatchedTrajectory.hasBatchedKernel(method))
        let reference = starts.map { Trajectory.run(method, on: f, from: $0, rules: rules) }
        #expect(reference.filter { $0.steps > AdaGrad.refreshInterval }.count >= 5, "\(update), current \(current): runs end early")
        for (batchSize, workers) in [(1, 1), (7, 1), (64, 1), (1, 2), (7, 2), (64, 2)] {
          let results = BatchedTrajectory.run(method, on: f, from: starts, rules: rules, batchSize: batchSize, workers: workers)
          let mismatches = zip(reference, results).enumerated().filter { !sameBits($0.element.0, $0.element.1) }.map(\.offset)
          #expect(results.count == starts.count && mismatches.isEmpty,
                  "d=\(d), \(update), current \(current), batch \(batchSize), \(workers) workers: starts \(mismatches) differ")
        }
        if update == .rankOne {
          // The mutant: the fresh decomposition one update early (a refresh interval of 255); the comparison sees it.
          let shifted = Self.fullMatrixAdaGrad(f, current: current, update, updatesSinceRefresh: 1)
          let mutant = BatchedTrajectory.run(shifted, on: f, from: starts, rules: rules, batchSize: 7, workers: 1)
          #expect(zip(reference, mutant).contains { !sameBits($0, $1) }, "d=\(d), current \(current): the early refresh went unseen")
        }
      }
    }
  }

  /// The early-exit sweeps compare ‖x‖² with squareBound(R) instead of taking √ per lane; that is exact
  /// only if squareBound(R) is the largest t with √t ≤ R.
  @Test("squareBound(r) is the largest double whose square root is at most r; r·r is not")
  func squareBoundIsExact() {
    var rng = Xoshiro256StarStar(seed: 0xba7c_0006)
    var radii: [Double] = [1, 40, 1e6, 1e-6, 1e-150, 1e150, 1e300, .greatestFiniteMagnitude]
    for _ in 0..<2000 { radii.append(Double(rng.next() >> 11) * 0x1p-53 * 100 + 1e-3) }
    var naiveWrong = 0
    for r in radii {
      let t = BatchedTrajectory.squareBound(r)
      // Floored at 2⁻⁹⁰⁰: the sweeps flag every lane with ‖x‖² ≤ 2⁻⁹⁰⁰ for the scalar test anyway.
      #expect(t == 0x1p-900 || t.squareRoot() <= r, "r = \(r): √t = \(t.squareRoot())")
      #expect(t == .greatestFiniteMagnitude || t.nextUp.squareRoot() > r, "r = \(r): t = \(t) is not the largest")
      // The mutant r·r: too small or too large for some r.
      let naive = r * r
      if naive.isFinite && !(naive.squareRoot() <= r && naive.nextUp.squareRoot() > r) { naiveWrong += 1 }
    }
    #expect(naiveWrong > 0, "the naive bound r·r was exact for every radius tried")
  }

  /// A mutant: the batched gradient sums Qᵀx in the reverse order (a plausible
  /// "optimization"); the scalar gradient is the family's. The identity check must see it.
  struct ReorderedSumWell: Objective {
    var base: RotatedDoubleWell
    var dimension: Int { base.dimension }
    func value(at x: Vector) -> Double { base.value(at: x) }
    func gradient(at x: Vector) -> Vector { base.gradient(at: x) }
    func hessian(at x: Vector) -> Matrix { base.hessian(at: x) }
    var lipschitzConstant: Double { base.lipschitzConstant }
    var lowerBound: Double { base.lowerBound }
    var thirdDerivativeBound: Double { base.thirdDerivativeBound }
    var criticalPoints: [PlantedCriticalPoint] { base.criticalPoints }
    func gradients(at points: PointBatch, into gradients: inout PointBatch, workspace: inout [Double]) {
      let n = dimension
      gradients.count = points.count
      for l in 0..<points.count {
        let x = points.point(l)
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n { for k in (0..<n).reversed() { y[i] += base.rotation[k, i] * x[k] } }
        let dy = Vector((0..<n).map { i -> Double in
          switch base.profiles[i] {
          case .doubleWell(let mu, let r): mu * (y[i] - 2 * r * _tanh(y[i] / r))
          case .quadratic(let h): h * y[i]
          }
        })
        gradients.set(point: l, to: base.rotation * dy)
      }
    }
  }

  @Test("mutant: a batched gradient summed in another order is caught")
  func reorderedSumIsCaught() {
    let f = ReorderedSumWell(base: RotatedDoubleWell.random(dimension: 10, wells: 2, seed: 3))
    var starts: [Vector] = []
    for i in 0..<8 {
      var rng = Xoshiro256StarStar(seed: 11, stream: UInt64(i))
      starts.append(Draw.inBall(center: Vector(zeros: 10), radius: 0.5, using: &rng))
    }
    let gd = GradientDescent(stepSize: 0.9 / f.lipschitzConstant)
    let reference = starts.map { Trajectory.run(gd, on: f, from: $0, rules: Self.rules) }
    let results = BatchedTrajectory.run(gd, on: f, from: starts, rules: Self.rules, batchSize: 8, workers: 1)
    #expect(zip(reference, results).contains { !sameBits($0, $1) })
  }
}

import Foundation
func _tanh(_ x: Double) -> Double { Foundation.tanh(x) }
