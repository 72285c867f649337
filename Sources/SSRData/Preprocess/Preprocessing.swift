/// Which repeated (user, item) interactions to keep.
public enum Deduplication: String, Sendable, Hashable, Codable, CaseIterable {
  /// Keep every row, repeats included. This is what the reference code does in effect: its
  /// `drop_duplicates` result is never assigned.
  case none
  /// Keep each user's earliest interaction with an item (the default).
  case first
  /// Keep each user's latest interaction with an item.
  case last
}

/// Preprocessing options. They are part of the cache key.
public struct PreprocessOptions: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Repeated (user, item) rows: dropped keeping the first (default) or last, or all kept.
  public var deduplicate: Deduplication
  /// Minimum number of interactions of every user and every item, applied iteratively until
  /// stable (rows are counted, as in the reference). 0 or 1 disables the filter.
  public var kcore: Int
  /// The history window of a sample: at most this many preceding items.
  public var maxLen: Int

  /// Creates options; the defaults are deduplicate `.first`, 5-core, `maxLen` 20.
  public init(deduplicate: Deduplication = .first, kcore: Int = 5, maxLen: Int = 20) {
    self.deduplicate = deduplicate
    self.kcore = kcore
    self.maxLen = maxLen
  }

  /// The defaults: deduplicate `.first`, 5-core, `maxLen` 20.
  public static let defaults = PreprocessOptions()

  /// The reference code's behaviour: no de-duplication, 5-core, `maxLen` 20.
  public static let reference = PreprocessOptions(deduplicate: .none, kcore: 5, maxLen: 20)

  /// Throws when an option cannot work.
  public func validate() throws(DataError) {
    guard kcore >= 0, kcore <= 1_000_000 else {
      throw DataError.invalidOption(name: "kcore", value: "\(kcore)", reason: "use 0 (off) or a positive count such as 5")
    }
    guard maxLen >= 1, maxLen <= 100_000 else {
      throw DataError.invalidOption(name: "maxLen", value: "\(maxLen)", reason: "the history window must be between 1 and 100000")
    }
  }

  /// `dedup=first kcore=5 maxLen=20`.
  public var description: String { "dedup=\(deduplicate.rawValue) kcore=\(kcore) maxLen=\(maxLen)" }
}

extension InteractionTable {
  /// The rows ordered by user (in order of first appearance), then time, ties broken by file
  /// order: a stable chronological order.
  public func chronological() -> InteractionTable {
    let order = chronologicalOrder()
    return selecting(order)
  }

  /// Row indices in chronological order (see ``chronological()``).
  func chronologicalOrder() -> [Int32] {
    let userCount = userIDs.count
    var starts = [Int](repeating: 0, count: userCount + 1)
    for user in users { starts[Int(user) + 1] += 1 }
    for index in 0..<userCount { starts[index + 1] += starts[index] }
    var next = starts
    var order = [Int32](repeating: 0, count: count)
    for row in 0..<count {
      let user = Int(users[row])
      order[next[user]] = Int32(truncatingIfNeeded: row)
      next[user] += 1
    }
    times.withUnsafeBufferPointer { times in
      for user in 0..<userCount where starts[user + 1] - starts[user] > 1 {
        let range = starts[user]..<starts[user + 1]
        var sorted = true
        for position in range.dropFirst() where times[Int(order[position - 1])] > times[Int(order[position])] {
          sorted = false
          break
        }
        if !sorted {
          order[range].sort { a, b in
            let ta = times[Int(a)]
            let tb = times[Int(b)]
            return ta != tb ? ta < tb : a < b
          }
        }
      }
    }
    return order
  }

  /// The table restricted to `rows`, in that order (ids lists are kept as they are).
  func selecting(_ rows: [Int32]) -> InteractionTable {
    var copy = self
    copy.users = rows.map { users[Int($0)] }
    copy.items = rows.map { items[Int($0)] }
    copy.times = rows.map { times[Int($0)] }
    return copy
  }

  /// The rows without repeated (user, item) pairs, keeping the earliest or latest by time (ties:
  /// file order), in the original row order. `.none` returns the table unchanged.
  public func deduplicated(keep: Deduplication) -> InteractionTable {
    guard keep != .none else { return self }
    let order = chronologicalOrder()
    var keepRow = [Bool](repeating: false, count: count)
    var stamp = [Int32](repeating: -1, count: itemIDs.count)
    let positions = keep == .first ? Array(order.indices) : Array(order.indices.reversed())
    for position in positions {
      let row = Int(order[position])
      let item = Int(items[row])
      if stamp[item] != users[row] {
        stamp[item] = users[row]
        keepRow[row] = true
      }
    }
    return selecting((0..<count).filter { keepRow[$0] }.map { Int32(truncatingIfNeeded: $0) })
  }

  /// Iterative k-core: removes rows whose user or item has fewer than `k` rows, repeating until
  /// every remaining user and item has at least `k` (the unique fixpoint). Row order is kept.
  ///
  /// - Returns: the filtered table and the number of passes over the data.
  public func kcore(_ k: Int) -> (table: InteractionTable, passes: Int) {
    guard k > 1 else { return (self, 0) }
    var userCounts = [Int](repeating: 0, count: userIDs.count)
    var itemCounts = [Int](repeating: 0, count: itemIDs.count)
    for row in 0..<count {
      userCounts[Int(users[row])] += 1
      itemCounts[Int(items[row])] += 1
    }
    var alive = [Bool](repeating: true, count: count)
    var passes = 0
    var changed = true
    while changed {
      changed = false
      passes += 1
      for row in 0..<count where alive[row] {
        let user = Int(users[row])
        let item = Int(items[row])
        if userCounts[user] < k || itemCounts[item] < k {
          alive[row] = false
          userCounts[user] -= 1
          itemCounts[item] -= 1
          changed = true
        }
      }
    }
    let kept = (0..<count).filter { alive[$0] }.map { Int32(truncatingIfNeeded: $0) }
    return (selecting(kept), passes)
  }
}
