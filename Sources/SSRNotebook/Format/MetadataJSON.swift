/// A small strict JSON reader for the metadata comment: it validates a whole JSON text and
/// returns the members of its top-level object with each value's raw text, so numbers such as
/// seeds keep their full precision and unknown keys are kept verbatim.
struct MetadataJSON {
  /// What went wrong, at a byte offset into the JSON text.
  struct Failure: Error, Equatable {
    var offset: Int
    var message: String
  }

  /// A member of the top-level object.
  struct Member: Equatable {
    var key: String
    var keyOffset: Int
    /// The value's JSON text, exactly as written.
    var rawValue: String
    var valueOffset: Int
  }

  private let bytes: [UInt8]
  private var index = 0
  private var depth = 0

  private init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Parses `text`, which must be one JSON object, into its members in order.
  static func members(of text: Substring) -> Result<[Member], Failure> {
    var reader = MetadataJSON(Array(text.utf8))
    do {
      reader.skipSpace()
      guard reader.peek == 0x7B else { throw reader.failure("the metadata must be a JSON object `{…}`") }
      let members = try reader.object(collect: true)
      reader.skipSpace()
      guard reader.index == reader.bytes.count else { throw reader.failure("unexpected text after the JSON object") }
      return .success(members)
    } catch let failure as Failure {
      return .failure(failure)
    } catch {
      return .failure(Failure(offset: 0, message: "invalid JSON"))
    }
  }

  private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

  private func failure(_ message: String) -> Failure { Failure(offset: index, message: message) }

  private mutating func skipSpace() {
    while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
  }

  private mutating func expect(_ byte: UInt8, _ what: String) throws {
    guard peek == byte else { throw failure("expected \(what)") }
    index += 1
  }

  private mutating func object(collect: Bool) throws -> [Member] {
    depth += 1
    defer { depth -= 1 }
    guard depth <= 64 else { throw failure("JSON is nested too deeply") }
    try expect(0x7B, "`{`")
    var members: [Member] = []
    skipSpace()
    if peek == 0x7D {
      index += 1
      return members
    }
    while true {
      skipSpace()
      let keyOffset = index
      guard peek == 0x22 else { throw failure("expected a string key in double quotes") }
      let key = try string()
      skipSpace()
      try expect(0x3A, "`:` after the key")
      skipSpace()
      let valueOffset = index
      try value()
      if collect {
        let raw = String(decoding: bytes[valueOffset..<index], as: UTF8.self)
        members.append(Member(key: key, keyOffset: keyOffset, rawValue: raw, valueOffset: valueOffset))
      }
      skipSpace()
      if peek == 0x2C {
        index += 1
        continue
      }
      try expect(0x7D, "`,` or `}`")
      return members
    }
  }

  private mutating func value() throws {
    switch peek {
    case 0x7B: _ = try object(collect: false)
    case 0x5B: try array()
    case 0x22: _ = try string()
    case 0x74: try literal("true")
    case 0x66: try literal("false")
    case 0x6E: try literal("null")
    case let byte? where byte == 0x2D || MarkdownBlockSyntax.isASCIIDigit(byte): try number()
    default: throw failure("expected a JSON value")
    }
  }

  private mutating func array() throws {
    depth += 1
    defer { depth -= 1 }
    guard depth <= 64 else { throw failure("JSON is nested too deeply") }
    try expect(0x5B, "`[`")
    skipSpace()
    if peek == 0x5D {
      index += 1
      return
    }
    while true {
      skipSpace()
      try value()
      skipSpace()
      if peek == 0x2C {
        index += 1
        continue
      }
      try expect(0x5D, "`,` or `]`")
      return
    }
  }

  private mutating func literal(_ word: String) throws {
    for byte in word.utf8 {
      guard peek == byte else { throw failure("expected `\(word)`") }
      index += 1
    }
  }

  private mutating func number() throws {
    if peek == 0x2D { index += 1 }
    guard let first = peek, MarkdownBlockSyntax.isASCIIDigit(first) else { throw failure("expected a digit") }
    index += 1
    if first != 0x30 { while let byte = peek, MarkdownBlockSyntax.isASCIIDigit(byte) { index += 1 } }
    if peek == 0x2E {
      index += 1
      guard let byte = peek, MarkdownBlockSyntax.isASCIIDigit(byte) else { throw failure("expected a digit after `.`") }
      while let byte = peek, MarkdownBlockSyntax.isASCIIDigit(byte) { index += 1 }
    }
    if peek == 0x65 || peek == 0x45 {
      index += 1
      if peek == 0x2B || peek == 0x2D { index += 1 }
      guard let byte = peek, MarkdownBlockSyntax.isASCIIDigit(byte) else { throw failure("expected an exponent") }
      while let byte = peek, MarkdownBlockSyntax.isASCIIDigit(byte) { index += 1 }
    }
  }

  /// Reads a string and returns its decoded value.
  private mutating func string() throws -> String {
    try expect(0x22, "`\"`")
    var scalars = String.UnicodeScalarView()
    var runStart = index
    func flush(_ end: Int) {
      scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
    }
    while let byte = peek {
      switch byte {
      case 0x22:
        flush(index)
        index += 1
        return String(scalars)
      case 0x5C:
        flush(index)
        index += 1
        guard let escape = peek else { throw failure("unterminated escape") }
        index += 1
        switch escape {
        case 0x22: scalars.append("\"")
        case 0x5C: scalars.append("\\")
        case 0x2F: scalars.append("/")
        case 0x62: scalars.append("\u{8}")
        case 0x66: scalars.append("\u{C}")
        case 0x6E: scalars.append("\n")
        case 0x72: scalars.append("\r")
        case 0x74: scalars.append("\t")
        case 0x75: scalars.append(try unicodeEscape())
        default: throw failure("invalid escape in string")
        }
        runStart = index
      case 0x00..<0x20:
        throw failure("control character in string")
      default:
        index += 1
      }
    }
    throw failure("unterminated string")
  }

  private mutating func hex4() throws -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek else { throw failure("expected 4 hex digits") }
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw failure("expected 4 hex digits")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }

  private mutating func unicodeEscape() throws -> Unicode.Scalar {
    let high = try hex4()
    if (0xD800..<0xDC00).contains(high), index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 {
      let save = index
      index += 2
      let low = try hex4()
      if (0xDC00..<0xE000).contains(low) {
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
      }
      index = save
    }
    return Unicode.Scalar(high) ?? "\u{FFFD}"
  }
}
