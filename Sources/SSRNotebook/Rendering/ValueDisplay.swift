/// How values are shown: short summaries for messages, source-like literals, and full renderings
/// (lists of records become tables; objects render themselves).
public enum ValueDisplay {
  /// Significant digits used for Doubles shown on their own (tables use their own setting).
  public static let scalarDigits = 6

  /// A short description for error messages: `String "ten"`, `Int 3`, `List of 4 elements`.
  public static func summary(of value: Value) -> String {
    switch value {
    case .nothing: return "nothing"
    case .bool(let b): return "Bool \(b)"
    case .int(let i): return "Int \(i)"
    case .double(let d): return "Double \(NumberFormat.significant(d, digits: scalarDigits))"
    case .string(let s):
      let shown = s.count > 30 ? String(s.prefix(27)) + "..." : s
      return "String \(quoted(shown))"
    case .symbol(let s): return "Symbol .\(s)"
    case .list(let values):
      if values.isEmpty { return "an empty List" }
      return "List of \(values.count) element\(values.count == 1 ? "" : "s")"
    case .record(let record):
      let keys = record.keys.prefix(6).joined(separator: ", ") + (record.count > 6 ? ", …" : "")
      return "Record {\(keys)}"
    case .range(let range): return "Range \(range)"
    case .object(let object): return object.typeName
    }
  }

  /// A string literal with escapes, as it would be written in a cell.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      case "\0": out += "\\0"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// The value written as a cell-language literal on one line (objects as `<Type>`).
  public static func literal(_ value: Value) -> String {
    switch value {
    case .nothing: return "nothing"
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return NumberFormat.significant(d, digits: scalarDigits)
    case .string(let s): return quoted(s)
    case .symbol(let s): return ".\(s)"
    case .list(let values): return "[" + values.map(literal).joined(separator: ", ") + "]"
    case .record(let record):
      if record.count == 0 { return "{}" }
      return "{" + record.fields.map { "\(fieldName($0.key)): \(literal($0.value))" }.joined(separator: ", ") + "}"
    case .range(let range): return range.description
    case .object(let object): return "<\(object.typeName)>"
    }
  }

  /// The text used for string interpolation and `print`: strings without quotes, everything
  /// else as its literal.
  public static func plainText(_ value: Value) -> String {
    if case .string(let s) = value { return s }
    return literal(value)
  }

  private static func fieldName(_ key: String) -> String {
    let isIdentifier =
      !key.isEmpty && key.first.map { $0.isLetter || $0 == "_" } == true
      && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    return isIdentifier ? key : quoted(key)
  }

  /// The full rendering of a value as a cell's output.
  public static func render(_ value: Value, style: RenderStyle) -> String {
    switch value {
    case .nothing: return ""
    case .object(let object): return object.render(style: style)
    case .list(let values):
      if let rows = records(values) {
        return TableRenderer.render(tableData(rows), style: style, digits: 4)
      }
      return wrapped(values.map(literal), open: "[", close: "]", width: style.width)
    case .record(let record):
      let one = literal(value)
      if one.count <= style.width { return one }
      return wrapped(record.fields.map { "\(fieldName($0.key)): \(literal($0.value))" }, open: "{", close: "}", width: style.width)
    default:
      return literal(value)
    }
  }

  /// The rows when every element is a record (and there is at least one), else nil.
  static func records(_ values: [Value]) -> [Record]? {
    guard !values.isEmpty else { return nil }
    var rows: [Record] = []
    rows.reserveCapacity(values.count)
    for value in values {
      guard case .record(let record) = value else { return nil }
      rows.append(record)
    }
    return rows
  }

  /// Converts records into table data; columns are the union of keys in first-seen order.
  static func tableData(_ rows: [Record], columns explicit: [String]? = nil) -> TableData {
    var columns: [String] = explicit ?? []
    if explicit == nil {
      var seen = Set<String>()
      for row in rows {
        for key in row.keys where seen.insert(key).inserted { columns.append(key) }
      }
    }
    let cells = rows.map { row in columns.map { tableCell(row[$0]) } }
    return TableData(columns: columns, rows: cells)
  }

  /// One table cell for a value.
  static func tableCell(_ value: Value?) -> TableCell {
    guard let value else { return .empty }
    switch value {
    case .nothing: return .empty
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .bool(let b): return .bool(b)
    case .string(let s): return .text(s)
    case .symbol(let s): return .text(".\(s)")
    default: return .text(literal(value))
    }
  }

  /// Items joined with ", " on one line if they fit, otherwise wrapped with an indent.
  private static func wrapped(_ items: [String], open: String, close: String, width: Int) -> String {
    let shown: [String]
    if items.count > 200 {
      shown = Array(items.prefix(100)) + ["… \(items.count - 110) more …"] + Array(items.suffix(10))
    } else {
      shown = items
    }
    let single = open + shown.joined(separator: ", ") + close
    if single.count <= width { return single }
    var lines: [String] = []
    var line = open
    for (index, item) in shown.enumerated() {
      let piece = item + (index == shown.count - 1 ? close : ",")
      if line.count + 1 + piece.count > width, line != open {
        lines.append(line)
        line = " " + piece
      } else {
        line += (line == open ? "" : " ") + piece
      }
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }
}
