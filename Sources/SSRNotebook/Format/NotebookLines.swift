/// One line of a text, as UTF-8 byte offsets into the text.
struct NotebookLine: Sendable, Equatable {
  /// Offset of the first byte of the line.
  var start: Int
  /// Offset just past the line's content, before its terminator.
  var contentEnd: Int
  /// Offset just past the line's terminator (equal to `contentEnd` on a last line without one).
  var end: Int
  /// The 1-based line number in the file.
  var number: Int
}

/// The lines of a text, split the CommonMark way (`\n`, `\r\n` or a lone `\r` end a line).
///
/// All slicing happens at line starts or just after a leading byte order mark, so every
/// slice is valid UTF-8 and concatenating slices reproduces the input byte for byte.
struct NotebookLines: Sendable {
  /// The UTF-8 bytes of the whole text.
  let bytes: [UInt8]
  /// The lines in order.
  let lines: [NotebookLine]
  /// 3 when the text starts with a UTF-8 byte order mark, otherwise 0.
  let byteOrderMarkLength: Int

  /// Splits `text` into lines.
  init(_ text: String) {
    let bytes = Array(text.utf8)
    self.bytes = bytes
    let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    byteOrderMarkLength = bom
    var lines: [NotebookLine] = []
    var start = bom
    var index = bom
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0A || byte == 0x0D {
        var end = index + 1
        if byte == 0x0D, end < bytes.count, bytes[end] == 0x0A { end += 1 }
        lines.append(NotebookLine(start: start, contentEnd: index, end: end, number: lines.count + 1))
        start = end
        index = end
      } else {
        index += 1
      }
    }
    if start < bytes.count {
      lines.append(NotebookLine(start: start, contentEnd: bytes.count, end: bytes.count, number: lines.count + 1))
    }
    self.lines = lines
  }

  /// The content bytes of line `index` (0-based), without its terminator.
  func content(_ index: Int) -> ArraySlice<UInt8> {
    bytes[lines[index].start..<lines[index].contentEnd]
  }

  /// The text of the byte range `range`, which must start and end on line boundaries.
  func text(_ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
  }

  /// The terminator of line `index` ("", "\n", "\r\n" or "\r").
  func terminator(_ index: Int) -> String {
    text(lines[index].contentEnd..<lines[index].end)
  }

  /// Whether line `index` contains only spaces and tabs.
  func isBlank(_ index: Int) -> Bool {
    content(index).allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }

  /// The most common line terminator of the text, or "\n" when it has none.
  var dominantTerminator: String {
    var counts = (lf: 0, crlf: 0, cr: 0)
    for line in lines where line.end > line.contentEnd {
      switch line.end - line.contentEnd {
      case 2: counts.crlf += 1
      default: if bytes[line.contentEnd] == 0x0A { counts.lf += 1 } else { counts.cr += 1 }
      }
    }
    if counts.crlf > counts.lf && counts.crlf >= counts.cr { return "\r\n" }
    if counts.cr > counts.lf && counts.cr > counts.crlf { return "\r" }
    return "\n"
  }
}

extension NotebookLines {
  /// Converts a byte offset inside a line to a 1-based column counted in Characters.
  static func column(in line: ArraySlice<UInt8>, byteOffset: Int) -> Int {
    let clamped = line.startIndex + min(max(0, byteOffset), line.count)
    return String(decoding: line[line.startIndex..<clamped], as: UTF8.self).count + 1
  }
}
