/// The vectors of one feature-store entry: one row per item, with which items have a vector.
public struct StoredFeatures: Sendable, Hashable {
  /// What the features are of.
  public let key: FeatureKey
  /// Row-major `[itemCount, dimension]`; row `i` is item `i + 1` (zeros where absent).
  public let values: [Float]
  /// `itemCount` flags: whether item `i + 1` has a vector.
  public let present: [Bool]
  /// The entry's folder.
  public let directory: String

  /// The vector width.
  public var dimension: Int { key.dimension }
  /// The number of items.
  public var itemCount: Int { present.count }
  /// The number of items with a vector.
  public var presentCount: Int { present.reduce(0) { $0 + ($1 ? 1 : 0) } }

  /// Item `item`'s vector (1-based, as the dataset's item indices), or nil when it has none.
  public func vector(item: Int) -> [Float]? {
    guard present[item - 1] else { return nil }
    return Array(values[(item - 1) * dimension..<item * dimension])
  }
}

/// How far an extraction is: reported after every batch.
public struct FeatureExtractionProgress: Sendable, Hashable {
  /// Items finished (encoded now or found in stored chunks).
  public var done: Int
  /// Items in all.
  public var total: Int
  /// Items found in chunks stored by an earlier, interrupted run.
  public var reused: Int
  /// Items encoded by this run.
  public var encoded: Int
  /// Seconds since this run started encoding.
  public var seconds: Double

  /// Items encoded per second by this run.
  public var itemsPerSecond: Double { seconds > 0 ? Double(encoded) / seconds : 0 }
  /// Seconds left at the current pace (nil before the first batch).
  public var secondsLeft: Double? {
    guard encoded > 0, seconds > 0 else { return nil }
    return Double(total - done) / itemsPerSecond
  }
}
