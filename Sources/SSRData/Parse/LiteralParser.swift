/// Parses Python literals (what `ast.literal_eval` accepts) or JSON, never evaluating anything.
///
/// Python dialect: strings in both quote styles, triple quotes, prefixes `u`/`r`/`b`/`rb`, all
/// escapes (`\n`, octal, `\x`, `\u`, `\U`, `\N{NAME}`), implicit concatenation of adjacent strings;
/// integers (decimal, `0x`/`0o`/`0b`, underscores), floats, one unary sign; `True`, `False`, `None`;
/// lists, tuples, dicts and sets, nested up to ``maxDepth``. Complex numbers are not supported.
/// JSON dialect: RFC 8259 plus Python's `NaN`/`Infinity`/`-Infinity`.
///
/// Escaped UTF-16 surrogate pairs (`\ud83d\ude00`, as Python 2 wrote them) become one character;
/// a lone surrogate, which a Swift string cannot hold, becomes U+FFFD.
public enum LiteralParser {
  /// The syntax to accept.
  public enum Dialect: Sendable, Hashable {
    /// Python literals.
    case python
    /// JSON.
    case json
  }

  /// The deepest nesting accepted (deeper input throws instead of exhausting the stack).
  public static let maxDepth = 200

  /// Parses one complete value from `text`.
  public static func parse(_ text: String, dialect: Dialect = .python) throws(LiteralError) -> LiteralValue {
    var copy = text
    return try typed(LiteralError.self) { try copy.withUTF8 { try parse($0, dialect: dialect) } }
  }

  /// Parses one complete value from UTF-8 bytes.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect = .python) throws(LiteralError) -> LiteralValue {
    var scanner = LiteralScanner(bytes: bytes, dialect: dialect)
    let value = try scanner.value(depth: 0)
    try scanner.expectEnd()
    return value
  }

  /// Parses a top-level dict and returns the values of `keys` (nil where absent). Other entries are
  /// checked for structure but not built, which makes wide records much faster to read.
  public static func parseFields(_ bytes: UnsafeBufferPointer<UInt8>, keys: [String], dialect: Dialect = .python) throws(LiteralError) -> [LiteralValue?] {
    var scanner = LiteralScanner(bytes: bytes, dialect: dialect)
    let wanted = keys.map { Array($0.utf8) }
    let values = try scanner.selectedFields(wanted)
    try scanner.expectEnd()
    return values
  }
}

/// The recursive-descent scanner behind ``LiteralParser``.
struct LiteralScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  let dialect: LiteralParser.Dialect
  var index = 0

  init(bytes: UnsafeBufferPointer<UInt8>, dialect: LiteralParser.Dialect) {
    self.bytes = bytes
    self.dialect = dialect
  }

  var isJSON: Bool { dialect == .json }

  @inline(__always) func peek(_ offset: Int = 0) -> UInt8? {
    let position = index + offset
    return position < bytes.count ? bytes[position] : nil
  }

  func fail(_ message: String, at offset: Int? = nil) -> LiteralError {
    LiteralError(offset: offset ?? index, message: message)
  }

  mutating func skipSpace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      case 0x0C where !isJSON: index += 1
      case 0x5C where !isJSON && (peek(1) == 0x0A || (peek(1) == 0x0D && peek(2) == 0x0A)):
        index += peek(1) == 0x0A ? 2 : 3
      default: return
      }
    }
  }

  mutating func expectEnd() throws(LiteralError) {
    skipSpace()
    if index < bytes.count { throw fail("unexpected text after the value") }
  }

  mutating func expect(_ byte: UInt8, _ what: String) throws(LiteralError) {
    skipSpace()
    guard peek() == byte else {
      throw fail(index < bytes.count ? "expected \(what)" : "unexpected end of line, expected \(what)")
    }
    index += 1
  }

  // MARK: - Values

  mutating func value(depth: Int) throws(LiteralError) -> LiteralValue {
    guard depth <= LiteralParser.maxDepth else { throw fail("nesting deeper than \(LiteralParser.maxDepth) levels") }
    skipSpace()
    guard let byte = peek() else { throw fail("unexpected end of line, expected a value") }
    switch byte {
    case UInt8(ascii: "{"): return try braces(depth: depth)
    case UInt8(ascii: "["): return .list(try sequence(close: UInt8(ascii: "]"), depth: depth))
    case UInt8(ascii: "(") where !isJSON: return try parenthesised(depth: depth)
    case UInt8(ascii: "\""): return try stringValue()
    case UInt8(ascii: "'") where !isJSON: return try stringValue()
    case UInt8(ascii: "-"), UInt8(ascii: "+"): return try signed()
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(negative: false)
    case UInt8(ascii: ".") where !isJSON: return try number(negative: false)
    default:
      if isIdentifierStart(byte) {
        if !isJSON, stringPrefixLength() != nil { return try stringValue() }
        return try name()
      }
      throw fail("unexpected character \(describe(byte))")
    }
  }

  mutating func braces(depth: Int) throws(LiteralError) -> LiteralValue {
    index += 1
    skipSpace()
    if peek() == UInt8(ascii: "}") {
      index += 1
      return .dict([])
    }
    let first = try value(depth: depth + 1)
    skipSpace()
    if !isJSON, peek() != UInt8(ascii: ":") {
      guard peek() == UInt8(ascii: ",") || peek() == UInt8(ascii: "}") else {
        throw fail(index < bytes.count ? "expected ':' after a dict key, or ',' in a set" : "unexpected end of line, expected '}'")
      }
      var items = [first]
      while true {
        skipSpace()
        if peek() == UInt8(ascii: "}") { index += 1; return .set(items) }
        try expect(UInt8(ascii: ","), "',' or '}' in a set")
        skipSpace()
        if peek() == UInt8(ascii: "}") { index += 1; return .set(items) }
        items.append(try value(depth: depth + 1))
      }
    }
    if isJSON, case .string = first {} else if isJSON { throw fail("object keys must be strings") }
    try expect(UInt8(ascii: ":"), "':' after a dict key")
    var entries = [LiteralEntry(key: first, value: try value(depth: depth + 1))]
    while true {
      skipSpace()
      if peek() == UInt8(ascii: "}") { index += 1; return .dict(entries) }
      try expect(UInt8(ascii: ","), "',' or '}' in a dict")
      skipSpace()
      if !isJSON, peek() == UInt8(ascii: "}") { index += 1; return .dict(entries) }
      let keyStart = index
      let key = try value(depth: depth + 1)
      if isJSON, key.stringValue == nil { throw fail("object keys must be strings", at: keyStart) }
      try expect(UInt8(ascii: ":"), "':' after a dict key")
      entries.append(LiteralEntry(key: key, value: try value(depth: depth + 1)))
    }
  }

  /// Elements up to `close`; a trailing comma is accepted in Python.
  mutating func sequence(close: UInt8, depth: Int) throws(LiteralError) -> [LiteralValue] {
    index += 1
    var items: [LiteralValue] = []
    skipSpace()
    if peek() == close { index += 1; return items }
    while true {
      items.append(try value(depth: depth + 1))
      skipSpace()
      if peek() == close { index += 1; return items }
      try expect(UInt8(ascii: ","), "',' or '\(Character(Unicode.Scalar(close)))'")
      skipSpace()
      if !isJSON, peek() == close { index += 1; return items }
    }
  }

  /// `()` and `(a, …)` are tuples; `(a)` is just `a`.
  mutating func parenthesised(depth: Int) throws(LiteralError) -> LiteralValue {
    index += 1
    skipSpace()
    if peek() == UInt8(ascii: ")") { index += 1; return .tuple([]) }
    let first = try value(depth: depth + 1)
    skipSpace()
    if peek() == UInt8(ascii: ")") { index += 1; return first }
    try expect(UInt8(ascii: ","), "',' or ')'")
    var items = [first]
    while true {
      skipSpace()
      if peek() == UInt8(ascii: ")") { index += 1; return .tuple(items) }
      items.append(try value(depth: depth + 1))
      skipSpace()
      if peek() == UInt8(ascii: ")") { index += 1; return .tuple(items) }
      try expect(UInt8(ascii: ","), "',' or ')'")
    }
  }

  mutating func name() throws(LiteralError) -> LiteralValue {
    let start = index
    while let byte = peek(), isIdentifierPart(byte) { index += 1 }
    let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    switch (dialect, word) {
    case (.python, "True"), (.json, "true"): return .bool(true)
    case (.python, "False"), (.json, "false"): return .bool(false)
    case (.python, "None"), (.json, "null"): return .none
    case (.json, "NaN"): return .float(.nan)
    case (.json, "Infinity"): return .float(.infinity)
    default:
      let allowed = isJSON ? "true, false, null" : "True, False, None"
      throw fail("'\(word)' is not a literal (only \(allowed), numbers, strings and containers are)", at: start)
    }
  }

  /// A unary sign followed by a number (Python allows spaces between them).
  mutating func signed() throws(LiteralError) -> LiteralValue {
    let negative = bytes[index] == UInt8(ascii: "-")
    if isJSON && !negative { throw fail("'+' is not allowed in JSON") }
    index += 1
    if isJSON {
      if peek() == UInt8(ascii: "I") {
        let value = try name()
        guard case let .float(number) = value, number.isInfinite else { throw fail("expected a number after '-'") }
        return .float(-number)
      }
    } else {
      skipSpace()
    }
    guard let byte = peek(), byte.isDigit || (!isJSON && byte == UInt8(ascii: ".")) else {
      throw fail("expected a number after '\(negative ? "-" : "+")'")
    }
    return try number(negative: negative)
  }

  // MARK: - Character classes

  func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_") || byte >= 0x80
  }

  func isIdentifierPart(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || byte.isDigit
  }

  func describe(_ byte: UInt8) -> String {
    if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x" + String(byte, radix: 16)
  }
}

extension UInt8 {
  @inline(__always) var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
