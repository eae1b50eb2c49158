import Testing
import Foundation
import SaddleCheckCommand
import Checker

/// `check --instance FILE --method SPEC… --starts N --horizon N` (issue 12): several methods,
/// momentum among them, and refusals that name the option.
@Suite struct MomentumCommandTests {
  static let instance: String? = try? InstanceReportTests.document(["--family", "confined-quadratic", "--dim", "3", "--index", "1",
                                                                     "--seed", "2"])

  @Test("--method heavy-ball, nesterov, adam on an instance: rows per method, skipped claims with reasons, exit 0")
  func severalMethods() throws {
    let path = try #require(Self.instance)
    let r = SaddleCheckCommandTests.run(["check", "--instance", path, "--method", "heavy-ball", "--method", "nesterov:alpha=0.5/L,beta=0.8",
                                         "--method", "adam:eta=0.01", "--starts", "6", "--horizon", "400", "--seed", "3", "--verbose"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.output)\n\(r.diagnostics)")
    for text in ["heavy-ball(alpha=", "nesterov(alpha=", "adam(eta=0.01", "momentum.diffeomorphism", "momentum.avoids-strict-saddles",
                 "SKIPPED (claims that do not apply, and why):", "linearization.inertia — no step matrix",
                 "saddle.unstable-fixed-point — G_t is not one autonomous C¹ map", "β ∈ (0, 1)"] {
      #expect(r.output.contains(text), "missing '\(text)'")
    }
    #expect(!r.output.contains("UNEXPECTED"), "\(r.output)")
    // Certificates once for the instance, not once per method.
    #expect(r.output.components(separatedBy: "landscape.lipschitz-certificate").count - 1 <= 2)
  }

  @Test("--json of an instance run with --method lists the skipped claims with their reasons")
  func skippedClaimsInJSON() throws {
    let path = try #require(Self.instance)
    let r = SaddleCheckCommandTests.run(["check", "--instance", path, "--method", "adam:eta=0.01", "--starts", "4",
                                         "--horizon", "200", "--seed", "3", "--json"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.diagnostics)")
    let document = try ResultsDocument.decode(Data(r.output.utf8))
    let skipped = try #require(document.skipped)
    #expect(skipped.contains { $0.claim == "saddle.unstable-fixed-point" && $0.method.hasPrefix("adam(")
      && $0.reason.contains("not one autonomous C¹ map") }, "\(skipped)")
  }

  /// SGD's noisy map fixes no point: no unstable-fixed-point row (it used to fail, "x* is not fixed"),
  /// the claim skipped with the reason, and its avoidance rows filed under sgd.noise-escapes.
  @Test("--method sgd on an instance: unstable-fixed-point skipped, avoidance as sgd.noise-escapes, exit 0")
  func noisySGD() throws {
    let path = try #require(Self.instance)
    let r = SaddleCheckCommandTests.run(["check", "--instance", path, "--method", "sgd", "--starts", "6", "--horizon", "300",
                                         "--seed", "3", "--json"])
    #expect(r.status == SaddleCheckCommand.success, "\(r.diagnostics)")
    let document = try ResultsDocument.decode(Data(r.output.utf8))
    #expect(!document.results.contains { $0.claim == "saddle.unstable-fixed-point" })
    #expect(document.results.contains { $0.claim == "sgd.noise-escapes" })
    #expect(!document.results.contains { $0.claim == "gd.avoids-strict-saddles" })
    #expect(document.skipped?.contains { $0.claim == "saddle.unstable-fixed-point" && $0.reason.contains("fixes no point") } == true)
  }

  @Test("refusals name the option: a bad --method value, an unknown method, --method without --instance, --starts 0",
        arguments: [
          (["--method", "heavy-ball:beta=1"], "--method heavy-ball:beta=1"),
          (["--method", "heavy-ball:alpha=-1"], "alpha"),
          (["--method", "nesterov:gamma=2"], "--method nesterov:gamma=2"),
          (["--method", "newton"], "--method newton"),
          (["--method", "mwu"], "--method mwu"),
          (["--starts", "0"], "--starts"),
          (["--method"], "--method"),
        ])
  func refusals(extra: [String], named: String) throws {
    let path = try #require(Self.instance)
    let r = SaddleCheckCommandTests.run(["check", "--instance", path] + extra)
    #expect(r.status == SaddleCheckCommand.usageError, "\(extra): \(r.output)")
    #expect(r.output.isEmpty)
    #expect(r.diagnostics.contains(named), "\(extra): \(r.diagnostics)")
    let alone = SaddleCheckCommandTests.run(["check", "--method", "heavy-ball"])
    #expect(alone.status == SaddleCheckCommand.usageError && alone.diagnostics.contains("--method needs --instance"))
  }
}
