import LinearAlgebra
import Landscapes
import Dynamics
import ExamplePolicies

/// A method given on the command line as `NAME[:key=value,…]`, e.g.
/// `gd:alpha=0.9/L` or `adagrad-full:delta0=2L,variant=delayed`.
///
/// Numbers may be written relative to the landscape's certified L:
/// `0.9/L` means 0.9/L and `2L` means 2·L.
struct MethodSpecification {
  /// One method: its name, parameters with defaults, and how to build it.
  struct Entry: Sendable {
    let name: String
    let parameters: [(key: String, defaultValue: String, meaning: String)]
    let make: @Sendable (Values, Int) throws(UsageError) -> any FirstOrderMethod
  }

  /// Parsed `key=value` pairs, resolved against L.
  struct Values {
    let raw: [String: String]
    let lipschitz: Double

    func number(_ key: String) throws(UsageError) -> Double {
      guard let text = raw[key] else { throw UsageError(description: "missing parameter \(key)") }
      let value: Double?
      if text.hasSuffix("/L") {
        value = Double(text.dropLast(2)).map { $0 / lipschitz }
      } else if text.hasSuffix("L") {
        value = Double(text.dropLast(1)).map { $0 * lipschitz }
      } else {
        value = Double(text)
      }
      guard let v = value, v.isFinite else { throw UsageError(description: "\(key)=\(text) is not a finite number (forms: 0.5, 0.9/L, 2L)") }
      return v
    }

    func positive(_ key: String) throws(UsageError) -> Double {
      let v = try number(key)
      guard v > 0 else { throw UsageError(description: "\(key) must be positive, got \(v)") }
      return v
    }

    func unit(_ key: String, open: Bool = false) throws(UsageError) -> Double {
      let v = try number(key)
      guard v >= 0, open ? v < 1 : v <= 1 else { throw UsageError(description: "\(key) must lie in [0, 1\(open ? ")" : "]"), got \(v)") }
      return v
    }

    func choice(_ key: String, _ options: [String]) throws(UsageError) -> String {
      let v = raw[key] ?? ""
      guard options.contains(v) else { throw UsageError(description: "\(key) must be one of \(options.joined(separator: ", ")), got '\(v)'") }
      return v
    }

    func seed(_ key: String) throws(UsageError) -> UInt64 {
      guard let text = raw[key], let s = UInt64(text) else { throw UsageError(description: "\(key) must be a whole number ≥ 0") }
      return s
    }
  }

  static func adagrad(_ geometry: AdaGrad.Geometry) -> Entry {
    Entry(
      name: "adagrad-\(geometry.rawValue)",
      parameters: [("delta0", "2L", "initial accumulator δ0"), ("eta", "1", "base step η"),
                   ("variant", "current", "current (sum includes g_t) or delayed")],
      make: { v, d throws(UsageError) in
        let variant = try v.choice("variant", ["current", "delayed"])
        return PolicyDescent(adaGrad: geometry, includesCurrentGradient: variant == "current",
                             delta0: try v.positive("delta0"), eta: try v.positive("eta"), dimension: d)
      })
  }

  static let all: [Entry] = [
    Entry(name: "gd", parameters: [("alpha", "0.9/L", "constant step α")],
          make: { v, _ throws(UsageError) in GradientDescent(stepSize: try v.positive("alpha")) }),
    Entry(name: "vanishing", parameters: [("c", "0.9/L", "α_t = c/(t+1)^a"), ("a", "0.5", "decay exponent in (0, 1]")],
          make: { v, _ throws(UsageError) in
            let a = try v.unit("a")
            guard a > 0 else { throw UsageError(description: "a must lie in (0, 1]") }
            return PolicyDescent(VanishingStep(c: try v.positive("c"), a: a))
          }),
    adagrad(.norm), adagrad(.diagonal), adagrad(.full),
    Entry(name: "sgd", parameters: [("c", "0.9/L", "α_t = c/(t+1)^a"), ("a", "0.75", "decay exponent in [0, 1]"),
                                     ("sigma", "0.1", "noise level σ"), ("seed", "0", "noise seed")],
          make: { v, _ throws(UsageError) in
            let sigma = try v.number("sigma")
            guard sigma >= 0 else { throw UsageError(description: "sigma must be ≥ 0") }
            return StochasticGradientDescent(c: try v.positive("c"), a: try v.unit("a"), sigma: sigma, seed: try v.seed("seed"))
          }),
    Entry(name: "mwu", parameters: [("c", "0.5/L", "α_t = c/(t+1)^a"), ("a", "0", "decay exponent in [0, 1]")],
          make: { v, _ throws(UsageError) in MultiplicativeWeights(c: try v.positive("c"), a: try v.unit("a")) }),
    Entry(name: "riemannian", parameters: [("c", "0.5/L", "α_t = c/(t+1)^a"), ("a", "0", "decay exponent in [0, 1]")],
          make: { v, _ throws(UsageError) in RiemannianGradientDescent(c: try v.positive("c"), a: try v.unit("a")) }),
    Entry(name: "proximal", parameters: [("alpha", "0.9/L", "proximal step α"), ("tolerance", "1e-13", "inner-solve tolerance")],
          make: { v, _ throws(UsageError) in ProximalPoint(alpha: try v.positive("alpha"), innerTolerance: try v.positive("tolerance")) }),
    Entry(name: "coordinate", parameters: [("alpha", "0.9/L", "step α"), ("order", "cyclic", "cyclic or randomized"), ("seed", "0", "order seed")],
          make: { v, _ throws(UsageError) in
            let order = try v.choice("order", ["cyclic", "randomized"])
            return CoordinateDescent(alpha: try v.positive("alpha"), order: order == "cyclic" ? .cyclic : .randomized, seed: try v.seed("seed"))
          }),
    Entry(name: "projected-gd", parameters: [("alpha", "0.9/L", "step α")],
          make: { v, _ throws(UsageError) in ProjectedGradientDescent(alpha: try v.positive("alpha")) }),
    Entry(name: "rmsprop", parameters: [("eta", "0.01", "base step η"), ("beta", "0.9", "averaging β in [0, 1)"), ("epsilon", "1e-8", "ε")],
          make: { v, d throws(UsageError) in
            PolicyDescent(RMSProp(eta: try v.positive("eta"), beta: try v.unit("beta", open: true), epsilon: try v.positive("epsilon"), dimension: d))
          }),
    Entry(name: "adam", parameters: [("eta", "0.01", "base step η"), ("beta1", "0.9", "β₁ in [0, 1)"), ("beta2", "0.999", "β₂ in [0, 1)"), ("epsilon", "1e-8", "ε")],
          make: { v, d throws(UsageError) in
            PolicyDescent(Adam(eta: try v.positive("eta"), beta1: try v.unit("beta1", open: true), beta2: try v.unit("beta2", open: true),
                               epsilon: try v.positive("epsilon"), dimension: d))
          }),
  ]

  /// Builds the method named by `text` for a landscape with certified L in dimension d.
  static func parse(_ text: String, lipschitz: Double, dimension: Int) throws(UsageError) -> any FirstOrderMethod {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    guard let name = parts.first, let entry = all.first(where: { $0.name == name }) else {
      throw UsageError(description: "unknown method '\(text)'; known: \(all.map(\.name).joined(separator: ", "))")
    }
    var raw = Dictionary(uniqueKeysWithValues: entry.parameters.map { ($0.key, $0.defaultValue) })
    if parts.count == 2 {
      for pair in parts[1].split(separator: ",") {
        let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard kv.count == 2, raw[kv[0]] != nil else {
          throw UsageError(description: "\(name): '\(pair)' is not one of \(entry.parameters.map { "\($0.key)=…" }.joined(separator: ", "))")
        }
        raw[kv[0]] = kv[1]
      }
    }
    return try entry.make(Values(raw: raw, lipschitz: lipschitz), dimension)
  }

  /// The `saddlecheck methods` listing.
  static var listing: String {
    all.map { e in
      "\(e.name)" + (e.parameters.isEmpty ? "" : ":" + e.parameters.map { "\($0.key)=\($0.defaultValue)" }.joined(separator: ","))
        + "\n" + e.parameters.map { "    \($0.key): \($0.meaning)" }.joined(separator: "\n")
    }.joined(separator: "\n") + "\n\nNumbers may be relative to the landscape's certified L: 0.9/L, 2L."
  }
}
