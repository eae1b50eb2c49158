public import Foundation

/// What is wrong with a JSON document, as a field path and a problem — the
/// form of every error SaddleCheck reports for landscapes and fixtures.
///
/// `JSONDecoder` drops the parser's account of syntax errors; for those the
/// document is parsed again with `JSONSerialization`, whose message gives
/// the position ("Invalid value around character 91.").
public struct DecodingProblem: Error, Sendable, Hashable, CustomStringConvertible {
  /// The JSON path of the field at fault, e.g. `parameters.rotation[2]`, or `(document)`.
  public var field: String
  /// What is wrong.
  public var problem: String

  public init(field: String, problem: String) {
    self.field = field
    self.problem = problem
  }

  /// Describes `error`, thrown while decoding `data`.
  public init(_ error: any Error, data: Data) {
    if let problem = error as? DecodingProblem {
      self = problem
      return
    }
    guard let error = error as? DecodingError else {
      self.init(field: "(document)", problem: "\(error)")
      return
    }
    switch error {
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty, let syntax = Self.syntaxProblem(in: data) {
        self.init(field: "(document)", problem: "not valid JSON: \(syntax)")
      } else if context.codingPath.isEmpty, context.debugDescription == "The given data was not valid JSON." {
        // Foundation's error for a number that fits no field type names no field.
        self.init(field: "(document)",
          problem: "a number does not fit its field (a fraction or a value beyond ±2^63 where a whole number "
            + "is expected, or beyond ±1.8e308)")
      } else {
        self.init(field: Self.path(context.codingPath), problem: context.debugDescription)
      }
    case .keyNotFound(let key, let context):
      self.init(field: Self.path(context.codingPath + [key]), problem: "missing")
    case .typeMismatch(let type, let context):
      self.init(field: Self.path(context.codingPath), problem: "expected \(type): \(context.debugDescription)")
    case .valueNotFound(let type, let context):
      self.init(field: Self.path(context.codingPath), problem: "expected \(type), found null")
    @unknown default:
      self.init(field: "(document)", problem: "\(error)")
    }
  }

  public var description: String { "\(field): \(problem)" }

  /// `a.b[3].c` from a coding path.
  public static func path(_ keys: [any CodingKey]) -> String {
    let text = keys.reduce("") { p, k in
      if let i = k.intValue { return p + "[\(i)]" }
      return p.isEmpty ? k.stringValue : p + "." + k.stringValue
    }
    return text.isEmpty ? "(document)" : text
  }

  /// The parser's own account of a syntax error; nil when `data` parses.
  public static func syntaxProblem(in data: Data) -> String? {
    if data.isEmpty { return "the file is empty" }
    do {
      _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
      return nil
    } catch {
      return ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
    }
  }
}

/// A coding key made from a field name or an array index, for validation
/// errors that point below the container that found them
/// (`parameters.profiles[2].doubleWell.mu`).
public struct FieldKey: CodingKey, Sendable {
  public var stringValue: String
  public var intValue: Int?
  public init(stringValue: String) { self.stringValue = stringValue }
  public init(intValue: Int) {
    self.stringValue = "[\(intValue)]"
    self.intValue = intValue
  }
  public init(_ name: String) { self.stringValue = name }
}

extension DecodingError {
  /// A `dataCorrupted` error at `path` below `codingPath`: the form every
  /// validation error takes, so that ``DecodingProblem`` names the field.
  public static func invalid(_ codingPath: [any CodingKey], _ path: [FieldKey] = [], _ problem: String) -> DecodingError {
    .dataCorrupted(.init(codingPath: codingPath + path, debugDescription: problem))
  }
}

extension DecodingError {
  /// A validation problem written `field: what is wrong` (the convention of
  /// every family's `problem(…)`), as an error at that field below `codingPath`.
  public static func fieldProblem(_ codingPath: [any CodingKey], _ text: String) -> DecodingError {
    if let r = text.range(of: ": ") {
      let field = text[..<r.lowerBound]
      if !field.isEmpty, field.allSatisfy({ $0.isLetter || $0.isNumber || "._[]".contains($0) }) {
        return invalid(codingPath, [FieldKey(String(field))], String(text[r.upperBound...]))
      }
    }
    return invalid(codingPath, [], text)
  }
}

extension KeyedDecodingContainer {
  /// A whole number in `range`, read as a JSON number: `1.5`, `1e30` or a
  /// value outside `range` is an error that names the field (Foundation's own
  /// error for a fraction in an `Int` field names no field).
  public func decodeWholeNumber(forKey key: Key, in range: ClosedRange<Int>) throws -> Int {
    let x = try decode(Double.self, forKey: key)
    guard let n = Int(exactly: x), range.contains(n) else {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(x)")
    }
    return n
  }

  /// A finite number in `range` (closed or open ends as named by `description`).
  public func decodeNumber(forKey key: Key, where accepts: (Double) -> Bool, _ description: String) throws -> Double {
    let x = try decode(Double.self, forKey: key)
    guard x.isFinite, accepts(x) else {
      throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must be \(description), got \(x)")
    }
    return x
  }
}

/// Strict decoding: duplicate keys refused, every error as a field and a problem.
public enum StrictJSON {
  /// Decodes `type` from `data` after ``JSONStructure/check(_:)``.
  /// - Throws: ``DecodingProblem``.
  public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(DecodingProblem) -> T {
    try JSONStructure.check(data)
    do {
      return try JSONDecoder().decode(T.self, from: data)
    } catch {
      throw DecodingProblem(error, data: data)
    }
  }
}
