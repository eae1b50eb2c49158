import Testing
import PropertyTesting
import Randomness

@Suite struct RunConfigurationTests {
  @Test("SADDLECHECK_SEED sets the run seed; absent, the fixed default is used")
  func seedFromEnvironment() throws {
    #expect(try RunConfiguration.fromEnvironment([:]).seed == RunConfiguration.defaultSeed)
    #expect(try RunConfiguration.fromEnvironment(["SADDLECHECK_SEED": "0x2a"]).seed == 42)
    #expect(try RunConfiguration.fromEnvironment(["SADDLECHECK_SEED": "42"]).seed == 42)
  }

  @Test("a malformed SADDLECHECK_SEED is a clear error")
  func malformedSeed() {
    #expect(throws: RunConfiguration.InvalidSetting.self) {
      try RunConfiguration.fromEnvironment(["SADDLECHECK_SEED": "forty-two"])
    }
  }
}
