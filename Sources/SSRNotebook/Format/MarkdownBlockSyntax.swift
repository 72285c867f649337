/// The opening line of a CommonMark fenced code block.
struct MarkdownFence: Sendable, Equatable {
  /// Spaces before the fence (0 to 3).
  var indent: Int
  /// The fence character: a backtick or a tilde.
  var marker: UInt8
  /// The number of fence characters (at least 3).
  var length: Int
  /// The info string, trimmed of spaces and tabs.
  var info: String
  /// Byte offset of the info string's first byte within the line.
  var infoOffset: Int
}

/// How an HTML block (CommonMark types 1 to 6) ends.
enum MarkdownHTMLBlockEnd: Sendable, Equatable {
  /// At the first line (the start line included) containing one of these lowercase strings.
  case marker([[UInt8]])
  /// Just before the next blank line.
  case blankLine

  /// How an HTML comment (type 2) ends.
  static let comment = MarkdownHTMLBlockEnd.marker([Array("-->".utf8)])
}

/// Line-level CommonMark block syntax used by the notebook scanner.
enum MarkdownBlockSyntax {
  static let backtick: UInt8 = 0x60
  static let tilde: UInt8 = 0x7E

  /// The number of leading spaces, or nil when a tab comes first or there are 4 or more.
  static func smallIndent(_ line: ArraySlice<UInt8>) -> Int? {
    var count = 0
    for byte in line {
      if byte == 0x20 {
        count += 1
        if count > 3 { return nil }
      } else if byte == 0x09 {
        return nil
      } else {
        break
      }
    }
    return count
  }

  /// Parses a fence opening, following CommonMark (0–3 spaces, 3+ backticks or tildes,
  /// no backtick in the info string of a backtick fence).
  static func fenceOpening(_ line: ArraySlice<UInt8>) -> MarkdownFence? {
    guard let indent = smallIndent(line) else { return nil }
    let markerIndex = line.startIndex + indent
    guard markerIndex < line.endIndex else { return nil }
    let marker = line[markerIndex]
    guard marker == backtick || marker == tilde else { return nil }
    var index = markerIndex
    while index < line.endIndex, line[index] == marker { index += 1 }
    let length = index - markerIndex
    guard length >= 3 else { return nil }
    let rest = line[index...]
    if marker == backtick, rest.contains(backtick) { return nil }
    let trimmed = trimSpaces(rest)
    return MarkdownFence(
      indent: indent, marker: marker, length: length,
      info: String(decoding: trimmed, as: UTF8.self),
      infoOffset: trimmed.startIndex - line.startIndex)
  }

  /// Whether `line` closes a fence opened by `opening`.
  static func isFenceClosing(_ line: ArraySlice<UInt8>, for opening: MarkdownFence) -> Bool {
    guard let indent = smallIndent(line) else { return false }
    var index = line.startIndex + indent
    let runStart = index
    while index < line.endIndex, line[index] == opening.marker { index += 1 }
    guard index - runStart >= opening.length else { return false }
    return line[index...].allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }

  /// The content line `line` of a top-level fenced block whose fence is indented by `count`
  /// columns: up to `count` columns of spaces and tabs removed, as CommonMark does (a tab
  /// straddling the limit leaves its remaining columns as spaces). Also returns the file column
  /// minus the content column of the line's text (bytes removed less spaces added).
  static func removingFenceIndent(_ line: ArraySlice<UInt8>, upTo count: Int) -> (ArraySlice<UInt8>, Int) {
    var cursor = MarkdownLineCursor(line)
    var remaining = count
    while remaining > 0, isSpaceOrTab(cursor.byte(at: cursor.offset)) {
      cursor.advance(by: 1, columns: true)
      remaining -= 1
    }
    guard cursor.partiallyConsumedTab else { return (cursor.rest, cursor.offset - line.startIndex) }
    let spaces = 4 - cursor.column % 4
    let bytes = Array(repeating: UInt8(0x20), count: spaces) + line[(cursor.offset + 1)...]
    return (ArraySlice(bytes), cursor.offset + 1 - line.startIndex - spaces)
  }

  /// The slice without leading and trailing spaces and tabs.
  static func trimSpaces(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    return bytes[start..<end]
  }

  /// Whether `haystack` contains `needle`, comparing ASCII letters case-insensitively
  /// (`needle` must be lowercase).
  static func contains(_ haystack: ArraySlice<UInt8>, lowercase needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    var start = haystack.startIndex
    while start + needle.count <= haystack.endIndex {
      var matched = true
      for offset in 0..<needle.count where lowercased(haystack[start + offset]) != needle[offset] {
        matched = false
        break
      }
      if matched { return true }
      start += 1
    }
    return false
  }

  /// Whether `bytes` starts with `prefix`, comparing ASCII letters case-insensitively.
  static func hasPrefix(_ bytes: ArraySlice<UInt8>, lowercase prefix: [UInt8]) -> Bool {
    guard bytes.count >= prefix.count else { return false }
    return zip(bytes, prefix).allSatisfy { lowercased($0) == $1 }
  }

  static func lowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
  }

  static func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }

  static func isASCIIDigit(_ byte: UInt8) -> Bool {
    byte >= 0x30 && byte <= 0x39
  }

  private static let rawTextTags = ["script", "pre", "style", "textarea"]
  private static let blockTags: Set<String> = [
    "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center",
    "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
    "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul",
  ]

  /// Recognises the start of a CommonMark HTML block of types 1 to 6 and tells how it ends.
  /// Type 7 (any other tag alone on a line) is not recognised.
  static func htmlBlockStart(_ line: ArraySlice<UInt8>) -> MarkdownHTMLBlockEnd? {
    guard let indent = smallIndent(line) else { return nil }
    let rest = line[(line.startIndex + indent)...]
    guard rest.first == 0x3C else { return nil }  // "<"
    for tag in rawTextTags {
      let open = Array("<\(tag)".utf8)
      if hasPrefix(rest, lowercase: open) {
        let after = rest.dropFirst(open.count)
        if after.isEmpty || after.first == 0x20 || after.first == 0x09 || after.first == 0x3E {
          return .marker(rawTextTags.map { Array("</\($0)>".utf8) })
        }
      }
    }
    if hasPrefix(rest, lowercase: Array("<!--".utf8)) { return .comment }
    if hasPrefix(rest, lowercase: Array("<?".utf8)) { return .marker([Array("?>".utf8)]) }
    if hasPrefix(rest, lowercase: Array("<![cdata[".utf8)) { return .marker([Array("]]>".utf8)]) }
    if rest.count >= 3, rest[rest.startIndex + 1] == 0x21, isASCIILetter(rest[rest.startIndex + 2]) {
      return .marker([Array(">".utf8)])
    }
    var index = rest.startIndex + 1
    if index < rest.endIndex, rest[index] == 0x2F { index += 1 }  // "/"
    let nameStart = index
    while index < rest.endIndex, isASCIILetter(rest[index]) || isASCIIDigit(rest[index]) { index += 1 }
    guard index > nameStart else { return nil }
    let name = String(decoding: rest[nameStart..<index].map(lowercased), as: UTF8.self)
    guard blockTags.contains(name) else { return nil }
    let after = rest[index...]
    if after.isEmpty || after.first == 0x20 || after.first == 0x09 || after.first == 0x3E
      || hasPrefix(after, lowercase: Array("/>".utf8))
    {
      return .blankLine
    }
    return nil
  }
}
