/// A function R^d → R parsed from text, e.g. `0.5*x^2 + cos(y)` or
/// `x[1]^4 - x[1]^2 + x[2]^2`: the command line's `--function`.
///
/// Syntax: numbers (`2`, `0.5`, `1e-3`), the constants `pi` and `e`,
/// variables (names such as `x`, `y`, `w1`, or indexed `x[1]` … `x[d]`,
/// 1-based), `+ − * /`, `^` (right-associative; a whole-number exponent such
/// as `x^4` is an exact power, any other exponent a is `exp(a·log(x))` and
/// needs x > 0), parentheses and the smooth functions `exp log log1p sqrt sin
/// cos tanh cosh sinh`. Non-smooth functions (`abs`, `max`, `min`, `sign`,
/// `floor`, `ceil`, `relu`) are refused with a message: the saddle theorems
/// need f ∈ C².
///
/// The text compiles to a postfix program that one generic evaluator runs
/// over any ``SmoothScalar``: values, dual and hyper-dual numbers, intervals.
public struct SmoothExpression: ScalarFunction, Hashable, CustomStringConvertible {
  /// The source text.
  public let text: String
  /// The variable names in coordinate order (`x[1]`, `x[2]`, … for indexed variables).
  public let variables: [String]
  /// The compiled postfix program.
  @usableFromInline let program: [Instruction]

  public var dimension: Int { variables.count }
  public var description: String { text }

  /// Parses `text`.
  ///
  /// - Parameters:
  ///   - variables: the variable names in coordinate order. When nil, the
  ///     variables are the names the text uses, in alphabetical order, or
  ///     `x[1]` … `x[d]` when it uses indexed variables (d the largest index).
  ///   - dimension: for indexed variables, d (at least the largest index used).
  /// - Throws: ``ExpressionError`` naming the position and the problem.
  public init(_ text: String, variables: [String]? = nil, dimension: Int? = nil) throws(ExpressionError) {
    if let declared = variables, let problem = Self.problem(declaring: declared) {
      throw ExpressionError(position: 0, problem: "variables: " + problem)
    }
    var parser = Parser(text: text, declared: variables)
    let tree = try parser.parseAll()
    let names: [String]
    if let declared = variables {
      names = declared
    } else if parser.indexedBase != nil {
      let d = dimension ?? parser.largestIndex
      guard d >= parser.largestIndex else {
        throw ExpressionError(position: 0, problem: "uses x[\(parser.largestIndex)] but the dimension is \(d)")
      }
      names = (1...max(d, 1)).map { "\(parser.indexedBase!)[\($0)]" }
    } else {
      names = parser.namesUsed.sorted()
    }
    guard !names.isEmpty else { throw ExpressionError(position: 0, problem: "the expression has no variables") }
    if let d = dimension, d != names.count {
      throw ExpressionError(position: 0, problem: "\(names.count) variables (\(names.joined(separator: ", "))) but dimension \(d)")
    }
    var code: [Instruction] = []
    try tree.compile(into: &code, variables: names)
    self.text = text
    self.variables = names
    self.program = code
  }

  /// Why a declared variable list cannot be used, or nil: each name an identifier (a letter or
  /// `_`, then letters, digits, `_`), optionally indexed as `x[i]`; no name twice; no function
  /// name and not the constants `pi`, `e`.
  static func problem(declaring names: [String]) -> String? {
    var seen: Set<String> = []
    for name in names {
      let base = name.split(separator: "[", maxSplits: 1).first.map(String.init) ?? name
      let index = name.dropFirst(base.count)
      let identifier = base.first.map { $0.isLetter || $0 == "_" } == true
        && base.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
      let indexOK = index.isEmpty || (index.hasPrefix("[") && index.hasSuffix("]") && index.count > 2
                                      && index.dropFirst().dropLast().allSatisfy(\.isNumber))
      guard identifier, indexOK else { return "'\(name)' is not a variable name (a letter, then letters, digits or _)" }
      guard SmoothFunction(rawValue: base) == nil, SmoothFunction.refused[base] == nil, base != "pi", base != "e" else {
        return "'\(name)' is a function or constant name"
      }
      guard seen.insert(name).inserted else { return "'\(name)' is declared twice" }
    }
    return nil
  }

  /// f(x), for any scalar type: the one evaluator.
  @inlinable public func callAsFunction<T: SmoothScalar>(_ x: [T]) -> T {
    precondition(x.count == variables.count,
                 "SmoothExpression of dimension \(variables.count) evaluated at a point of dimension \(x.count)")
    var stack: [T] = []
    stack.reserveCapacity(program.count)
    for instruction in program {
      switch instruction {
      case .constant(let c, let exact): stack.append(T(constant: c, isExact: exact))
      case .variable(let i): stack.append(x[i])
      case .negate: stack.append(-stack.removeLast())
      case .power(let n): stack.append(stack.removeLast().power(n))
      case .function(let g): stack.append(g.apply(stack.removeLast()))
      case .binary(let op):
        let b = stack.removeLast(), a = stack.removeLast()
        switch op {
        case .add: stack.append(a + b)
        case .subtract: stack.append(a - b)
        case .multiply: stack.append(a * b)
        case .divide: stack.append(a / b)
        }
      }
    }
    return stack[0]
  }

  public static func == (a: SmoothExpression, b: SmoothExpression) -> Bool { a.text == b.text && a.variables == b.variables }
  public func hash(into hasher: inout Hasher) {
    hasher.combine(text)
    hasher.combine(variables)
  }
}

/// What is wrong with an expression: where (a character offset) and what.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The 0-based character offset in the text.
  public var position: Int
  /// What is wrong.
  public var problem: String
  public init(position: Int, problem: String) {
    self.position = position
    self.problem = problem
  }
  public var description: String { "at character \(position + 1): \(problem)" }
}

/// The smooth functions of the language.
public enum SmoothFunction: String, Sendable, Hashable, CaseIterable {
  case exp, log, log1p, sqrt, sin, cos, tanh, cosh, sinh

  @inlinable func apply<T: SmoothScalar>(_ x: T) -> T {
    switch self {
    case .exp: T.exp(x)
    case .log: T.log(x)
    case .log1p: T.log1p(x)
    case .sqrt: T.sqrt(x)
    case .sin: T.sin(x)
    case .cos: T.cos(x)
    case .tanh: T.tanh(x)
    case .cosh: T.cosh(x)
    case .sinh: T.sinh(x)
    }
  }

  /// Functions users may reach for that are not C², with the reason.
  static let refused: [String: String] = [
    "abs": "abs is not differentiable at 0", "max": "max is not differentiable where its arguments tie",
    "min": "min is not differentiable where its arguments tie", "sign": "sign is not continuous at 0",
    "floor": "floor is not continuous", "ceil": "ceil is not continuous", "relu": "relu is not differentiable at 0",
    "round": "round is not continuous", "heaviside": "heaviside is not continuous",
  ]
}

@usableFromInline enum BinaryOperator: Sendable, Hashable { case add, subtract, multiply, divide }

@usableFromInline enum Instruction: Sendable, Hashable {
  case constant(Double, exact: Bool)
  case variable(Int)
  case negate
  case power(Int)
  case function(SmoothFunction)
  case binary(BinaryOperator)
}
