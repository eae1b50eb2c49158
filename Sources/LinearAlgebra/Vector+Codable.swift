/// A vector encodes as a plain JSON array of numbers, so that numpy's
/// `np.array(obj)` rebuilds it. Decoding rejects non-finite components:
/// NaN and ±∞ are never valid data in SaddleCheck.
extension Vector: Codable {
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let values = try container.decode([Double].self)
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "vector component \(bad) is \(values[bad]), not a finite number")
    }
    self.init(values)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(components)
  }
}
