/// A top-level piece of prose, as the exporters and the terminal display see it.
enum ProseBlock: Sendable, Equatable {
  /// Markdown text (lines ended by "\n"), including HTML blocks other than comments.
  case markdown(String)
  /// A fenced code block: its trimmed info string and its lines joined with "\n".
  case fence(info: String, code: String)
  /// An HTML comment block (the metadata comment included), lines ended by "\n".
  case comment(String)
}

/// Splits prose into Markdown text, top-level fenced code blocks and top-level HTML comments,
/// reading its block structure as the notebook parser does (`MarkdownBlockParser`). Fences
/// inside block quotes and list items stay in the Markdown text.
enum ProseBlocks {
  /// The blocks of `prose` in order; line endings become "\n" and a leading BOM is dropped.
  static func split(_ prose: String) -> [ProseBlock] {
    let table = NotebookLines(prose)
    var blocks: [ProseBlock] = []
    var markdown = ""
    func text(_ lines: Range<Int>) -> String {
      lines.map { String(decoding: table.content($0), as: UTF8.self) + "\n" }.joined()
    }
    func flush() {
      if !markdown.isEmpty { blocks.append(.markdown(markdown)) }
      markdown = ""
    }
    var next = 0
    for block in MarkdownBlockParser.parse(table).children {
      switch block.kind {
      case .fencedCode(let fence, _):
        markdown += text(next..<block.firstLine)
        flush()
        blocks.append(.fence(info: fence.info, code: block.lines.joined(separator: "\n")))
      case .html(let end) where end == MarkdownHTMLBlockEnd.comment:
        markdown += text(next..<block.firstLine)
        flush()
        blocks.append(.comment(text(block.firstLine..<(block.lastLine + 1))))
      default:
        continue
      }
      next = block.lastLine + 1
    }
    markdown += text(next..<table.lines.count)
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
