import Testing
import SaddleCheckCommand

/// Valid options in a wrong combination are named as such, not called unknown (and no usage dump).
@Suite struct OptionCombinationTests {
  @Test(arguments: [
    (["--function", "x^2", "--box", "-1,1", "--instance", "f.json"], "--instance cannot be combined with --function"),
    (["--function", "x^2", "--box", "-1,1", "--shard", "1/2"], "--shard cannot be combined with --function"),
    (["--function", "x^2", "--box", "-1,1", "--claims", "gd.descent"], "--claims cannot be combined with --function"),
    (["--expression", "e.json", "--verbose"], "--verbose cannot be combined with --expression"),
    (["--box", "-1,1"], "--box needs --function EXPR"),
    (["--instance", "f.json", "--variables", "x"], "--variables needs --function EXPR"),
  ])
  func wrongCombinationIsNamed(arguments: [String], message: String) {
    let r = SaddleCheckCommandTests.run(["check"] + arguments)
    #expect(r.status == SaddleCheckCommand.usageError && r.output.isEmpty)
    #expect(r.diagnostics.contains("error: \(message)"), "\(r.diagnostics)")
    #expect(!r.diagnostics.contains("unknown argument") && !r.diagnostics.contains("USAGE"), "\(r.diagnostics)")
  }
}
