import SSRCore

/// What identifies the data a model was trained on: sizes for people, and a content hash that
/// changes when any interaction, item id, window or split does.
public struct DatasetIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The dataset's name, e.g. `ml-1m`.
  public var name: String
  /// Users after preprocessing.
  public var users: Int
  /// Items after preprocessing (the model's catalogue).
  public var items: Int
  /// Interactions after preprocessing.
  public var interactions: Int
  /// The history window.
  public var maxLen: Int
  /// How the samples were split, e.g. `timeRatio(test: 0.2, valid: 0.1)`.
  public var split: String
  /// SHA-256 (hex) of the item ids, every user's item sequence and times, the window and the
  /// split method.
  public var fingerprint: String

  /// `ml-1m (6040 users, 3416 items, 999611 interactions, window 20, timeRatio(…), 3f2a…)`.
  public var description: String {
    "\(name) (\(users) users, \(items) items, \(interactions) interactions, window \(maxLen), \(split), \(fingerprint.prefix(12)))"
  }
}

extension DatasetSplit {
  /// The identity of this split's data (hashes every interaction: about 10 ms per 100,000).
  public var identity: DatasetIdentity {
    let data = dataset
    var hash = SHA256()
    hash.update("ssr-dataset-1\n\(data.maxLen)\n\(method)\n\(data.itemCount)\n")
    for id in data.itemIDs {
      hash.update(id)
      hash.update([0x0A])
    }
    data.offsets.withUnsafeBytes { hash.update($0) }
    data.items.withUnsafeBytes { hash.update($0) }
    data.times.withUnsafeBytes { hash.update($0) }
    return DatasetIdentity(
      name: data.name, users: data.userCount, items: data.itemCount, interactions: data.interactionCount, maxLen: data.maxLen,
      split: method.description, fingerprint: hash.finalize().hexString)
  }
}
