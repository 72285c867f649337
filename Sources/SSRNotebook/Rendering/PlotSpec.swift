/// The kind of chart to draw.
public enum PlotKind: String, Sendable, Equatable, Codable {
  /// Series drawn as connected line segments with a marker per data point.
  case line
  /// Series drawn as markers only.
  case scatter
  /// Horizontal bars, one row per bar.
  case bar
}

/// One data point of a line or scatter series.
public struct PlotPoint: Sendable, Equatable, Codable {
  /// Horizontal coordinate.
  public var x: Double
  /// Vertical coordinate.
  public var y: Double
  /// The half-length of an error bar drawn from `y − error` to `y + error` (nil: none).
  public var error: Double?

  /// Creates a point, with an error bar when `error` is given.
  public init(x: Double, y: Double, error: Double? = nil) {
    self.x = x
    self.y = y
    self.error = error
  }
}

/// A named sequence of points for line and scatter charts.
public struct PlotSeries: Sendable, Equatable, Codable {
  /// Name shown in the legend (`series N` in the legend when empty).
  public var name: String
  /// Points in drawing order; lines connect consecutive points, and a NaN/inf point breaks the line.
  public var points: [PlotPoint]

  /// Creates a series.
  public init(name: String, points: [PlotPoint]) {
    self.name = name
    self.points = points
  }
}

/// One bar of a bar chart.
public struct PlotBar: Sendable, Equatable, Codable {
  /// Category label shown left of the bar.
  public var label: String
  /// Bar length in data units; may be negative.
  public var value: Double

  /// Creates a bar.
  public init(label: String, value: Double) {
    self.label = label
    self.value = value
  }
}

/// Everything needed to draw one chart.
public struct PlotSpec: Sendable, Equatable, Codable {
  /// Smallest plotting-area height; smaller requests are raised to it.
  static let minimumHeight = 3
  /// Largest plotting-area height; larger requests are lowered to it.
  static let maximumHeight = 200

  /// Chart kind.
  public var kind: PlotKind
  /// Title centred above the chart.
  public var title: String?
  /// Label under the horizontal axis (the value axis of bar charts).
  public var xLabel: String?
  /// Label on its own line above the vertical axis (above the bar labels for bar charts).
  public var yLabel: String?
  /// Series of line and scatter charts.
  public var series: [PlotSeries]
  /// Bars of bar charts.
  public var bars: [PlotBar]
  /// Rows of the plotting area of line and scatter charts, clamped to 3...200 (default 12).
  public var height: Int

  /// Creates a chart specification.
  public init(
    kind: PlotKind, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
    series: [PlotSeries] = [], bars: [PlotBar] = [], height: Int = 12
  ) {
    self.kind = kind
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.bars = bars
    self.height = height
  }
}
