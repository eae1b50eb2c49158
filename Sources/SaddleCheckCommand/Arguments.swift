import Randomness

/// A usage error: what was wrong with the command line.
struct UsageError: Error, CustomStringConvertible {
  var description: String
  /// Whether the command line's shape is wrong (unknown subcommand or option,
  /// a missing value), so the usage text helps; false for a bad value or file.
  var showsUsage = false
}

/// The options of one subcommand, parsed from `--name value` pairs and `--flag`s.
struct Arguments {
  private var values: [String: String] = [:]
  private var flags: Set<String> = []

  /// Parses `arguments` accepting exactly the given options (with a value) and flags. An argument
  /// in `elsewhere` — valid in another form of the same subcommand — is refused with its message
  /// (e.g. "--instance cannot be combined with --function") instead of "unknown argument".
  init(_ arguments: [String], options: Set<String>, flags allowedFlags: Set<String>,
       elsewhere: [String: String] = [:]) throws(UsageError) {
    var i = 0
    while i < arguments.count {
      let arg = arguments[i]
      if allowedFlags.contains(arg) {
        flags.insert(arg)
      } else if options.contains(arg) {
        guard i + 1 < arguments.count else { throw UsageError(description: "\(arg) needs a value", showsUsage: true) }
        guard values[arg] == nil else { throw UsageError(description: "\(arg) given twice") }
        values[arg] = arguments[i + 1]
        i += 1
      } else if let message = elsewhere[arg] {
        throw UsageError(description: message)
      } else {
        throw UsageError(description: "unknown argument '\(arg)'", showsUsage: true)
      }
      i += 1
    }
  }

  /// Takes every `option value` pair of a repeatable option out of `arguments`, in order.
  /// - Throws: ``UsageError`` naming the option when its last occurrence has no value.
  static func extractRepeatable(_ option: String, from arguments: [String]) throws(UsageError) -> (values: [String], rest: [String]) {
    var rest: [String] = [], values: [String] = []
    var i = 0
    while i < arguments.count {
      if arguments[i] == option {
        guard i + 1 < arguments.count else { throw UsageError(description: "\(option) needs a value", showsUsage: true) }
        values.append(arguments[i + 1])
        i += 2
      } else {
        rest.append(arguments[i])
        i += 1
      }
    }
    return (values, rest)
  }

  func has(_ flag: String) -> Bool { flags.contains(flag) }
  func string(_ option: String) -> String? { values[option] }

  /// A whole number in `range`, or nil when absent.
  func integer(_ option: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
    guard let text = values[option] else { return nil }
    guard let n = Int(text), range.contains(n) else {
      throw UsageError(description: "\(option) needs a whole number from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
    }
    return n
  }

  /// A 64-bit seed (decimal or 0x-hexadecimal), or nil when absent.
  func seed(_ option: String) throws(UsageError) -> UInt64? {
    guard let text = values[option] else { return nil }
    guard let s = Seed.parse(text) else {
      throw UsageError(description: "\(option) needs a 64-bit seed (decimal or 0x-hexadecimal), got '\(text)'")
    }
    return s
  }
}
