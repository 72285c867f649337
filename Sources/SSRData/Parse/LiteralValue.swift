/// A value read from a Python literal (as `ast.literal_eval` accepts) or from JSON.
///
/// Dictionaries keep their entries in source order.
public indirect enum LiteralValue: Sendable, Hashable {
  /// `None` / `null`.
  case none
  /// `True`/`False` / `true`/`false`.
  case bool(Bool)
  /// An integer that fits in `Int`.
  case int(Int)
  /// An integer too large for `Int`, as written (sign kept, underscores removed).
  case bigInt(String)
  /// A floating-point number.
  case float(Double)
  /// A text string.
  case string(String)
  /// A Python bytes literal (`b'…'`).
  case bytes([UInt8])
  /// A list `[…]` / JSON array.
  case list([LiteralValue])
  /// A Python tuple `(…)`.
  case tuple([LiteralValue])
  /// A Python set `{a, b}`.
  case set([LiteralValue])
  /// A dict `{k: v}` / JSON object, entries in source order.
  case dict([LiteralEntry])

  /// The value stored under the string key `key` when this is a dict (the first match).
  public subscript(key: String) -> LiteralValue? {
    guard case let .dict(entries) = self else { return nil }
    for entry in entries {
      if case let .string(name) = entry.key, name == key { return entry.value }
    }
    return nil
  }

  /// The string when this is a string.
  public var stringValue: String? {
    if case let .string(text) = self { return text }
    return nil
  }

  /// A scalar as text: strings as they are, integers in decimal, floats in Swift's shortest form,
  /// booleans as `True`/`False`; nil for `None` and containers.
  public var textValue: String? {
    switch self {
    case let .string(text): return text
    case let .int(value): return String(value)
    case let .bigInt(digits): return digits
    case let .float(value): return String(value)
    case let .bool(value): return value ? "True" : "False"
    default: return nil
    }
  }

  /// The integer when this is an `int`, or a float with an integral value in `Int`'s range.
  public var intValue: Int? {
    switch self {
    case let .int(value): return value
    case let .float(value):
      guard value.isFinite, value == value.rounded(), abs(value) < 9.2e18 else { return nil }
      return Int(value)
    default: return nil
    }
  }

  /// The number as a `Double` for ints and floats.
  public var doubleValue: Double? {
    switch self {
    case let .int(value): return Double(value)
    case let .float(value): return value
    default: return nil
    }
  }

  /// The elements of a list, tuple or set.
  public var elements: [LiteralValue]? {
    switch self {
    case let .list(items), let .tuple(items), let .set(items): return items
    default: return nil
    }
  }

  /// Every string in this value, depth first (useful for nested category lists).
  public var allStrings: [String] {
    switch self {
    case let .string(text): return [text]
    case let .list(items), let .tuple(items), let .set(items): return items.flatMap(\.allStrings)
    default: return []
    }
  }
}

/// One `key: value` entry of a ``LiteralValue/dict(_:)``.
public struct LiteralEntry: Sendable, Hashable {
  /// The key.
  public var key: LiteralValue
  /// The value.
  public var value: LiteralValue

  /// Creates an entry.
  public init(key: LiteralValue, value: LiteralValue) {
    self.key = key
    self.value = value
  }
}

/// A literal could not be parsed: what was wrong and at which byte offset (0-based).
public struct LiteralError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The byte offset of the problem within the parsed text.
  public let offset: Int
  /// What is wrong.
  public let message: String

  /// Creates the error.
  public init(offset: Int, message: String) {
    self.offset = offset
    self.message = message
  }

  /// `column N: message` (1-based column in bytes).
  public var description: String { "column \(offset + 1): \(message)" }
}
