import Testing
import Foundation
import Serialization

@Suite struct JSONStructureTests {
  static func problem(_ text: String) -> DecodingProblem? {
    do {
      try JSONStructure.check(Data(text.utf8))
      return nil
    } catch {
      return error
    }
  }

  @Test("a duplicate key is refused with its path, at any depth", arguments: [
    (#"{"a": 1, "a": 2}"#, "a"),
    (#"{"x": {"y": [0, {"k": 1, "k": 1}]}}"#, "x.y[1].k"),
    (#"{"a": 1, "\u0061": 2}"#, "a"),  // the same key once escapes are resolved
    (#"[{"z": [], "z": {}}]"#, "[0].z"),
  ])
  func duplicates(text: String, field: String) {
    let p = Self.problem(text)
    #expect(p?.field == field && p?.problem.contains("duplicate key") == true, "\(String(describing: p))")
  }

  @Test("equal keys in different objects, strings with escapes and syntax errors are not duplicates")
  func noFalsePositives() {
    #expect(Self.problem(#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "c": "\"a\", \"a\""}"#) == nil)
    #expect(Self.problem(#"{"a": 1, "a""#) == nil)  // a syntax error is the decoder's to report
    #expect(Self.problem("") == nil)
  }

  @Test("nesting deeper than the limit is refused")
  func depth() {
    let deep = String(repeating: "[", count: JSONStructure.maximumDepth + 1) + String(repeating: "]", count: JSONStructure.maximumDepth + 1)
    #expect(Self.problem(deep)?.problem.contains("nested deeper") == true)
    let fine = String(repeating: "[", count: JSONStructure.maximumDepth) + String(repeating: "]", count: JSONStructure.maximumDepth)
    #expect(Self.problem(fine) == nil)
  }

  struct Counts: Decodable {
    var n: Int
    init(from decoder: any Decoder) throws {
      n = try decoder.container(keyedBy: FieldKey.self).decodeWholeNumber(forKey: FieldKey("n"), in: 1...10)
    }
  }

  @Test("a whole-number field holding 1.5, 1e30 or 0 is an error naming the field")
  func wholeNumbers() throws {
    for text in [#"{"n": 1.5}"#, #"{"n": 1e30}"#, #"{"n": 0}"#, #"{"n": 9223372036854775808}"#] {
      do {
        _ = try StrictJSON.decode(Counts.self, from: Data(text.utf8))
        Issue.record("accepted \(text)")
      } catch {
        #expect(error.field == "n" && error.problem.contains("whole number from 1 to 10"), "\(error)")
      }
    }
    #expect(try StrictJSON.decode(Counts.self, from: Data(#"{"n": 3}"#.utf8)).n == 3)
  }
}
