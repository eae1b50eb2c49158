import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import ExamplePolicies
import PropertyTesting

@Suite struct BatteryTests {
  /// Avoidance starts per landscape for the user-policy tests: they check the library call's
  /// rows and verdicts, not the bound (P(hit) ≤ 3/40 here; the main job runs the profiles' starts).
  static let userPolicyStarts = 40

  /// On the run's profile (`SADDLECHECK_PROFILE`, quick by default) and seed.
  @Test("the battery on the run's profile: every row gives the verdict the theory predicts")
  func quickBattery() throws {
    let configuration = try RunConfiguration.fromEnvironment()
    print("battery: \(configuration.summary)")
    let environment = ProcessInfo.processInfo.environment
    if let text = environment["SADDLECHECK_SHARD"], !text.isEmpty {
      // One shard of a CI matrix or job array: its whole rows must be as predicted; the document
      // goes to $SADDLECHECK_SHARD_DIR (and is attached) for `saddlecheck merge` (README, "Sharding").
      let shard: Shard
      do {
        shard = try Shard(parsing: text)
      } catch {
        Issue.record("SADDLECHECK_SHARD \(error)")
        return
      }
      let document = Battery(profile: configuration.profile).runShard(shard, seed: configuration.seed)
      let unexpected = document.rows.compactMap(\.result).filter { !$0.isAsExpected }
      #expect(unexpected.isEmpty, "\(unexpected.map { "\($0.claim) · \($0.method) · \($0.landscape): \($0.evidence)" })")
      let data = try document.jsonData()
      let name = "battery-shard-\(shard.index)-of-\(shard.count).json"
      if let directory = environment["SADDLECHECK_SHARD_DIR"], !directory.isEmpty {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent(name), options: .atomic)
      }
      Attachment.record([UInt8](data), named: name)
      return
    }
    let results = Battery(profile: configuration.profile).run(seed: configuration.seed)
    let unexpected = results.filter { !$0.isAsExpected }
    #expect(unexpected.isEmpty, "\(unexpected.map { "\($0.claim) · \($0.method) · \($0.landscape): \($0.evidence)" })")
    // Every row carries typed evidence, and its text is the rendering of that data (also after a JSON round trip).
    let problems = results.compactMap { r in r.evidenceProblem.map { "\(r.claim) · \(r.method) · \(r.landscape): \($0)" } }
    #expect(problems.isEmpty, "\(problems)")
    // Every kind of evidence occurs but a note, which is only an early exit (an instance that could not
    // be generated, an invalid case); the momentum rows carry typed figures too.
    let kinds = Set(results.compactMap(\.data?.kind))
    #expect(kinds.subtracting(["note"]) == Set(CheckEvidence.kinds).subtracting(["note"]), "kinds seen: \(kinds.sorted())")
    let notes = results.filter { $0.data?.kind == "note" }
    let momentum = results.filter { ["heavy-ball", "nesterov"].contains(where: $0.method.hasPrefix) && $0.claim != "momentum.avoids-strict-saddles" }
    #expect(momentum.count >= 4 && momentum.allSatisfy { ["unstable-fixed-point", "diffeomorphism"].contains($0.data?.kind ?? "") },
            "momentum rows: \(momentum.map { "\($0.claim) · \($0.method): \($0.data?.kind ?? "no data")" })")
    #expect(notes.isEmpty, "early exits: \(notes.map { "\($0.claim) · \($0.method) · \($0.landscape): \($0.evidence)" })")
    let claims = Set(results.map(\.claim))
    for claim in ["landscape.lipschitz-certificate", "landscape.planted-critical-points", "saddle.unstable-fixed-point", "linearization.inertia",
                  "linearization.variation-of-constants", "gd.descent", "gd.diffeomorphism", "gd.avoids-strict-saddles", "stable-set.structure",
                  "ode.lyapunov-perron", "vanishing.avoids-strict-saddles", "adagrad.descent-and-summability", "adagrad.pd-limit",
                  "adagrad.eta-lipschitz-small", "adagrad.diffeomorphism", "adagrad.avoids-strict-saddles", "projected-gd.can-converge-to-saddle",
                  "sgd.noise-escapes", "mirror-descent.avoids-strict-saddles", "riemannian.avoids-strict-saddles",
                  "proximal.avoids-strict-saddles", "coordinate-descent.avoids-strict-saddles"] {
      #expect(claims.contains(claim), "the battery has no row for \(claim)")
    }
  }

  /// The README's example: a user's policy through the library call.
  @Test("the battery on a user policy: RMSProp's report")
  func rmsprop() {
    let results = Battery.check(policy: { RMSProp(eta: 0.01, dimension: $0.dimension) }, name: "rmsprop(eta=0.01)",
                                seed: RunConfiguration.defaultSeed, starts: Self.userPolicyStarts, limitSteps: 1500)
    for r in results { print("\(r.claim) | \(r.landscape) | \(r.verdict.rawValue) | \(r.evidence)") }
    #expect(results.count == 15)
    // A user policy's rows carry typed evidence too, their text rendered from it.
    #expect(results.allSatisfy { $0.evidenceProblem == nil }, "\(results.compactMap(\.evidenceProblem))")
    // RMSProp's Γ_t settles at the edge of stability: its limit exists and is positive definite,
    // but the fixed point's linearization and the saddle claims are reported as they come out.
    #expect(results.contains { $0.claim == "adagrad.pd-limit" })
  }

  @Test("the battery on AdaGrad as a user policy holds everywhere")
  func adaGradAsUserPolicy() {
    let results = Battery.check(policy: { AdaGrad(geometry: .diagonal, includesCurrentGradient: true, delta0: 2 * $0.lipschitzConstant, dimension: $0.dimension) },
                                name: "adagrad-diagonal", seed: 3, starts: Self.userPolicyStarts, limitSteps: 1500)
    #expect(results.allSatisfy { $0.verdict == .holds }, "\(results.filter { $0.verdict != .holds }.map { "\($0.claim) \($0.landscape): \($0.evidence)" })")
  }
}
