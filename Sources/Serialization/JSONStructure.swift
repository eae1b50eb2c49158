public import Foundation

/// Structural checks of JSON text that `JSONDecoder` does not make.
///
/// Foundation's decoder resolves a duplicate key first-wins, while numpy
/// users' readers (Python's `json`) take the last one: the same file would
/// mean two different things. SaddleCheck refuses duplicates outright, and
/// refuses nesting deeper than ``maximumDepth`` (no document of ours nests
/// deeper than 8).
public enum JSONStructure {
  /// The deepest nesting of arrays and objects accepted.
  public static let maximumDepth = 64

  /// Scans `data` and throws at the first duplicate key or excessive nesting.
  ///
  /// Syntax errors are *not* reported here (the decoder reports them with a
  /// position): the scan stops silently at the first one, and a document
  /// with a syntax error anywhere passes.
  /// - Throws: ``DecodingProblem`` naming the object's path and the repeated key,
  ///   e.g. `shrunk.horizon: duplicate key (JSON readers disagree on which value wins)`.
  public static func check(_ data: Data) throws(DecodingProblem) {
    var scanner = Scanner(bytes: [UInt8](data))
    do {
      try scanner.value(path: [], depth: 0)
    } catch .problem(let p) {
      // A syntax error anywhere takes precedence: the decoder reports it with its position.
      if DecodingProblem.syntaxProblem(in: data) == nil { throw p }
    } catch {
      return  // a syntax error: left to the decoder
    }
  }

  private enum Failure: Error {
    case syntax
    case problem(DecodingProblem)
  }

  private struct Scanner {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    static func render(_ path: [String]) -> String { path.isEmpty ? "(document)" : path.joined() }

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 }
    }

    mutating func value(path: [String], depth: Int) throws(Failure) {
      skipSpace()
      guard i < bytes.count else { throw .syntax }
      switch bytes[i] {
      case UInt8(ascii: "{"): try object(path: path, depth: depth + 1)
      case UInt8(ascii: "["): try array(path: path, depth: depth + 1)
      case UInt8(ascii: "\""): _ = try string()
      default:
        // A number or literal: everything up to a delimiter.
        let start = i
        while i < bytes.count, !",]} \t\n\r".utf8.contains(bytes[i]) { i += 1 }
        if i == start { throw .syntax }
      }
    }

    mutating func object(path: [String], depth: Int) throws(Failure) {
      guard depth <= JSONStructure.maximumDepth else {
        throw .problem(DecodingProblem(field: Self.render(path), problem: "nested deeper than \(JSONStructure.maximumDepth) levels"))
      }
      i += 1
      var keys: Set<String> = []
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
      while true {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw .syntax }
        let key = try string()
        let child = path + [path.isEmpty ? key : "." + key]
        guard keys.insert(key).inserted else {
          throw .problem(DecodingProblem(field: Self.render(child),
                                         problem: "duplicate key (refused: JSON readers disagree on which value wins)"))
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw .syntax }
        i += 1
        try value(path: child, depth: depth)
        skipSpace()
        guard i < bytes.count else { throw .syntax }
        if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
        if bytes[i] == UInt8(ascii: "}") { i += 1; return }
        throw .syntax
      }
    }

    mutating func array(path: [String], depth: Int) throws(Failure) {
      guard depth <= JSONStructure.maximumDepth else {
        throw .problem(DecodingProblem(field: Self.render(path), problem: "nested deeper than \(JSONStructure.maximumDepth) levels"))
      }
      i += 1
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
      var index = 0
      while true {
        try value(path: path + ["[\(index)]"], depth: depth)
        index += 1
        skipSpace()
        guard i < bytes.count else { throw .syntax }
        if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
        if bytes[i] == UInt8(ascii: "]") { i += 1; return }
        throw .syntax
      }
    }

    /// A string's decoded text (escapes resolved, so `"a"` and `"\u0061"` are the same key).
    mutating func string() throws(Failure) -> String {
      i += 1
      var scalars = String.UnicodeScalarView()
      var raw: [UInt8] = []
      func flush() {
        if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw = [] }
      }
      while i < bytes.count {
        let b = bytes[i]
        if b == UInt8(ascii: "\"") {
          i += 1
          flush()
          return String(scalars)
        }
        if b == UInt8(ascii: "\\") {
          guard i + 1 < bytes.count else { throw .syntax }
          flush()
          let e = bytes[i + 1]
          i += 2
          switch e {
          case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
              i += 2
              let low = try hex4()
              code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00)
            }
            scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
          case UInt8(ascii: "n"): scalars.append("\n")
          case UInt8(ascii: "t"): scalars.append("\t")
          case UInt8(ascii: "r"): scalars.append("\r")
          case UInt8(ascii: "b"): scalars.append("\u{8}")
          case UInt8(ascii: "f"): scalars.append("\u{C}")
          default: scalars.append(Unicode.Scalar(e))
          }
          continue
        }
        raw.append(b)
        i += 1
      }
      throw .syntax
    }

    mutating func hex4() throws(Failure) -> UInt32 {
      guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { throw .syntax }
      i += 4
      return v
    }
  }
}
