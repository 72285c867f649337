/// The block-level part of `ProseDisplay`: a line-based reader of CommonMark blocks (top-level
/// fences and HTML comments are taken out by `ProseBlocks` first; fences inside quotes and list
/// items are read here). Paragraphs end where `MarkdownBlockSyntax.interruptsParagraph` says,
/// the rule the notebook parser and the HTML export follow too.
struct ProseBlockRenderer {
  let ansi: Bool

  /// Quotes and lists nested deeper than this are shown as paragraphs.
  static let maximumDepth = 24

  /// The rendered blocks of `lines`, each a list of output lines.
  func blocks(_ lines: [String], width: Int, depth: Int = 0) -> [[String]] {
    let nests = depth < Self.maximumDepth
    var result: [[String]] = []
    var index = 0
    while index < lines.count {
      let line = lines[index]
      if isBlank(line) {
        index += 1
      } else if let (level, text) = ProseBlocks.atxHeading(Substring(line)) {
        result.append(heading(level: level, text: text, width: width))
        index += 1
      } else if isThematicBreak(line) {
        result.append([String(repeating: ansi ? "─" : "-", count: min(width, 80))])
        index += 1
      } else if let fence = MarkdownBlockSyntax.fenceOpening(ArraySlice(line.utf8)) {
        var end = index + 1
        while end < lines.count, !MarkdownBlockSyntax.isFenceClosing(ArraySlice(lines[end].utf8), for: fence) { end += 1 }
        let code = lines[(index + 1)..<end].map {
          String(decoding: MarkdownBlockSyntax.removingFenceIndent(ArraySlice($0.utf8), upTo: fence.indent).0, as: UTF8.self)
        }
        if code.contains(where: { !isBlank($0) }) { result.append(code.map { $0.isEmpty ? "" : "    " + $0 }) }
        index = min(end + 1, lines.count)
      } else if nests, quoteContent(line) != nil {
        var inner: [String] = []
        while index < lines.count, let content = quoteContent(lines[index]) {
          inner.append(content)
          index += 1
        }
        let marker = ansi ? "  │" : "  >"
        let rendered = blocks(inner, width: max(1, width - 4), depth: depth + 1)
        result.append(joinBlocks(rendered).map { $0.isEmpty ? marker : marker + " " + $0 })
      } else if nests, listItem(line) != nil {
        result.append(list(lines, &index, width: width, depth: depth))
      } else if indentColumns(line) >= 4 {
        var end = index
        while end < lines.count, isBlank(lines[end]) || indentColumns(lines[end]) >= 4 { end += 1 }
        while end > index, isBlank(lines[end - 1]) { end -= 1 }
        result.append(Array(lines[index..<end]))
        index = end
      } else if isTableStart(lines, index) || MarkdownBlockSyntax.htmlBlockStart(ArraySlice(line.utf8)) != nil {
        var end = index
        while end < lines.count, !isBlank(lines[end]) { end += 1 }
        result.append(Array(lines[index..<end]))
        index = end
      } else {
        result.append(paragraph(lines, &index, width: width))
      }
    }
    return result
  }

  private func joinBlocks(_ blocks: [[String]]) -> [String] {
    var lines: [String] = []
    for (offset, block) in blocks.enumerated() {
      if offset > 0 { lines.append("") }
      lines += block
    }
    return lines
  }

  private func heading(level: Int, text: String, width: Int) -> [String] {
    guard !text.isEmpty else { return [] }
    if ansi {
      let style: ProseStyle = level == 1 ? [.bold, .underline] : .bold
      return ProseInline.wrap(ProseInline.parse(text, style: style), width: width, ansi: true)
    }
    guard level <= 2 else {
      return ProseInline.wrap([ProseRun(text: String(repeating: "#", count: level) + " " + text, style: [])],
        width: width, ansi: false)
    }
    let lines = ProseInline.wrap([ProseRun(text: text, style: [])], width: width, ansi: false)
    let length = lines.map(\.count).max() ?? 0
    return lines + [String(repeating: level == 1 ? "=" : "-", count: length)]
  }

  private func paragraph(_ lines: [String], _ index: inout Int, width: Int) -> [String] {
    var hardLines: [String] = []
    var current = ""
    var underline: Int?
    while index < lines.count {
      let line = lines[index]
      if !current.isEmpty || !hardLines.isEmpty {
        if isBlank(line) { break }
        // A setext underline wins over a thematic break (`---`).
        if let level = setextLevel(line) {
          underline = level
          index += 1
          break
        }
        if interruptsParagraph(line) { break }
      }
      var text = Substring(line)
      while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
      var trailingSpaces = 0
      while text.last == " " {
        text = text.dropLast()
        trailingSpaces += 1
      }
      var hardBreak = trailingSpaces >= 2
      if text.last == "\\" {
        hardBreak = true
        if ansi { text = text.dropLast() }
      }
      current += current.isEmpty ? String(text) : " " + text
      if hardBreak {
        hardLines.append(current)
        current = ""
      }
      index += 1
    }
    if !current.isEmpty { hardLines.append(current) }
    if let underline {
      return heading(level: underline, text: hardLines.joined(separator: " "), width: width)
    }
    return hardLines.flatMap { text in
      let runs = ansi ? ProseInline.parse(text) : [ProseRun(text: text, style: [])]
      return ProseInline.wrap(runs, width: width, ansi: ansi)
    }
  }

  // MARK: Lists

  /// A list item's marker and where its content starts.
  struct ListItem {
    var marker: String
    var isOrdered: Bool
    /// The delimiter: the bullet character, or `.` / `)` for ordered items.
    var delimiter: Character
    var number: Int
    /// The column (0-based, tabs to 4) where the item's content starts.
    var contentColumn: Int
    /// The text after the marker on the first line.
    var rest: String
  }

  func listItem(_ line: String) -> ListItem? {
    let chars = Array(line)
    var index = 0
    while index < chars.count, chars[index] == " ", index < 4 { index += 1 }
    guard index <= 3, index < chars.count else { return nil }
    var marker = ""
    var isOrdered = false
    var number = 0
    let delimiter: Character
    if "-*+".contains(chars[index]) {
      delimiter = chars[index]
      marker = String(chars[index])
      index += 1
    } else {
      var digits = ""
      while index < chars.count, let digit = chars[index].wholeNumberValue, chars[index].isASCII, digits.count < 9 {
        digits.append(chars[index])
        number = number * 10 + digit
        index += 1
      }
      guard !digits.isEmpty, index < chars.count, chars[index] == "." || chars[index] == ")" else { return nil }
      delimiter = chars[index]
      marker = digits + String(chars[index])
      isOrdered = true
      index += 1
    }
    let markerEnd = index
    guard index == chars.count || chars[index] == " " || chars[index] == "\t" else { return nil }
    var spaces = 0
    while index < chars.count, chars[index] == " " {
      spaces += 1
      index += 1
    }
    let rest = String(chars[index...])
    let contentColumn = (spaces >= 1 && spaces <= 4 && !rest.isEmpty) ? markerEnd + spaces : markerEnd + 1
    let text = spaces > 4 ? String(repeating: " ", count: spaces - 1) + rest : rest
    return ListItem(marker: marker, isOrdered: isOrdered, delimiter: delimiter, number: number,
                    contentColumn: contentColumn, rest: text)
  }

  private func list(_ lines: [String], _ index: inout Int, width: Int, depth: Int) -> [String] {
    guard let first = listItem(lines[index]) else { return [] }
    var output: [String] = []
    while index < lines.count, let item = listItem(lines[index]), item.isOrdered == first.isOrdered,
      item.delimiter == first.delimiter, !isThematicBreak(lines[index])
    {
      var content = [item.rest]
      index += 1
      while index < lines.count {
        let line = lines[index]
        if isBlank(line) {
          var next = index
          while next < lines.count, isBlank(lines[next]) { next += 1 }
          guard next < lines.count, indentColumns(lines[next]) >= item.contentColumn else { break }
          content += Array(repeating: "", count: next - index)
          index = next
        } else if indentColumns(line) >= item.contentColumn {
          content.append(dropColumns(line, item.contentColumn))
          index += 1
        } else if let last = content.last, !isBlank(last), !interruptsParagraph(line), listItem(line) == nil {
          content.append(line)
          index += 1
        } else {
          break
        }
      }
      let marker = ansi && !item.isOrdered ? "•" : item.marker
      let prefix = "  " + marker + " "
      let indent = String(repeating: " ", count: prefix.count)
      let itemBlocks = blocks(content, width: max(1, width - prefix.count), depth: depth + 1)
      let body = content.contains(where: isBlank) ? joinBlocks(itemBlocks) : itemBlocks.flatMap { $0 }
      if body.isEmpty { output.append("  " + marker) }
      for (offset, line) in body.enumerated() {
        output.append(line.isEmpty ? "" : (offset == 0 ? prefix : indent) + line)
      }
      var next = index
      while next < lines.count, isBlank(lines[next]) { next += 1 }
      guard next < lines.count, let following = listItem(lines[next]), following.isOrdered == first.isOrdered,
        following.delimiter == first.delimiter
      else { break }
      index = next
    }
    return output
  }

  // MARK: Line classification

  func isBlank(_ line: String) -> Bool {
    line.allSatisfy { $0 == " " || $0 == "\t" }
  }

  /// The indentation in columns, with tabs advancing to the next multiple of 4.
  func indentColumns(_ line: String) -> Int {
    var columns = 0
    for char in line {
      if char == " " {
        columns += 1
      } else if char == "\t" {
        columns += 4 - columns % 4
      } else {
        break
      }
    }
    return columns
  }

  /// `line` without its first `columns` columns of indentation.
  func dropColumns(_ line: String, _ columns: Int) -> String {
    var removed = 0
    var rest = Substring(line)
    while removed < columns, let first = rest.first, first == " " || first == "\t" {
      removed += first == " " ? 1 : 4 - removed % 4
      rest = rest.dropFirst()
    }
    return String(repeating: " ", count: max(0, removed - columns)) + rest
  }

  func isThematicBreak(_ line: String) -> Bool {
    guard indentColumns(line) <= 3 else { return false }
    let chars = line.filter { $0 != " " && $0 != "\t" }
    guard chars.count >= 3, let first = chars.first, "-*_".contains(first) else { return false }
    return chars.allSatisfy { $0 == first }
  }

  func setextLevel(_ line: String) -> Int? {
    guard indentColumns(line) <= 3 else { return nil }
    let trimmed = line.trimmingSpaces
    guard let first = trimmed.first, first == "=" || first == "-", trimmed.allSatisfy({ $0 == first }) else { return nil }
    return first == "=" ? 1 : 2
  }

  /// The line's content after its block-quote marker, or nil when it is not a quote line.
  func quoteContent(_ line: String) -> String? {
    guard indentColumns(line) <= 3 else { return nil }
    var rest = Substring(line)
    while rest.first == " " { rest = rest.dropFirst() }
    guard rest.first == ">" else { return nil }
    rest = rest.dropFirst()
    if rest.first == " " { rest = rest.dropFirst() }
    return String(rest)
  }

  func isTableStart(_ lines: [String], _ index: Int) -> Bool {
    guard index + 1 < lines.count, lines[index].contains("|") else { return false }
    let delimiter = lines[index + 1].trimmingSpaces
    return delimiter.contains("|") && delimiter.contains("-")
      && delimiter.allSatisfy { "|:- \t".contains($0) }
  }

  /// Whether `line` starts a block that ends a paragraph (the shared CommonMark rule).
  func interruptsParagraph(_ line: String) -> Bool {
    var cursor = MarkdownLineCursor(ArraySlice(line.utf8))
    cursor.findNextNonspace()
    return !cursor.isIndented && MarkdownBlockSyntax.interruptsParagraph(cursor.fromNextNonspace)
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  fileprivate var trimmingSpaces: String {
    var text = Substring(self)
    while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return String(text)
  }
}
