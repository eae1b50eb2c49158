/// A matrix encodes as a JSON array of rows (`[[a11, a12], [a21, a22]]`), the
/// form `np.array(obj)` reads. Decoding validates what comes from outside:
/// rows of equal length and finite entries, with an error that names the
/// row and column at fault.
extension Matrix: Codable {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let rows = try container.decode([[Double]].self)
    let n = rows.first?.count ?? 0
    for (i, row) in rows.enumerated() {
      if row.count != n {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "matrix row \(i) has \(row.count) entries, row 0 has \(n)")
      }
      if let j = row.firstIndex(where: { !$0.isFinite }) {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "matrix entry (\(i), \(j)) is \(row[j]), not a finite number")
      }
    }
    self.init(rowArrays: rows)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rowArrays)
  }
}
