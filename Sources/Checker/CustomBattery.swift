public import Landscapes
public import Dynamics
public import PropertyTesting
import Randomness

/// The claim battery on *your* objectives and methods: every objective × every method through
/// every claim that applies, as one call.
///
/// ```swift
/// let battery = CustomBattery(
///   objectives: [BatteryObjective(MyLoss(), label: "my loss")],
///   methods: [BatteryMethod { f in HeavyBall(alpha: 0.1 / f.lipschitzConstant, beta: 0.9) },
///             BatteryMethod(policy: { f in Adam(eta: 0.01, dimension: f.dimension) })],
///   starts: 100)
/// let report = battery.run(seed: 1)      // hypotheses, rows with coverage, skipped claims
/// ```
///
/// Per objective: `landscape.lipschitz-certificate` and `landscape.planted-critical-points`
/// once; per method: the hypotheses (step bound, or the conditions an ``ExtendedStateMethod``
/// states), then at every planted strict saddle (up to ``maximumSaddles``) the unstable-fixed-point
/// and avoidance claims — of the map x ↦ g_t(x) for a method of x alone, of the *extended* map
/// (x, s) for a method with an auxiliary state (heavy ball, Nesterov, Adam) — the diffeomorphism
/// claim that applies (GD's, or the extended map's), GD's descent, and a `not-covered` row at each
/// degenerate planted point that is not a minimum (``InstanceChecks``). Claims that do not apply
/// are listed in ``CheckReport/skipped`` with the reason.
///
/// A separate type from ``Battery`` because that one is the package's own fixed experiment (its
/// landscapes, refutations and sweeps), while this one is a function of its inputs.
public struct CustomBattery: Sendable {
  /// The objectives, each with a label for the rows.
  public var objectives: [BatteryObjective]
  /// The methods, each built per objective (so steps may depend on its L and dimension).
  public var methods: [BatteryMethod]
  /// The profile: Monte Carlo starts per saddle when ``starts`` is nil.
  public var profile: Profile
  /// Monte Carlo starts per saddle (≥ 1); nil: the profile's.
  public var starts: Int?
  /// Steps per avoidance run before the adaptive extension (up to 16×); nil: 5000.
  public var horizon: Int?
  /// Starts are drawn uniformly in the ball of this radius around each saddle.
  public var radius: Double
  /// Saddles beyond this many per objective get no rows; the report names them (``CheckReport/leftOut``).
  public var maximumSaddles: Int

  public init(objectives: [BatteryObjective], methods: [BatteryMethod], profile: Profile = .quick, starts: Int? = nil,
              horizon: Int? = nil, radius: Double = 0.5, maximumSaddles: Int = InstanceChecks.defaultMaximumSaddles) {
    self.objectives = objectives
    self.methods = methods
    self.profile = profile
    self.starts = starts
    self.horizon = horizon
    self.radius = radius
    self.maximumSaddles = maximumSaddles
  }

  /// Runs every objective × method. The seed of the rows for objective i and method j is derived
  /// from (`seed`, label, method name), so adding a method does not change the others' rows.
  /// Nothing here traps on a user's input: a setting out of range (starts or horizon below 1, a
  /// radius that is not positive and finite, a negative saddle cap) skips every claim naming it; an
  /// objective without a positive finite L, one whose
  /// shapes are wrong (``ObjectiveValidation``: a planted point, gradient or Hessian of the wrong
  /// dimension), or a method whose factory throws, becomes a ``SkippedClaim`` naming why.
  public func run(seed: UInt64, progress: @escaping @Sendable (String) -> Void = { _ in }) -> CheckReport {
    var report = CheckReport(hypotheses: [], results: [])
    // The battery's own settings: a bad one is named, and nothing runs (a silent clamp would report
    // rows for settings the user did not ask for).
    var problems: [String] = []
    if let s = starts, s < 1 { problems.append("starts must be at least 1, got \(s)") }
    if let h = horizon, h < 1 { problems.append("horizon must be at least 1, got \(h)") }
    if !(radius > 0 && radius.isFinite) { problems.append("radius must be positive and finite, got \(radius)") }
    if maximumSaddles < 0 { problems.append("maximumSaddles must be at least 0, got \(maximumSaddles)") }
    guard problems.isEmpty else {
      report.skipped.append(SkippedClaim(claim: "every claim", method: "-", landscape: "-",
                                         reason: "CustomBattery: " + problems.joined(separator: "; ")))
      return report
    }
    let n = Swift.max(1, starts ?? profile.monteCarloStarts)
    let steps = Swift.max(1, horizon ?? Battery.rules.horizon)
    if objectives.isEmpty || methods.isEmpty {
      report.skipped.append(SkippedClaim(claim: "every claim", method: "-", landscape: "-",
                                         reason: "no \(objectives.isEmpty ? "objectives" : "methods") were given"))
    }
    for objective in objectives {
      func open<F: Objective>(_ f: F) {
        let l = f.lipschitzConstant
        guard l > 0, l.isFinite else {
          report.skipped.append(SkippedClaim(claim: "every claim", method: "-", landscape: objective.label,
              reason: "L = \(l) is not a positive finite constant: no step bound can be stated"))
          return
        }
        if let problem = ObjectiveValidation.problem(f) {
          report.skipped.append(SkippedClaim(claim: "every claim", method: "-", landscape: objective.label,
              reason: "the objective is malformed: \(problem)"))
          return
        }
        for (j, method) in methods.enumerated() {
          let built: any FirstOrderMethod
          do {
            built = try method.make(f)
          } catch {
            report.skipped.append(SkippedClaim(claim: "every claim", method: method.label, landscape: objective.label,
                                               reason: "the method could not be built: \(error)"))
            continue
          }
          func run<M: FirstOrderMethod>(_ m: M) -> CheckReport {
            InstanceChecks.report(f, label: objective.label, method: m, starts: n, horizon: steps, maximumSaddles: maximumSaddles,
                                  radius: radius, includeCertificates: j == 0,
                                  seed: Seed.derive(seed, label: "\(objective.label)/\(m.name)"), progress: progress)
          }
          let r = run(built)
          report.hypotheses.append("\(objective.label) · \(built.name):")
          report.hypotheses += r.hypotheses.map { "  " + $0 }
          report.results += r.results
          report.leftOut += r.leftOut.filter { !report.leftOut.contains($0) }
          report.skipped += r.skipped
        }
      }
      open(objective.objective)
    }
    return report
  }
}

/// An objective of the user's for ``CustomBattery``, with its label.
public struct BatteryObjective: Sendable {
  /// The label in the rows, e.g. "my loss".
  public var label: String
  /// The objective.
  public var objective: any Objective

  public init<F: Objective>(_ objective: F, label: String) {
    self.objective = objective
    self.label = label
  }
}

/// A method for ``CustomBattery``: built once per objective from it (its L, its dimension).
public struct BatteryMethod: Sendable {
  /// A label for messages about the factory (the rows use the built method's own name).
  public var label: String
  let make: @Sendable (any Objective) throws -> any FirstOrderMethod

  /// A method built from each objective; a thrown error skips its claims with the message.
  public init<M: FirstOrderMethod>(_ label: String = "\(M.self)", _ make: @escaping @Sendable (any Objective) throws -> M) {
    self.label = label
    self.make = { try make($0) }
  }

  /// A step policy built from each objective, run as ``PolicyDescent`` (an ``ExtendedStatePolicy``
  /// such as Adam gets the extended-map claims).
  public init<P: StepPolicy>(_ label: String = "\(P.self)", policy make: @escaping @Sendable (any Objective) throws -> P) {
    self.label = label
    self.make = { PolicyDescent(try make($0)) }
  }

  /// The same method on every objective.
  public init<M: FirstOrderMethod>(_ method: M) {
    self.label = method.name
    self.make = { _ in method }
  }
}
