/// Renders charts as text for terminals and saved notebook outputs.
public enum PlotRenderer {
  /// Renders the chart as lines of text no wider than the plot width, ending without a trailing
  /// newline and with no trailing spaces on any line.
  ///
  /// The plot width is `style.width` clamped to 40...1000. ASCII styles (`unicode == false`) give
  /// only bytes 0x0A and 0x20–0x7E (non-ASCII characters in titles, labels and names become `?`).
  /// Colour codes are added only when `style.color` and `style.unicode` are both true; removing
  /// them gives exactly the monochrome output.
  ///
  /// - `line`: segments between consecutive points (braille dots, or `.` in ASCII) plus a marker per
  ///   point and series (`● ○ ■ □ ▲ △ ◆ ◇`, ASCII `* o + x # @ % &`, cycled beyond eight series);
  ///   a series with more points than half the canvas columns gets a marker on every k-th point
  ///   (and its last) so the line stays visible. Later series draw over earlier ones.
  /// - `scatter`: one marker per point.
  /// - `bar`: one row per bar: label (cut to a third of the width), bar in eighth blocks (`#` whole
  ///   cells in ASCII), value with 4 significant digits; a scale axis with ticks below. The scale
  ///   always includes 0; negative bars extend left of it (half-cell resolution) with their value
  ///   printed right of 0. `height` does not apply to bar charts.
  /// - Axes use nice ticks (1, 2, 2.5 or 5 × 10^k); an axis end is pushed out to the next tick
  ///   when that costs at most 15 % of the data span. Degenerate ranges (single point, all-equal
  ///   values) are padded around the value. y tick labels are right-aligned; x tick labels are
  ///   centred under their ticks and never overlap (fewer ticks are used when they would).
  /// - Titles, labels and legend names are cut with an ellipsis to fit the width.
  /// - Legend (line/scatter): when there are two or more series, or any series has a name.
  /// - NaN/±inf points are skipped and counted in a last line `k points not shown (NaN/inf)`
  ///   (`1 point ...`); for bars `k bars not drawn (NaN/inf)`. Without drawable data the chart is
  ///   the title (if any), `(no data)` and that footnote.
  public static func render(_ spec: PlotSpec, style: RenderStyle) -> String {
    let lines: [RenderStyledLine]
    switch spec.kind {
    case .line, .scatter: lines = XYChartRenderer.render(spec, style: style)
    case .bar: lines = BarChartRenderer.render(spec, style: style)
    }
    return lines.map { $0.rendered(color: style.emitsColor) }.joined(separator: "\n")
  }
}
