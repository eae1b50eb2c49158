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
    guard let error = error as? DecodingError else {
      self.init(field: "(document)", problem: "\(error)")
      return
    }
    switch error {
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty, let syntax = Self.syntaxProblem(in: data) {
        self.init(field: "(document)", problem: "not valid JSON: \(syntax)")
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
