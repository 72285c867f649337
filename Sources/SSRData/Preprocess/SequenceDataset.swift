/// A prepared dataset: per-user chronological item sequences with re-encoded ids.
///
/// Items are numbered 1…N (0 is the padding id) in the sorted order of their raw ids, as the
/// reference's `pd.Categorical` does: numerically when every raw id is an integer, otherwise by
/// code point. Users are numbered 0…U−1 the same way. Sequences are stored back to back:
/// user `u`'s items are `items[offsets[u]..<offsets[u + 1]]`, oldest first.
///
/// Every prefix predicts the next item: user `u` gives one sample per position `p` after the
/// first, with history `items[max(offsets[u], p − maxLen)..<p]` and target `items[p]`.
public struct SequenceDataset: Sendable, Hashable {
  /// The dataset's name (manifest name or file name).
  public internal(set) var name: String
  /// Raw user id of user `u` at index `u`.
  public internal(set) var userIDs: [String]
  /// Raw item id of item `i` at index `i − 1`.
  public internal(set) var itemIDs: [String]
  /// Start of each user's sequence in ``items``; `userCount + 1` entries.
  public internal(set) var offsets: [Int]
  /// All sequences back to back (item ids 1…N).
  public internal(set) var items: [Int32]
  /// The time of each entry of ``items``, in ``timeUnit``.
  public internal(set) var times: [Int64]
  /// What ``times`` means.
  public internal(set) var timeUnit: TimeUnit
  /// The history window of samples.
  public internal(set) var maxLen: Int
  /// Where the data came from and what preprocessing did.
  public internal(set) var provenance: Provenance

  /// The number of users.
  public var userCount: Int { userIDs.count }
  /// The number of items N (ids 1…N).
  public var itemCount: Int { itemIDs.count }
  /// The number of interactions.
  public var interactionCount: Int { items.count }
  /// The number of samples (every interaction but each user's first).
  public var sampleCount: Int { items.count - (0..<userCount).filter { offsets[$0 + 1] > offsets[$0] }.count }

  /// User `user`'s items, oldest first.
  public func sequence(ofUser user: Int) -> ArraySlice<Int32> {
    items[offsets[user]..<offsets[user + 1]]
  }

  /// The raw id of item `item` (1…N); nil for 0 and out-of-range ids.
  public func rawItemID(_ item: Int) -> String? {
    item >= 1 && item <= itemIDs.count ? itemIDs[item - 1] : nil
  }

  /// The raw id of user `user` (0…U−1).
  public func rawUserID(_ user: Int) -> String? {
    user >= 0 && user < userIDs.count ? userIDs[user] : nil
  }

  /// Raw item id → item id (1…N).
  public func itemIndex() -> [String: Int] {
    Dictionary(uniqueKeysWithValues: itemIDs.enumerated().map { ($1, $0 + 1) })
  }

  /// Raw user id → user (0…U−1).
  public func userIndex() -> [String: Int] {
    Dictionary(uniqueKeysWithValues: userIDs.enumerated().map { ($1, $0) })
  }

  /// The interactions as a table (users 0…U−1, items 0…N−1 as table indices), in sequence order.
  public func table() -> InteractionTable {
    var users: [Int32] = []
    users.reserveCapacity(items.count)
    for user in 0..<userCount {
      users.append(contentsOf: repeatElement(Int32(truncatingIfNeeded: user), count: offsets[user + 1] - offsets[user]))
    }
    return InteractionTable(
      users: users, items: items.map { $0 - 1 }, times: times, userIDs: userIDs, itemIDs: itemIDs, timeUnit: timeUnit,
      files: provenance.files, skipped: provenance.skipped, droppedRows: provenance.droppedRows)
  }

  /// The dataset filtered again to a `k`-core (ids re-encoded), e.g. for a stricter filter.
  public func kcore(_ k: Int) throws(DataError) -> SequenceDataset {
    var options = provenance.options
    options.kcore = k
    options.deduplicate = .none
    var result = try Preprocessor.prepare(table(), options: options, name: name, format: provenance.format)
    result.provenance.options.deduplicate = provenance.options.deduplicate
    result.provenance.rawInteractions = provenance.rawInteractions
    result.provenance.rawUsers = provenance.rawUsers
    result.provenance.rawItems = provenance.rawItems
    result.provenance.afterDeduplication = provenance.afterDeduplication
    return result
  }
}

/// Where a prepared dataset came from, and what each step left.
public struct Provenance: Sendable, Hashable, Codable {
  /// The files read.
  public var files: [String]
  /// The reader format (``InteractionFormat/cacheKey`` or a manifest preset name).
  public var format: String
  /// The preprocessing options.
  public var options: PreprocessOptions
  /// Rows, users and items as read.
  public var rawInteractions: Int
  /// Distinct users as read.
  public var rawUsers: Int
  /// Distinct items as read.
  public var rawItems: Int
  /// Rows after de-duplication.
  public var afterDeduplication: Int
  /// Passes of the k-core filter until it was stable.
  public var kcorePasses: Int
  /// Malformed lines skipped while reading.
  public var skipped: SkipReport
  /// Rows left out by the format's filter (e.g. non-view events).
  public var droppedRows: Int
  /// The SHA-256 of each file (hex), when the loader computed it.
  public var sha256: [String]

  /// Creates a record.
  public init(
    files: [String], format: String, options: PreprocessOptions, rawInteractions: Int, rawUsers: Int, rawItems: Int,
    afterDeduplication: Int, kcorePasses: Int, skipped: SkipReport, droppedRows: Int, sha256: [String] = []
  ) {
    self.files = files
    self.format = format
    self.options = options
    self.rawInteractions = rawInteractions
    self.rawUsers = rawUsers
    self.rawItems = rawItems
    self.afterDeduplication = afterDeduplication
    self.kcorePasses = kcorePasses
    self.skipped = skipped
    self.droppedRows = droppedRows
    self.sha256 = sha256
  }
}

/// Turns raw interactions into a ``SequenceDataset``.
public enum Preprocessor {
  /// Sorts chronologically (stable on file order), de-duplicates, applies the k-core filter and
  /// re-encodes ids.
  ///
  /// - Throws: ``DataError/emptyAfter(step:detail:)`` naming the step that removed everything.
  public static func prepare(
    _ raw: InteractionTable, options: PreprocessOptions = PreprocessOptions(), name: String, format: String = ""
  ) throws(DataError) -> SequenceDataset {
    try options.validate()
    guard raw.count > 0 else {
      var detail = "the files contain no interactions"
      if raw.skipped.count > 0 { detail += " (\(raw.skipped.count) malformed lines were skipped)" }
      if raw.droppedRows > 0 { detail += " (\(raw.droppedRows) rows were left out by the format's filter)" }
      throw DataError.emptyAfter(step: "reading", detail: detail)
    }
    try checkCancellation()
    let sorted = raw.chronological()
    let deduplicated = sorted.deduplicated(keep: options.deduplicate)
    try checkCancellation()
    let (filtered, passes) = deduplicated.kcore(options.kcore)
    guard filtered.count > 0 else {
      throw DataError.emptyAfter(
        step: "\(options.kcore)-core filtering",
        detail: "no set of users and items has at least \(options.kcore) interactions each (\(deduplicated.count) interactions before); use a smaller kcore")
    }
    try checkCancellation()
    var dataset = encode(filtered, name: name, maxLen: options.maxLen)
    dataset.provenance = Provenance(
      files: raw.files, format: format, options: options, rawInteractions: raw.count,
      rawUsers: distinctCount(raw.users, of: raw.userIDs.count), rawItems: distinctCount(raw.items, of: raw.itemIDs.count), afterDeduplication: deduplicated.count, kcorePasses: passes, skipped: raw.skipped,
      droppedRows: raw.droppedRows)
    return dataset
  }

  /// How many distinct values `0..<limit` occur in `column`.
  static func distinctCount(_ column: [Int32], of limit: Int) -> Int {
    var seen = [Bool](repeating: false, count: limit)
    var count = 0
    for value in column where !seen[Int(value)] {
      seen[Int(value)] = true
      count += 1
    }
    return count
  }

  /// Re-encodes a chronologically ordered table (rows grouped by user) into sequences.
  static func encode(_ table: InteractionTable, name: String, maxLen: Int) -> SequenceDataset {
    let (userOrder, _) = sortedIDs(table.users, names: table.userIDs)
    let (itemOrder, itemRank) = sortedIDs(table.items, names: table.itemIDs)
    var groupStart = [Int](repeating: -1, count: table.userIDs.count)
    var groupLength = [Int](repeating: 0, count: table.userIDs.count)
    for row in 0..<table.count {
      let user = Int(table.users[row])
      if groupStart[user] < 0 { groupStart[user] = row }
      groupLength[user] += 1
    }
    var offsets = [0]
    offsets.reserveCapacity(userOrder.count + 1)
    var items: [Int32] = []
    var times: [Int64] = []
    items.reserveCapacity(table.count)
    times.reserveCapacity(table.count)
    for user in userOrder {
      let start = groupStart[user]
      for row in start..<start + groupLength[user] {
        items.append(Int32(truncatingIfNeeded: itemRank[Int(table.items[row])] + 1))
        times.append(table.times[row])
      }
      offsets.append(items.count)
    }
    return SequenceDataset(
      name: name, userIDs: userOrder.map { table.userIDs[$0] }, itemIDs: itemOrder.map { table.itemIDs[$0] },
      offsets: offsets, items: items, times: times, timeUnit: table.timeUnit, maxLen: maxLen,
      provenance: Provenance(
        files: table.files, format: "", options: PreprocessOptions(), rawInteractions: table.count, rawUsers: 0, rawItems: 0,
        afterDeduplication: table.count, kcorePasses: 0, skipped: table.skipped, droppedRows: table.droppedRows))
  }

  /// The ids present in `column`, sorted by raw id (numerically when all are integers, otherwise by code point, which UTF-8 byte order preserves), and
  /// each old index's rank in that order (-1 when absent).
  static func sortedIDs(_ column: [Int32], names: [String]) -> (order: [Int], rank: [Int]) {
    var present = [Bool](repeating: false, count: names.count)
    for value in column { present[Int(value)] = true }
    var order = (0..<names.count).filter { present[$0] }
    let numbers = order.map { Int64(names[$0]) }
    if numbers.allSatisfy({ $0 != nil }) {
      var numeric = [Int64](repeating: 0, count: names.count)
      for (position, old) in order.enumerated() { numeric[old] = numbers[position] ?? 0 }
      order.sort { numeric[$0] != numeric[$1] ? numeric[$0] < numeric[$1] : names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
    } else {
      order.sort { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
    }
    var rank = [Int](repeating: -1, count: names.count)
    for (position, old) in order.enumerated() { rank[old] = position }
    return (order, rank)
  }
}
