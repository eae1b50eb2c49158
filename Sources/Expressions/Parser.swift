import Foundation

/// The syntax tree of an expression (internal: the public form is ``SmoothExpression``).
indirect enum SyntaxTree {
  case number(Double, exact: Bool, position: Int)
  case variable(String, position: Int)
  case negate(SyntaxTree)
  case binary(BinaryOperator, SyntaxTree, SyntaxTree)
  case power(SyntaxTree, SyntaxTree, position: Int)
  case function(SmoothFunction, SyntaxTree)

  /// The value when the subtree is a constant expression made of numbers, negation and whole powers.
  var constantValue: Double? {
    switch self {
    case .number(let v, _, _): return v
    case .negate(let t): return t.constantValue.map { -$0 }
    default: return nil
    }
  }

  func compile(into code: inout [Instruction], variables: [String]) throws(ExpressionError) {
    switch self {
    case .number(let v, let exact, _): code.append(.constant(v, exact: exact))
    case .variable(let name, let position):
      guard let i = variables.firstIndex(of: name) else {
        throw ExpressionError(position: position,
                              problem: "unknown variable '\(name)'; the variables are \(variables.joined(separator: ", "))")
      }
      code.append(.variable(i))
    case .negate(let t):
      try t.compile(into: &code, variables: variables)
      code.append(.negate)
    case .binary(let op, let a, let b):
      try a.compile(into: &code, variables: variables)
      try b.compile(into: &code, variables: variables)
      code.append(.binary(op))
    case .power(let base, let exponent, let position):
      if let n = exponent.constantValue, n == n.rounded(), abs(n) <= 64 {
        try base.compile(into: &code, variables: variables)
        code.append(.power(Int(n)))
      } else {
        if let n = exponent.constantValue, n == n.rounded() {
          throw ExpressionError(position: position, problem: "the exponent \(n) is too large (at most 64 in magnitude)")
        }
        // a^b = exp(b·log a), defined for a > 0 only.
        try exponent.compile(into: &code, variables: variables)
        try base.compile(into: &code, variables: variables)
        code.append(.function(.log))
        code.append(.binary(.multiply))
        code.append(.function(.exp))
      }
    case .function(let g, let t):
      try t.compile(into: &code, variables: variables)
      code.append(.function(g))
    }
  }
}

/// A recursive-descent parser:
/// ```
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*
/// unary   := ('-' | '+') unary | power
/// power   := primary ('^' unary)?
/// primary := number | name | name '[' integer ']' | name '(' sum ')' | '(' sum ')'
/// ```
struct Parser {
  let characters: [Character]
  let declared: [String]?
  var index = 0
  var namesUsed: Set<String> = []
  var indexedBase: String?
  var largestIndex = 0
  /// Nesting depth, bounded so that no input can overflow the stack.
  var depth = 0
  static let maximumDepth = 200

  init(text: String, declared: [String]?) {
    self.characters = Array(text)
    self.declared = declared
  }

  mutating func parseAll() throws(ExpressionError) -> SyntaxTree {
    guard characters.count <= 100_000 else {
      throw ExpressionError(position: 0, problem: "the expression is longer than 100000 characters")
    }
    skipSpaces()
    guard index < characters.count else { throw ExpressionError(position: 0, problem: "the expression is empty") }
    let tree = try sum()
    skipSpaces()
    if index < characters.count { throw ExpressionError(position: index, problem: "unexpected '\(characters[index])'") }
    if indexedBase != nil, !namesUsed.isEmpty {
      let named = namesUsed.sorted().joined(separator: ", ")
      throw ExpressionError(position: 0, problem: "mixes indexed variables (\(indexedBase!)[i]) with named ones (\(named))")
    }
    return tree
  }

  mutating func skipSpaces() { while index < characters.count, characters[index].isWhitespace { index += 1 } }

  mutating func peek() -> Character? {
    skipSpaces()
    return index < characters.count ? characters[index] : nil
  }

  mutating func expect(_ c: Character) throws(ExpressionError) {
    guard peek() == c else {
      let found = index < characters.count ? "found '\(characters[index])'" : "found the end"
      throw ExpressionError(position: index, problem: "expected '\(c)', \(found)")
    }
    index += 1
  }

  mutating func nested<R>(_ body: (inout Parser) throws(ExpressionError) -> R) throws(ExpressionError) -> R {
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else { throw ExpressionError(position: index, problem: "nested more than \(Self.maximumDepth) deep") }
    return try body(&self)
  }

  mutating func sum() throws(ExpressionError) -> SyntaxTree {
    var tree = try product()
    while let c = peek(), c == "+" || c == "-" || c == "−" {
      index += 1
      let rhs = try product()
      tree = .binary(c == "+" ? .add : .subtract, tree, rhs)
    }
    return tree
  }

  mutating func product() throws(ExpressionError) -> SyntaxTree {
    var tree = try unary()
    while let c = peek(), c == "*" || c == "/" || c == "·" {
      index += 1
      let rhs = try unary()
      tree = .binary(c == "/" ? .divide : .multiply, tree, rhs)
    }
    return tree
  }

  mutating func unary() throws(ExpressionError) -> SyntaxTree {
    try nested { (p: inout Parser) throws(ExpressionError) -> SyntaxTree in
      if let c = p.peek(), c == "-" || c == "−" || c == "+" {
        p.index += 1
        let operand = try p.unary()
        return c == "+" ? operand : .negate(operand)
      }
      return try p.power()
    }
  }

  mutating func power() throws(ExpressionError) -> SyntaxTree {
    let base = try primary()
    if peek() == "^" {
      let position = index
      index += 1
      let exponent = try unary()
      return .power(base, exponent, position: position)
    }
    return base
  }

  mutating func primary() throws(ExpressionError) -> SyntaxTree {
    guard let c = peek() else { throw ExpressionError(position: index, problem: "unexpected end of the expression") }
    let start = index
    if c == "(" {
      index += 1
      let tree = try nested { (p: inout Parser) throws(ExpressionError) -> SyntaxTree in try p.sum() }
      try expect(")")
      return tree
    }
    if c.isNumber || c == "." { return try number() }
    guard c.isLetter || c == "_" else { throw ExpressionError(position: index, problem: "unexpected '\(c)'") }
    var name = ""
    while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
      name.append(characters[index])
      index += 1
    }
    if peek() == "(" {
      if let reason = SmoothFunction.refused[name] {
        throw ExpressionError(position: start, problem: "\(name) is refused: \(reason), and the saddle theorems need f ∈ C² "
          + "(use a smooth surrogate, e.g. sqrt(x^2 + 1e-6) for abs)")
      }
      guard let g = SmoothFunction(rawValue: name) else {
        let known = SmoothFunction.allCases.map(\.rawValue).joined(separator: ", ")
        throw ExpressionError(position: start, problem: "unknown function '\(name)'; known: \(known)")
      }
      index += 1
      let argument = try nested { (p: inout Parser) throws(ExpressionError) -> SyntaxTree in try p.sum() }
      try expect(")")
      return .function(g, argument)
    }
    if peek() == "[" {
      index += 1
      skipSpaces()
      var digits = ""
      while index < characters.count, characters[index].isASCII, characters[index].isNumber {
        digits.append(characters[index])
        index += 1
      }
      guard let i = Int(digits), i >= 1, i <= 10_000 else {
        throw ExpressionError(position: index, problem: "an index must be a whole number from 1 to 10000")
      }
      try expect("]")
      let full = "\(name)[\(i)]"
      if let declared {
        guard declared.contains(full) else { throw ExpressionError(position: start, problem: "unknown variable '\(full)'") }
        return .variable(full, position: start)
      }
      if let base = indexedBase, base != name {
        throw ExpressionError(position: start, problem: "two indexed variables, \(base)[i] and \(name)[i]; use one")
      }
      indexedBase = name
      largestIndex = max(largestIndex, i)
      return .variable(full, position: start)
    }
    if declared == nil || !(declared!.contains(name)) {
      if name == "pi" { return .number(Double.pi, exact: false, position: start) }
      if name == "e" { return .number(M_E, exact: false, position: start) }
    }
    if SmoothFunction(rawValue: name) != nil || SmoothFunction.refused[name] != nil {
      throw ExpressionError(position: start, problem: "\(name) needs an argument in parentheses")
    }
    if declared == nil { namesUsed.insert(name) }
    return .variable(name, position: start)
  }

  mutating func number() throws(ExpressionError) -> SyntaxTree {
    let start = index
    var text = ""
    func take(_ p: (Character) -> Bool) {
      while index < characters.count, characters[index].isASCII, p(characters[index]) {
        text.append(characters[index])
        index += 1
      }
    }
    take { $0.isNumber }
    if index < characters.count, characters[index] == "." {
      text.append(".")
      index += 1
      take { $0.isNumber }
    }
    if index < characters.count, characters[index] == "e" || characters[index] == "E" {
      let save = index, saved = text
      text.append("e")
      index += 1
      if index < characters.count, characters[index] == "+" || characters[index] == "-" {
        text.append(characters[index])
        index += 1
      }
      let before = text.count
      take { $0.isNumber }
      if text.count == before { index = save; text = saved }
    }
    guard let v = Double(text), v.isFinite else { throw ExpressionError(position: start, problem: "'\(text)' is not a finite number") }
    // Exact when the decimal is an integer that Double represents exactly; otherwise
    // the correctly rounded conversion is within half an ulp, and intervals widen it.
    let isExact = v == v.rounded() && abs(v) <= 0x1p53 && !text.contains(where: { $0 == "." || $0 == "e" })
    return .number(v, exact: isExact, position: start)
  }
}
