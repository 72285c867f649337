/// A top-level piece of prose, as the exporters and the terminal display see it.
enum ProseBlock: Sendable, Equatable {
  /// Markdown text (lines ended by "\n"), including HTML blocks other than comments.
  case markdown(String)
  /// A fenced code block: its trimmed info string and its lines joined with "\n".
  case fence(info: String, code: String)
  /// An HTML comment block (the metadata comment included), lines ended by "\n".
  case comment(String)
}

/// Splits prose into Markdown text, fenced code blocks and HTML comments, following the same
/// CommonMark rules as the notebook parser.
enum ProseBlocks {
  /// The blocks of `prose` in order; line endings become "\n" and a leading BOM is dropped.
  static func split(_ prose: String) -> [ProseBlock] {
    let table = NotebookLines(prose)
    var blocks: [ProseBlock] = []
    var markdown = ""
    func line(_ index: Int) -> String {
      String(decoding: table.content(index), as: UTF8.self) + "\n"
    }
    func flush() {
      if !markdown.isEmpty { blocks.append(.markdown(markdown)) }
      markdown = ""
    }
    var index = 0
    while index < table.lines.count {
      let content = table.content(index)
      if let fence = MarkdownBlockSyntax.fenceOpening(content) {
        flush()
        var end = index + 1
        while end < table.lines.count, !MarkdownBlockSyntax.isFenceClosing(table.content(end), for: fence) { end += 1 }
        let code = (index + 1..<end).map {
          String(decoding: MarkdownBlockSyntax.removingIndent(table.content($0), upTo: fence.indent).0, as: UTF8.self)
        }
        blocks.append(.fence(info: fence.info, code: code.joined(separator: "\n")))
        index = min(end + 1, table.lines.count)
        continue
      }
      if let end = MarkdownBlockSyntax.htmlBlockStart(content) {
        var last = index
        let isComment = end == .marker([Array("-->".utf8)])
        switch end {
        case .marker(let markers):
          while last < table.lines.count,
            !markers.contains(where: { MarkdownBlockSyntax.contains(table.content(last), lowercase: $0) })
          {
            last += 1
          }
          last = min(last, table.lines.count - 1)
        case .blankLine:
          while last + 1 < table.lines.count, !table.isBlank(last + 1) { last += 1 }
        }
        let text = (index...last).map(line).joined()
        if isComment {
          flush()
          blocks.append(.comment(text))
        } else {
          markdown += text
        }
        index = last + 1
        continue
      }
      markdown += line(index)
      index += 1
    }
    flush()
    return blocks
  }

  /// The plain text of the first `# ` heading outside code blocks and HTML: no `#` markers,
  /// code-span backticks, emphasis markers or backslash escapes.
  static func firstTitle(in blocks: [ProseBlock]) -> String? {
    for case .markdown(let text) in blocks {
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if let heading = headingText(line, level: 1) {
          let title = ProseInline.parse(heading).map(\.text).joined()
          if !title.isEmpty { return title }
        }
      }
    }
    return nil
  }

  /// The text of an ATX heading line of exactly `level` (nil when `line` is not one).
  static func headingText(_ line: Substring, level: Int) -> String? {
    guard let (found, text) = atxHeading(line), found == level else { return nil }
    return text
  }

  /// Reads an ATX heading line: its level (1–6) and its text without `#` markers.
  static func atxHeading(_ line: Substring) -> (level: Int, text: String)? {
    let bytes = ArraySlice(Array(line.utf8))
    guard let indent = MarkdownBlockSyntax.smallIndent(bytes) else { return nil }
    var index = bytes.startIndex + indent
    var level = 0
    while index < bytes.endIndex, bytes[index] == 0x23 {
      level += 1
      index += 1
    }
    guard (1...6).contains(level), index == bytes.endIndex || bytes[index] == 0x20 || bytes[index] == 0x09 else {
      return nil
    }
    var text = MarkdownBlockSyntax.trimSpaces(bytes[index...])
    var end = text.endIndex
    while end > text.startIndex, text[end - 1] == 0x23 { end -= 1 }
    if end == text.startIndex || text[end - 1] == 0x20 || text[end - 1] == 0x09 {
      text = MarkdownBlockSyntax.trimSpaces(text[text.startIndex..<end])
    }
    return (level, String(decoding: text, as: UTF8.self))
  }
}
