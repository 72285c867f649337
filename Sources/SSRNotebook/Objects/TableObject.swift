/// A table value produced by `table(…)`.
final class TableObject: NotebookObject {
  let rows: [Record]
  let columns: [String]?
  let digits: Int
  let title: String?

  init(rows: [Record], columns: [String]?, digits: Int, title: String?) {
    self.rows = rows
    self.columns = columns
    self.digits = digits
    self.title = title
  }

  var typeName: String { "Table" }

  func render(style: RenderStyle) -> String {
    let table = TableRenderer.render(ValueDisplay.tableData(rows, columns: columns), style: style, digits: digits)
    guard let title else { return table }
    return title + "\n\n" + table
  }

  var memberNames: [String] { ["rows", "columns"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "rows":
      return .list(rows.map { row in
        guard let columns else { return .record(row) }
        return .record(Record(columns.compactMap { key in row[key].map { (key, $0) } }))
      })
    case "columns":
      return .list(ValueDisplay.tableData(rows, columns: columns).columns.map { .symbol($0) })
    default: return nil
    }
  }

  func isEqual(to other: any NotebookObject) -> Bool {
    guard let other = other as? TableObject else { return false }
    return other.columns == columns && other.digits == digits && other.title == title
      && Operators.equal(.list(rows.map { .record($0) }), .list(other.rows.map { .record($0) }))
  }

  /// Interprets `data` as rows: a list of records; a record of equally long lists (columns);
  /// or a single record of scalars (rendered as `field | value`).
  static func rows(from data: Value) throws(BuiltinError) -> [Record] {
    switch data {
    case .list(let values):
      if values.isEmpty { return [] }
      guard let rows = ValueDisplay.records(values) else {
        return values.map { Record([("value", $0)]) }
      }
      return rows
    case .record(let record):
      let columns = try record.fields.map { field throws(BuiltinError) -> (String, [Value]?) in (field.key, try field.value.elements()) }
      if !columns.isEmpty, columns.allSatisfy({ $0.1 != nil }) {
        let lengths = Set(columns.map { $0.1!.count })
        guard lengths.count == 1, let length = lengths.first else {
          let described = columns.map { "\($0.0): \($0.1!.count)" }.joined(separator: ", ")
          throw BuiltinError("the columns have different lengths (\(described))", parameter: "data")
        }
        return (0..<length).map { index in Record(columns.map { ($0.0, $0.1![index]) }) }
      }
      return record.fields.map { Record([("field", .string($0.key)), ("value", $0.value)]) }
    default:
      throw BuiltinError("expected a list of records or a record, found \(ValueDisplay.summary(of: data))", parameter: "data")
    }
  }
}
