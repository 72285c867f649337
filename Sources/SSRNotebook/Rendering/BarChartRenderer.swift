/// Draws horizontal bar charts.
enum BarChartRenderer {
  /// Renders `spec.bars` as styled lines: one row per bar, then a scale axis.
  ///
  /// Row layout: label (left-aligned, cut to a third of the width), a space, the bar area, then the
  /// value with 4 significant digits one space after the bar's end. The scale always includes 0.
  /// Positive bars grow right from the zero tick with eighth blocks (`#` whole cells in ASCII);
  /// negative bars grow left from it with whole and half cells (`▐`), their value printed just right
  /// of zero. Bars whose value is NaN or infinite keep their row with the value text but no bar,
  /// and a footnote counts them. `spec.height` does not apply.
  static func render(_ spec: PlotSpec, style: RenderStyle) -> [RenderStyledLine] {
    let width = PlotLayout.width(style)
    let glyphs = RenderGlyphs(unicode: style.unicode)
    let title = spec.title.map { PlotLayout.clean($0, style: style, maxWidth: width) } ?? ""
    let finiteValues = spec.bars.map(\.value).filter(\.isFinite)
    let skipped = spec.bars.count - finiteValues.count
    let footnote = PlotLayout.footnote(skipped: skipped, noun: "bar", verb: "drawn")
    guard let smallest = finiteValues.min(), let largest = finiteValues.max() else {
      return PlotLayout.noData(title: title, footnote: footnote, width: width)
    }

    let labelCap = width / 3
    let labels = spec.bars.map { PlotLayout.clean($0.label, style: style, maxWidth: labelCap) }
    let labelWidth = labels.map(RenderText.width).max() ?? 0
    let indent = labelWidth > 0 ? labelWidth + 1 : 0
    let values = spec.bars.map { NumberFormat.significant($0.value, digits: 4) }
    let valueWidth = values.map(RenderText.width).max() ?? 0
    let area = max(1, width - indent - valueWidth - 1)

    var low = min(0, smallest)
    var high = max(0, largest)
    if low == 0 && high == 0 { high = 1 }
    let horizontal = PlotLayout.horizontalAxis(
      low: low, high: high, positions: area + 1, perCell: 1, offset: indent, width: width)
    let axis = horizontal.axis
    low = axis.low
    high = axis.high
    let zero = axis.cell(0, count: area + 1) ?? 0

    var lines: [RenderStyledLine] = []
    if !title.isEmpty { lines.append(PlotLayout.centered(title, start: indent, span: area, width: width)) }
    if let yLabel = spec.yLabel {
      let text = PlotLayout.clean(yLabel, style: style, maxWidth: width)
      if !text.isEmpty { lines.append(RenderStyledLine(text)) }
    }
    for (index, bar) in spec.bars.enumerated() {
      var line = RenderStyledLine(indent > 0 ? RenderText.padRight(labels[index], to: labelWidth) + " " : "")
      guard bar.value.isFinite, let fraction = axis.fraction(bar.value) else {
        line.append(String(repeating: " ", count: zero) + " " + values[index])
        lines.append(line)
        continue
      }
      let end = fraction * Double(area)
      if bar.value >= 0 {
        let length = max(0, end - Double(zero))
        let bar = positiveBar(length: length, glyphs: glyphs)
        line.append(String(repeating: " ", count: zero))
        line.append(bar, color: style.emitsColor ? 0 : nil)
        line.append(" " + values[index])
      } else {
        let length = max(0, Double(zero) - end)
        let bar = negativeBar(length: length, maxCells: zero, glyphs: glyphs)
        line.append(String(repeating: " ", count: zero - RenderText.width(bar)))
        line.append(bar, color: style.emitsColor ? 1 : nil)
        line.append(" " + values[index])
      }
      lines.append(line)
    }
    lines.append(PlotLayout.axisLine(indent: indent, corner: nil, cells: area + 1, ticks: horizontal.tickCells, glyphs: glyphs))
    lines.append(horizontal.labelLine)
    if let xLabel = spec.xLabel {
      let text = PlotLayout.clean(xLabel, style: style, maxWidth: width)
      if !text.isEmpty { lines.append(PlotLayout.centered(text, start: indent, span: area + 1, width: width)) }
    }
    if let footnote { lines.append(footnote) }
    return lines
  }

  /// A bar `length` cells long drawn left to right, in eighths (Unicode) or whole cells (ASCII).
  static func positiveBar(length: Double, glyphs: RenderGlyphs) -> String {
    if glyphs.unicode {
      let eighths = Int((length * 8).rounded())
      var text = String(repeating: glyphs.barFull, count: eighths / 8)
      if eighths % 8 > 0 { text.append(RenderGlyphs.eighths[eighths % 8]) }
      return text
    }
    return String(repeating: glyphs.barFull, count: Int(length.rounded()))
  }

  /// A bar `length` cells long drawn right to left, in halves (Unicode) or whole cells (ASCII),
  /// at most `maxCells` cells wide.
  static func negativeBar(length: Double, maxCells: Int, glyphs: RenderGlyphs) -> String {
    if glyphs.unicode {
      let halves = min(Int((length * 2).rounded()), maxCells * 2)
      let body = String(repeating: glyphs.barFull, count: halves / 2)
      return halves % 2 == 1 ? String(glyphs.barRightHalf) + body : body
    }
    return String(repeating: glyphs.barFull, count: min(Int(length.rounded()), maxCells))
  }
}
