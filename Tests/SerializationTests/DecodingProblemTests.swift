import Testing
import Foundation
import Serialization

@Suite struct DecodingProblemTests {
  struct Inner: Decodable { var values: [Double] }
  struct Outer: Decodable { var name: String; var inner: [Inner] }

  static func problem(_ text: String) -> DecodingProblem? {
    let data = Data(text.utf8)
    do {
      _ = try JSONDecoder().decode(Outer.self, from: data)
      return nil
    } catch {
      return DecodingProblem(error, data: data)
    }
  }

  @Test("field paths name keys and indices")
  func paths() {
    let p = Self.problem(#"{"name": "a", "inner": [{"values": [1]}, {"values": [1, "x"]}]}"#)
    #expect(p?.field == "inner[1].values[1]" && p?.problem.hasPrefix("expected Double") == true)
    #expect(Self.problem(#"{"inner": []}"#)?.description == "name: missing")
    #expect(Self.problem(#"{"name": null, "inner": []}"#)?.problem.contains("null") == true)
  }

  @Test("syntax errors report the parser's position; empty input says so")
  func syntax() {
    #expect(Self.problem(#"{"name": "a", "inner": [1,}"#)?.problem.hasPrefix("not valid JSON: ") == true)
    #expect(Self.problem("")?.problem == "not valid JSON: the file is empty")
    #expect(Self.problem(#"{"name": NaN}"#)?.problem.contains("character") == true)
  }
}
