extension LiteralScanner {
  // MARK: - Strings

  /// The length of a Python string prefix (`u`, `r`, `b`, `rb`, `br`, any case) at the current
  /// position when a quote follows it; nil otherwise.
  func stringPrefixLength() -> Int? {
    var length = 0
    var raw = false
    var binary = false
    var unicode = false
    while let byte = peek(length), byte != UInt8(ascii: "'"), byte != UInt8(ascii: "\"") {
      switch byte | 0x20 {
      case UInt8(ascii: "r") where !raw && !unicode: raw = true
      case UInt8(ascii: "b") where !binary && !unicode: binary = true
      case UInt8(ascii: "u") where length == 0: unicode = true
      default: return nil
      }
      length += 1
    }
    return peek(length) == nil ? nil : length
  }

  /// A string (Python: with adjacent pieces concatenated) at the current position.
  mutating func stringValue() throws(LiteralError) -> LiteralValue {
    var text: [UInt8] = []
    if isJSON {
      try jsonString(into: &text)
      return .string(String(decoding: text, as: UTF8.self))
    }
    var kind: Bool?
    while true {
      let start = index
      let isBytes = try pythonString(into: &text)
      if let previous = kind, previous != isBytes { throw fail("cannot concatenate bytes and str literals", at: start) }
      kind = isBytes
      skipSpace()
      guard let byte = peek() else { break }
      let startsString = byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || (isIdentifierStart(byte) && stringPrefixLength() != nil)
      if !startsString { break }
    }
    return kind == true ? .bytes(text) : .string(String(decoding: text, as: UTF8.self))
  }

  /// One Python string literal; appends its UTF-8 (or byte) content; returns whether it is bytes.
  mutating func pythonString(into text: inout [UInt8]) throws(LiteralError) -> Bool {
    let start = index
    var raw = false
    var isBytes = false
    while let byte = peek(), byte != UInt8(ascii: "'"), byte != UInt8(ascii: "\"") {
      if byte | 0x20 == UInt8(ascii: "r") { raw = true }
      if byte | 0x20 == UInt8(ascii: "b") { isBytes = true }
      index += 1
    }
    guard let quote = peek() else { throw fail("unterminated string", at: start) }
    let triple = peek(1) == quote && peek(2) == quote
    index += triple ? 3 : 1
    while true {
      let runStart = index
      while index < bytes.count {
        let byte = bytes[index]
        if byte == quote || byte == UInt8(ascii: "\\") || byte == 0x0A || byte == 0x0D || (isBytes && byte >= 0x80) { break }
        index += 1
      }
      if index > runStart { text.append(contentsOf: bytes[runStart..<index]) }
      guard let byte = peek() else { throw fail("unterminated string", at: start) }
      if byte == quote {
        if !triple { index += 1; return isBytes }
        if peek(1) == quote && peek(2) == quote { index += 3; return isBytes }
        text.append(byte)
        index += 1
      } else if byte == 0x0A || byte == 0x0D {
        guard triple else { throw fail("unterminated string (line break inside a quoted string)", at: start) }
        text.append(byte)
        index += 1
      } else if byte >= 0x80 {
        throw fail("bytes literals can only contain ASCII characters")
      } else {
        try pythonEscape(into: &text, raw: raw, isBytes: isBytes, stringStart: start)
      }
    }
  }

  /// A backslash sequence inside a Python string.
  mutating func pythonEscape(into text: inout [UInt8], raw: Bool, isBytes: Bool, stringStart: Int) throws(LiteralError) {
    let escapeStart = index
    guard let code = peek(1) else { throw fail("unterminated string", at: stringStart) }
    if raw {
      text.append(UInt8(ascii: "\\"))
      text.append(code)
      index += 2
      return
    }
    index += 2
    switch code {
    case 0x0A: break
    case 0x0D: if peek() == 0x0A { index += 1 }
    case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): text.append(code)
    case UInt8(ascii: "a"): text.append(0x07)
    case UInt8(ascii: "b"): text.append(0x08)
    case UInt8(ascii: "f"): text.append(0x0C)
    case UInt8(ascii: "n"): text.append(0x0A)
    case UInt8(ascii: "r"): text.append(0x0D)
    case UInt8(ascii: "t"): text.append(0x09)
    case UInt8(ascii: "v"): text.append(0x0B)
    case UInt8(ascii: "0")...UInt8(ascii: "7"):
      var value = UInt32(code - UInt8(ascii: "0"))
      var count = 1
      while count < 3, let next = peek(), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "7") {
        value = value * 8 + UInt32(next - UInt8(ascii: "0"))
        index += 1
        count += 1
      }
      if isBytes {
        guard value <= 0xFF else { throw fail("octal escape out of range for bytes", at: escapeStart) }
        text.append(UInt8(value))
      } else {
        appendScalar(value, to: &text)
      }
    case UInt8(ascii: "x"):
      let value = try hexDigits(2, escapeStart: escapeStart, name: "\\xXX")
      if isBytes { text.append(UInt8(value)) } else { appendScalar(value, to: &text) }
    case UInt8(ascii: "u") where !isBytes:
      try unicodeEscape(into: &text, escapeStart: escapeStart, joinSurrogates: true)
    case UInt8(ascii: "U") where !isBytes:
      let value = try hexDigits(8, escapeStart: escapeStart, name: "\\UXXXXXXXX")
      guard value <= 0x10FFFF else { throw fail("\\U escape beyond U+10FFFF", at: escapeStart) }
      appendScalar(value, to: &text)
    case UInt8(ascii: "N") where !isBytes:
      guard peek() == UInt8(ascii: "{") else { throw fail("malformed \\N{…} escape", at: escapeStart) }
      let nameStart = index + 1
      var nameEnd = nameStart
      while nameEnd < bytes.count, bytes[nameEnd] != UInt8(ascii: "}"), nameEnd - nameStart < 100 { nameEnd += 1 }
      guard nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: "}") else {
        throw fail("malformed \\N{…} escape", at: escapeStart)
      }
      let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
      guard let scalar = UnicodeNames.scalar(named: name) else {
        throw fail("unknown Unicode character name '\(name)'", at: escapeStart)
      }
      appendScalar(scalar.value, to: &text)
      index = nameEnd + 1
    default:
      text.append(UInt8(ascii: "\\"))
      index -= 1
    }
  }

  /// A JSON string; appends its UTF-8 content.
  mutating func jsonString(into text: inout [UInt8]) throws(LiteralError) {
    let start = index
    index += 1
    while true {
      let runStart = index
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
        index += 1
      }
      if index > runStart { text.append(contentsOf: bytes[runStart..<index]) }
      guard let byte = peek() else { throw fail("unterminated string", at: start) }
      if byte == UInt8(ascii: "\"") { index += 1; return }
      if byte < 0x20 { throw fail("control character inside a string (must be escaped)") }
      let escapeStart = index
      guard let code = peek(1) else { throw fail("unterminated string", at: start) }
      index += 2
      switch code {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(code)
      case UInt8(ascii: "b"): text.append(0x08)
      case UInt8(ascii: "f"): text.append(0x0C)
      case UInt8(ascii: "n"): text.append(0x0A)
      case UInt8(ascii: "r"): text.append(0x0D)
      case UInt8(ascii: "t"): text.append(0x09)
      case UInt8(ascii: "u"): try unicodeEscape(into: &text, escapeStart: escapeStart, joinSurrogates: true)
      default: throw fail("invalid escape \\\(Character(Unicode.Scalar(code)))", at: escapeStart)
      }
    }
  }

  /// `\uXXXX` (the `\u` already consumed); a high surrogate followed by an escaped low surrogate
  /// becomes one character.
  mutating func unicodeEscape(into text: inout [UInt8], escapeStart: Int, joinSurrogates: Bool) throws(LiteralError) {
    let value = try hexDigits(4, escapeStart: escapeStart, name: "\\uXXXX")
    if joinSurrogates, (0xD800...0xDBFF).contains(value), peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") {
      let save = index
      index += 2
      if let low = try? hexDigits(4, escapeStart: save, name: "\\uXXXX"), (0xDC00...0xDFFF).contains(low) {
        appendScalar(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00), to: &text)
        return
      }
      index = save
    }
    appendScalar(value, to: &text)
  }

  mutating func hexDigits(_ count: Int, escapeStart: Int, name: String) throws(LiteralError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<count {
      guard let byte = peek(), let digit = digitValue(byte, radix: 16) else {
        throw fail("truncated \(name) escape", at: escapeStart)
      }
      value = value << 4 | UInt32(digit)
      index += 1
    }
    return value
  }

  /// Appends the UTF-8 encoding of a code point (surrogates become U+FFFD).
  func appendScalar(_ value: UInt32, to text: inout [UInt8]) {
    let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
    text.append(contentsOf: String(Character(scalar)).utf8)
  }

  // MARK: - Selected fields and skipping

  /// Reads a top-level dict, building only the values of the wanted keys.
  mutating func selectedFields(_ wanted: [[UInt8]]) throws(LiteralError) -> [LiteralValue?] {
    var result = [LiteralValue?](repeating: nil, count: wanted.count)
    skipSpace()
    guard peek() == UInt8(ascii: "{") else {
      throw fail(index < bytes.count ? "expected a dict ('{')" : "empty line, expected a dict")
    }
    index += 1
    skipSpace()
    if peek() == UInt8(ascii: "}") { index += 1; return result }
    while true {
      skipSpace()
      let keyStart = index
      let key = try value(depth: 1)
      if isJSON, key.stringValue == nil { throw fail("object keys must be strings", at: keyStart) }
      try expect(UInt8(ascii: ":"), "':' after a dict key")
      if let name = key.stringValue, let slot = wanted.firstIndex(where: { name.utf8.elementsEqual($0) }) {
        result[slot] = try value(depth: 1)
      } else {
        try skipValue(depth: 1)
      }
      skipSpace()
      if peek() == UInt8(ascii: "}") { index += 1; return result }
      try expect(UInt8(ascii: ","), "',' or '}' in a dict")
      skipSpace()
      if !isJSON, peek() == UInt8(ascii: "}") { index += 1; return result }
    }
  }

  /// Moves past one value, checking its structure without building it.
  mutating func skipValue(depth: Int) throws(LiteralError) {
    guard depth <= LiteralParser.maxDepth else { throw fail("nesting deeper than \(LiteralParser.maxDepth) levels") }
    skipSpace()
    guard let byte = peek() else { throw fail("unexpected end of line, expected a value") }
    let close: UInt8
    switch byte {
    case UInt8(ascii: "{"): close = UInt8(ascii: "}")
    case UInt8(ascii: "["): close = UInt8(ascii: "]")
    case UInt8(ascii: "(") where !isJSON: close = UInt8(ascii: ")")
    case UInt8(ascii: "\""), UInt8(ascii: "'"):
      try skipStrings()
      return
    default:
      if !isJSON, isIdentifierStart(byte), stringPrefixLength() != nil {
        try skipStrings()
      } else {
        _ = try value(depth: depth)
      }
      return
    }
    index += 1
    while true {
      skipSpace()
      if peek() == close { index += 1; return }
      try skipValue(depth: depth + 1)
      skipSpace()
      if close == UInt8(ascii: "}"), peek() == UInt8(ascii: ":") {
        index += 1
        try skipValue(depth: depth + 1)
        skipSpace()
      }
      if peek() == close { index += 1; return }
      try expect(UInt8(ascii: ","), "',' or '\(Character(Unicode.Scalar(close)))'")
    }
  }

  /// Moves past a string (Python: and the adjacent strings concatenated to it).
  mutating func skipStrings() throws(LiteralError) {
    if isJSON {
      var scratch: [UInt8] = []
      try jsonString(into: &scratch)
      return
    }
    while true {
      let start = index
      while let byte = peek(), byte != UInt8(ascii: "'"), byte != UInt8(ascii: "\"") { index += 1 }
      guard let quote = peek() else { throw fail("unterminated string", at: start) }
      let triple = peek(1) == quote && peek(2) == quote
      index += triple ? 3 : 1
      scan: while true {
        guard let byte = peek() else { throw fail("unterminated string", at: start) }
        switch byte {
        case UInt8(ascii: "\\"):
          guard peek(1) != nil else { throw fail("unterminated string", at: start) }
          index += 2
        case quote:
          if !triple { index += 1; break scan }
          if peek(1) == quote && peek(2) == quote { index += 3; break scan }
          index += 1
        case 0x0A, 0x0D:
          guard triple else { throw fail("unterminated string (line break inside a quoted string)", at: start) }
          index += 1
        default:
          index += 1
        }
      }
      skipSpace()
      guard let byte = peek() else { return }
      let startsString = byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") || (isIdentifierStart(byte) && stringPrefixLength() != nil)
      if !startsString { return }
    }
  }
}
