import Testing
import Foundation
import PropertyTesting
import Randomness

@Suite struct FixtureStoreTests {
  static func temporaryStore() -> FixtureStore {
    FixtureStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-fixtures-\(UInt64.random(in: 0...UInt64.max))"))
  }

  static func fixture(_ values: [Int], status: Fixture<BoundedElements.Case>.Status = .failing) -> Fixture<BoundedElements.Case> {
    let c = BoundedElements.Case(values: values)
    let record = FailureRecord(caseIndex: 3, caseSeed: 0xabc, original: c, originalOutcome: BoundedElements().check(c),
                               shrunk: c, shrunkOutcome: BoundedElements().check(c), shrinkSteps: 0, shrinkEvaluations: 0)
    return Fixture(claim: "synthetic.bounded-elements", status: status, record: record, configuration: RunConfiguration(seed: 7))
  }

  @Test("a fixture is written once, named from its content, and read back to the same value")
  func roundTrip() throws {
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let f = Self.fixture([150])
    let (url, created) = try store.write(f)
    #expect(created && url.lastPathComponent == "synthetic.bounded-elements-\(f.id).json")
    let (header, data) = try FixtureStore.read(url)
    #expect(header.claim == f.claim && header.status == .failing)
    #expect(try FixtureStore.decode(BoundedElements.Case.self, from: data, file: url.lastPathComponent) == f)
    #expect(Self.fixture([150]).id == f.id && Self.fixture([151]).id != f.id)
    #expect(f.runSeed == "0x0000000000000007" && f.caseSeed == "0x0000000000000abc")
  }

  @Test("an existing fixture is never overwritten")
  func noOverwrite() throws {
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let f = Self.fixture([150])
    let (url, _) = try store.write(f)
    try Data("hand-edited, must survive".utf8).write(to: url)
    let second = try store.write(f)
    #expect(!second.created)
    #expect(try String(contentsOf: url, encoding: .utf8) == "hand-edited, must survive")
  }

  /// link(2) is atomic across threads and processes alike: 64 writers of the
  /// same fixture and 64 of distinct ones, at once.
  @Test("concurrent writers lose nothing and overwrite nothing")
  func concurrentWriters() throws {
    let store = Self.temporaryStore()
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let created = Batch2.run(128) { i in
      let f = i % 2 == 0 ? Self.fixture([150]) : Self.fixture([200 + i])
      return (try? store.write(f).created) ?? false
    }
    #expect(created.enumerated().filter { $0.offset % 2 == 0 && $0.element }.count == 1)
    #expect(created.enumerated().filter { $0.offset % 2 == 1 }.allSatisfy { $0.element })
    let files = try store.files()
    #expect(files.count == 65)
    for url in files { _ = try FixtureStore.read(url) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory.path).allSatisfy { !$0.hasPrefix(".tmp") })
  }

  @Test("truncated, wrong-schema, NaN-bearing and empty fixture files give clear errors", arguments: [
    ("{\"schema\": \"saddlecheck.fixture/1\", \"id\": ", "not valid JSON"),
    ("{\"schema\": \"saddlecheck.fixture/9\", \"id\": \"x\", \"claim\": \"c\", \"status\": \"failing\"}", "schema"),
    ("{\"schema\": \"saddlecheck.fixture/1\", \"id\": \"x\", \"claim\": \"c\", \"status\": NaN}", "not valid JSON"),
    ("", "empty"),
    ("{\"schema\": \"saddlecheck.fixture/1\", \"id\": \"x\", \"claim\": \"c\"}", "status: missing"),
    ("{\"schema\": \"saddlecheck.fixture/1\", \"id\": \"x\", \"claim\": \"c\", \"status\": \"broken\"}", "status"),
  ])
  func badFiles(text: String, expected: String) throws {
    let store = Self.temporaryStore()
    try FileManager.default.createDirectory(at: store.directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let url = store.directory.appendingPathComponent("bad.json")
    try Data(text.utf8).write(to: url)
    do {
      _ = try FixtureStore.read(url)
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.description.contains(expected), "\(error)")
      #expect(error.description.hasPrefix("bad.json: "))
    }
  }

  @Test("a well-formed header over a malformed case is refused when the case is decoded")
  func badCase() throws {
    var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Self.fixture([150]))) as! [String: Any]
    object["shrunk"] = ["values": ["a"]]
    let data = try JSONSerialization.data(withJSONObject: object)
    #expect(throws: FixtureError.self) { try FixtureStore.decode(BoundedElements.Case.self, from: data, file: "x.json") }
  }
}

/// Runs work items concurrently on 8 threads (a stand-in for several test processes).
final class Slots<T>: @unchecked Sendable {
  var values: [T?]
  let lock = NSLock()
  init(_ n: Int) { values = Array(repeating: nil, count: n) }
}

enum Batch2 {
  static func run<T: Sendable>(_ count: Int, _ work: @Sendable (Int) -> T) -> [T] {
    let box = Slots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
      let v = work(i)
      box.lock.withLock { box.values[i] = v }
    }
    return box.values.map { $0! }
  }
}
