/// Draws line and scatter charts.
enum XYChartRenderer {
  /// Renders `spec` (kind `.line` or `.scatter`) as styled lines.
  static func render(_ spec: PlotSpec, style: RenderStyle) -> [RenderStyledLine] {
    let width = PlotLayout.width(style)
    let height = min(max(spec.height, PlotSpec.minimumHeight), PlotSpec.maximumHeight)
    let glyphs = RenderGlyphs(unicode: style.unicode)
    let title = spec.title.map { PlotLayout.clean($0, style: style, maxWidth: width) } ?? ""

    var skipped = 0
    var bounds: (xLow: Double, xHigh: Double, yLow: Double, yHigh: Double)?
    let series: [[PlotPoint?]] = spec.series.map { series in
      series.points.map { point in
        guard point.x.isFinite, point.y.isFinite else {
          skipped += 1
          return nil
        }
        let spread = point.error.flatMap { $0.isFinite ? abs($0) : nil } ?? 0
        let (low, high) = (point.y - spread, point.y + spread)
        if let b = bounds {
          bounds = (min(b.xLow, point.x), max(b.xHigh, point.x), min(b.yLow, low), max(b.yHigh, high))
        } else {
          bounds = (point.x, point.x, low, high)
        }
        return point
      }
    }
    let footnote = PlotLayout.footnote(skipped: skipped, noun: "point", verb: "shown")
    guard let bounds else {
      return PlotLayout.noData(title: title, footnote: footnote, width: width)
    }

    // Vertical axis first: its label width decides how wide the canvas can be.
    let maxYTicks = min(6, max(3, (height - 1) / 2 + 1))
    let yAxis = RenderTicks.axis(low: bounds.yLow, high: bounds.yHigh, maxCount: maxYTicks)
    let labelWidth = min(yAxis.labels.map(RenderText.width).max() ?? 0, width / 3)
    let canvasStart = labelWidth + 2
    var canvas = RenderCanvas(columns: width - canvasStart, rows: height, braille: style.unicode)
    let perCellX = style.unicode ? 2 : 1
    let perCellY = style.unicode ? 4 : 1
    let horizontal = PlotLayout.horizontalAxis(
      low: bounds.xLow, high: bounds.xHigh, positions: canvas.pixelWidth, perCell: perCellX,
      offset: canvasStart, width: width)
    let xAxis = horizontal.axis

    func pixel(_ point: PlotPoint) -> (x: Int, y: Int)? {
      guard let x = xAxis.cell(point.x, count: canvas.pixelWidth),
        let y = yAxis.cell(point.y, count: canvas.pixelHeight)
      else { return nil }
      return (x, canvas.pixelHeight - 1 - y)
    }

    if spec.kind == .line {
      for (index, points) in series.enumerated() {
        var previous: (x: Int, y: Int)?
        for point in points {
          let current = point.flatMap(pixel)
          if let from = previous, let to = current { canvas.line(from: from, to: to, owner: index) }
          if let to = current, previous == nil { canvas.plot(x: to.x, y: to.y, owner: index) }
          previous = current
        }
      }
    }
    // Error bars: a vertical segment from y − error to y + error under each marker.
    for (index, points) in series.enumerated() {
      for point in points.compactMap({ $0 }) {
        guard let error = point.error, error.isFinite, error > 0,
          let low = pixel(PlotPoint(x: point.x, y: point.y - error)), let high = pixel(PlotPoint(x: point.x, y: point.y + error))
        else { continue }
        canvas.line(from: low, to: high, owner: index)
      }
    }
    // Markers: every point for scatter; for dense lines every k-th point so the line stays visible.
    for (index, points) in series.enumerated() {
      let drawable = points.compactMap { $0 }
      let stride = spec.kind == .line ? max(1, (drawable.count + canvas.columns / 2 - 1) / max(1, canvas.columns / 2)) : 1
      for (position, point) in drawable.enumerated() where position % stride == 0 || position == drawable.count - 1 {
        if let p = pixel(point) { canvas.mark(x: p.x, y: p.y, glyph: glyphs.marker(index), owner: index) }
      }
    }

    var lines: [RenderStyledLine] = []
    if !title.isEmpty {
      lines.append(PlotLayout.centered(title, start: canvasStart, span: canvas.columns, width: width))
    }
    if let yLabel = spec.yLabel {
      let text = PlotLayout.clean(yLabel, style: style, maxWidth: width)
      if !text.isEmpty { lines.append(RenderStyledLine(text)) }
    }
    var rowLabels = [String?](repeating: nil, count: height)
    for (value, label) in zip(yAxis.ticks, yAxis.labels) {
      guard let position = yAxis.cell(value, count: canvas.pixelHeight) else { continue }
      let row = (canvas.pixelHeight - 1 - position) / perCellY
      if rowLabels[row] == nil {
        rowLabels[row] = RenderText.truncate(label, toWidth: labelWidth, unicode: style.unicode)
      }
    }
    for row in 0..<height {
      var line = RenderStyledLine(RenderText.padLeft(rowLabels[row] ?? "", to: labelWidth) + " ")
      line.append(rowLabels[row] == nil ? glyphs.vertical : glyphs.verticalTick)
      for column in 0..<canvas.columns {
        let cell = canvas.cell(column: column, row: row)
        line.append(cell.glyph, color: cell.owner)
      }
      lines.append(line)
    }
    lines.append(
      PlotLayout.axisLine(
        indent: labelWidth + 1, corner: glyphs.corner, cells: canvas.columns, ticks: horizontal.tickCells,
        glyphs: glyphs))
    lines.append(horizontal.labelLine)
    if let xLabel = spec.xLabel {
      let text = PlotLayout.clean(xLabel, style: style, maxWidth: width)
      if !text.isEmpty {
        lines.append(PlotLayout.centered(text, start: canvasStart, span: canvas.columns, width: width))
      }
    }
    lines += legend(spec.series, glyphs: glyphs, style: style, width: width)
    if let footnote { lines.append(footnote) }
    return lines
  }

  /// Legend lines (`● name` entries three spaces apart, wrapped to the width). Shown when there are
  /// two or more series or a series has a name; unnamed series are called `series N` (1-based).
  static func legend(_ series: [PlotSeries], glyphs: RenderGlyphs, style: RenderStyle, width: Int) -> [RenderStyledLine] {
    let named = series.contains { !PlotLayout.clean($0.name, style: style, maxWidth: width).isEmpty }
    guard series.count >= 2 || named else { return [] }
    var lines: [RenderStyledLine] = []
    var line = RenderStyledLine()
    for (index, entry) in series.enumerated() {
      var name = PlotLayout.clean(entry.name, style: style, maxWidth: width - 2)
      if name.isEmpty { name = "series \(index + 1)" }
      let entryWidth = 2 + RenderText.width(name)
      if line.width > 0 && line.width + 3 + entryWidth > width {
        lines.append(line)
        line = RenderStyledLine()
      }
      if line.width > 0 { line.append("   ") }
      line.append(glyphs.marker(index), color: index)
      line.append(" " + name)
    }
    if line.width > 0 { lines.append(line) }
    return lines
  }
}
