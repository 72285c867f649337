/// What the numbers in ``InteractionTable/times`` mean.
public enum TimeUnit: String, Sendable, Hashable, Codable {
  /// Unix seconds (dates are stored as the seconds of their UTC midnight).
  case seconds
  /// Unix milliseconds.
  case milliseconds
  /// No timestamps in the file: the time is the row's position in the file(s), which the
  /// derived formats guarantee to be chronological per user.
  case order
}

/// Raw implicit-feedback interactions as read from files, one row per interaction, in file order.
///
/// Storage is columnar: `users[i]`, `items[i]`, `times[i]` describe row `i`; users and items are
/// indices into ``userIDs`` and ``itemIDs`` (raw ids in order of first appearance). Ratings are
/// not kept: every row counts as one interaction, as in the reference code.
public struct InteractionTable: Sendable, Hashable {
  /// Per row: the index of the raw user id in ``userIDs``.
  public internal(set) var users: [Int32]
  /// Per row: the index of the raw item id in ``itemIDs``.
  public internal(set) var items: [Int32]
  /// Per row: the time, in ``timeUnit``.
  public internal(set) var times: [Int64]
  /// Raw user ids.
  public internal(set) var userIDs: [String]
  /// Raw item ids.
  public internal(set) var itemIDs: [String]
  /// The unit of ``times``.
  public internal(set) var timeUnit: TimeUnit
  /// The files the rows came from.
  public internal(set) var files: [String]
  /// Malformed lines skipped under ``ErrorPolicy/skip``.
  public internal(set) var skipped: SkipReport
  /// Rows left out on purpose by the format (e.g. non-`view` Retailrocket events, Steam rows
  /// without `user_id`).
  public internal(set) var droppedRows: Int

  /// The number of rows.
  public var count: Int { users.count }

  /// Creates a table from columns. Every user and item index must be valid for the id lists.
  public init(
    users: [Int32], items: [Int32], times: [Int64], userIDs: [String], itemIDs: [String],
    timeUnit: TimeUnit, files: [String] = [], skipped: SkipReport = SkipReport(), droppedRows: Int = 0
  ) {
    precondition(users.count == items.count && items.count == times.count, "column lengths differ")
    precondition(users.allSatisfy { $0 >= 0 && Int($0) < userIDs.count }, "user index out of range")
    precondition(items.allSatisfy { $0 >= 0 && Int($0) < itemIDs.count }, "item index out of range")
    self.users = users
    self.items = items
    self.times = times
    self.userIDs = userIDs
    self.itemIDs = itemIDs
    self.timeUnit = timeUnit
    self.files = files
    self.skipped = skipped
    self.droppedRows = droppedRows
  }

  /// Creates a table from `(user, item, time)` rows with raw string ids.
  public init(rows: [(user: String, item: String, time: Int64)], timeUnit: TimeUnit = .seconds) {
    var builder = InteractionTableBuilder(timeUnit: timeUnit)
    for row in rows { builder.append(user: row.user, item: row.item, time: row.time) }
    self = builder.finish()
  }
}

/// Accumulates rows while a reader parses a file.
struct InteractionTableBuilder {
  var users: [Int32] = []
  var items: [Int32] = []
  var times: [Int64] = []
  var userKeys = ByteInterner()
  var itemKeys = ByteInterner()
  var timeUnit: TimeUnit
  var files: [String] = []
  var skipped = SkipReport()
  var droppedRows = 0

  init(timeUnit: TimeUnit) {
    self.timeUnit = timeUnit
  }

  /// The number of rows so far (also the next row's file-order time).
  var count: Int { users.count }

  mutating func reserve(_ capacity: Int) {
    users.reserveCapacity(capacity)
    items.reserveCapacity(capacity)
    times.reserveCapacity(capacity)
  }

  @inline(__always) mutating func append(user: UnsafeBufferPointer<UInt8>, item: UnsafeBufferPointer<UInt8>, time: Int64) {
    users.append(userKeys.intern(user))
    items.append(itemKeys.intern(item))
    times.append(time)
  }

  mutating func append(user: String, item: String, time: Int64) {
    users.append(userKeys.intern(user))
    items.append(itemKeys.intern(item))
    times.append(time)
  }

  /// Handles a malformed line according to `policy`: throws it, or counts it.
  mutating func reject(_ error: DataError, policy: ErrorPolicy) throws(DataError) {
    if policy == .fail { throw error }
    skipped.record(error)
  }

  func finish() -> InteractionTable {
    InteractionTable(
      users: users, items: items, times: times, userIDs: userKeys.strings(), itemIDs: itemKeys.strings(),
      timeUnit: timeUnit, files: files, skipped: skipped, droppedRows: droppedRows)
  }
}
