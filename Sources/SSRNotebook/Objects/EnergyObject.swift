import SSREval
import SSRModels

/// An energy report in a notebook: the breakdown renders as a table.
final class EnergyObject: NotebookObject {
  let report: EnergyReport

  init(report: EnergyReport) {
    self.report = report
  }

  var typeName: String { "Energy" }

  var rows: [Record] {
    report.rows.map { row in
      Record([
        ("layer", .string(row.layer)), ("part", .string(row.component.rawValue)), ("input", .string(row.input.label)),
        ("op", .string(row.kind.rawValue)), ("MACs", .int(row.macs)), ("steps", .int(row.timeSteps)),
        ("rate", row.rate.map { .double($0) } ?? .nothing), ("pJ", .double(row.energy)),
      ])
    }
  }

  func render(style: RenderStyle) -> String {
    let steps = report.timeSteps.map { ", T = \($0)" } ?? ""
    let headline = "\(report.model)\(steps): \(EnergyFormat.energy(picojoules: report.total)) per inference (modified "
      + "\(EnergyFormat.energy(picojoules: report.modified)), shared \(EnergyFormat.energy(picojoules: report.shared))"
      + (report.rows.contains { $0.component == .fusion } ? ", fusion on the server \(EnergyFormat.energy(picojoules: report.fusion))" : "") + ")"
    return headline + "\n\n" + TableRenderer.render(ValueDisplay.tableData(rows), style: style, digits: 4)
  }

  var memberNames: [String] { ["total", "modified", "shared", "fusion", "device", "rows", "model"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "total": return .double(report.total)
    case "modified": return .double(report.modified)
    case "shared": return .double(report.shared)
    case "fusion": return .double(report.fusion)
    case "device": return .double(report.device)
    case "model": return .string(report.model)
    case "rows": return .list(rows.map { .record($0) })
    default: return nil
    }
  }
}
