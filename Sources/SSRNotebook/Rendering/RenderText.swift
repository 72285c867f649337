/// Text helpers shared by the renderers: display width, sanitising, truncation, padding.
enum RenderText {
  /// The ellipsis used when text is truncated.
  static func ellipsis(unicode: Bool) -> String { unicode ? "…" : "..." }

  /// Terminal columns one character occupies: 0 for controls and zero-width marks, 2 for East Asian
  /// wide/fullwidth characters and emoji shown in emoji presentation, 1 otherwise.
  static func width(of character: Character) -> Int {
    guard let first = character.unicodeScalars.first else { return 0 }
    if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
    switch first.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    for scalar in character.unicodeScalars {
      if isWide(scalar) || scalar.value == 0xFE0F { return 2 }
    }
    return 1
  }

  /// Terminal columns a string occupies (sum of its characters' widths).
  static func width(_ text: String) -> Int {
    var total = 0
    for character in text { total += width(of: character) }
    return total
  }

  /// Whether a scalar is East Asian wide/fullwidth or an emoji-presentation character.
  static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x1100 { return false }
    if wideRanges.contains(where: { $0.contains(value) }) { return true }
    return scalar.properties.isEmojiPresentation
  }

  /// East Asian wide and fullwidth blocks (simplified from Unicode's EastAsianWidth.txt).
  private static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
    0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
    0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
    0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
  ]

  /// Replaces line breaks, tabs and other control characters by spaces; with `ascii` true, also
  /// replaces every non-ASCII character by `?`, so the result is 7-bit printable.
  static func sanitize(_ text: String, ascii: Bool) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
      if isControl(character) {
        result.append(" ")
      } else if ascii && !character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
        result.append("?")
      } else {
        result.append(character)
      }
    }
    return result
  }

  /// Whether a character is a control, line or paragraph separator.
  static func isControl(_ character: Character) -> Bool {
    character.unicodeScalars.contains { scalar in
      switch scalar.properties.generalCategory {
      case .control, .lineSeparator, .paragraphSeparator: return true
      default: return false
      }
    }
  }

  /// Cuts `text` to at most `maxWidth` columns, ending in an ellipsis when something was removed.
  static func truncate(_ text: String, toWidth maxWidth: Int, unicode: Bool) -> String {
    if maxWidth <= 0 { return "" }
    if width(text) <= maxWidth { return text }
    let mark = ellipsis(unicode: unicode)
    let markWidth = width(mark)
    if maxWidth <= markWidth { return String(mark.prefix(maxWidth)) }
    var result = ""
    var used = 0
    for character in text {
      let columns = width(of: character)
      if used + columns > maxWidth - markWidth { break }
      result.append(character)
      used += columns
    }
    return result + mark
  }

  /// `text` followed by spaces up to `columns` display columns.
  static func padRight(_ text: String, to columns: Int) -> String {
    let missing = columns - width(text)
    return missing > 0 ? text + String(repeating: " ", count: missing) : text
  }

  /// Spaces followed by `text` up to `columns` display columns.
  static func padLeft(_ text: String, to columns: Int) -> String {
    let missing = columns - width(text)
    return missing > 0 ? String(repeating: " ", count: missing) + text : text
  }

  /// `line` without trailing spaces.
  static func trimTrailing(_ line: String) -> String {
    var result = Substring(line)
    while result.last == " " { result.removeLast() }
    return String(result)
  }

  /// Joins lines with `\n`, trimming trailing spaces from each (no trailing newline).
  static func join(_ lines: [String]) -> String {
    lines.map(trimTrailing).joined(separator: "\n")
  }
}
