/// Layout pieces shared by the line/scatter and bar renderers.
enum PlotLayout {
  /// Narrowest plot, in columns.
  static let minimumWidth = 40
  /// Widest plot, in columns (bounds memory for absurd widths).
  static let maximumWidth = 1000

  /// The plot width for a style: `style.width` clamped to 40...1000.
  static func width(_ style: RenderStyle) -> Int {
    min(max(style.width, minimumWidth), maximumWidth)
  }

  /// User text made printable for the style (controls to spaces, `?` for non-ASCII in ASCII mode)
  /// and cut to `maxWidth` columns.
  static func clean(_ text: String, style: RenderStyle, maxWidth: Int) -> String {
    let sanitized = RenderText.sanitize(text, ascii: !style.unicode)
    let trimmed = String(sanitized.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    return RenderText.truncate(trimmed, toWidth: maxWidth, unicode: style.unicode)
  }

  /// A line with `text` centred over columns `start..<start + span`, kept inside `0..<width`.
  static func centered(_ text: String, start: Int, span: Int, width: Int) -> RenderStyledLine {
    let textWidth = RenderText.width(text)
    var column = start + (span - textWidth) / 2
    column = max(0, min(column, width - textWidth))
    return RenderStyledLine(String(repeating: " ", count: column) + text)
  }

  /// The footnote for values that could not be drawn, or nil when there are none.
  static func footnote(skipped: Int, noun: String, verb: String) -> RenderStyledLine? {
    if skipped == 0 { return nil }
    return RenderStyledLine("\(skipped) \(noun)\(skipped == 1 ? "" : "s") not \(verb) (NaN/inf)")
  }

  /// Output for a chart without drawable data: optional title, `(no data)`, optional footnote.
  static func noData(title: String?, footnote: RenderStyledLine?, width: Int) -> [RenderStyledLine] {
    var lines: [RenderStyledLine] = []
    if let title, !title.isEmpty { lines.append(centered(title, start: 0, span: width, width: width)) }
    lines.append(RenderStyledLine("(no data)"))
    if let footnote { lines.append(footnote) }
    return lines
  }

  /// A horizontal value axis: nice ticks whose labels fit on one line without overlapping.
  ///
  /// `positions` is the number of addressable positions along the axis and `perCell` how many of
  /// them share one character cell; cell 0 is at column `offset` of a line `width` columns wide.
  /// Tries 6 ticks at most, then fewer, until the labels (centred under their ticks, at least two
  /// spaces apart) fit; if even two do not fit, labels that would overlap are left out.
  static func horizontalAxis(
    low: Double, high: Double, positions: Int, perCell: Int, offset: Int, width: Int
  ) -> (axis: RenderAxis, tickCells: [Int], labelLine: RenderStyledLine) {
    var attempt: (RenderAxis, [Int], [(start: Int, text: String)]) = (RenderAxis(low: 0, high: 1, ticks: [], labels: []), [], [])
    for maxCount in stride(from: 6, through: 2, by: -1) {
      let axis = RenderTicks.axis(low: low, high: high, maxCount: maxCount)
      var cells: [Int] = []
      var placed: [(start: Int, text: String)] = []
      var fits = true
      var previousEnd = Int.min / 2
      var previousCell = -1
      for (value, label) in zip(axis.ticks, axis.labels) {
        guard let position = axis.cell(value, count: positions) else { continue }
        let cell = position / max(1, perCell)
        let labelWidth = RenderText.width(label)
        let start = max(0, min(offset + cell - labelWidth / 2, width - labelWidth))
        if cell == previousCell || start < previousEnd + 2 {
          fits = false
          continue
        }
        cells.append(cell)
        placed.append((start, label))
        previousEnd = start + labelWidth
        previousCell = cell
      }
      attempt = (axis, cells, placed)
      if fits { break }
    }
    var line = RenderStyledLine()
    var column = 0
    for (start, text) in attempt.2 {
      line.append(String(repeating: " ", count: start - column))
      line.append(text)
      column = start + RenderText.width(text)
    }
    return (attempt.0, attempt.1, line)
  }

  /// The axis line under a plot: `corner` (if any) then `cells` cells of `─` with `┬` at ticks.
  static func axisLine(
    indent: Int, corner: Character?, cells: Int, ticks: [Int], glyphs: RenderGlyphs
  ) -> RenderStyledLine {
    var characters = [Character](repeating: glyphs.horizontal, count: max(0, cells))
    for tick in ticks where tick >= 0 && tick < characters.count { characters[tick] = glyphs.horizontalTick }
    var text = String(repeating: " ", count: indent)
    if let corner { text.append(corner) }
    text += String(characters)
    return RenderStyledLine(text)
  }
}
