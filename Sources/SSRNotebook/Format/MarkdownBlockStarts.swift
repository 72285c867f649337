/// A list item's marker, as read at the start of a line.
struct MarkdownListMarker: Sendable, Equatable {
  /// Whether the marker is a number.
  var isOrdered: Bool
  /// The bullet (`-`, `+`, `*`) or the delimiter after the number (`.`, `)`).
  var delimiter: UInt8
  /// The number (1 for bullets).
  var number: Int
  /// The marker's length in bytes.
  var length: Int
  /// Whether only spaces and tabs follow the marker.
  var isEmpty: Bool
}

/// Recognisers of CommonMark block starts. Each reads `text`, a line from its first
/// non-space byte on (the caller has checked that the indentation is under 4 columns).
extension MarkdownBlockSyntax {
  static func isSpaceOrTab(_ byte: UInt8?) -> Bool {
    byte == 0x20 || byte == 0x09
  }

  /// Whether `text` is a thematic break: 3 or more `*`, `-` or `_` (one kind), spaces and tabs between.
  static func isThematicBreak(_ text: ArraySlice<UInt8>) -> Bool {
    guard let first = text.first, first == 0x2A || first == 0x2D || first == 0x5F else { return false }
    var count = 0
    for byte in text {
      if byte == first {
        count += 1
      } else if !isSpaceOrTab(byte) {
        return false
      }
    }
    return count >= 3
  }

  /// The level of the ATX heading that `text` opens (`#` to `######` then a space, a tab or the end).
  static func atxHeadingLevel(_ text: ArraySlice<UInt8>) -> Int? {
    var index = text.startIndex
    while index < text.endIndex, text[index] == 0x23 { index += 1 }
    let level = index - text.startIndex
    guard (1...6).contains(level), index == text.endIndex || isSpaceOrTab(text[index]) else { return nil }
    return level
  }

  /// The level of the setext heading underline `text` (`=` gives 1, `-` gives 2).
  static func setextUnderlineLevel(_ text: ArraySlice<UInt8>) -> Int? {
    guard let first = text.first, first == 0x3D || first == 0x2D else { return nil }
    var index = text.startIndex
    while index < text.endIndex, text[index] == first { index += 1 }
    guard text[index...].allSatisfy({ isSpaceOrTab($0) }) else { return nil }
    return first == 0x3D ? 1 : 2
  }

  /// The list marker that `text` starts with: a bullet, or 1 to 9 digits then `.` or `)`,
  /// followed by a space, a tab or the end of the line.
  static func listMarker(_ text: ArraySlice<UInt8>) -> MarkdownListMarker? {
    guard let first = text.first else { return nil }
    var marker: MarkdownListMarker
    if first == 0x2D || first == 0x2B || first == 0x2A {
      marker = MarkdownListMarker(isOrdered: false, delimiter: first, number: 1, length: 1, isEmpty: false)
    } else {
      var index = text.startIndex
      var number = 0
      while index < text.endIndex, index - text.startIndex < 9, isASCIIDigit(text[index]) {
        number = number * 10 + Int(text[index] - 0x30)
        index += 1
      }
      guard index > text.startIndex, index < text.endIndex, text[index] == 0x2E || text[index] == 0x29 else {
        return nil
      }
      marker = MarkdownListMarker(
        isOrdered: true, delimiter: text[index], number: number, length: index + 1 - text.startIndex, isEmpty: false)
    }
    let after = text[(text.startIndex + marker.length)...]
    guard after.isEmpty || isSpaceOrTab(after.first) else { return nil }
    marker.isEmpty = after.allSatisfy { isSpaceOrTab($0) }
    return marker
  }

  /// Whether a line whose content starts with `text` (indented less than 4 columns) starts a
  /// block that ends a paragraph: a block quote, an ATX heading, a fence, an HTML block of
  /// types 1 to 6, a thematic break, or a list item with content that is a bullet or starts at 1.
  /// (A setext underline is read before this, as it turns the paragraph into a heading.)
  static func interruptsParagraph(_ text: ArraySlice<UInt8>) -> Bool {
    if text.first == 0x3E || atxHeadingLevel(text) != nil || fenceOpening(text) != nil
      || htmlBlockStart(text) != nil || isThematicBreak(text)
    {
      return true
    }
    if let marker = listMarker(text), !marker.isEmpty, !marker.isOrdered || marker.number == 1 { return true }
    return false
  }

  /// Whether `text` is an HTML block of type 7: one complete open or closing tag, then only
  /// spaces and tabs. Such a block cannot interrupt a paragraph.
  static func isHTMLBlockType7Start(_ text: ArraySlice<UInt8>) -> Bool {
    guard text.first == 0x3C else { return false }
    var index = text.startIndex + 1
    let isClosing = index < text.endIndex && text[index] == 0x2F
    if isClosing { index += 1 }
    guard index < text.endIndex, isASCIILetter(text[index]) else { return false }
    while index < text.endIndex, isASCIILetter(text[index]) || isASCIIDigit(text[index]) || text[index] == 0x2D {
      index += 1
    }
    func skipWhitespace() -> Bool {
      let start = index
      while index < text.endIndex, isSpaceOrTab(text[index]) { index += 1 }
      return index > start
    }
    if isClosing {
      _ = skipWhitespace()
    } else {
      while true {
        let save = index
        guard skipWhitespace(), index < text.endIndex, isAttributeNameStart(text[index]) else {
          index = save
          break
        }
        while index < text.endIndex, isAttributeNameStart(text[index]) || isASCIIDigit(text[index])
          || text[index] == 0x2E || text[index] == 0x2D
        {
          index += 1
        }
        let afterName = index
        _ = skipWhitespace()
        guard index < text.endIndex, text[index] == 0x3D else {
          index = afterName
          continue
        }
        index += 1
        _ = skipWhitespace()
        guard index < text.endIndex, skipAttributeValue(text, &index) else { return false }
      }
      _ = skipWhitespace()
      if index < text.endIndex, text[index] == 0x2F { index += 1 }
    }
    guard index < text.endIndex, text[index] == 0x3E else { return false }
    return text[(index + 1)...].allSatisfy { isSpaceOrTab($0) }
  }

  private static func isAttributeNameStart(_ byte: UInt8) -> Bool {
    isASCIILetter(byte) || byte == 0x5F || byte == 0x3A
  }

  /// Skips a quoted or unquoted attribute value at `index`; false when there is none.
  private static func skipAttributeValue(_ text: ArraySlice<UInt8>, _ index: inout Int) -> Bool {
    let quote = text[index]
    if quote == 0x22 || quote == 0x27 {
      guard let close = text[(index + 1)...].firstIndex(of: quote) else { return false }
      index = close + 1
      return true
    }
    let start = index
    while index < text.endIndex {
      let byte = text[index]
      if byte <= 0x20 || byte == 0x22 || byte == 0x27 || byte == 0x3D || byte == 0x3C || byte == 0x3E || byte == 0x60 {
        break
      }
      index += 1
    }
    return index > start
  }
}
