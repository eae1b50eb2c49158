import LinearAlgebra
import Landscapes
import Dynamics
import ExamplePolicies
import Randomness

/// A method given on the command line as `NAME[:key=value,…]`, e.g.
/// `gd:alpha=0.9/L` or `adagrad-full:delta0=2L,variant=delayed`.
///
/// Numbers may be written relative to the landscape's certified L:
/// `0.9/L` means 0.9/L and `2L` means 2·L. Every value is checked against
/// its documented range, and derived quantities too (δ0² must not underflow,
/// Γ = η/δ0 or η/ε must be finite); each method runs only on the domain its
/// theory is about.
struct MethodSpecification {
  /// The domains a method belongs to.
  enum Home: Sendable {
    /// R^d: unconstrained methods.
    case euclidean
    /// The probability simplex (multiplicative weights).
    case simplex
    /// The unit sphere (Riemannian GD).
    case sphere
    /// A polyhedron (projected GD; R^d, where the projection is the identity, too).
    case polyhedron

    func accepts(_ domain: Domain) -> Bool {
      switch (self, domain) {
      case (.euclidean, .euclidean), (.simplex, .simplex), (.sphere, .sphere), (.polyhedron, .polyhedron), (.polyhedron, .euclidean): true
      default: false
      }
    }

    var name: String {
      switch self {
      case .euclidean: "R^d"
      case .simplex: "the simplex"
      case .sphere: "the sphere"
      case .polyhedron: "a polyhedron or R^d"
      }
    }
  }

  /// One method: its name, parameters with defaults, its domain, and how to build it.
  struct Entry: Sendable {
    let name: String
    let parameters: [(key: String, defaultValue: String, meaning: String)]
    var home: Home = .euclidean
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
      guard let v = value, v.isFinite else { throw UsageError(description: "\(key)=\(text) is not a finite " +
          "number (forms: 0.5, 0.9/L, 2L)") }
      return v
    }

    /// A positive number whose square is a normal double and with η/x finite
    /// (the step Γ = η/x of AdaGrad's δ0, RMSProp's and Adam's ε).
    func accumulatorFloor(_ key: String, eta: Double) throws(UsageError) -> Double {
      let v = try positive(key)
      guard (v * v).isNormal, (v * v).isFinite, (eta / v).isFinite else {
        throw UsageError(description: "\(key) = \(v): its square \(v * v) or the step η/\(key) = \(eta / v) is not a normal finite number; "
          + "\(key) must lie in [1.5e-154, 1.3e154] with η/\(key) finite")
      }
      return v
    }

    func positive(_ key: String) throws(UsageError) -> Double {
      let v = try number(key)
      guard v > 0 else { throw UsageError(description: "\(key) must be positive, got \(v)") }
      return v
    }

    /// A number in [0, 1], or [0, 1) (`open`), or (0, 1] (`positive`).
    func unit(_ key: String, open: Bool = false, positive: Bool = false) throws(UsageError) -> Double {
      let v = try number(key)
      guard positive ? v > 0 : v >= 0, open ? v < 1 : v <= 1 else {
        throw UsageError(description: "\(key) must lie in \(positive ? "(" : "[")0, 1\(open ? ")" : "]"), got \(v)")
      }
      return v
    }

    func choice(_ key: String, _ options: [String]) throws(UsageError) -> String {
      let v = raw[key] ?? ""
      guard options.contains(v) else { throw UsageError(description: "\(key) must be one of " +
          "\(options.joined(separator: ", ")), got '\(v)'") }
      return v
    }

    func seed(_ key: String) throws(UsageError) -> UInt64 {
      guard let text = raw[key], let s = Seed.parse(text) else {
        throw UsageError(description: "\(key) must be a 64-bit seed (decimal or 0x-hexadecimal), got '\(raw[key] ?? "")'")
      }
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
        let eta = try v.positive("eta")
        return PolicyDescent(adaGrad: geometry, includesCurrentGradient: variant == "current",
                             delta0: try v.accumulatorFloor("delta0", eta: eta), eta: eta, dimension: d)
      })
  }

  static let all: [Entry] = [
    Entry(name: "gd", parameters: [("alpha", "0.9/L", "constant step α")],
          make: { v, _ throws(UsageError) in GradientDescent(stepSize: try v.positive("alpha")) }),
    Entry(name: "vanishing", parameters: [("c", "0.9/L", "α_t = c/(t+1)^a"), ("a", "0.5", "decay exponent in (0, 1]")],
          make: { v, _ throws(UsageError) in PolicyDescent(VanishingStep(c: try v.positive("c"), a: try v.unit("a", positive: true))) }),
    adagrad(.norm), adagrad(.diagonal), adagrad(.full),
    Entry(name: "sgd", parameters: [("c", "0.9/L", "α_t = c/(t+1)^a"), ("a", "0.75", "decay exponent in [0, 1]"),
                                     ("sigma", "0.1", "noise level σ"), ("seed", "0", "noise seed, decimal or 0x-hexadecimal")],
          make: { v, _ throws(UsageError) in
            let sigma = try v.number("sigma")
            guard sigma >= 0 else { throw UsageError(description: "sigma must be ≥ 0, got \(sigma)") }
            return StochasticGradientDescent(c: try v.positive("c"), a: try v.unit("a"), sigma: sigma, seed: try v.seed("seed"))
          }),
    Entry(name: "mwu", parameters: [("c", "0.5/L", "α_t = c/(t+1)^a"), ("a", "0", "decay exponent in [0, 1]")], home: .simplex,
          make: { v, _ throws(UsageError) in MultiplicativeWeights(c: try v.positive("c"), a: try v.unit("a")) }),
    Entry(name: "riemannian", parameters: [("c", "0.5/L", "α_t = c/(t+1)^a"), ("a", "0", "decay exponent in [0, 1]")], home: .sphere,
          make: { v, _ throws(UsageError) in RiemannianGradientDescent(c: try v.positive("c"), a: try v.unit("a")) }),
    Entry(name: "proximal", parameters: [("alpha", "0.9/L", "proximal step α"), ("tolerance", "1e-13", "inner-solve tolerance")],
          make: { v, _ throws(UsageError) in
            let tolerance = try v.positive("tolerance")
            guard tolerance.isNormal, tolerance < 1 else {
              throw UsageError(description: "tolerance must be a normal number in (0, 1), got \(tolerance)")
            }
            return ProximalPoint(alpha: try v.positive("alpha"), innerTolerance: tolerance)
          }),
    Entry(name: "coordinate", parameters: [("alpha", "0.9/L", "step α"), ("order", "cyclic",
      "cyclic or randomized"), ("seed", "0", "order seed, decimal or 0x-hexadecimal")],
          make: { v, _ throws(UsageError) in
            let order = try v.choice("order", ["cyclic", "randomized"])
            return CoordinateDescent(alpha: try v.positive("alpha"),
                order: order == "cyclic" ? .cyclic : .randomized, seed: try v.seed("seed"))
          }),
    Entry(name: "projected-gd", parameters: [("alpha", "0.9/L", "step α")], home: .polyhedron,
          make: { v, _ throws(UsageError) in ProjectedGradientDescent(alpha: try v.positive("alpha")) }),
    Entry(name: "heavy-ball", parameters: [("alpha", "0.1/L", "step α"), ("beta", "0.9", "momentum β in [0, 1)")],
          make: { v, _ throws(UsageError) in HeavyBall(alpha: try v.positive("alpha"), beta: try v.unit("beta", open: true)) }),
    Entry(name: "nesterov", parameters: [("alpha", "0.5/L", "step α"), ("beta", "0.9", "momentum β in [0, 1)")],
          make: { v, _ throws(UsageError) in Nesterov(alpha: try v.positive("alpha"), beta: try v.unit("beta", open: true)) }),
    Entry(name: "rmsprop", parameters: [("eta", "0.01", "base step η"), ("beta", "0.9", "averaging β in [0, 1)"), ("epsilon", "1e-8", "ε")],
          make: { v, d throws(UsageError) in
            let eta = try v.positive("eta")
            return PolicyDescent(RMSProp(eta: eta, beta: try v.unit("beta", open: true),
              epsilon: try v.accumulatorFloor("epsilon", eta: eta), dimension: d))
          }),
    Entry(name: "adam", parameters: [("eta", "0.01", "base step η"), ("beta1", "0.9", "β₁ in [0, 1)"),
        ("beta2", "0.999", "β₂ in [0, 1)"), ("epsilon", "1e-8", "ε")],
          make: { v, d throws(UsageError) in
            let eta = try v.positive("eta")
            return PolicyDescent(Adam(eta: eta, beta1: try v.unit("beta1", open: true), beta2: try v.unit("beta2", open: true),
                                      epsilon: try v.accumulatorFloor("epsilon", eta: eta), dimension: d))
          }),
  ]

  /// Builds the method named by `text` for a landscape with certified L in
  /// dimension d on `domain`.
  /// - Throws: ``UsageError`` for an unknown method or key, a key given twice, a
  ///   value outside its range, or a method whose domain is not the landscape's.
  static func parse(_ text: String, lipschitz: Double, dimension: Int, domain: Domain) throws(UsageError) -> any FirstOrderMethod {
    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    guard let name = parts.first, let entry = all.first(where: { $0.name == name }) else {
      throw UsageError(description: "unknown method '\(text)'; known: \(all.map(\.name).joined(separator: ", "))")
    }
    guard entry.home.accepts(domain) else {
      throw UsageError(description: "--method \(name) runs on \(entry.home.name), but the landscape's domain is \(domain.name)"
        + " (\(all.filter { $0.home.accepts(domain) }.map(\.name).joined(separator: ", ")) run there)")
    }
    var raw = Dictionary(uniqueKeysWithValues: entry.parameters.map { ($0.key, $0.defaultValue) })
    if parts.count == 2 {
      var given: Set<String> = []
      for pair in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
        let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard kv.count == 2, raw[kv[0]] != nil else {
          throw UsageError(description: "\(name): '\(pair)' is not one of " +
              "\(entry.parameters.map { "\($0.key)=…" }.joined(separator: ", "))")
        }
        guard given.insert(kv[0]).inserted else { throw UsageError(description: "\(name): \(kv[0]) given twice") }
        raw[kv[0]] = kv[1]
      }
    }
    return try entry.make(Values(raw: raw, lipschitz: lipschitz), dimension)
  }

  /// The `saddlecheck methods` listing.
  static var listing: String {
    all.map { e in
      "\(e.name)" + (e.parameters.isEmpty ? "" : ":" + e.parameters.map { "\($0.key)=\($0.defaultValue)" }.joined(separator: ","))
        + "\n    runs on \(e.home.name)"
        + "\n" + e.parameters.map { "    \($0.key): \($0.meaning)" }.joined(separator: "\n")
    }.joined(separator: "\n") + "\n\nNumbers may be relative to the landscape's certified L: 0.9/L, 2L."
  }
}
