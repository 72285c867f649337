import Ink

/// Renders notebook prose as HTML: the blocks as CommonMark reads them (`MarkdownBlockParser`),
/// the inline markup of each paragraph and heading by Ink.
///
/// Ink's own block reader is not used: it starts a new paragraph at a wrapped line that begins
/// with a backtick, `#`, `-` or `<`, keeps block quotes to one paragraph and knows no code
/// blocks inside quotes or lists. Here a paragraph's soft line breaks are joined into spaces
/// before Ink sees it, so Ink only reads inline markup. Raw HTML is shown as text (see
/// `InkSanitizer`), HTML comments are dropped, and code blocks at any depth are written here,
/// escaped. A paragraph of pipe-table rows with a delimiter row goes to Ink whole, which draws
/// the table. Link reference definitions of the prose are given to each Ink call.
struct HTMLProse {
  private let parser = MarkdownParser()
  /// The prose's link reference definitions, one a line.
  private var definitions = ""

  /// The HTML of each top-level block of `prose`, in order (empty blocks left out).
  static func render(_ prose: String) -> [String] {
    let document = MarkdownBlockParser.parse(prose)
    var renderer = HTMLProse()
    let definitions = document.allBlocks.filter { $0.kind == .paragraph && isDefinitions($0.lines) }
    renderer.definitions = definitions.flatMap(\.lines).map { $0 + "\n" }.joined()
    return document.children.map { renderer.html($0, tight: false) }.filter { !$0.isEmpty }
  }

  private func html(_ block: MarkdownBlock, tight: Bool) -> String {
    switch block.kind {
    case .document, .listItem:
      return children(block, tight: tight)
    case .paragraph:
      if Self.isDefinitions(block.lines) { return "" }
      if Self.isTable(block.lines) {
        return parser.html(from: definitions + "\n" + InkSanitizer.sanitize(block.lines.joined(separator: "\n")))
      }
      return tight ? inline(block.lines) : "<p>\(inline(block.lines))</p>"
    case .heading(let level):
      let lines = block.lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
      return "<h\(level)>\(inline(lines))</h\(level)>"
    case .thematicBreak:
      return "<hr>"
    case .fencedCode(let fence, _):
      let language = fence.info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
      return Self.code(block.lines, language: language)
    case .indentedCode:
      return Self.code(block.lines, language: "")
    case .html(let end):
      return end == .comment ? "" : "<p>\(inline(block.lines))</p>"
    case .blockQuote:
      return "<blockquote>\n\(children(block, tight: false))\n</blockquote>"
    case .list(let list):
      let tag = list.isOrdered ? "ol" : "ul"
      let start = list.isOrdered && list.start != 1 ? " start=\"\(list.start)\"" : ""
      let items = block.children.map { "<li>\(html($0, tight: list.isTight))</li>" }
      return "<\(tag)\(start)>\n\(items.joined(separator: "\n"))\n</\(tag)>"
    }
  }

  private func children(_ block: MarkdownBlock, tight: Bool) -> String {
    block.children.map { html($0, tight: tight) }.filter { !$0.isEmpty }.joined(separator: "\n")
  }

  private static func code(_ lines: [String], language: String) -> String {
    let attribute = language.isEmpty ? "" : " class=\"language-\(NotebookExport.escapeHTML(language))\""
    return "<pre><code\(attribute)>\(NotebookExport.escapeHTML(lines.joined(separator: "\n")))</code></pre>"
  }

  /// The inline HTML of a paragraph's `lines`: soft line breaks become spaces, hard breaks
  /// (two spaces or a backslash at the end of a line) stay line breaks, which Ink turns into
  /// `<br>` without ending the paragraph.
  private func inline(_ lines: [String]) -> String {
    var text = ""
    for (offset, line) in lines.enumerated() {
      let isLast = offset == lines.count - 1
      var line = Substring(line)
      let hardBreak = !isLast && (line.hasSuffix("  ") || line.hasSuffix("\\"))
      if !hardBreak {
        while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
      }
      text += line
      if !isLast { text += hardBreak ? "\n" : " " }
    }
    // Ink reads a text that starts with `#`, `!`, `-`, a digit… as a block of its own: a
    // leading "x " keeps it a paragraph, and is taken off again.
    let html = parser.html(from: definitions + "\nx " + InkSanitizer.sanitize(text))
    guard html.hasPrefix("<p>x "), html.hasSuffix("</p>") else { return NotebookExport.escapeHTML(text) }
    return String(html.dropFirst(5).dropLast(4))
  }

  /// Whether every line is a link reference definition (`[label]: destination`).
  static func isDefinitions(_ lines: [String]) -> Bool {
    !lines.isEmpty && lines.allSatisfy { line in
      guard line.hasPrefix("["), let close = line.firstIndex(of: "]"), close > line.index(after: line.startIndex)
      else { return false }
      let rest = line[line.index(after: close)...]
      return rest.hasPrefix(":") && rest.dropFirst().contains(where: { $0 != " " && $0 != "\t" })
    }
  }

  /// Whether `lines` are a pipe table: a header row, then a delimiter row such as `|---|:-:|`.
  static func isTable(_ lines: [String]) -> Bool {
    guard lines.count >= 2, lines[0].contains("|") else { return false }
    let delimiter = lines[1]
    return delimiter.contains("|") && delimiter.contains("-") && delimiter.allSatisfy { "|:- \t".contains($0) }
  }
}
