import Testing
import Foundation
import LinearAlgebra
import Landscapes
import Dynamics
import Checker
import PropertyTesting

/// GD whose start i is scripted: it stays put for `delay` steps first (never moves when
/// `delay` is nil), or is projected onto the saddle's stable subspace (every run converges to
/// the saddle) — so that a test can place undecided runs and hits at chosen start indices.
struct ScriptedDescent: FirstOrderMethod {
  var gd: GradientDescent
  var delay: Int?
  var projection: StableSubspaceProjection<GradientDescent>?
  var t = 0

  var name: String { "scripted-gd" }
  var iteration: Int { t }
  mutating func step<F: Objective>(from x: Vector, on objective: F) -> Vector {
    t += 1
    if var p = projection {
      defer { projection = p }
      return p.step(from: x, on: objective)
    }
    guard let delay, t > delay else { return x }
    return gd.step(from: x, on: objective)
  }
}

@Suite struct ShardTests {
  @Test("--shard K/N: whole numbers 1 ≤ K ≤ N are accepted, anything else refused with the expected form",
        arguments: ["1/1", "3/7", "7/7", "0/3", "4/3", "1/0", "a/b", "3", "1/2/3", "-1/2", " 1/2", "1/200000"])
  func parsing(text: String) {
    let valid = ["1/1", "3/7", "7/7"].contains(text)
    do {
      let shard = try Shard(parsing: text)
      #expect(valid && shard.description == text)
    } catch {
      #expect(!valid && error.description.contains("K/N"))
    }
  }

  @Test("every start and every work item belongs to exactly one shard, N = 1 … 9")
  func partition() {
    for n in 1...9 {
      let shards = (1...n).map { Shard(index: $0, count: n) }
      for i in 0..<50 { #expect(shards.filter { $0.owns(start: i) }.count == 1 && shards.filter { $0.owns(item: i) }.count == 1) }
      for starts in [1, 7, 50] { #expect(shards.map { $0.ownedStarts(of: starts) }.reduce(0, +) == starts) }
    }
  }

  /// Where the undecided runs and hits of an experiment sit, by start index.
  enum Scenario: String, CaseIterable, CustomTestStringConvertible {
    /// One start undecided at the horizon, within the unclassified fraction: no extension (the
    /// shards' speculative extension, which decides it, must not be used).
    case noExtension
    /// The first 8 undecided starts never move, later ones would be decided by an extension:
    /// the probe decides none, so the rest must stay at their first-pass ends.
    case probeUndecided
    /// The probe decides some: every undecided start is extended.
    case probeDecides
    /// Starts converging to the saddle in several shards: the lowest index is the first hit.
    case hits

    var testDescription: String { rawValue }

    var delayed: Set<Int> {
      switch self {
      case .noExtension: [13]
      case .probeUndecided: [20, 33]
      case .probeDecides: [2, 9, 17, 30]
      case .hits: []
      }
    }
    var frozen: Set<Int> {
      switch self {
      // (some frozen starts already lie below f(x*) and escape at once; the rest are ≥ 8.)
      case .probeUndecided: Set(0..<19)
      case .probeDecides: [25]
      default: []
      }
    }
    var hits: Set<Int> { self == .hits ? [22, 5, 23] : [] }
  }

  static let horizon = 400

  static func experiment(_ s: Scenario) -> (SaddleAvoidanceCheck, @Sendable (Int) -> ScriptedDescent) {
    let f = SaddleLandscapes.coupled
    let p = SaddleLandscapes.origin(f)
    let gd = GradientDescent(stepSize: 0.9 / f.lipschitzConstant)
    let projected = StableSubspaceProjection(gd, saddle: p, hessian: f.hessian(at: p.location))
    var check = SaddleAvoidanceCheck(starts: 40, radius: 0.5, rules: Classification(
        horizon: horizon, pointTolerance: 1e-6, gradientTolerance: 1e-8, escapeRadius: 1e6),
        maximumUnclassifiedFraction: s == .noExtension ? 0.05 : 0, certifyEscapeByDescent: s != .hits)
    check.confirmedStarts = 0
    check.maximumHorizon = 4 * horizon
    return (check, { i in
      ScriptedDescent(gd: gd, delay: s.delayed.contains(i) ? horizon : (s.frozen.contains(i) ? nil : 0),
                      projection: s.hits.contains(i) ? projected : nil)
    })
  }

  @Test("an avoidance row pooled from N = 1, 2, 3, 7 shares in any order is the whole run's row", arguments: Scenario.allCases)
  func poolEqualsWhole(scenario: Scenario) throws {
    let (check, method) = Self.experiment(scenario)
    let f = SaddleLandscapes.coupled
    let p = SaddleLandscapes.origin(f)
    let whole = check.run(methodForStart: method, on: f, saddle: p, seed: 17)
    let data = AvoidanceEvidence(whole.evidence, check: check)
    // The scenario exercises its branch of the extension rule.
    let e = whole.evidence
    switch scenario {
    case .noExtension: #expect(e.unclassified == 1 && e.longestHorizon == Self.horizon && whole.verdict == .holds)
    case .probeUndecided:
      // Starts 20 and 33 stay undecided although an extension would decide them.
      #expect(e.unclassified >= 10 && e.escaped + e.unclassified == 40 && e.longestHorizon == 2 * Self.horizon,
              "\(e.summary(alpha: 0.05))")
    case .probeDecides: #expect(e.unclassified == 1 && e.longestHorizon == 2 * Self.horizon && e.escaped == 39)
    case .hits: #expect(e.hits == 3 && e.firstHitIndex == 5 && whole.verdict == .fails)
    }
    for n in [1, 2, 3, 7] {
      var shares: [(shard: Shard, share: AvoidanceShare)] = []
      for k in 1...n {
        let shard = Shard(index: k, count: n)
        guard case .share(let runs) = check.runShard(methodForStart: method, on: f, saddle: p, seed: 17, shard: shard) else {
          Issue.record("shard \(shard) ran no starts")
          return
        }
        shares.append((shard, AvoidanceShare(claim: "c", method: "m", landscape: "l", seed: "0x0000000000000011", note: nil,
                                             runs: runs)))
      }
      for order in [shares, shares.reversed(), Array(shares.dropFirst(n / 2) + shares.prefix(n / 2))] {
        let pooled = try AvoidanceShare.pool(order)
        #expect(pooled.verdict == whole.verdict && pooled.data == .avoidance(data) && pooled.evidence == data.rendered,
                "N = \(n): \(pooled.evidence) ≠ \(data.rendered)")
      }
    }
  }

  // MARK: The battery, sharded and merged

  /// A cheap subset of the quick profile (the whole quick profile takes about 80 s of CPU in a
  /// debug build): the planted-point certificates (33 whole rows, each owned by one shard) and
  /// GD's avoidance rows (Monte Carlo, split by start, d = 3 … 50) with 12 starts and a horizon
  /// of 40 steps, short enough that runs are extended, and the slow-escape row.
  static let battery: Battery = {
    var b = Battery(profile: .quick, startsOverride: 12, horizonOverride: 40)
    b.claims = [Claim.plantedCriticalPoints.id, Claim.gdAvoidsStrictSaddles.id]
    return b
  }()
  static let seed: UInt64 = 0x5add_1ec0_ffee_2023
  static let whole: Data = try! ResultsDocument(seed: seed, profile: .quick, starts: battery.starts,
                                                 results: battery.run(seed: seed)).jsonData()
  /// The shard documents for N = 1, 2, 3, 7, each through its JSON bytes (as merge reads them).
  static let shards: [Int: [ShardDocument]] = Dictionary(uniqueKeysWithValues: [1, 2, 3, 7].map { n in
    (n, (1...n).map { k in try! ShardDocument.decode(battery.runShard(Shard(index: k, count: n), seed: seed).jsonData()) })
  })

  static func merge(_ documents: [ShardDocument]) throws -> ResultsDocument {
    try ShardMerge.merge(documents.map { ("shard-\($0.shard.index)-of-\($0.shard.count).json", $0) })
  }

  @Test("the merged shards are the bytes of the unsharded run: N = 1, 2, 3, 7, in any order")
  func mergeEqualsWhole() throws {
    let text = String(decoding: Self.whole, as: UTF8.self)
    #expect(text.contains("\"kind\" : \"avoidance\"") && text.contains("landscape.planted-critical-points"))
    #expect(text.contains("extended up to"), "the subset should exercise the adaptive horizon")
    // --claims keeps exactly the rows of its claims (GD's 4 Monte Carlo rows and the slow-escape row, the certificates).
    let document = try ResultsDocument.decoder.decode(ResultsDocument.self, from: Self.whole)
    #expect(Set(document.results.map(\.claim)) == Self.battery.claims)
    #expect(document.results.filter { $0.claim == Claim.gdAvoidsStrictSaddles.id }.count == 5)
    for (n, documents) in Self.shards.sorted(by: { $0.key < $1.key }) {
      for order in [documents, documents.reversed(), Array(documents.dropFirst(n / 2) + documents.prefix(n / 2))] {
        let merged = try Self.merge(order).jsonData()
        #expect(merged == Self.whole, "N = \(n), order \(order.map(\.shard.index))")
      }
    }
  }

  /// Expects the merge to refuse `documents` with a message containing `words`.
  func refuses(_ documents: [ShardDocument], _ words: String...) { refuses(documents, words) }

  func refuses(_ documents: [ShardDocument], _ words: [String]) {
    do {
      _ = try Self.merge(documents)
      Issue.record("merged a set that should be refused (\(words))")
    } catch {
      let message = "\(error)"
      #expect(words.allSatisfy { message.contains($0) }, "\(message)")
    }
  }

  @Test("merge refuses an empty, incomplete, duplicated or overlapping set")
  func refusesSets() throws {
    let three = try #require(Self.shards[3]), two = try #require(Self.shards[2])
    refuses([], "no shard files")
    refuses(Array(three.prefix(2)), "incomplete", "3/3")
    refuses(three + [three[1]], "duplicated shard 2/3")
    refuses([three[0], three[1], three[1]], "duplicated shard 2/3")
    refuses([two[0], three[1], three[2]], "overlapping", "1/2", "2/3")
  }

  @Test("merge refuses shards of different runs: seed, profile, starts, horizon, claims, version, toolchain, items")
  func refusesMismatches() throws {
    let three = try #require(Self.shards[3])
    let edits: [(String, (inout ShardDocument) -> Void)] = [
      ("the seed", { $0.seed = "0x0000000000000001" }), ("the profile", { $0.profile = "ci" }),
      ("the Monte Carlo starts", { $0.starts += 1 }), ("--horizon", { $0.horizon = nil }), ("--claims", { $0.claims = nil }),
      ("the package version", { $0.version = "0.0.1" }), ("the toolchain", { $0.toolchain = "Swift 9, Plan 9" }),
      ("the number of work items", { $0.items += 1 }),
    ]
    for (field, edit) in edits {
      var changed = three[2]
      edit(&changed)
      refuses([three[0], three[1], changed], "mismatched", field)
    }
  }

  @Test("merge refuses a corrupt shard: a row of another shard, edited counts, a foreign start, a missing share")
  func refusesCorruptShards() throws {
    let three = try #require(Self.shards[3])
    // A whole row moved to a shard that does not own its item.
    var moved = three[1]
    let stolen = try #require(three[0].rows.first { $0.result != nil })
    moved.rows.append(stolen)
    refuses([three[0], moved, three[2]], "overlapping", "work item \(stolen.item)")
    // An avoidance share whose counts were edited (one run at a minimum more).
    let k = try #require(three[2].rows.firstIndex { ($0.avoidance?.runs.decided.runs ?? 0) > 0 })
    var edited = three[2]
    edited.rows[k].avoidance!.runs.decided.minima += 1
    refuses([three[0], three[1], edited], "corrupt", "inconsistent")
    edited.rows[k].avoidance!.runs.decided.runs += 1
    refuses([three[0], three[1], edited], "corrupt", "owns")
    // An undecided start that is not the shard's.
    let u = try #require(three[1].rows.firstIndex { !($0.avoidance?.runs.undecided.isEmpty ?? true) })
    var foreign = three[1]
    foreign.rows[u].avoidance!.runs.undecided[0].index += 1
    refuses([three[0], foreign, three[2]], "corrupt", "not among its starts")
    // A share that disagrees on the row's parameters (the same Monte Carlo row in shard 1).
    let item = three[2].rows[k].item
    let k0 = try #require(three[0].rows.firstIndex { $0.item == item && $0.avoidance != nil })
    var disagreeing = three[0]
    disagreeing.rows[k0].avoidance!.runs.alpha = 0.01
    refuses([disagreeing, three[1], three[2]], "corrupt", "disagrees")
    // A missing share of a Monte Carlo row.
    var dropped = three[0]
    dropped.rows.remove(at: k0)
    refuses([dropped, three[1], three[2]], "corrupt", "no share in shard-1-of-3.json")
    // A whole row where the others have shares.
    let owner = item % 3
    let kOwner = try #require(three[owner].rows.firstIndex { $0.item == item && $0.avoidance != nil })
    var mixed = three
    mixed[owner].rows[kOwner] = ShardRow(item: item, result: try #require(three[0].rows.first { $0.result != nil }?.result))
    refuses(mixed, "corrupt", "whole rows")
  }

  @Test("merge and decode refuse a tampered row: edited evidence text or data, a duplicated row, a deleted row")
  func refusesTamperedRows() throws {
    let three = try #require(Self.shards[3])
    let k = try #require(three[0].rows.firstIndex { if case .plantedCriticalPoints = $0.result?.data { true } else { false } })
    let item = three[0].rows[k].item
    var text = three[0]
    text.rows[k].result!.evidence = "all good trust me"
    var data = three[0]
    guard case .plantedCriticalPoints(var e) = data.rows[k].result!.data else { Issue.record("no planted-point data"); return }
    e.largestGradient = 5
    data.rows[k].result!.data = .plantedCriticalPoints(e)
    var duplicated = three[0]
    duplicated.rows.insert(duplicated.rows[k], at: k + 1)
    var deleted = three[0]
    deleted.rows.remove(at: k)
    for (tampered, words) in [(text, ["rows[\(k)].result.evidence", "all good trust me"]),
                              (data, ["rows[\(k)].result.evidence", "not the data's rendering"]),
                              (duplicated, ["rows[\(k + 1)]", "duplicates rows[\(k)]", "work item \(item)"]),
                              (deleted, ["work item \(item) has 0 rows", "recorded 1", "deleted"])] {
      refuses([tampered, three[1], three[2]], ["corrupt shard", "shard-1-of-3.json"] + words)
      do {
        _ = try ShardDocument.decode(tampered.jsonData())
        Issue.record("decoded a tampered shard (\(words))")
      } catch {
        #expect(words.allSatisfy { "\(error)".contains($0) }, "\(error)")
      }
    }
  }

  @Test("a corrupt shard file is refused with the field that is wrong", arguments: [
    ("{", "not valid JSON"), ("[1]", "expected"), ("SCHEMA", "schema"), ("SHARD", "shard.index"), ("ITEM", "rows[0].item"),
    ("BOTH", "rows[0]"), ("SEED", "seed"), ("PROFILE", "profile"), ("COUNT", "starts"),
  ])
  func corruptFile(edit: String, field: String) throws {
    let document = try #require(Self.shards[3]?[0])
    let original = try document.jsonData()
    var object = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
    var rows = try #require(object["rows"] as? [[String: Any]])
    switch edit {
    case "SCHEMA": object["schema"] = "saddlecheck.shard/1"
    case "SHARD": object["shard"] = ["index": 4, "count": 3]
    case "ITEM": rows[0]["item"] = 100_000
    case "BOTH":
      rows[0]["avoidance"] = try #require(rows.first { $0["avoidance"] != nil }?["avoidance"])
      rows[0]["result"] = try #require(rows.first { $0["result"] != nil }?["result"])
    case "SEED": object["seed"] = "0x5add"
    case "PROFILE": object["profile"] = "fast"
    case "COUNT": object["starts"] = 0
    default: break
    }
    object["rows"] = rows
    let data = edit.hasPrefix("{") || edit.hasPrefix("[") ? Data(edit.utf8) : try JSONSerialization.data(withJSONObject: object)
    #expect(data != original)
    do {
      _ = try ShardDocument.decode(data)
      Issue.record("decoded a corrupt shard (\(edit))")
    } catch {
      #expect("\(error)".contains(field), "\(error)")
    }
  }
}
