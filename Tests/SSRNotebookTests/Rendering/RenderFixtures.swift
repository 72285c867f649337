@testable import SSRNotebook

/// Shared inputs for golden and property tests.
enum RenderFixtures {
  /// The Unicode style used by the Unicode goldens.
  static let narrowUnicode = RenderStyle.terminal(width: 60, color: false)

  /// A small results table with text, numbers, bools, an empty cell, a pipe and a line break.
  static let results = TableData(
    columns: ["model", "HR@10", "NDCG@10", "epochs", "spiking"],
    rows: [
      [.text("SASRec"), .double(0.21341), .double(0.1187), .int(200), .bool(false)],
      [.text("Spiking | GRU"), .double(0.19), .double(1234567.0), .int(50), .bool(true)],
      [.text("two\nlines"), .empty, .double(-0.0), .int(-3), .empty],
    ])

  /// Two loss curves over 0...20 epochs.
  static let lossCurves = PlotSpec(
    kind: .line, title: "Training loss", xLabel: "epoch", yLabel: "loss",
    series: [
      PlotSeries(name: "train", points: (0...20).map { PlotPoint(x: Double($0), y: 2 / (1 + 0.3 * Double($0))) }),
      PlotSeries(name: "valid", points: (0...20).map { PlotPoint(x: Double($0), y: 2.2 / (1 + 0.2 * Double($0)) + 0.1) }),
    ],
    height: 10)

  /// Two small point clouds.
  static let clouds = PlotSpec(
    kind: .scatter, title: "Embeddings", xLabel: "dim 1", yLabel: "dim 2",
    series: [
      PlotSeries(name: "users", points: [
        PlotPoint(x: -1.5, y: 0.2), PlotPoint(x: -1.1, y: 0.8), PlotPoint(x: -0.7, y: -0.4),
        PlotPoint(x: -0.2, y: 0.5), PlotPoint(x: -1.8, y: -0.9),
      ]),
      PlotSeries(name: "items", points: [
        PlotPoint(x: 0.4, y: -0.6), PlotPoint(x: 0.9, y: 0.1), PlotPoint(x: 1.6, y: 1.2),
        PlotPoint(x: 1.2, y: -1.1), PlotPoint(x: .nan, y: 0),
      ]),
    ],
    height: 8)

  /// Hit rates of four models, one of them negative-free but small.
  static let hitRates = PlotSpec(
    kind: .bar, title: "Hit rate @10", xLabel: "HR@10",
    bars: [
      PlotBar(label: "SASRec", value: 0.2134), PlotBar(label: "GRU4Rec", value: 0.1875),
      PlotBar(label: "SpikingRec", value: 0.2051), PlotBar(label: "Popularity", value: 0.0412),
    ])

  /// Bars with negative values and a NaN.
  static let deltas = PlotSpec(
    kind: .bar, title: "Change vs. baseline (%)",
    bars: [
      PlotBar(label: "SASRec", value: 3.25), PlotBar(label: "GRU4Rec", value: -1.8),
      PlotBar(label: "SpikingRec", value: 5.1), PlotBar(label: "broken run", value: .nan),
    ])
}
