import Testing
import Foundation
import Checker

/// CHECKLIST.md is kept true: every claim of CLAIMS.md has exactly one row,
/// and no row names a claim the code does not know.
@Suite struct ChecklistTests {
  static let checklistURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("CHECKLIST.md")

  /// The claim IDs in the first column of CHECKLIST.md's table rows.
  static func rows() throws -> [(id: String, cells: [String])] {
    let text = try String(contentsOf: checklistURL, encoding: .utf8)
    return text.split(separator: "\n").compactMap { line in
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count > 3, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { return nil }
      return (String(cells[1].dropFirst().dropLast()), Array(cells.dropFirst()))
    }
  }

  @Test("every claim of the catalog has exactly one CHECKLIST.md row, and every row a known claim")
  func rowsMatchCatalog() throws {
    let ids = try Self.rows().map(\.id)
    for claim in Claim.all {
      #expect(ids.filter { $0 == claim.id }.count == 1, "CHECKLIST.md rows for \(claim.id): \(ids.filter { $0 == claim.id }.count)")
    }
    for id in ids { #expect(Claim.all.contains { $0.id == id }, "CHECKLIST.md names unknown claim \(id)") }
  }

  /// Columns: claim | part | talk's wording | tests | coverage | verdict | evidence.
  @Test("a row's verdict is one of the allowed words, and a checked row names its tests")
  func rowsAreWellFormed() throws {
    for row in try Self.rows() {
      let verdict = row.cells.count > 5 ? row.cells[5] : ""
      let allowed = ["holds", "fails", "refuted", "inconclusive", "not covered", "not yet checked", "partially checked"]
      #expect(allowed.contains { verdict.hasPrefix($0) }, "\(row.id): verdict '\(verdict)'")
      if !verdict.hasPrefix("not yet checked") {
        #expect(row.cells[3].contains("`"), "\(row.id): checked but names no test")
      }
    }
  }
}
