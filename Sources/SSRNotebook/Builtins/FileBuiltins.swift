import Foundation
import SSRCore

/// `toCSV` and `toJSON`: exports for pandas, R and spreadsheets.
enum FileBuiltins {
  static var all: [Builtin] { [toCSV, toJSON] }

  static var toCSV: Builtin {
    Builtin(
      name: "toCSV", category: "Files",
      parameters: [
        .positional("data", .oneOf([.list(.any), .record]), doc: "rows (a list of records), a record of lists, or a table"),
        .positional("path", .string, doc: "the file to write, relative to the notebook's folder"),
      ],
      summary: "Writes rows as a CSV file (RFC 4180, header row, written atomically).",
      discussion: """
          runs |> toCSV("results/runs.csv")
        Numbers are written with full precision; symbols without the dot; nested lists and records
        as JSON text.
        """
    ) { call in
      let rows = try TableObject.rows(from: try call.required("data"))
      let path = try call.string("path") ?? ""
      let columns = ValueDisplay.tableData(rows).columns
      var lines = [columns.map(csvField).joined(separator: ",")]
      for row in rows {
        lines.append(columns.map { row[$0].map { csvField(exportText($0)) } ?? "" }.joined(separator: ","))
      }
      try write(lines.joined(separator: "\r\n") + "\r\n", to: path, call: call)
      call.context.emit(.text("wrote \(rows.count) row\(rows.count == 1 ? "" : "s") to \(path)"))
      return .nothing
    }
  }

  static var toJSON: Builtin {
    Builtin(
      name: "toJSON", category: "Files",
      parameters: [
        .positional("value", .any, doc: "any value made of numbers, strings, lists and records"),
        .positional("path", .string, doc: "the file to write, relative to the notebook's folder"),
      ],
      summary: "Writes a value as JSON (records keep their field order; written atomically).",
      discussion: """
          toJSON({config: cfg, runs: runs}, "results/runs.json")
        Symbols become strings; NaN and infinities become null; ranges become arrays.
        """
    ) { call in
      let value = try call.required("value")
      let path = try call.string("path") ?? ""
      var out = ""
      try json(value, into: &out, indent: "")
      try write(out + "\n", to: path, call: call)
      call.context.emit(.text("wrote \(path)"))
      return .nothing
    }
  }

  private static func write(_ text: String, to path: String, call: BuiltinCall) throws(BuiltinError) {
    guard !path.isEmpty else { throw BuiltinError("the path is empty", parameter: "path") }
    do {
      try AtomicFile.write(text, to: call.context.resolve(path: path))
    } catch {
      throw BuiltinError(error.description, parameter: "path")
    }
  }

  /// Text for a CSV cell: full-precision numbers, symbols without the dot, JSON for nested values.
  static func exportText(_ value: Value) -> String {
    switch value {
    case .nothing: return ""
    case .int(let i): return String(i)
    case .double(let d): return d.isFinite ? "\(d)" : (d.isNaN ? "NaN" : (d > 0 ? "inf" : "-inf"))
    case .bool(let b): return b ? "true" : "false"
    case .string(let s): return s
    case .symbol(let s): return s
    default:
      var out = ""
      try? json(value, into: &out, indent: nil)
      return out
    }
  }

  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Appends `value` as JSON; `indent` nil writes compactly.
  static func json(_ value: Value, into out: inout String, indent: String?) throws(BuiltinError) {
    let inner = indent.map { $0 + "  " }
    let newline = indent == nil ? "" : "\n"
    switch value {
    case .nothing: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): out += d.isFinite ? "\(d)" : "null"
    case .string(let s): out += JSONText.quoted(s)
    case .symbol(let s): out += JSONText.quoted(s)
    case .range:
      try json(.list(try value.elements() ?? []), into: &out, indent: indent)
    case .list(let values):
      if values.isEmpty {
        out += "[]"
        return
      }
      out += "[" + newline
      for (index, element) in values.enumerated() {
        out += inner ?? ""
        try json(element, into: &out, indent: inner)
        out += (index < values.count - 1 ? "," : "") + newline
      }
      out += (indent ?? "") + "]"
    case .record(let record):
      if record.count == 0 {
        out += "{}"
        return
      }
      out += "{" + newline
      for (index, field) in record.fields.enumerated() {
        out += (inner ?? "") + JSONText.quoted(field.key) + (indent == nil ? ":" : ": ")
        try json(field.value, into: &out, indent: inner)
        out += (index < record.count - 1 ? "," : "") + newline
      }
      out += (indent ?? "") + "}"
    case .object(let object):
      if let table = object as? TableObject, let rows = try table.member("rows") {
        try json(rows, into: &out, indent: indent)
      } else {
        throw BuiltinError("a \(object.typeName) cannot be written as JSON")
      }
    }
  }
}
