extension LiteralScanner {
  // MARK: - Numbers

  mutating func number(negative: Bool) throws(LiteralError) -> LiteralValue {
    let start = index
    let value = isJSON ? try jsonNumber(negative: negative) : try pythonNumber(negative: negative)
    if let byte = peek(), isIdentifierPart(byte) {
      if !isJSON, byte == UInt8(ascii: "j") || byte == UInt8(ascii: "J") {
        throw fail("complex numbers are not supported", at: start)
      }
      throw fail("invalid number", at: start)
    }
    return value
  }

  mutating func jsonNumber(negative: Bool) throws(LiteralError) -> LiteralValue {
    let start = index
    if peek() == UInt8(ascii: "0") {
      index += 1
      if let byte = peek(), byte.isDigit { throw fail("leading zeros are not allowed in JSON numbers", at: start) }
    } else {
      digits()
    }
    var isFloat = false
    if peek() == UInt8(ascii: ".") {
      index += 1
      guard digits() > 0 else { throw fail("expected digits after '.'") }
      isFloat = true
    }
    if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      index += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
      guard digits() > 0 else { throw fail("expected digits in the exponent") }
      isFloat = true
    }
    let text = Array(bytes[start..<index])
    return try finishNumber(text, isFloat: isFloat, radix: 10, negative: negative, start: start)
  }

  mutating func pythonNumber(negative: Bool) throws(LiteralError) -> LiteralValue {
    let start = index
    if peek() == UInt8(ascii: "0"), let marker = peek(1), let radix = radixFor(marker) {
      index += 2
      if peek() == UInt8(ascii: "_") { index += 1 }
      let digitsStart = index
      var text: [UInt8] = []
      var lastWasDigit = false
      while let byte = peek() {
        if byte == UInt8(ascii: "_") {
          guard lastWasDigit, let next = peek(1), digitValue(next, radix: radix) != nil else {
            throw fail("invalid underscore in a number", at: index)
          }
          lastWasDigit = false
        } else if digitValue(byte, radix: radix) != nil {
          text.append(byte)
          lastWasDigit = true
        } else if byte.isDigit || isIdentifierPart(byte) {
          throw fail("invalid digit '\(Character(Unicode.Scalar(byte)))' in a base-\(radix) number")
        } else {
          break
        }
        index += 1
      }
      guard index > digitsStart, !text.isEmpty else { throw fail("expected digits after the base prefix", at: start) }
      return try finishNumber(text, isFloat: false, radix: radix, negative: negative, start: start)
    }
    var text: [UInt8] = []
    let integerDigits = try pythonDigits(into: &text)
    var isFloat = false
    if peek() == UInt8(ascii: ".") {
      isFloat = true
      text.append(UInt8(ascii: "."))
      index += 1
      let fractionDigits = peek()?.isDigit == true ? try pythonDigits(into: &text) : 0
      if integerDigits == 0 && fractionDigits == 0 { throw fail("invalid number", at: start) }
    }
    if integerDigits > 0 || isFloat, peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
      isFloat = true
      text.append(UInt8(ascii: "e"))
      index += 1
      if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
        text.append(sign)
        index += 1
      }
      guard try pythonDigits(into: &text) > 0 else { throw fail("expected digits in the exponent") }
    }
    if !isFloat, text.count > 1, text[0] == UInt8(ascii: "0"), text.contains(where: { $0 != UInt8(ascii: "0") }) {
      throw fail("leading zeros in decimal integers are not allowed (use 0o for octal)", at: start)
    }
    return try finishNumber(text, isFloat: isFloat, radix: 10, negative: negative, start: start)
  }

  /// Decimal digits with single underscores between them; returns the digit count.
  mutating func pythonDigits(into text: inout [UInt8]) throws(LiteralError) -> Int {
    var count = 0
    while let byte = peek() {
      if byte.isDigit {
        text.append(byte)
        count += 1
      } else if byte == UInt8(ascii: "_") {
        guard count > 0, let next = peek(1), next.isDigit else { throw fail("invalid underscore in a number") }
      } else {
        break
      }
      index += 1
    }
    return count
  }

  @discardableResult mutating func digits() -> Int {
    let start = index
    while let byte = peek(), byte.isDigit { index += 1 }
    return index - start
  }

  func finishNumber(_ text: [UInt8], isFloat: Bool, radix: Int, negative: Bool, start: Int) throws(LiteralError) -> LiteralValue {
    if isFloat {
      guard let value = Double(String(decoding: text, as: UTF8.self)) else { throw fail("invalid number", at: start) }
      return .float(negative ? -value : value)
    }
    var magnitude: UInt64 = 0
    var overflow = false
    for byte in text {
      guard let digit = digitValue(byte, radix: radix) else { throw fail("invalid number", at: start) }
      let (times, o1) = magnitude.multipliedReportingOverflow(by: UInt64(radix))
      let (sum, o2) = times.addingReportingOverflow(UInt64(digit))
      if o1 || o2 { overflow = true; break }
      magnitude = sum
    }
    if !overflow {
      if !negative, magnitude <= UInt64(Int.max) { return .int(Int(magnitude)) }
      if negative, magnitude <= UInt64(Int.max) + 1 { return .int(Int(truncatingIfNeeded: 0 &- magnitude)) }
    }
    let prefix = radix == 16 ? "0x" : radix == 8 ? "0o" : radix == 2 ? "0b" : ""
    return .bigInt((negative ? "-" : "") + prefix + String(decoding: text, as: UTF8.self))
  }

  func radixFor(_ marker: UInt8) -> Int? {
    switch marker | 0x20 {
    case UInt8(ascii: "x"): return 16
    case UInt8(ascii: "o"): return 8
    case UInt8(ascii: "b"): return 2
    default: return nil
    }
  }

  func digitValue(_ byte: UInt8, radix: Int) -> Int? {
    let value: Int
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
    default: return nil
    }
    return value < radix ? value : nil
  }
}
