import LinearAlgebra
import Randomness
public import Landscapes
public import Dynamics
public import PropertyTesting
import Foundation

/// The claim battery: every implemented check of CLAIMS.md parts A–C (and
/// the projected-GD refutation of part E) on the default landscapes and
/// methods, as one library call shared by the main job and the tests —
/// and ``check(policy:name:profile:seed:progress:)`` for a user's own policy.
public struct Battery: Sendable {
  /// The profile: Monte Carlo starts and trajectory counts scale with it.
  public var profile: Profile
  /// Overrides the profile's Monte Carlo starts when set.
  public var startsOverride: Int?
  /// Overrides the avoidance runs' starting horizon (default ``rules``' 5000; runs
  /// still moving are extended up to 16× it) when set.
  public var horizonOverride: Int?

  public init(profile: Profile = .ci, startsOverride: Int? = nil, horizonOverride: Int? = nil) {
    self.profile = profile
    self.startsOverride = startsOverride
    self.horizonOverride = horizonOverride
  }

  /// Monte Carlo starts per landscape.
  public var starts: Int { startsOverride ?? profile.monteCarloStarts }
  /// Starts for a method the batched engine steps lane by lane (full-matrix
  /// AdaGrad, proximal point, coordinate descent, a user's policy) and for
  /// the projected-GD refutation: at most ``scalarStartsCap``.
  public var scalarStarts: Int { Swift.min(starts, Self.scalarStartsCap) }
  /// The cap on ``scalarStarts`` (P(hit) ≤ 1.5e-4 at α = 0.05).
  public static let scalarStartsCap = 20_000
  /// The cap on the momentum methods' Monte Carlo starts: they are stepped lane by lane and have no
  /// descent certificate, so each run goes on to a planted minimum (P(hit) ≤ 1.5e-3 at α = 0.05).
  public static let momentumStartsCap = 2000
  /// Trajectories for the exact-inequality checks.
  var trajectories: Int { Swift.max(4, scalarStarts / 100) }

  /// A landscape of the battery, with its label and planted strict saddle at the origin.
  public struct Instance: Sendable {
    public var label: String
    public var landscape: Landscape
    public var saddle: PlantedCriticalPoint
  }

  /// The default landscapes: a curved index-1 saddle, an index-2 confined
  /// quadratic, an index-2 double well in d = 10, and d = 50 for Monte Carlo —
  /// and d = 200 in the `exhaustive` profile.
  /// Instances that cannot be generated (a family renamed or narrowed: a bug of ours) are left
  /// out; ``run(seed:progress:)`` reports each as a failing row rather than crashing.
  public static func instances(seed: UInt64, profile: Profile = .deep) -> [Instance] {
    (instanceSpecifications + (profile == .exhaustive ? [("rotated-double-well", 200, 1)] : []))
      .compactMap { try? instance($0.0, dimension: $0.1, index: $0.2, seed: seed) }
  }

  /// The default landscapes' (family, d, k).
  static let instanceSpecifications: [(String, Int, Int)] = [("coupled-double-well", 3, 1), ("confined-quadratic", 5, 2),
      ("rotated-double-well", 10, 2), ("rotated-double-well", 50, 1)]

  /// One battery instance: family `name` in dimension d with index k, its planted saddle at the origin.
  /// - Throws: ``BatteryError`` when the family is unknown, rejects (d, k), or plants no saddle at the origin.
  public static func instance(_ name: String, dimension d: Int, index k: Int, seed: UInt64) throws(BatteryError) -> Instance {
    let f = try generate(name, dimension: d, index: k, seed: Seed.derive(seed, label: "\(name)/\(d)/\(k)"))
    guard let saddle = f.criticalPoints.first(where: { $0.location.maximumMagnitude == 0 }) else {
      throw BatteryError(description: "\(name)(d=\(d),k=\(k)) plants no critical point at the origin")
    }
    return Instance(label: "\(name)(d=\(d),k=\(k))", landscape: f, saddle: saddle)
  }

  /// Family `name` at (d, k) from `seed`, or a ``BatteryError`` naming what failed.
  static func generate(_ name: String, dimension d: Int, index k: Int?, seed: UInt64) throws(BatteryError) -> Landscape {
    guard let family = LandscapeFamily.named(name) else { throw BatteryError(description: "no landscape family '\(name)'") }
    do {
      return try family.generate(dimension: d, index: k, seed: seed)
    } catch {
      throw BatteryError(description: "\(name)(d=\(d),k=\(k.map(String.init) ?? "default")): \(error)")
    }
  }

  /// The avoidance rules: 5000 steps (extended up to 16× for runs still moving);
  /// at a point means within 1e-6 with ‖∇f‖ ≤ 1e-8; beyond ‖x‖ = 1e6 a run has
  /// diverged. Pinned by `CheckerTests/ClassificationRuleTests`.
  public static let rules = Classification(horizon: 5000, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6)

  /// Restricts the run to these claim IDs when set (``Claim/id``): a work item runs when it
  /// computes a row of one of them, and only their rows are kept.
  public var claims: Set<String>?

  /// Runs the battery; `progress` receives one line per check (for stderr).
  public func run(seed: UInt64, progress: @escaping @Sendable (String) -> Void = { _ in }) -> [CheckResult] {
    var log = ResultLog(seed: seed, progress: progress)
    log.claims = claims
    execute(seed: seed, into: &log)
    return log.results
  }

  /// Runs shard `shard` of the battery: every Monte Carlo avoidance row on this shard's starts
  /// (i mod N = K − 1), every other work item j with j mod N = K − 1 whole (``Shard``).
  /// ``ShardMerge`` pools the N documents into the bytes of the unsharded `--json` run.
  public func runShard(_ shard: Shard, seed: UInt64, progress: @escaping @Sendable (String) -> Void = { _ in }) -> ShardDocument {
    var log = ResultLog(seed: seed, progress: progress)
    log.claims = claims
    log.shard = shard
    execute(seed: seed, into: &log)
    return ShardDocument(shard: shard, seed: seed, profile: profile, starts: starts, horizon: horizonOverride,
                         claims: claims.map { $0.sorted() }, items: log.items, rows: log.shardRows)
  }

  /// The battery as a sequence of work items, into `log` (which skips, shards or runs them).
  func execute(seed: UInt64, into log: inout ResultLog) {
    /// An instance of ours that cannot be generated becomes a failing row, never a crash.
    func missing(_ make: () throws(BatteryError) -> Landscape, _ label: String) -> Landscape? {
      do { return try make() } catch {
        log.add(CheckResult(claim: "battery", method: "-", landscape: label, verdict: .fails,
                            data: .finding("the instance could not be generated: \(error)")))
        return nil
      }
    }
    let all = Self.instances(seed: seed, profile: profile)
    for (name, d, k) in Self.instanceSpecifications {
      do { _ = try Self.instance(name, dimension: d, index: k, seed: seed) } catch {
        log.add(CheckResult(claim: "battery", method: "-", landscape: "\(name)(d=\(d),k=\(k))", verdict: .fails,
                            data: .finding("the instance could not be generated: \(error)")))
      }
    }
    let small = Array(all.prefix(3))
    let (n, scalarStarts, profile) = (starts, self.scalarStarts, self.profile)

    // A. Landscapes: every family at d = 2, 3, 10 where it applies.
    for family in LandscapeFamily.all {
      for d in [2, 3, 10] {
        guard let f = try? family.generate(dimension: d, seed: Seed.derive(seed, label: "\(family.name)/\(d)")) else { continue }
        let label = "\(family.name)(d=\(d))"
        log.item(.lipschitzCertificate) {
          let lip = LipschitzCertificateCheck().run(f.objective, seed: seed)
          return CheckResult(claim: Claim.lipschitzCertificate.id, method: "-", landscape: label, verdict: lip.verdict,
                             data: .lipschitzCertificate(lip.evidence))
        }
        log.item(.plantedCriticalPoints) {
          let planted = PlantedCriticalPointsCheck().run(f.objective, seed: seed)
          return CheckResult(claim: Claim.plantedCriticalPoints.id, method: "-", landscape: label, verdict: planted.verdict,
                             data: .plantedCriticalPoints(planted.evidence))
        }
      }
    }

    // Methods on a landscape.
    func adaGrad(_ v: (AdaGrad.Geometry, Bool), _ i: Instance) -> PolicyDescent<AdaGrad> {
      PolicyDescent(adaGrad: v.0, includesCurrentGradient: v.1, delta0: 2 * i.landscape.lipschitzConstant, dimension: i.landscape.dimension)
    }
    let variants = AdaGrad.Geometry.allCases.flatMap { g in [(g, true), (g, false)] }
    let trajectories = self.trajectories

    for i in small {
      let f = i.landscape.objective
      let l = i.landscape.lipschitzConstant
      let gd = GradientDescent(stepSize: 0.9 / l)
      // A. The linearization.
      log.item(.unstableFixedPoint, UnstableFixedPointCheck.run(gd, on: i.landscape, saddle: i.saddle, label: i.label))
      log.item(.unstableFixedPoint, UnstableFixedPointCheck.run(PolicyDescent(VanishingStep(c: 0.9 / l, a: 0.5)), on: i.landscape,
          saddle: i.saddle, label: i.label))
      for v in variants {
        log.item(.unstableFixedPoint, UnstableFixedPointCheck.run(adaGrad(v, i), on: i.landscape, saddle: i.saddle, label: i.label))
      }
      log.item(.inertia, InertiaCheck.run(f, saddle: i.saddle, stepMatrix: (0.9 / l) * Matrix.identity(f.dimension), method: gd.name,
          label: i.label))
      log.item(.inertia) {
        var warm = adaGrad((.full, true), i)
        var x = i.saddle.location + 0.3 * Vector(basis: 0, dimension: f.dimension)
        for _ in 0..<20 { x = warm.step(from: x, on: i.landscape) }
        return InertiaCheck.run(f, saddle: i.saddle,
            stepMatrix: warm.policy.stepMatrix(for: i.landscape.gradient(at: x)), method: warm.name,
            label: i.label)
      }
      let near = i.saddle.location + 1e-3 * Vector((0..<f.dimension).map { Double($0 + 1) }).normalized()
      log.item(.variationOfConstants, VariationOfConstantsCheck.run(gd, on: i.landscape, saddle: i.saddle, start: near, steps: 40,
          label: i.label))
      log.item(.variationOfConstants, VariationOfConstantsCheck.run(adaGrad((.full, true), i), on: i.landscape, saddle: i.saddle,
          start: near, steps: 40, label: i.label))
      // B. Constant steps.
      log.item(.gdDescent, GradientDescentDescentCheck.run(i.landscape, alpha: 0.9 / l, starts: trajectories, steps: 500, seed: seed,
          label: i.label))
      log.item(.gdDiffeomorphism, GradientDescentDiffeomorphismCheck.run(i.landscape, alpha: 0.9 / l, samples: trajectories * 4,
          seed: seed, label: i.label))
      // C. AdaGrad's exact inequalities, limit and maps.
      for v in variants {
        log.item(.adagradDescent, AdaGradDescentCheck.run(i.landscape, geometry: v.0, includesCurrentGradient: v.1, delta0: 2 * l,
            starts: trajectories, steps: 500, seed: seed, label: i.label))
        log.item(.adagradDiffeomorphism, AdaGradDiffeomorphismCheck.run(i.landscape, geometry: v.0, includesCurrentGradient: v.1,
            delta0: 2 * l, samples: trajectories * 2, seed: seed, label: i.label))
      }
    }
    for v in variants {
      let i = small[0]
      let delta0 = 2 * i.landscape.lipschitzConstant
      log.item(.adagradPositiveDefiniteLimit, PositiveDefiniteLimitCheck.run(adaGrad(v, i), on: i.landscape, starts: trajectories,
          steps: 1500, seed: seed, label: i.label,
          bracket: PositiveDefiniteLimitCheck.adaGradBracket(delta0: delta0, lowerBound: i.landscape.lowerBound)))
      log.item(.adagradEtaLipschitzSmall) {
        let axis = EtaLipschitzCheck.axisAlignedLandscape(dimension: 3, seed: seed)
        let m = PolicyDescent(adaGrad: v.0, includesCurrentGradient: v.1, delta0: 2 * axis.lipschitzConstant, dimension: 3)
        let (row, table) = EtaLipschitzCheck.run(m, on: axis, saddle: axis.origin, start: [0, 0.4, -0.3],
            seed: seed, label: "axis-aligned double well(d=3,k=1)")
        var detailed = row
        detailed.details = "ε̂(r, t) for \(m.name) (sampled ratio, ≤ analytic bound):\n" + table.rendered
        return detailed
      }
    }
    // B. The stable set, geometrically, and Perko's ODE.
    for (name, d, k) in [("coupled-double-well", 3, 1), ("coupled-double-well", 4, 2)] {
      log.item(.stableSetStructure) {
        let label = "\(name)(d=\(d),k=\(k))"
        // An instance of ours that cannot be generated is a failing row, never a crash.
        guard let f = try? Self.generate(name, dimension: d, index: k, seed: Seed.derive(seed, label: "stable/\(d)")),
              let saddle = f.criticalPoints.first(where: { $0.location.maximumMagnitude == 0 }) else {
          return CheckResult(claim: Claim.stableSetStructure.id, method: "-", landscape: label, verdict: .fails,
                             data: .finding("the instance could not be generated"))
        }
        return StableSetCheck.run(f, saddle: saddle, alpha: 0.5 / f.lipschitzConstant, seed: seed, label: label)
      }
    }
    log.item(.lyapunovPerron, LyapunovPerronODECheck.run())

    // B, C. Avoidance by Monte Carlo: GD, vanishing steps, AdaGrad.
    func avoidance<M: FirstOrderMethod>(_ claim: Claim, _ m: M, _ i: Instance, monotone: Bool,
        horizon: Int = 5000, confirm: Int = 50, note: String? = nil) {
      var rules = Self.rules
      rules.horizon = horizonOverride.map { Swift.max(1, $0) * horizon / 5000 } ?? horizon
      let rowStarts = BatchedTrajectory.hasBatchedKernel(m) ? n : scalarStarts
      var check = SaddleAvoidanceCheck(claim: claim, starts: rowStarts, radius: 0.5, rules: rules, certifyEscapeByDescent: monotone)
      check.confirmedStarts = confirm
      log.avoidance(claim, check, methodForStart: { _ in m }, method: m.name, landscape: i.label, on: i.landscape, saddle: i.saddle,
                    seed: Seed.derive(seed, label: "\(claim.id)/\(m.name)/\(i.label)"), note: note)
    }
    for i in all {
      avoidance(.gdAvoidsStrictSaddles, GradientDescent(stepSize: 0.9 / i.landscape.lipschitzConstant), i, monotone: true)
    }
    for i in small {
      // Vanishing steps reach minima slowly; escape is certified by the value floor (CLAIMS.md:
      // classify by escape, not by "not yet at the saddle"), without waiting for the minima.
      avoidance(.vanishingAvoids, PolicyDescent(VanishingStep(c: 0.9 / i.landscape.lipschitzConstant,
          a: 0.5)), i, monotone: true, horizon: 20_000, confirm: 0,
                note: "[MB26] disputes earlier proofs for vanishing steps; the claim is still believed true")
      for v in variants { avoidance(.adagradAvoids, adaGrad(v, i), i, monotone: true) }
    }
    // a = 1: Σα_t still diverges, but only logarithmically, so escape is polynomial
    // (the unstable coordinate grows like t^{c|λ|}); classified by escape below f(x*).
    if let i = small.first {
      avoidance(.vanishingAvoids, PolicyDescent(VanishingStep(c: 0.9 / i.landscape.lipschitzConstant, a: 1)),
          i, monotone: true, horizon: 20_000, confirm: 0,
                note: "a = 1: polynomial escape; [MB26] disputes earlier proofs for vanishing steps")
    }

    // D. The other first-order methods.
    Self.otherMethods(starts: n, seed: seed, into: &log)
    // D. Momentum (beyond the talk: [OW19], [SLQ+19]), one work item.
    let momentumHorizon = self.horizonOverride
    log.items([.unstableFixedPoint, .momentumDiffeomorphism, .momentumAvoids]) {
      Self.momentumMethods(starts: n, horizon: momentumHorizon, seed: seed)
    }

    // E. The known limitation: projected GD, refuted with positive probability.
    // Each refutation: the property's case 0 for this run, which must come out refuted.
    let configuration = RunConfiguration(seed: seed, profile: profile)
    func caseZero<P: Property>(_ p: P) -> P.Case {
      p.generate(seed: configuration.caseSeed(claim: p.claim, index: 0), index: 0, configuration: configuration)
    }
    // Each refutation row: the property's measurement as data, the verdict from its outcome on that data.
    func refutation(_ claim: String, _ outcome: PropertyOutcome, method: String, landscape: String,
                    data: CheckEvidence) -> CheckResult {
      let (verdict, _) = outcome.verdictAndEvidence
      return CheckResult(claim: claim, method: method, landscape: landscape, verdict: verdict, data: data, expected: .fails)
    }
    log.item(.projectedGDCanConverge) {
      let p = ProjectedGDAttractionProperty()
      var c = caseZero(p)
      c.starts = scalarStarts
      let e = p.measure(c)
      return refutation(p.claim, e.map(p.outcome) ?? .inconclusive(reason: "invalid case"), method: "projected-gd(alpha=0.1)",
                        landscape: "half-plane-saddle(c=0.5)", data: e.map { .attraction($0) } ?? .finding("invalid case"))
    }
    // E. The other limits: degenerate saddles, steps beyond the bound, and the open question.
    log.item(.strictnessIsNeeded) {
      let p = StrictnessProperty()
      var c = caseZero(p)
      c.starts = Swift.min(c.starts, n)
      let e = p.measure(c)
      return refutation(p.claim, e.map(p.outcome) ?? .inconclusive(reason: "invalid case"), method: "gd(alpha=0.9/L)",
                        landscape: "degenerate-saddle(d=3)", data: e.map { .attraction($0) } ?? .finding("invalid case"))
    }
    for (name, method) in [("gd", "gd(alpha=1.5/L)"), ("adagrad-norm", "adagrad-norm(delta0=L/4,current)")] {
      log.item(.stepBoundIsNeeded) {
        let p = StepBoundProperty(method: name)
        let e = p.measure(caseZero(p))
        return refutation(p.claim, e.map(p.outcome) ?? .inconclusive(reason: "unknown method \(name)"), method: method,
                          landscape: "rotated-double-well(d=3,k=1)",
                          data: e.map { .stepBound($0) } ?? .finding("unknown method \(name)"))
      }
    }
    log.item(.projectedGDTwoRepellingDirections) {
      let repelling = RepellingDirectionsExperiment.run(
        instances: profile == .quick ? 4 : (profile == .ci ? 10 : 20),
            startsPerInstance: profile == .quick ? 50 : (profile == .ci ? 100 : 200), seed: seed)
      return RepellingDirectionsExperiment.result(repelling, seed: seed)
    }

    // F. The network/PDE section: the derivative formulas, and GD's exact claims on the PDE-residual loss.
    if let network = missing({ () throws(BatteryError) in
      try Self.generate("pde-residual-network", dimension: 10, index: 2, seed: Seed.derive(seed, label: "network")) },
                             "pde-residual-network(m=2,p=4)") {
    if case .pdeResidualNetwork(let net) = network {
      log.item(.networkPDEDerivative, NetworkDerivativeCheck.run(net, points: 20, seed: seed, label: "pde-residual-network(m=2,p=4)"))
    }
    log.item(.gdDescent, GradientDescentDescentCheck.run(network, alpha: 0.9 / network.lipschitzConstant, starts: trajectories,
        steps: 500, seed: seed, label: "pde-residual-network(m=2,p=4)"))
    log.item(.gdDiffeomorphism, GradientDescentDiffeomorphismCheck.run(network, alpha: 0.9 / network.lipschitzConstant,
        samples: trajectories * 2, seed: seed, label: "pde-residual-network(m=2,p=4)"))
    }

    // B, C. AdaGrad's stable set on landscapes without an invariant subspace (issue 14).
    log.items([.stableSetStructure, .adagradEtaLipschitzSmall]) { Self.adaptiveStableSets(profile: profile, seed: seed) }
    log.items([.gdDiffeomorphism, .adagradDiffeomorphism, .stepBoundIsNeeded]) { Self.hypothesisSweep(profile: profile, seed: seed) }
    log.item(.gdAvoidsStrictSaddles, Self.slowEscape(profile: profile, seed: seed))
  }

  /// SGD's runs that end (not stationary) farther than this from the saddle count as away from it.
  public static let noisyAwayDistance = 1e-2
  /// Multiplicative weights' runs that end farther than this from the interior saddle count as away.
  public static let simplexAwayDistance = 1e-3

  /// CLAIMS.md part D: SGD, multiplicative weights, Riemannian GD, proximal
  /// point and coordinate descent — each an unstable fixed point at the
  /// strict saddle (except SGD, whose map is not a fixed-point map) and
  /// avoiding it from `starts` absolutely continuous starts. SGD, MWU and
  /// Riemannian GD have no descent certificate and run every start to the
  /// horizon, so their starts are capped at 500 (P(hit) ≤ 6e-3 each).
  public static func otherMethods(starts n: Int, seed: UInt64, progress: @escaping @Sendable (String) -> Void = { _ in }) -> [CheckResult] {
    var log = ResultLog(seed: seed, progress: progress)
    otherMethods(starts: n, seed: seed, into: &log)
    return log.results
  }

  /// ``otherMethods(starts:seed:progress:)`` as work items of `log`.
  static func otherMethods(starts n: Int, seed: UInt64, into log: inout ResultLog) {
    func missing(_ make: () throws(BatteryError) -> Landscape, _ label: String) -> Landscape? {
      do { return try make() } catch {
        log.add(CheckResult(claim: "battery", method: "-", landscape: label, verdict: .fails,
                            data: .finding("the instance could not be generated: \(error)")))
        return nil
      }
    }
    func avoidance<M: FirstOrderMethod>(_ claim: Claim, _ make: @escaping @Sendable (Int) -> M,
        _ label: String, _ f: Landscape, _ saddle: PlantedCriticalPoint,
                                        configure: (inout SaddleAvoidanceCheck) -> Void) {
      var check = SaddleAvoidanceCheck(claim: claim, starts: n, radius: 0.5, rules: rules)
      configure(&check)
      if !BatchedTrajectory.hasBatchedKernel(make(0)) { check.starts = Swift.min(check.starts, scalarStartsCap) }
      if !check.certifyEscapeByDescent { check.starts = Swift.min(check.starts, 500) }
      log.avoidance(claim, check, methodForStart: make, method: make(0).name, landscape: label, on: f, saddle: saddle,
                    seed: Seed.derive(seed, label: "\(claim.id)/\(label)"))
    }
    let small = Array(instances(seed: seed).prefix(3))
    // SGD: noise escapes, even from the saddle itself.
    for i in small.prefix(2) {
      let l = i.landscape.lipschitzConstant
      avoidance(.sgdNoiseEscapes, { k in StochasticGradientDescent(c: 0.5 / l, a: 0.75, sigma: 0.1,
          seed: Seed.derive(seed, UInt64(k))) }, i.label, i.landscape, i.saddle) {
        $0.includeSaddleStart = true
        $0.awayDistance = noisyAwayDistance
        $0.rules.horizon = 20_000
      }
    }
    // Multiplicative weights on the simplex, Dirichlet(1) starts.
    for (d, k) in [(4, 1), (5, 2)] {
      guard let f = missing({ () throws(BatteryError) in
        try generate("simplex-quadratic", dimension: d, index: k, seed: Seed.derive(seed, label: "mwu/\(d)")) },
                            "simplex-quadratic(d=\(d),k=\(k))"), let p = f.criticalPoints.first else { continue }
      let label = "simplex-quadratic(d=\(d),k=\(k))"
      let mwu = MultiplicativeWeights(c: 0.5 / f.lipschitzConstant)
      log.item(.unstableFixedPoint, UnstableFixedPointCheck.run(mwu, on: f, saddle: p, label: label))
      avoidance(.mirrorDescentAvoids, { _ in mwu }, label, f, p) {
        $0.dirichletStarts = true
        $0.awayDistance = simplexAwayDistance
      }
    }
    // Riemannian GD on the sphere, at an intermediate eigenvector (a strict saddle of index 2).
    if let f = missing({ () throws(BatteryError) in
      try generate("rayleigh-quotient", dimension: 5, index: nil, seed: Seed.derive(seed, label: "sphere")) }, "rayleigh-quotient(d=5)"),
       let saddle = f.criticalPoints.first(where: { $0.index == 2 }) {
      let label = "rayleigh-quotient(d=5), saddle of index 2"
      let rgd = RiemannianGradientDescent(c: 0.5 / f.lipschitzConstant)
      log.item(.unstableFixedPoint, UnstableFixedPointCheck.run(rgd, on: f, saddle: saddle, label: label))
      avoidance(.riemannianAvoids, { _ in rgd }, label, f, saddle) { $0.rules.horizon = 20_000 }
    }
    // Proximal point and coordinate descent, α < 1/L: both never increase f.
    for i in small {
      let l = i.landscape.lipschitzConstant
      let prox = ProximalPoint(alpha: 0.9 / l)
      log.item(.unstableFixedPoint, UnstableFixedPointCheck.run(prox, on: i.landscape, saddle: i.saddle, label: i.label))
      avoidance(.proximalAvoids, { _ in prox }, i.label, i.landscape,
          i.saddle) { $0.certifyEscapeByDescent = true; $0.confirmedStarts = 10 }
      let cd = CoordinateDescent(alpha: 0.9 / l)
      log.item(.unstableFixedPoint, UnstableFixedPointCheck.run(cd, on: i.landscape, saddle: i.saddle, label: i.label))
      avoidance(.coordinateDescentAvoids, { _ in cd }, i.label, i.landscape, i.saddle) { $0.certifyEscapeByDescent = true }
    }
  }

  /// Momentum (beyond the talk: [OW19], [SLQ+19]): heavy ball (α = 0.1/L, β = 0.9) and Nesterov
  /// (α = 0.5/L, β = 0.9) through the extended-map claims (`saddle.unstable-fixed-point` of G,
  /// `momentum.diffeomorphism`, `momentum.avoids-strict-saddles` over extended starts) at the
  /// confined quadratic's index-2 saddle (d = 5), whose planted minima end runs early (momentum has
  /// no descent certificate); at most ``momentumStartsCap`` starts.
  public static func momentumMethods(starts n: Int, horizon: Int? = nil, seed: UInt64) -> [CheckResult] {
    guard let i = try? instance("confined-quadratic", dimension: 5, index: 2, seed: seed),
          let k = i.landscape.criticalPoints.firstIndex(of: i.saddle) else {
      return [CheckResult(claim: Claim.momentumAvoids.id, method: "-", landscape: "confined-quadratic(d=5,k=2)", verdict: .fails,
                          data: .finding("the instance could not be generated"))]
    }
    let l = i.landscape.lipschitzConstant
    var rows: [CheckResult] = []
    func momentum<M: ExtendedStateMethod>(_ m: M) {
      var r = rules
      r.horizon = horizon.map { Swift.max(1, $0) } ?? r.horizon
      _ = ExtendedStateClaims.run(i.landscape, label: i.label, method: m, points: [k],
          hypotheses: Hypotheses.measure(m, on: i.landscape, points: [k]), starts: Swift.min(n, momentumStartsCap),
          rules: r, radius: 0.5, seed: Seed.derive(seed, label: "momentum/\(m.name)"), add: { row, coverage in
            var row = row
            row.coverage = coverage
            if row.seed == "-" { row.seed = Seed.hex(seed) }
            rows.append(row)
          })
    }
    momentum(HeavyBall(alpha: 0.1 / l, beta: 0.9))
    momentum(Nesterov(alpha: 0.5 / l, beta: 0.9))
    return rows
  }

  /// Every applicable claim on a user's step policy: `saddle.unstable-fixed-point`,
  /// `linearization.variation-of-constants`, `adagrad.pd-limit` (policy-agnostic
  /// form: Cauchy, positive-definite, bounded), the step maps' diffeomorphism
  /// evidence (under `adagrad.diffeomorphism`), and avoidance of strict saddles
  /// by Monte Carlo (under `adagrad.avoids-strict-saddles`, without assuming
  /// the policy decreases f), on the battery's three small landscapes.
  /// Rows that need the step bound ‖Γ_t‖·L < 1 are marked outside the
  /// hypotheses when the policy's stated Γ_t violates it (see ``Hypotheses``).
  /// - Parameters:
  ///   - starts: Monte Carlo avoidance starts per landscape (default: the profile's, at most
  ///     ``scalarStartsCap``; P(hit) ≤ 3/starts at 95 %);
  ///   - horizon: the avoidance runs' starting horizon (default 5000, extended up to 16×);
  ///   - limitSteps: `adagrad.pd-limit`'s first Cauchy horizon (default 1500, doubled up to 16×).
  public static func check<P: MatrixStepPolicy>(
    policy make: @escaping @Sendable (Landscape) -> P, name: String, profile: Profile = .quick, seed: UInt64,
    starts: Int? = nil, horizon: Int? = nil, limitSteps: Int? = nil,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) -> [CheckResult] {
    checkReport(policy: make, name: name, profile: profile, seed: seed, starts: starts, horizon: horizon,
        limitSteps: limitSteps, progress: progress).results
  }

  /// As ``check(policy:name:profile:seed:starts:horizon:limitSteps:progress:)``, with the
  /// hypotheses statement for each landscape.
  public static func checkReport<P: MatrixStepPolicy>(
    policy make: @escaping @Sendable (Landscape) -> P, name: String, profile: Profile = .quick, seed: UInt64,
    starts: Int? = nil, horizon: Int? = nil, limitSteps: Int? = nil,
    progress: @escaping @Sendable (String) -> Void = { _ in }
  ) -> CheckReport {
    let battery = Battery(profile: profile)
    var log = ResultLog(seed: seed, progress: progress, method: name)
    var statement: [String] = []
    func add(_ r: CheckResult, _ coverage: Coverage?) {
      var r = r
      r.coverage = coverage
      log.add(r)
    }
    for i in Array(instances(seed: seed).prefix(3)) {
      let method = PolicyDescent(make(i.landscape))
      let k = i.landscape.criticalPoints.firstIndex(of: i.saddle)
      let hypotheses = Hypotheses.measure(method, on: i.landscape, points: k.map { [$0] } ?? [])
      statement.append("\(i.label):")
      statement += hypotheses.lines
      let coverage = hypotheses.coverage(point: k)
      add(UnstableFixedPointCheck.run(method, on: i.landscape, saddle: i.saddle, label: i.label), coverage)
      let near = i.saddle.location + 1e-3 * Vector((0..<i.landscape.dimension).map { Double($0 + 1) }).normalized()
      add(VariationOfConstantsCheck.run(method, on: i.landscape, saddle: i.saddle, start: near, steps: 40, label: i.label), nil)
      add(PositiveDefiniteLimitCheck.run(method, on: i.landscape, starts: battery.trajectories,
          steps: limitSteps ?? 1500, seed: seed, label: i.label), coverage)
      add(StepMapDiffeomorphismCheck.run(method, on: i.landscape, samples: battery.trajectories * 2,
          seed: seed, label: i.label, claim: .adagradDiffeomorphism), coverage)
      var r = rules
      if let horizon { r.horizon = Swift.max(1, horizon) }
      let check = SaddleAvoidanceCheck(claim: .adagradAvoids, starts: Swift.max(1, starts ?? battery.scalarStarts),
                                       radius: 0.5, rules: r)
      let caseSeed = Seed.derive(seed, label: "user/\(name)/\(i.label)")
      let (verdict, evidence) = check.run(method, on: i.landscape, saddle: i.saddle, seed: caseSeed)
      add(.avoidance(claim: Claim.adagradAvoids.id, method: name, landscape: i.label, verdict: verdict,
          evidence: evidence, check: check, seed: caseSeed), coverage)
    }
    return CheckReport(hypotheses: statement, results: log.results)
  }
}

/// A battery instance that could not be built (an unknown family, a rejected dimension).
public struct BatteryError: Error, Sendable, CustomStringConvertible {
  public var description: String
}

extension Battery {
  /// A policy without a stated Γ_t (Adam, a user's momentum written as a ``StepPolicy``) on the
  /// battery's three small landscapes, through ``CustomBattery``: every claim that applies to it
  /// (for an ``ExtendedStatePolicy`` the extended map's), the rest listed in
  /// ``CheckReport/skipped`` with the reason. (A ``MatrixStepPolicy`` takes the overload above.)
  /// - Parameters:
  ///   - starts: Monte Carlo starts per landscape (default: the profile's);
  ///   - horizon: the avoidance runs' starting horizon (default 5000, extended up to 16×).
  public static func checkReport<P: StepPolicy>(
    policy make: @escaping @Sendable (Landscape) -> P, name: String, profile: Profile = .quick, seed: UInt64,
    starts: Int? = nil, horizon: Int? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }
  ) -> CheckReport {
    var report = CheckReport(hypotheses: [], results: [])
    for i in instances(seed: seed).prefix(3) {
      let r = CustomBattery(objectives: [BatteryObjective(i.landscape, label: i.label)],
                            methods: [BatteryMethod(PolicyDescent(make(i.landscape)))],
                            profile: profile, starts: starts, horizon: horizon).run(seed: seed, progress: progress)
      report.hypotheses += r.hypotheses
      report.results += r.results
      report.leftOut += r.leftOut
      report.skipped += r.skipped
    }
    return report
  }

  /// The rows of ``checkReport(policy:name:profile:seed:starts:horizon:progress:)``.
  public static func check<P: StepPolicy>(
    policy make: @escaping @Sendable (Landscape) -> P, name: String, profile: Profile = .quick, seed: UInt64,
    starts: Int? = nil, horizon: Int? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }
  ) -> [CheckResult] {
    checkReport(policy: make, name: name, profile: profile, seed: seed, starts: starts, horizon: horizon, progress: progress).results
  }
}

extension CheckResult {
  /// An avoidance row: the evidence as data (``AvoidanceEvidence``), its text rendered from the data.
  static func avoidance(
    claim: String, method: String, landscape: String, verdict: Verdict, evidence: SaddleAvoidanceCheck.Evidence,
    check: SaddleAvoidanceCheck, seed: UInt64, note: String? = nil
  ) -> CheckResult {
    CheckResult(claim: claim, method: method, landscape: landscape, verdict: verdict,
                data: .avoidance(AvoidanceEvidence(evidence, check: check, note: note)), seed: Seed.hex(seed))
  }
}

func short(_ x: Double) -> String { String(format: "%.3g", x) }

/// Collects a battery's results: fills in the run seed, reports progress — and cuts the
/// run into work items: the claim filter selects items, a shard computes only its own
/// items and its share of every Monte Carlo avoidance row (``Shard``).
struct ResultLog {
  var results: [CheckResult] = []
  let seed: UInt64
  let progress: @Sendable (String) -> Void
  /// When set, replaces every result's method name (a user policy's name).
  var method: String?
  /// When set, only items with a row of one of these claims run, and only those rows are kept.
  var claims: Set<String>?
  /// When set, the log runs this shard: ``shardRows`` instead of ``results``.
  var shard: Shard?
  /// The selected work items so far.
  private(set) var items = 0
  /// A shard's rows, each with its work item.
  private(set) var shardRows: [ShardRow] = []

  init(seed: UInt64, progress: @escaping @Sendable (String) -> Void, method: String? = nil) {
    self.seed = seed
    self.progress = progress
    self.method = method
  }

  /// Appends a finished row (the run seed filled in, the method name replaced when set).
  mutating func add(_ result: CheckResult) {
    results.append(finished(result))
    progress("\(results[results.count - 1].claim) · \(results[results.count - 1].method) · " +
        "\(results[results.count - 1].landscape): \(results[results.count - 1].verdict.rawValue)")
  }

  private func finished(_ result: CheckResult) -> CheckResult {
    var r = result
    if let method { r.method = method }
    if r.seed == "-" { r.seed = Seed.hex(seed) }
    return r
  }

  /// The index of the next work item when it is selected, counting it.
  private mutating func next(_ claims: [Claim]) -> Int? {
    if let selected = self.claims, !claims.contains(where: { selected.contains($0.id) }) { return nil }
    defer { items += 1 }
    return items
  }

  /// A work item computing one row of `claim`, run here unless filtered out or another shard's.
  mutating func item(_ claim: Claim, _ row: @autoclosure () -> CheckResult) {
    items([claim]) { [row()] }
  }

  /// As ``item(_:_:)-(Claim,CheckResult)`` with the row computed by a closure.
  mutating func item(_ claim: Claim, _ row: () -> CheckResult) {
    items([claim]) { [row()] }
  }

  /// A work item computing rows of `claims` together (one shard computes them all).
  mutating func items(_ claims: [Claim], _ rows: () -> [CheckResult]) {
    guard let j = next(claims) else { return }
    if let shard, !shard.owns(item: j) { return }
    for r in rows() where self.claims.map({ $0.contains(r.claim) }) ?? true {
      assert(claims.contains { $0.id == r.claim }, "item \(j) declared \(claims) but computed a row of \(r.claim)")
      if shard != nil {
        shardRows.append(ShardRow(item: j, result: finished(r)))
        progress("\(r.claim) · \(r.method) · \(r.landscape): \(r.verdict.rawValue) (item \(j))")
      } else {
        add(r)
      }
    }
  }

  /// A Monte Carlo avoidance row: the whole experiment, or in a shard this shard's starts.
  mutating func avoidance<M: FirstOrderMethod>(
    _ claim: Claim, _ check: SaddleAvoidanceCheck, methodForStart: @escaping @Sendable (Int) -> M, method name: String,
    landscape: String, on objective: Landscape, saddle: PlantedCriticalPoint, seed caseSeed: UInt64, note: String? = nil
  ) {
    guard let j = next([claim]) else { return }
    guard let shard else {
      let (verdict, evidence) = check.run(methodForStart: methodForStart, on: objective, saddle: saddle, seed: caseSeed)
      add(.avoidance(claim: claim.id, method: name, landscape: landscape, verdict: verdict, evidence: evidence, check: check,
                     seed: caseSeed, note: note))
      return
    }
    switch check.runShard(methodForStart: methodForStart, on: objective, saddle: saddle, seed: caseSeed, shard: shard) {
    case .whole(let verdict, let evidence):
      // No start runs (a point the theorem does not cover): every shard computes the same row; its owner keeps it.
      if shard.owns(item: j) {
        shardRows.append(ShardRow(item: j, result: finished(.avoidance(claim: claim.id, method: name, landscape: landscape,
            verdict: verdict, evidence: evidence, check: check, seed: caseSeed, note: note))))
      }
    case .share(let runs):
      shardRows.append(ShardRow(item: j, avoidance: AvoidanceShare(claim: claim.id, method: method ?? name, landscape: landscape,
                                                                 seed: Seed.hex(caseSeed), note: note, runs: runs)))
      progress("\(claim.id) · \(name) · \(landscape): \(runs.decided.runs + runs.undecided.count) of \(runs.starts) starts " +
          "(shard \(shard), item \(j))")
    }
  }
}

extension PropertyOutcome {
  /// The outcome as a battery verdict and its evidence text.
  var verdictAndEvidence: (Verdict, String) {
    switch self {
    case .fails(let f): (.fails, f.message)
    case .holds(let e): (.holds, e)
    case .inconclusive(let r): (.inconclusive, r)
    }
  }
}
