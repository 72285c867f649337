import Foundation
import SSRData

/// Typed item side information in a notebook: a coverage table per field and a preview; `.items`
/// gives every item's record, `.coverage` the table, and `itemTexts` one text per item.
final class SideInfoObject: NotebookObject {
  let info: DatasetSideInfo
  /// Whether the records follow a loaded dataset's item indices (else the files' records).
  let aligned: Bool
  let limit: Int

  init(_ info: DatasetSideInfo, aligned: Bool, limit: Int) {
    self.info = info
    self.aligned = aligned
    self.limit = limit
  }

  var typeName: String { "SideInfo" }

  /// One record per item: index (when aligned), id, the text fields, and counts of the lists.
  func record(_ offset: Int) -> Record {
    let item = info.items[offset]
    func text(_ value: String?) -> Value { value.map { $0.isEmpty ? .nothing : .string($0) } ?? .nothing }
    func list(_ values: [String]?) -> Value { (values ?? []).isEmpty ? .nothing : .string(values!.joined(separator: "|")) }
    var fields: [(String, Value)] = aligned ? [("item", .int(offset + 1))] : []
    fields += [
      ("id", item.map { .string($0.id) } ?? .nothing), ("title", text(item?.title)), ("genres", list(item?.genres)),
      ("tags", list(item?.tags)), ("description", text(item?.description)), ("image", text(item?.imageURLs.first)),
      ("reviews", .int(item?.reviews.count ?? 0)),
    ]
    return Record(fields)
  }

  var coverageRecords: [Record] {
    info.coverage.map { row in
      Record([("field", .symbol(row.field.rawValue)), ("with", .int(row.present)), ("without", .int(row.missing))])
    }
  }

  func render(style: RenderStyle) -> String {
    let files = info.files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
    var header = "side information of \(info.dataset): \(info.itemCount) " + (aligned ? "items of the dataset" : "records")
    header += files.isEmpty ? "" : " (from \(files))"
    var notes: [String] = []
    if aligned && info.unmatchedRecords > 0 { notes.append("\(info.unmatchedRecords) records describe items not in the dataset") }
    if info.skipped.count > 0 { notes.append("\(info.skipped.count) malformed lines skipped") }
    var text = header + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")) + "\n\n"
    text += TableRenderer.render(ValueDisplay.tableData(coverageRecords), style: style, digits: 4)
    let shown = min(max(0, limit), info.itemCount)
    guard shown > 0 else { return text }
    text += "\n\nfirst \(shown) " + (aligned ? "items" : "records") + ":\n\n"
    return text + TableRenderer.render(ValueDisplay.tableData((0..<shown).map(record)), style: style, digits: 4)
  }

  var memberNames: [String] { ["items", "count", "coverage", "dataset"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "items": return .list(info.items.indices.map { .record(record($0)) })
    case "count": return .int(info.itemCount)
    case "coverage": return .list(coverageRecords.map { .record($0) })
    case "dataset": return .string(info.dataset)
    default: return nil
    }
  }
}
