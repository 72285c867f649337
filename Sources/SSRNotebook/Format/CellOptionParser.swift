/// One content line of a cell or output block, with its position in the file.
struct CellContentLine: Sendable {
  /// The line's bytes, with the fence's indentation removed and without terminator.
  var bytes: ArraySlice<UInt8>
  /// The 1-based file line.
  var fileLine: Int
  /// The number of spaces removed from the start of the file line.
  var indentRemoved: Int
}

/// The result of reading a cell's `//|` lines.
struct ParsedCellOptions: Sendable {
  var options = CellOptions()
  var diagnostics: [FormatDiagnostic] = []
  /// Where the `id` value was written, for duplicate-id diagnostics.
  var idPosition: (line: Int, column: Int)?
}

/// Reads the leading `//| key: value` lines of a cell.
enum CellOptionParser {
  /// Parses the option lines at the start of `lines` and flags option lines after the code.
  static func parse(_ lines: [CellContentLine], path: String?) -> ParsedCellOptions {
    var result = ParsedCellOptions()
    var firstSeen: [String: Int] = [:]
    var index = 0
    while index < lines.count, let bodyOffset = optionBodyOffset(lines[index].bytes) {
      read(lines[index], bodyOffset: bodyOffset, into: &result, firstSeen: &firstSeen, path: path)
      index += 1
    }
    result.options.optionLineCount = index
    for line in lines[index...] {
      if let bodyOffset = optionBodyOffset(line.bytes) {
        result.diagnostics.append(FormatDiagnostic(
          severity: .warning, line: line.fileLine,
          column: line.indentRemoved + NotebookLines.column(in: line.bytes, byteOffset: bodyOffset - 3),
          message: "cell option line after code is ignored; move it to the top of the cell, "
            + "before any code or blank line", path: path))
      }
    }
    return result
  }

  /// The byte offset just past `//|` when `line` is an option line (after optional spaces).
  static func optionBodyOffset(_ line: ArraySlice<UInt8>) -> Int? {
    var index = line.startIndex
    while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
    guard line.endIndex - index >= 3, line[index] == 0x2F, line[index + 1] == 0x2F,
      line[index + 2] == 0x7C
    else { return nil }
    return index + 3 - line.startIndex
  }

  private static func read(
    _ line: CellContentLine, bodyOffset: Int, into result: inout ParsedCellOptions,
    firstSeen: inout [String: Int], path: String?
  ) {
    let bytes = line.bytes
    func column(_ offset: Int) -> Int { line.indentRemoved + NotebookLines.column(in: bytes, byteOffset: offset) }
    func report(_ severity: FormatDiagnostic.Severity, _ offset: Int, _ message: String) {
      result.diagnostics.append(FormatDiagnostic(
        severity: severity, line: line.fileLine, column: column(offset), message: message, path: path))
    }
    var index = bytes.startIndex + bodyOffset
    while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    let keyStart = index
    if index < bytes.endIndex, isIdentifierStart(bytes[index]) {
      index += 1
      while index < bytes.endIndex, isIdentifierContinue(bytes[index]) { index += 1 }
    }
    let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
    let keyOffset = keyStart - bytes.startIndex
    while index < bytes.endIndex, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    guard !key.isEmpty else {
      report(.error, keyOffset, "malformed cell option; write `//| key: value` or `//| key`")
      return
    }
    var value: String?
    var valueOffset = index - bytes.startIndex
    if index < bytes.endIndex, bytes[index] == 0x3A {  // ":"
      let trimmed = MarkdownBlockSyntax.trimSpaces(bytes[(index + 1)...])
      value = String(decoding: trimmed, as: UTF8.self)
      valueOffset = trimmed.startIndex - bytes.startIndex
    } else if index < bytes.endIndex {
      report(.error, keyOffset, "malformed cell option; write `//| key: value` or `//| key`")
      return
    }
    if let first = firstSeen[key] {
      report(.error, keyOffset, "cell option `\(key)` is given twice (first on line \(first)); remove one")
      return
    }
    firstSeen[key] = line.fileLine
    if value?.isEmpty == true {
      report(.error, valueOffset, "cell option `\(key)` has an empty value; write `//| \(key): VALUE`")
      return
    }
    switch key {
    case "id":
      guard let value else {
        report(.error, keyOffset, "cell option `id` needs a value; write `//| id: NAME`")
        return
      }
      guard isIdentifier(value) else {
        report(.error, valueOffset, "cell id `\(value)` is not a valid name; use letters, digits, "
          + "`_` and `-`, starting with a letter or `_`")
        return
      }
      result.options.id = value
      result.idPosition = (line.fileLine, column(valueOffset))
    case "cache", "parameters":
      guard let value else {
        if key == "cache" { result.options.cache = true } else { result.options.isParameters = true }
        return
      }
      guard let flag = boolean(value) else {
        report(.error, valueOffset, "cell option `\(key)` must be `true` or `false`, not `\(value)`")
        return
      }
      if key == "cache" { result.options.cache = flag } else { result.options.isParameters = flag }
    case "check", "echo":
      guard let value else {
        report(.error, keyOffset, "cell option `\(key)` needs a value; write `//| \(key): false` "
          + "or `//| \(key): true`")
        return
      }
      guard let flag = boolean(value) else {
        report(.error, valueOffset, "cell option `\(key)` must be `true` or `false`, not `\(value)`")
        return
      }
      if key == "check" { result.options.check = flag } else { result.options.echo = flag }
    case "timeout":
      guard let value, let seconds = duration(value) else {
        report(.error, value == nil ? keyOffset : valueOffset,
          "cell option `timeout` must be a positive duration such as `600s`, `10m` or `1h`"
            + (value.map { ", not `\($0)`" } ?? ""))
        return
      }
      result.options.timeout = seconds
    default:
      var message = "unknown cell option `\(key)`"
      if let suggestion = OptionEditDistance.closest(to: key, among: CellOptions.knownKeys) {
        message += "; did you mean `\(suggestion)`?"
      } else {
        message += "; known options are " + CellOptions.knownKeys.map { "`\($0)`" }.joined(separator: ", ")
      }
      report(.warning, keyOffset, message)
    }
  }

  /// Parses `true` or `false`.
  static func boolean(_ text: String) -> Bool? {
    switch text {
    case "true": return true
    case "false": return false
    default: return nil
    }
  }

  /// Parses a duration such as `600s`, `1.5m`, `250ms`, `2h` or `30` (seconds) into seconds.
  static func duration(_ text: String) -> Double? {
    let units: [(suffix: String, seconds: Double)] = [
      ("ms", 0.001), ("min", 60), ("s", 1), ("m", 60), ("h", 3600), ("", 1),
    ]
    for unit in units where text.hasSuffix(unit.suffix) {
      let number = text.dropLast(unit.suffix.count)
      guard !number.isEmpty, number.utf8.allSatisfy({ MarkdownBlockSyntax.isASCIIDigit($0) || $0 == 0x2E }),
        number.utf8.filter({ $0 == 0x2E }).count <= 1, number.first != ".", number.last != ".",
        let amount = Double(number)
      else { continue }
      let seconds = amount * unit.seconds
      return seconds.isFinite && seconds > 0 ? seconds : nil
    }
    return nil
  }

  /// Whether `text` matches `[A-Za-z_][A-Za-z0-9_-]*`.
  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.utf8.first, isIdentifierStart(first) else { return false }
    return text.utf8.dropFirst().allSatisfy(isIdentifierContinue)
  }

  static func isIdentifierStart(_ byte: UInt8) -> Bool {
    MarkdownBlockSyntax.isASCIILetter(byte) || byte == 0x5F
  }

  static func isIdentifierContinue(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || MarkdownBlockSyntax.isASCIIDigit(byte) || byte == 0x2D
  }
}

/// Levenshtein distance, for "did you mean" suggestions.
enum OptionEditDistance {
  /// The Levenshtein distance between `a` and `b`, counted in Characters.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }

  /// The candidate closest to `word` within a distance of 2 (or 1 for words of up to 3 characters).
  static func closest(to word: String, among candidates: [String]) -> String? {
    let limit = word.count <= 3 ? 1 : 2
    let scored = candidates.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= limit }
    return scored.min { $0.1 < $1.1 }?.0
  }
}
