/// Renders `TableData` as an aligned text table or a GitHub Markdown pipe table.
public enum TableRenderer {
  /// Renders a table; the result has no trailing newline and no trailing spaces on any line.
  ///
  /// - Numbers (`int`, `double`) are right-aligned; doubles use `digits` significant digits via
  ///   `NumberFormat.significant`. Text and bools are left-aligned. `.empty` shows as an empty cell.
  ///   A column whose non-empty cells are all numbers is numeric: its header is right-aligned too,
  ///   and in Markdown it gets a `--:` alignment marker.
  /// - `style.markdownTables`: `| a | b |` header, `|---|--:|` separator (cells padded so the source
  ///   lines up), pipes in text escaped as `\|`.
  /// - Otherwise: header row, a rule (`─`, or `-` in ASCII) under each column, then the rows;
  ///   columns are separated by two spaces.
  /// - Line breaks, tabs and control characters in text become spaces. Other text is kept as given,
  ///   also in ASCII styles (table text is data); only the table's own decoration follows
  ///   `style.unicode`.
  /// - When wider than `style.width`, text cells and the headers of text columns are truncated with
  ///   `…` (ASCII `...`), widest columns first. Free text (cells with spaces) is truncated before
  ///   identifier columns (every cell one word, such as model or dataset names), and identifier
  ///   columns only when that makes the table fit. Numbers and bools are never truncated, nor is the
  ///   header of a column that holds only numbers and bools (it is the column's only label), so a
  ///   table whose numbers and their headers do not fit stays wider than `style.width`.
  /// - Widths are display widths: East Asian wide characters and emoji count as two columns.
  /// - A table without any columns or cells renders as `(empty table)`.
  /// - In aligned tables a row of only empty cells is an empty line (lines are right-trimmed).
  public static func render(_ table: TableData, style: RenderStyle, digits: Int = 4) -> String {
    let columnCount = max(table.columns.count, table.rows.map(\.count).max() ?? 0)
    if columnCount == 0 { return "(empty table)" }
    let markdown = style.markdownTables
    let header = (0..<columnCount).map { index in
      RenderCellText(index < table.columns.count ? table.columns[index] : "", markdown: markdown)
    }
    var numeric = [Bool](repeating: true, count: columnCount)
    var hasNumber = [Bool](repeating: false, count: columnCount)
    let body: [[RenderBodyCell]] = table.rows.map { row in
      (0..<columnCount).map { index in
        let cell = index < row.count ? row[index] : .empty
        switch cell {
        case .text(let text):
          numeric[index] = false
          return RenderBodyCell(text: RenderCellText(text, markdown: markdown), fixed: false, rightAligned: false)
        case .int(let value):
          hasNumber[index] = true
          return RenderBodyCell(text: RenderCellText(String(value), markdown: false), fixed: true, rightAligned: true)
        case .double(let value):
          hasNumber[index] = true
          let text = NumberFormat.significant(value, digits: digits)
          return RenderBodyCell(text: RenderCellText(text, markdown: false), fixed: true, rightAligned: true)
        case .bool(let value):
          numeric[index] = false
          return RenderBodyCell(text: RenderCellText(value ? "true" : "false", markdown: false), fixed: true, rightAligned: false)
        case .empty:
          return RenderBodyCell(text: RenderCellText("", markdown: false), fixed: true, rightAligned: false)
        }
      }
    }
    for index in 0..<columnCount where !hasNumber[index] { numeric[index] = false }
    let identifier = (0..<columnCount).map { index in
      table.rows.allSatisfy { row in
        guard index < row.count, case .text(let text) = row[index] else { return true }
        return !text.contains { $0.isWhitespace }
      }
    }

    let widths = columnWidths(header: header, body: body, identifier: identifier, style: style)
    let ellipsis = RenderText.ellipsis(unicode: style.unicode)
    func fit(_ text: RenderCellText, _ column: Int) -> String { text.truncated(to: widths[column], ellipsis: ellipsis) }
    func align(_ text: String, _ column: Int, right: Bool) -> String {
      right ? RenderText.padLeft(text, to: widths[column]) : RenderText.padRight(text, to: widths[column])
    }
    let headerCells = (0..<columnCount).map { align(fit(header[$0], $0), $0, right: numeric[$0]) }
    let rowCells = body.map { row in
      (0..<columnCount).map { align(fit(row[$0].text, $0), $0, right: row[$0].rightAligned) }
    }
    var lines: [String] = []
    if markdown {
      lines.append("| " + headerCells.joined(separator: " | ") + " |")
      let markers = (0..<columnCount).map { column in
        numeric[column]
          ? String(repeating: "-", count: widths[column] + 1) + ":"
          : String(repeating: "-", count: widths[column] + 2)
      }
      lines.append("|" + markers.joined(separator: "|") + "|")
      for cells in rowCells { lines.append("| " + cells.joined(separator: " | ") + " |") }
    } else {
      let rule = style.unicode ? "─" : "-"
      lines.append(headerCells.joined(separator: "  "))
      lines.append(widths.map { String(repeating: rule, count: $0) }.joined(separator: "  "))
      for cells in rowCells { lines.append(cells.joined(separator: "  ")) }
    }
    return RenderText.join(lines)
  }

  /// Column widths: natural widths, shrunk by water-filling (widest first) to fit `style.width`:
  /// first the columns that are not `identifier`s; then, only if that makes the table fit, all.
  static func columnWidths(
    header: [RenderCellText], body: [[RenderBodyCell]], identifier: [Bool]? = nil, style: RenderStyle
  ) -> [Int] {
    let count = header.count
    let minimumColumn = style.markdownTables ? 3 : 1
    let shortest = RenderText.width(RenderText.ellipsis(unicode: style.unicode)) + 1
    var natural = [Int](repeating: minimumColumn, count: count)
    var fixedWidth = [Int](repeating: minimumColumn, count: count)
    var bodyWidth = [Int](repeating: minimumColumn, count: count)
    var holdsText = [Bool](repeating: false, count: count)
    for column in 0..<count {
      natural[column] = max(natural[column], header[column].width)
      for row in body {
        let cell = row[column]
        natural[column] = max(natural[column], cell.text.width)
        bodyWidth[column] = max(bodyWidth[column], cell.text.width)
        if cell.fixed { fixedWidth[column] = max(fixedWidth[column], cell.text.width) } else { holdsText[column] = true }
      }
    }
    // A column of numbers keeps its header whole; other columns may shrink to a few characters.
    let minimum = (0..<count).map { holdsText[$0] ? max(fixedWidth[$0], min(natural[$0], shortest)) : natural[$0] }
    let overhead = style.markdownTables ? 3 * (count - 1) + 4 : 2 * (count - 1)
    let budget = max(style.width, 0) - overhead
    if natural.reduce(0, +) <= budget { return natural }
    let protected = identifier ?? [Bool](repeating: false, count: count)
    // Free text first, identifiers' cells whole (a long header may still be cut); then
    // everything, if only that fits.
    let textFirst = waterFill(
      natural: natural, minimum: (0..<count).map { protected[$0] ? max(minimum[$0], bodyWidth[$0]) : minimum[$0] }, budget: budget)
    if textFirst.reduce(0, +) <= budget || !protected.contains(true) { return textFirst }
    let all = waterFill(natural: natural, minimum: minimum, budget: budget)
    return all.reduce(0, +) <= budget ? all : textFirst
  }

  /// The widths `min(natural, max(level, minimum))` for the highest level whose sum fits `budget`
  /// (the minimums when none does), spare columns handed out left to right.
  static func waterFill(natural: [Int], minimum: [Int], budget: Int) -> [Int] {
    let count = natural.count
    func widths(level: Int) -> [Int] { (0..<count).map { min(natural[$0], max(level, minimum[$0])) } }
    var low = 0
    var high = natural.max() ?? 0
    while low < high {
      let middle = (low + high + 1) / 2
      if widths(level: middle).reduce(0, +) <= budget { low = middle } else { high = middle - 1 }
    }
    var result = widths(level: low)
    var spare = budget - result.reduce(0, +)
    for column in 0..<count where spare > 0 && result[column] == low && low >= minimum[column] && low < natural[column] {
      result[column] += 1
      spare -= 1
    }
    return result
  }
}

/// Text of one table cell, split into display units so that truncation never splits an escape.
struct RenderCellText {
  /// Display units: single characters, or `\|` for an escaped pipe in Markdown.
  let units: [String]
  /// Display width of all units.
  let width: Int

  /// Sanitises `raw` (control characters become spaces) and escapes pipes for Markdown.
  init(_ raw: String, markdown: Bool) {
    var units: [String] = []
    var width = 0
    for character in RenderText.sanitize(raw, ascii: false) {
      let unit = markdown && character == "|" ? "\\|" : String(character)
      units.append(unit)
      width += RenderText.width(unit)
    }
    self.units = units
    self.width = width
  }

  /// The text cut to `maxWidth` columns, ending in `ellipsis` if anything was removed.
  func truncated(to maxWidth: Int, ellipsis: String) -> String {
    if width <= maxWidth { return units.joined() }
    let budget = maxWidth - RenderText.width(ellipsis)
    if budget < 0 { return String(ellipsis.prefix(max(0, maxWidth))) }
    var result = ""
    var used = 0
    for unit in units {
      let unitWidth = RenderText.width(unit)
      if used + unitWidth > budget { break }
      result += unit
      used += unitWidth
    }
    return result + ellipsis
  }
}

/// A formatted body cell with its truncation and alignment rules.
struct RenderBodyCell {
  /// Display text.
  let text: RenderCellText
  /// Numbers, bools and empty cells are never truncated.
  let fixed: Bool
  /// Numbers are right-aligned.
  let rightAligned: Bool
}
