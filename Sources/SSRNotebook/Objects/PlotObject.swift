/// A chart value produced by `plot(…)`; renders with ``PlotRenderer`` in the output's style.
final class PlotObject: NotebookObject {
  let spec: PlotSpec

  init(spec: PlotSpec) {
    self.spec = spec
  }

  var typeName: String { "Plot" }

  func render(style: RenderStyle) -> String {
    PlotRenderer.render(spec, style: style)
  }

  func isEqual(to other: any NotebookObject) -> Bool {
    (other as? PlotObject)?.spec == spec
  }
}

/// Turns the arguments of `plot(…)` into a ``PlotSpec``.
struct PlotBuilder {
  let call: BuiltinCall

  func build() throws(BuiltinError) -> Value {
    let kind: PlotKind
    switch try call.symbol("kind") ?? "line" {
    case "scatter": kind = .scatter
    case "bar": kind = .bar
    default: kind = .line
    }
    let height = try call.int("height") ?? 12
    guard (3...100).contains(height) else { throw BuiltinError("height must be between 3 and 100", parameter: "height") }
    let xField = try call.symbol("x")
    let yFields = try yFieldNames()
    let byField = try call.symbol("by")
    let errorField = try call.symbol("error")
    if errorField != nil && (yFields.count != 1 || kind == .bar) {
      throw BuiltinError(
        "error bars need a line or scatter plot of one y field", parameter: "error",
        help: "e.g. plot(s.points, x: .T, y: .ndcg10, error: .ndcg10CI)")
    }
    // Bars are horizontal: the value axis runs along the bottom, the categories down the side.
    let valueField = yFields.count == 1 ? yFields[0] : nil
    var spec = PlotSpec(
      kind: kind, title: try call.string("title"),
      xLabel: try call.string("xLabel") ?? (kind == .bar ? valueField : xField),
      yLabel: try call.string("yLabel") ?? (kind == .bar ? xField : valueField), height: height)
    let data = try call.required("data")
    if kind == .bar {
      spec.bars = try bars(data, xField: xField, yFields: yFields)
    } else {
      spec.series = try series(data, xField: xField, yFields: yFields, byField: byField, errorField: errorField)
    }
    return .object(PlotObject(spec: spec))
  }

  private func yFieldNames() throws(BuiltinError) -> [String] {
    guard let value = call.value("y") else { return [] }
    switch value {
    case .symbol(let s): return [s]
    case .list(let values): return values.compactMap { if case .symbol(let s) = $0 { return s } else { return nil } }
    default: return []
    }
  }

  private func number(_ value: Value, _ what: String) throws(BuiltinError) -> Double {
    guard let d = value.asDouble else {
      throw BuiltinError("plot needs numbers, but \(what) is \(ValueDisplay.summary(of: value))")
    }
    return d
  }

  private func field(_ record: Record, _ name: String, row: Int, parameter: String) throws(BuiltinError) -> Value {
    guard let value = record[name] else {
      throw BuiltinError(
        "row \(row) has no field `\(name)`", parameter: parameter, help: Suggestions.didYouMean(name, among: record.keys))
    }
    return value
  }

  private func series(_ data: Value, xField: String?, yFields: [String], byField: String?, errorField: String?) throws(BuiltinError)
    -> [PlotSeries]
  {
    switch data {
    case .record(let record):
      var result: [PlotSeries] = []
      for entry in record.fields {
        guard let values = try entry.value.elements() else {
          throw BuiltinError("each field of the record must be a list of numbers; `\(entry.key)` is \(ValueDisplay.summary(of: entry.value))", parameter: "data")
        }
        var points: [PlotPoint] = []
        for (index, value) in values.enumerated() {
          points.append(PlotPoint(x: Double(index), y: try number(value, "element \(index) of `\(entry.key)`")))
        }
        result.append(PlotSeries(name: entry.key, points: points))
      }
      return result
    case .list(let values):
      guard let rows = ValueDisplay.records(values) else {
        var points: [PlotPoint] = []
        for (index, value) in values.enumerated() {
          points.append(PlotPoint(x: Double(index), y: try number(value, "element \(index)")))
        }
        return [PlotSeries(name: "", points: points)]
      }
      guard !yFields.isEmpty else {
        throw BuiltinError("plotting records needs `y:`, the field(s) to plot", help: "e.g. plot(rows, x: .\(rows[0].keys.first ?? "epoch"), y: .\(rows[0].keys.last ?? "loss"))")
      }
      var groups: [(name: String, rows: [(Int, Record)])] = []
      for (index, row) in rows.enumerated() {
        let name = try byField.map { f throws(BuiltinError) in ValueDisplay.plainText(try field(row, f, row: index, parameter: "by")) } ?? ""
        if let position = groups.firstIndex(where: { $0.name == name }) {
          groups[position].rows.append((index, row))
        } else {
          groups.append((name, [(index, row)]))
        }
      }
      var result: [PlotSeries] = []
      for group in groups {
        for y in yFields {
          var points: [PlotPoint] = []
          for (position, (index, row)) in group.rows.enumerated() {
            let x = try xField.map { f throws(BuiltinError) in try number(try field(row, f, row: index, parameter: "x"), "field `\(f)` of row \(index)") } ?? Double(position)
            // A missing half-width (an interval of one run) draws no bar.
            let error = try errorField.flatMap { f throws(BuiltinError) -> Double? in
              let value = try field(row, f, row: index, parameter: "error")
              if case .nothing = value { return nil }
              return try number(value, "field `\(f)` of row \(index)")
            }
            points.append(
              PlotPoint(x: x, y: try number(try field(row, y, row: index, parameter: "y"), "field `\(y)` of row \(index)"), error: error))
          }
          let name = [group.name, yFields.count > 1 || byField == nil ? y : ""].filter { !$0.isEmpty }.joined(separator: " ")
          result.append(PlotSeries(name: name, points: points))
        }
      }
      return result
    default:
      throw BuiltinError("expected numbers, a list of records or a record of lists", parameter: "data")
    }
  }

  private func bars(_ data: Value, xField: String?, yFields: [String]) throws(BuiltinError) -> [PlotBar] {
    switch data {
    case .record(let record):
      var bars: [PlotBar] = []
      for entry in record.fields { bars.append(PlotBar(label: entry.key, value: try number(entry.value, "field `\(entry.key)`"))) }
      return bars
    case .list(let values):
      guard let rows = ValueDisplay.records(values) else {
        var bars: [PlotBar] = []
        for (index, value) in values.enumerated() { bars.append(PlotBar(label: String(index), value: try number(value, "element \(index)"))) }
        return bars
      }
      guard let y = yFields.first, yFields.count == 1 else {
        throw BuiltinError("a bar chart of records needs exactly one `y:` field", parameter: "y")
      }
      var bars: [PlotBar] = []
      for (index, row) in rows.enumerated() {
        let label = try xField.map { f throws(BuiltinError) in ValueDisplay.plainText(try field(row, f, row: index, parameter: "x")) } ?? String(index)
        bars.append(PlotBar(label: label, value: try number(try field(row, y, row: index, parameter: "y"), "field `\(y)` of row \(index)")))
      }
      return bars
    default:
      throw BuiltinError("expected numbers, a list of records or a record", parameter: "data")
    }
  }
}
