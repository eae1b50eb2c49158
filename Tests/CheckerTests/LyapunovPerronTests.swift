import Testing
import Checker

@Suite struct LyapunovPerronTests {
  @Test("ode.lyapunov-perron: successive approximation recovers x₃ = −x₁²/3 on Perko's example")
  func perko() {
    let r = LyapunovPerronODECheck.run()
    print(r.evidence)
    #expect(r.verdict == .holds, "\(r.evidence)")
  }

  @Test("the check fails with the wrong sign on the unstable integral")
  func wrongSign() {
    #expect(LyapunovPerronODECheck.run(unstableSign: 1).verdict == .fails)
  }
}
