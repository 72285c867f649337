/// A value of the cell language.
///
/// Values are immutable. Lists of records display as tables; objects (plots, tables, and later
/// datasets and models) render themselves through ``NotebookObject``.
public enum Value {
  /// The absence of a value: the result of `print`, of a file export, or of an `if` without
  /// `else` whose condition was false. Never displayed; dropped from `for` results.
  case nothing
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  /// A symbol such as `.sasrec` (stored without the dot).
  case symbol(String)
  case list([Value])
  case record(Record)
  /// An integer range `lower..<upper` or `lower...upper`, iterated lazily.
  case range(IntRange)
  case object(any NotebookObject)

  /// The type name used in messages and `:who`.
  public var typeName: String {
    switch self {
    case .nothing: return "Nothing"
    case .bool: return "Bool"
    case .int: return "Int"
    case .double: return "Double"
    case .string: return "String"
    case .symbol: return "Symbol"
    case .list: return "List"
    case .record: return "Record"
    case .range: return "Range"
    case .object(let object): return object.typeName
    }
  }

  /// True for an Int, or a Double that is neither infinite nor NaN.
  public var isFiniteNumber: Bool { asDouble?.isFinite ?? false }

  /// The numeric value as a Double, for Int and Double.
  public var asDouble: Double? {
    switch self {
    case .int(let value): return Double(value)
    case .double(let value): return value
    default: return nil
    }
  }

  /// True for Int and Double.
  public var isNumber: Bool { asDouble != nil }

  /// The elements of a list or range (ranges are materialised), nil for other values.
  public func elements(limit: Int = Value.maximumListLength) throws(BuiltinError) -> [Value]? {
    switch self {
    case .list(let values): return values
    case .range(let range):
      guard range.count <= limit else {
        throw BuiltinError("the range \(range) has \(range.count) elements, more than the limit of \(limit)")
      }
      return range.map { .int($0) }
    default: return nil
    }
  }

  /// The largest list the interpreter builds (protects the session's memory).
  public static let maximumListLength = 10_000_000
}

/// An integer range with a known element count; `closed` remembers how it was written.
public struct IntRange: Sequence, Sendable, Hashable, CustomStringConvertible {
  /// The first element.
  public let lower: Int
  /// The bound as written (`upper` is included when `closed`).
  public let upper: Int
  /// Whether it was written `a...b`.
  public let closed: Bool

  /// Creates a range; an empty range when the bounds are reversed.
  public init(lower: Int, upper: Int, closed: Bool) {
    self.lower = lower
    self.upper = upper
    self.closed = closed
  }

  /// The number of elements (saturating at `Int.max`).
  public var count: Int {
    if closed {
      guard upper >= lower else { return 0 }
      let (difference, overflow) = upper.subtractingReportingOverflow(lower)
      return overflow || difference == .max ? .max : difference + 1
    }
    guard upper > lower else { return 0 }
    let (difference, overflow) = upper.subtractingReportingOverflow(lower)
    return overflow ? .max : difference
  }

  /// The element at a 0-based position (precondition: inside the range).
  public func element(at position: Int) -> Int { lower + position }

  /// Iterates the elements.
  public func makeIterator() -> AnyIterator<Int> {
    var position = 0
    let total = count
    let start = lower
    return AnyIterator {
      guard position < total else { return nil }
      defer { position += 1 }
      return start + position
    }
  }

  /// `a..<b` or `a...b`.
  public var description: String { "\(lower)\(closed ? "..." : "..<")\(upper)" }
}
