import SSREval

/// The result of `sweep`: every run, and per point of the grid the mean, spread and 95% interval
/// of each measure over seeds.
final class SweepObject: NotebookObject {
  /// The model's registry name.
  let model: String
  /// The options varied, in grid order.
  let axes: [String]
  /// One record per run: the point's options, `seed`, the measures and `seconds`.
  let runs: [Record]
  /// The measures summarised (metrics, and `energy` when costed).
  let measures: [String]
  /// Runs per point asked for.
  let seeds: Int

  init(model: String, axes: [String], runs: [Record], measures: [String], seeds: Int) {
    self.model = model
    self.axes = axes
    self.runs = runs
    self.measures = measures
    self.seeds = seeds
  }

  var typeName: String { "Sweep" }

  /// The runs grouped by point, in the order the points ran.
  var groups: [(point: [(String, Value)], runs: [Record])] {
    var groups: [(point: [(String, Value)], runs: [Record])] = []
    for run in runs {
      let point = axes.map { ($0, run[$0] ?? .nothing) }
      if let index = groups.firstIndex(where: { group in zip(group.point, point).allSatisfy { Operators.equal($0.1, $1.1) } }) {
        groups[index].runs.append(run)
      } else {
        groups.append((point, [run]))
      }
    }
    return groups
  }

  /// The number of points that have runs.
  var pointCount: Int { groups.count }

  /// Figures of runs summarised in ``points`` but not shown in the rendered table: the energy of
  /// the modified components and the spike rate (see `EnergySummary`), and the seconds of one
  /// epoch's training steps.
  static let energyDetails = ["energyModified", "spikeRate", "epochSeconds"]

  /// Per point: its options, the number of runs, and for each measure (and the energy details and
  /// `seconds`, where the runs have them) the mean, `…Std`, `…CI` (half-width of the 95%
  /// interval), `…Low` and `…High`.
  var points: [Record] {
    groups.map { group in
      var fields = group.point + [("seeds", Value.int(group.runs.count))]
      for measure in measures + Self.energyDetails + ["seconds"] {
        let values = group.runs.compactMap { $0[measure]?.asDouble }
        guard !values.isEmpty else { continue }
        let estimate = MeanEstimate(values)
        fields.append((measure, .double(estimate.mean)))
        fields.append((measure + "Std", .double(estimate.standardDeviation)))
        fields.append((measure + "CI", estimate.halfWidth.map { .double($0) } ?? .nothing))
        fields.append((measure + "Low", estimate.lower.map { .double($0) } ?? .nothing))
        fields.append((measure + "High", estimate.upper.map { .double($0) } ?? .nothing))
      }
      return Record(fields)
    }
  }

  /// A table of the points: options, runs, and each measure's mean and ± half-width of its 95%
  /// interval (no seconds, which vary between runs).
  func render(style: RenderStyle) -> String {
    let points = points
    // Options with one value and a constant run count go to the title, not into columns.
    let varying = axes.filter { axis in points.contains { !Operators.equal($0[axis] ?? .nothing, points.first?[axis] ?? .nothing) } }
    let shown = (varying.isEmpty ? axes : varying)
    let counts = Set(points.compactMap { $0["seeds"]?.asDouble })
    let leading = shown + (counts.count > 1 ? ["seeds"] : [])
    let fixed = axes.filter { !shown.contains($0) }.compactMap { axis in points.first?[axis].map { "\(axis) \(ValueDisplay.literal($0))" } }
    let columns = leading + measures.flatMap { [$0, "±"] }
    let cells = points.map { point -> [TableCell] in
      var cells = leading.map { ValueDisplay.tableCell(point[$0]) }
      for measure in measures {
        cells.append(ValueDisplay.tableCell(point[measure]))
        cells.append(ValueDisplay.tableCell(point[measure + "CI"]))
      }
      return cells
    }
    let perPoint = counts.count == 1 ? "\(Int(counts.first!)) seed(s) per point" : "\(runs.count) runs"
    let title = "\(model)" + (fixed.isEmpty ? "" : " (\(fixed.joined(separator: ", ")))")
      + ": \(points.count) point(s), \(perPoint); mean and ± half-width of the 95% interval over seeds"
    return title + "\n\n" + TableRenderer.render(TableData(columns: columns, rows: cells), style: style, digits: 4)
  }

  var memberNames: [String] { ["points", "runs", "model"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "points": return .list(points.map { .record($0) })
    case "runs": return .list(runs.map { .record($0) })
    case "model": return .symbol(model)
    default: return nil
    }
  }
}
