import Testing
import Foundation
import SaddleCheckCommand

/// `saddlecheck sweep`: bad arguments are usage errors (the sweep itself runs in the
/// CheckerTests at small size and in full from the command line).
@Suite struct SweepCommandTests {
  @Test("sweep: bad arguments exit 64 with a message and no output", arguments: [
    ["sweep", "--starts", "0"], ["sweep", "--starts", "many"], ["sweep", "--trajectories", "-1"], ["sweep", "--seed", "xyz"],
    ["sweep", "--profile", "quick"],
  ])
  func usageErrors(arguments: [String]) {
    let r = SaddleCheckCommandTests.run(arguments)
    #expect(r.status == SaddleCheckCommand.usageError)
    #expect(r.diagnostics.contains("error:") && r.output.isEmpty)
  }

  @Test("the help lists the sweep")
  func help() {
    #expect(SaddleCheckCommandTests.run(["--help"]).output.contains("saddlecheck sweep"))
  }
}
