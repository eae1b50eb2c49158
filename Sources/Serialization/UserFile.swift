package import Foundation

/// Reads a file a user named (`--instance`, `--expression`, `--results`, a shard for `merge`, a
/// fixture for `replay`), with one message per way it can fail — never Foundation's
/// `NSCocoaErrorDomain` text.
///
/// Pipes and character devices (`<(…)`, `/dev/stdin`) are read to their end like regular files.
package enum UserFile {
  /// Why a user's file could not be read.
  package struct Problem: Error, Sendable, CustomStringConvertible {
    /// The path as given.
    package var path: String
    /// "it is a directory", "it does not exist", "it is empty", "permission denied", …
    package var reason: String
    /// `cannot read 'PATH': REASON`.
    package var description: String { "cannot read '\(path)': \(reason)" }
  }

  /// The bytes of the file at `path`: non-empty and valid UTF-8 (every SaddleCheck input is JSON).
  /// - Throws: ``Problem`` naming why not.
  package static func read(_ path: String) throws(Problem) -> Data {
    func fail(_ reason: String) -> Problem { Problem(path: path, reason: reason) }
    guard !path.isEmpty else { throw fail("the path is empty") }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw fail("it does not exist")
    }
    guard !isDirectory.boolValue else { throw fail("it is a directory") }
    guard FileManager.default.isReadableFile(atPath: path), let handle = FileHandle(forReadingAtPath: path) else {
      throw fail("permission denied")
    }
    defer { try? handle.close() }
    let data: Data
    do { data = try handle.readToEnd() ?? Data() } catch { throw fail("reading failed (\(error.localizedDescription))") }
    guard !data.isEmpty else { throw fail("it is empty") }
    guard String(data: data, encoding: .utf8) != nil else {
      throw fail("it is not UTF-8 text (a JSON document must be)")
    }
    return data
  }
}
