/// Reading and writing the `{cell=ID hash=H status=error}` attributes of output fences.
enum OutputAttributes {
  /// The attribute keys that output fences understand.
  static let knownKeys = ["cell", "hash", "status"]

  /// The part of an info string after the word `output`, or nil when the fence is not an output fence.
  static func outputInfoRest(_ info: String) -> Substring? {
    guard info.hasPrefix("output") else { return nil }
    let rest = info.dropFirst("output".count)
    guard let next = rest.unicodeScalars.first else { return rest }
    return next == " " || next == "\t" || next == "{" ? rest : nil
  }

  /// A problem found in an attribute list, at a byte offset within the list text.
  struct Problem: Sendable, Equatable {
    var offset: Int
    var message: String
  }

  /// Parses `{key=value key="quoted value" …}` (the text after `output`).
  ///
  /// The first value of a repeated key is kept. Unknown keys and bad `status` values are reported.
  static func parse(_ text: Substring) -> (attributes: [String: String], problems: [Problem]) {
    let bytes = Array(text.utf8)
    var attributes: [String: String] = [:]
    var problems: [Problem] = []
    var index = 0
    func skipSpaces() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
    skipSpaces()
    guard index < bytes.count else { return ([:], []) }
    guard bytes[index] == 0x7B else {  // "{"
      return ([:], [Problem(offset: index, message: "output attributes must be written in braces, "
        + "such as `{cell=data hash=5e1c0a93}`")])
    }
    index += 1
    while true {
      skipSpaces()
      guard index < bytes.count else {
        problems.append(Problem(offset: index, message: "output attributes are missing the closing `}`"))
        break
      }
      if bytes[index] == 0x7D {  // "}"
        index += 1
        skipSpaces()
        if index < bytes.count {
          problems.append(Problem(offset: index, message: "unexpected text after the output attributes"))
        }
        break
      }
      let keyStart = index
      while index < bytes.count, CellOptionParser.isIdentifierContinue(bytes[index]) { index += 1 }
      let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
      guard !key.isEmpty, index < bytes.count, bytes[index] == 0x3D else {  // "="
        problems.append(Problem(offset: keyStart, message: "malformed output attribute; write `key=value`"))
        while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x09, bytes[index] != 0x7D {
          index += 1
        }
        continue
      }
      index += 1
      let valueStart = index
      guard let value = readValue(bytes, &index) else {
        problems.append(Problem(offset: valueStart, message: "output attribute `\(key)` has an unterminated quoted value"))
        break
      }
      if attributes[key] != nil {
        problems.append(Problem(offset: keyStart, message: "output attribute `\(key)` is given twice; the first one is used"))
      } else if !knownKeys.contains(key) {
        problems.append(Problem(offset: keyStart, message: "unknown output attribute `\(key)`; known attributes "
          + "are `cell`, `hash` and `status`"))
        attributes[key] = value
      } else {
        if key == "status", value != "error", value != "ok" {
          problems.append(Problem(offset: valueStart, message: "output attribute `status` must be `error` or `ok`, not `\(value)`"))
        }
        attributes[key] = value
      }
    }
    return (attributes, problems)
  }

  /// Reads a bare or double-quoted value at `index`; nil for an unterminated quote.
  private static func readValue(_ bytes: [UInt8], _ index: inout Int) -> String? {
    if index < bytes.count, bytes[index] == 0x22 {  // '"'
      index += 1
      var value: [UInt8] = []
      while index < bytes.count {
        let byte = bytes[index]
        if byte == 0x22 {
          index += 1
          return String(decoding: value, as: UTF8.self)
        }
        if byte == 0x5C, index + 1 < bytes.count {  // backslash
          index += 1
        }
        value.append(bytes[index])
        index += 1
      }
      return nil
    }
    let start = index
    while index < bytes.count, !isSpecial(bytes[index]) { index += 1 }
    return String(decoding: bytes[start..<index], as: UTF8.self)
  }

  private static func isSpecial(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x7D || byte == 0x7B || byte == 0x22 || byte == 0x3D
  }

  /// Writes a value bare when it can be read back bare, otherwise quoted with backslash escapes.
  static func formatValue(_ value: String) -> String {
    if !value.isEmpty, !value.utf8.contains(where: { isSpecial($0) || $0 == 0x5C || $0 < 0x20 || $0 == 0x60 }) {
      return value
    }
    var quoted = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": quoted += "\\\""
      case "\\": quoted += "\\\\"
      case "`": quoted += "'"
      case "\n", "\r": quoted += " "
      default: quoted.unicodeScalars.append(scalar)
      }
    }
    return quoted + "\""
  }

  /// The attribute list written after `output` for a cell's new output.
  static func format(cell: String, hash: String, isError: Bool) -> String {
    var text = "{cell=\(formatValue(cell)) hash=\(formatValue(hash))"
    if isError { text += " status=error" }
    return text + "}"
  }
}
