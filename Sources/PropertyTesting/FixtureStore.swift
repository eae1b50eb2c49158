public import Foundation
import Serialization

/// Why a fixture file could not be used.
public struct FixtureError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var problem: String
  public init(file: String, problem: String) {
    self.file = file
    self.problem = problem
  }
  public var description: String { "\(file): \(problem)" }
}

/// The `Fixtures/` directory: content-named JSON files that are written
/// atomically and never overwritten.
///
/// A write goes to a temporary file in the same directory and is then
/// *hard-linked* to its final name; `link(2)` fails if the name exists, so
/// two processes writing at once can neither overwrite nor truncate a
/// fixture — the second sees the first's file and keeps it.
public struct FixtureStore: Sendable {
  public let directory: URL

  public init(directory: URL) { self.directory = directory }

  /// `$TMPDIR/saddlecheck-fixtures`: where a test run keeps new fixtures it was not
  /// asked to write into a source tree.
  public static var temporary: FixtureStore {
    FixtureStore(directory: FileManager.default.temporaryDirectory.appendingPathComponent("saddlecheck-fixtures"))
  }

  /// Writes `fixture` unless a file of that name exists.
  /// - Returns: the file's URL, and whether this call created it.
  public func write<Case>(_ fixture: Fixture<Case>) throws -> (url: URL, created: Bool) {
    let fm = FileManager.default
    try fm.createDirectory(at: directory, withIntermediateDirectories: true)
    let target = directory.appendingPathComponent(fixture.fileName)
    if fm.fileExists(atPath: target.path) { return (target, false) }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(fixture)
    data.append(0x0a)
    let temporary = directory.appendingPathComponent(
        ".tmp-\(fixture.id)-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
    try data.write(to: temporary, options: [.withoutOverwriting])
    defer { try? fm.removeItem(at: temporary) }
    do {
      try fm.linkItem(at: temporary, to: target)
      return (target, true)
    } catch {
      if fm.fileExists(atPath: target.path) { return (target, false) }
      throw error
    }
  }

  /// The fixture files, sorted by name (temporary files excluded).
  public func files() throws -> [URL] {
    guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
    return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasPrefix(".") }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  /// Reads a fixture file's header and data, validating the schema.
  public static func read(_ url: URL) throws(FixtureError) -> (header: FixtureHeader, data: Data) {
    let name = url.lastPathComponent
    let data: Data
    do { data = try UserFile.read(url.path) } catch { throw FixtureError(file: name, problem: "cannot read: \(error.reason)") }
    let header: FixtureHeader
    do {
      header = try StrictJSON.decode(FixtureHeader.self, from: data)
    } catch {
      throw FixtureError(file: name, problem: error.description)
    }
    guard header.schema == Fixture<Int>.schema else {
      throw FixtureError(file: name, problem: "schema '\(header.schema)' is not '\(Fixture<Int>.schema)'")
    }
    return (header, data)
  }

  /// Decodes the whole fixture once its case type is known.
  public static func decode<Case>(_ type: Case.Type, from data: Data, file: String) throws(FixtureError) -> Fixture<Case> {
    do {
      return try StrictJSON.decode(Fixture<Case>.self, from: data)
    } catch {
      throw FixtureError(file: file, problem: error.description)
    }
  }

  /// A decoding error as "field: problem", with the parser's own account of JSON syntax errors.
  public static func describe(_ error: any Error, data: Data) -> String { DecodingProblem(error, data: data).description }
}
