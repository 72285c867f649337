/// How to read interactions from a file. The presets cover every format in the manifest; build
/// a ``DelimitedFormat`` or ``RecordFormat`` for other files.
public enum InteractionFormat: Sendable, Hashable {
  /// One interaction per line, fields separated by a delimiter (CSV, TSV, `::`, whitespace).
  case delimited(DelimitedFormat)
  /// One JSON object per line.
  case jsonLines(RecordFormat)
  /// One Python dict literal per line (parsed, never evaluated).
  case pythonLines(RecordFormat)
  /// `user item1 item2 …` per line (S3-Rec/FMLP-Rec style), items oldest first.
  case userSequences
  /// One session per line, items separated by whitespace or a TAB; the line number (1-based)
  /// is the session's user id.
  case sessions
  /// A JSON object `{"user": [item, …]}`; `itemMap` names a `raw id \t index` file (relative to
  /// the data file's folder) that turns the indices back into raw ids.
  case jsonSequences(itemMap: String?)

  /// The time unit the format produces.
  public var timeUnit: TimeUnit {
    switch self {
    case let .delimited(format): return format.time == nil ? .order : format.timeFormat.unit
    case let .jsonLines(format), let .pythonLines(format): return format.time == nil ? .order : format.timeFormat.unit
    case .userSequences, .sessions, .jsonSequences: return .order
    }
  }

  /// A stable text form of the format, used in cache keys.
  public var cacheKey: String { String(describing: self) }

  /// MovieLens `ratings.dat`: `UserID::MovieID::Rating::Timestamp`.
  public static let movieLensRatings = InteractionFormat.delimited(
    DelimitedFormat(delimiter: "::", user: 0, item: 1, time: 3, timeFormat: .unixSeconds, fieldCount: 4, integerIDs: true))
  /// `UserID::MovieID::Rating` in chronological order (the derived full ml-1m file).
  public static let movieLensChrono = InteractionFormat.delimited(
    DelimitedFormat(delimiter: "::", user: 0, item: 1, time: nil, fieldCount: 3, integerIDs: true))
  /// MovieLens 100K `u.data`: TAB-separated `user item rating timestamp`.
  public static let movieLens100k = InteractionFormat.delimited(
    DelimitedFormat(delimiter: "\t", user: 0, item: 1, time: 3, timeFormat: .unixSeconds, fieldCount: 4, integerIDs: true))
  /// Amazon 2018 ratings-only CSV: `item,user,rating,timestamp`.
  public static let amazonCSV2018 = InteractionFormat.delimited(
    DelimitedFormat(delimiter: ",", quoting: true, user: 1, item: 0, time: 3, timeFormat: .unixSeconds))
  /// Amazon 2014 ratings-only CSV: `user,item,rating,timestamp`.
  public static let amazonCSV2014 = InteractionFormat.delimited(
    DelimitedFormat(delimiter: ",", quoting: true, user: 0, item: 1, time: 3, timeFormat: .unixSeconds))
  /// Amazon review JSON lines (2014 and 2018).
  public static let amazonReviews = InteractionFormat.jsonLines(
    RecordFormat(user: "reviewerID", item: "asin", time: "unixReviewTime", timeFormat: .unixSeconds))
  /// Steam reviews v2: Python dict lines with `user_id`, `product_id`, `date`.
  public static let steamReviews = InteractionFormat.pythonLines(
    RecordFormat(user: "user_id", item: "product_id", time: "date", timeFormat: .dateTime, dropMissingUser: true))
  /// Retailrocket `events.csv`, `view` events only.
  public static let retailrocketEvents = InteractionFormat.delimited(
    DelimitedFormat(
      delimiter: ",", quoting: true, header: true, user: "visitorid", item: "itemid", time: "timestamp",
      timeFormat: .unixMilliseconds, keep: RowFilter(column: "event", equals: "view")))
  /// SASRec-style `user item` lines in time order.
  public static let userItemPairs = InteractionFormat.delimited(
    DelimitedFormat(delimiter: .whitespace, user: 0, item: 1, time: nil))

  /// The preset called `name` in the manifest (see its `formats` section), or nil.
  public static func preset(named name: String, itemMap: String? = nil) -> InteractionFormat? {
    switch name {
    case "movielens-ratings": return movieLensRatings
    case "movielens-ratings-chrono": return movieLensChrono
    case "movielens-100k-ratings": return movieLens100k
    case "amazon-csv-2018": return amazonCSV2018
    case "amazon-csv-2014": return amazonCSV2014
    case "amazon-reviews-json": return amazonReviews
    case "steam-reviews": return steamReviews
    case "retailrocket-events": return retailrocketEvents
    case "user-item-pairs": return userItemPairs
    case "user-sequences": return .userSequences
    case "sessions": return .sessions
    case "json-sequences": return .jsonSequences(itemMap: itemMap)
    default: return nil
    }
  }

  /// The names ``preset(named:itemMap:)`` knows.
  public static let presetNames = [
    "movielens-ratings", "movielens-ratings-chrono", "movielens-100k-ratings", "amazon-csv-2018", "amazon-csv-2014",
    "amazon-reviews-json", "steam-reviews", "retailrocket-events", "user-item-pairs", "user-sequences", "sessions",
    "json-sequences",
  ]
}

/// A field separator.
public enum Delimiter: Sendable, Hashable, ExpressibleByStringLiteral {
  /// A fixed string such as `","`, `"\t"` or `"::"`.
  case text(String)
  /// Runs of spaces and TABs; leading and trailing blanks are ignored.
  case whitespace

  /// Creates a ``text(_:)`` delimiter.
  public init(stringLiteral value: String) {
    self = .text(value)
  }
}

/// A column, by 0-based position or by header name.
public enum Column: Sendable, Hashable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, CustomStringConvertible {
  /// The column at this 0-based position.
  case index(Int)
  /// The column with this header name (the file must have a header row).
  case name(String)

  /// Creates an ``index(_:)`` column.
  public init(integerLiteral value: Int) { self = .index(value) }
  /// Creates a ``name(_:)`` column.
  public init(stringLiteral value: String) { self = .name(value) }

  /// `#3` or `'name'`.
  public var description: String {
    switch self {
    case let .index(position): return "#\(position)"
    case let .name(name): return "'\(name)'"
    }
  }
}

/// How time values are written.
public enum TimeFormat: String, Sendable, Hashable, Codable {
  /// Unix seconds (an integer, or a decimal number that is truncated).
  case unixSeconds
  /// Unix milliseconds.
  case unixMilliseconds
  /// `YYYY-MM-DD`, optionally followed by `[T ]HH:MM[:SS]`, in UTC; stored as Unix seconds.
  case dateTime

  /// The unit stored in the table.
  public var unit: TimeUnit { self == .unixMilliseconds ? .milliseconds : .seconds }
}

/// Keep only rows whose `column` equals `equals` (e.g. Retailrocket `event == "view"`).
public struct RowFilter: Sendable, Hashable {
  /// The column to test.
  public var column: Column
  /// The value a kept row has.
  public var equals: String

  /// Creates a filter.
  public init(column: Column, equals: String) {
    self.column = column
    self.equals = equals
  }
}

/// A delimited text file: which columns hold the user, the item and the time.
public struct DelimitedFormat: Sendable, Hashable {
  /// The field separator.
  public var delimiter: Delimiter
  /// Whether fields may be double-quoted (RFC 4180: `""` inside quotes is a quote; quoted fields
  /// may span lines).
  public var quoting: Bool
  /// Whether the first line is a header with column names.
  public var header: Bool
  /// The user column.
  public var user: Column
  /// The item column.
  public var item: Column
  /// The time column; nil when the file order is the time.
  public var time: Column?
  /// How the time column is written.
  public var timeFormat: TimeFormat
  /// An optional row filter.
  public var keep: RowFilter?
  /// The exact number of fields of every line, for formats that have one (MovieLens); nil: at
  /// least as many as the columns used.
  public var fieldCount: Int?
  /// Whether user and item ids must be non-negative integers (MovieLens), rather than any text.
  public var integerIDs: Bool

  /// Creates a format description.
  public init(
    delimiter: Delimiter, quoting: Bool = false, header: Bool = false, user: Column, item: Column, time: Column?,
    timeFormat: TimeFormat = .unixSeconds, keep: RowFilter? = nil, fieldCount: Int? = nil, integerIDs: Bool = false
  ) {
    self.delimiter = delimiter
    self.quoting = quoting
    self.header = header
    self.user = user
    self.item = item
    self.time = time
    self.timeFormat = timeFormat
    self.keep = keep
    self.fieldCount = fieldCount
    self.integerIDs = integerIDs
  }
}

/// Records (JSON objects or Python dicts, one per line): which keys hold the user, item and time.
public struct RecordFormat: Sendable, Hashable {
  /// The user key.
  public var user: String
  /// The item key.
  public var item: String
  /// The time key; nil when the line order is the time.
  public var time: String?
  /// How the time value is written.
  public var timeFormat: TimeFormat
  /// Drop (and count in ``InteractionTable/droppedRows``) rows whose user is missing or `None`,
  /// instead of treating them as malformed.
  public var dropMissingUser: Bool

  /// Creates a record description.
  public init(user: String, item: String, time: String?, timeFormat: TimeFormat = .unixSeconds, dropMissingUser: Bool = false) {
    self.user = user
    self.item = item
    self.time = time
    self.timeFormat = timeFormat
    self.dropMissingUser = dropMissingUser
  }
}
