import Testing
import LinearAlgebra
import Landscapes
import Dynamics
import Randomness

/// The observation hook of the batched engine (``BatchedTrajectory/observe``) against the scalar loop
/// `g = ∇f(x); Γ = m.stepMatrix(g); next = m.step(from: x)`: every observed quantity, bit for bit.
@Suite struct ObservationTests {
  /// A d = 3 and a d = 10 landscape (so 64-lane batches use full SIMD blocks and the remainder loop).
  static let landscapes: [(String, Landscape)] = [
    ("coupled-double-well(d=3)", try! LandscapeFamily.named("coupled-double-well")!.generate(dimension: 3, index: 1, seed: 0x0b5e_0001)),
    ("rotated-double-well(d=10)", try! LandscapeFamily.named("rotated-double-well")!.generate(dimension: 10, index: 2, seed: 0x0b5e_0002)),
  ]

  /// The GD kernel, both AdaGrad kernels, and full-matrix AdaGrad (stepped lane by lane).
  static func methods(_ f: Landscape) -> [(String, PolicyDescent<AdaGrad>?, GradientDescent?)] {
    let l = f.lipschitzConstant, d = f.dimension
    return [
      ("gd", nil, GradientDescent(stepSize: 0.9 / l)),
      ("adagrad-norm, delayed", PolicyDescent(adaGrad: .norm, includesCurrentGradient: false, delta0: 2 * l, dimension: d), nil),
      ("adagrad-diagonal, current", PolicyDescent(adaGrad: .diagonal, includesCurrentGradient: true, delta0: 2 * l, dimension: d), nil),
      ("adagrad-full, current", PolicyDescent(adaGrad: .full, includesCurrentGradient: true, delta0: 2 * l, dimension: d), nil),
    ]
  }

  static let steps = 12

  /// Run i is stopped by its observer after step 2 + i mod 9 (so lanes leave mid-batch and others move).
  static func last(_ run: Int) -> Int { 2 + run % 9 }

  static func starts(_ f: Landscape) -> [Vector] {
    (0..<19).map { i in
      var rng = Xoshiro256StarStar(seed: 0x0b5e_0003, stream: UInt64(i))
      return Draw.inBall(center: Vector(zeros: f.dimension), radius: 0.8, using: &rng)
    }
  }

  /// The bit patterns of t, x_t, ∇f(x_t), x_{t+1}, f(x_t), f(x_{t+1}) and (for a matrix method) Γ_t, step by step.
  static func bits(_ t: Int, _ x: Vector, _ g: Vector, _ next: Vector, _ fx: Double, _ fn: Double, _ gamma: Matrix?) -> [UInt64] {
    [UInt64(t)] + (x.components + g.components + next.components + [fx, fn] + (gamma?.elements ?? [])).map(\.bitPattern)
  }

  static func scalar<M: FirstOrderMethod>(_ method: M, _ f: Landscape, _ starts: [Vector], gamma: ((M, Vector) -> Matrix)?) -> [[UInt64]] {
    starts.indices.map { i in
      var m = method, x = starts[i], record: [UInt64] = []
      for t in 0..<steps {
        let g = f.gradient(at: x)
        let matrix = gamma?(m, g)
        let next = m.step(from: x, on: f)
        record += bits(t, x, g, next, f.value(at: x), f.value(at: next), matrix)
        if t == last(i) { break }
        x = next
      }
      return record
    }
  }

  static func observed<M: FirstOrderMethod>(
    _ method: M, _ f: Landscape, _ starts: [Vector], gamma: (@Sendable (M, Vector) -> Matrix)?,
    batchSize: Int, workers: Int, fault: ObservationFault? = nil
  ) -> [[UInt64]] {
    BatchedTrajectory.observe(
      methodForStart: { _ in method }, on: f, from: starts, steps: steps, methods: gamma != nil,
      batchSize: batchSize, workers: workers, fault: fault, initial: { _ in [UInt64]() }
    ) { record, step in
      let g = step.gradient
      record += bits(step.t, step.current, g, step.next, step.currentValue, step.nextValue, gamma?(step.method, g))
      return step.t < last(step.run)
    }
  }

  /// Runs `body` with each method of `f` as the observed one, with its Γ_t when it has one.
  static func forEachMethod(_ f: Landscape, _ body: ([[UInt64]], (Int, Int, ObservationFault?) -> [[UInt64]]) -> Void) {
    let starts = starts(f)
    for (_, adaGrad, gd) in methods(f) {
      if let m = adaGrad {
        let gamma: @Sendable (PolicyDescent<AdaGrad>, Vector) -> Matrix = { $0.stepMatrix(for: $1) }
        body(scalar(m, f, starts, gamma: gamma)) { observed(m, f, starts, gamma: gamma, batchSize: $0, workers: $1, fault: $2) }
      } else if let m = gd {
        body(scalar(m, f, starts, gamma: nil)) { observed(m, f, starts, gamma: nil, batchSize: $0, workers: $1, fault: $2) }
      }
    }
  }

  @Test("every observed step is bit-identical to the scalar loop, for batch sizes 1, 7, 64 on 1 and 2 workers",
        arguments: landscapes.indices)
  func bitIdentical(_ k: Int) {
    let (label, f) = Self.landscapes[k]
    var index = 0
    Self.forEachMethod(f) { reference, observe in
      let name = Self.methods(f)[index].0
      index += 1
      // Every run is observed to its own last step.
      #expect(reference.enumerated().allSatisfy { $0.element.count / (1 + 3 * f.dimension + 2) >= Self.last($0.offset) + 1 })
      for (batchSize, workers) in [(1, 1), (7, 1), (64, 1), (1, 2), (7, 2), (64, 2)] {
        let records = observe(batchSize, workers, nil)
        let differing = records.indices.filter { records[$0] != reference[$0] }
        #expect(records.count == reference.count && differing.isEmpty,
                "\(label), \(name), batch \(batchSize), \(workers) workers: runs \(differing) differ")
      }
    }
  }

  @Test("mutants: the observer shown x_{t+1} as x_t, or a step taken unseen, differ from the scalar loop")
  func mutants() {
    let f = Self.landscapes[0].1
    Self.forEachMethod(f) { reference, observe in
      for fault in [ObservationFault.nextAsCurrent, .skippedStep] {
        #expect(observe(7, 1, fault) != reference, "\(fault)")
      }
    }
  }
}
