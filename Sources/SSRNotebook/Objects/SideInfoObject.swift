import SSRData

/// Item side information: a preview table; `.items` gives every row.
final class SideInfoObject: NotebookObject {
  let name: String
  let rows: [Record]
  let limit: Int

  init(name: String, rows: [Record], limit: Int) {
    self.name = name
    self.rows = rows
    self.limit = limit
  }

  var typeName: String { "SideInfo" }

  func render(style: RenderStyle) -> String {
    let shown = Array(rows.prefix(max(0, limit)))
    let header = "side information of \(name): \(rows.count) items" + (shown.count < rows.count ? " (first \(shown.count) shown)" : "")
    guard !shown.isEmpty else { return header }
    return header + "\n\n" + TableRenderer.render(ValueDisplay.tableData(shown), style: style, digits: 4)
  }

  var memberNames: [String] { ["items", "count"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "items": return .list(rows.map { .record($0) })
    case "count": return .int(rows.count)
    default: return nil
    }
  }
}
