import Foundation
import SSRCore
import SSRData

/// `toCSV` and `toJSON`: exports for pandas, R and spreadsheets; `readJSON` reads results back
/// (another tool's, or an earlier notebook's).
enum FileBuiltins {
  static var all: [Builtin] { [toCSV, toJSON, readJSON] }

  static var readJSON: Builtin {
    Builtin(
      name: "readJSON", category: "Files",
      parameters: [
        .positional("path", .string, doc: "the file to read, relative to the notebook's folder"),
        .labeled("missing", .any, optional: true, doc: "the value when the file does not exist (default: an error)"),
      ],
      summary: "Reads a JSON file as values: objects become records (in file order), arrays lists.",
      discussion: """
          let torch = readJSON("../bench/pytorch/logs/ann-3epochs.json")
        Integers stay Ints and other numbers become Doubles; null becomes nothing. For results
        written by another program, or by `toJSON` in a notebook that takes too long to rerun.
        With missing:, a file that does not exist gives that value (readJSON(p, missing: {}) for
        results that may not have been made yet); a file that exists but cannot be read or
        parsed is still an error.
        """
    ) { call in
      let path = try call.string("path") ?? ""
      guard !path.isEmpty else { throw BuiltinError("the path is empty", parameter: "path") }
      let resolved = call.context.resolve(path: path)
      if let fallback = call.bound.values["missing"], !FileManager.default.fileExists(atPath: resolved) { return fallback }
      call.context.noteFileRead(resolved)
      guard let data = FileManager.default.contents(atPath: resolved), let text = String(data: data, encoding: .utf8) else {
        throw BuiltinError(
          "cannot read \(resolved)", parameter: "path",
          help: "check the path; relative paths start at the notebook's folder")
      }
      let literal: LiteralValue
      do throws(LiteralError) {
        literal = try LiteralParser.parse(text, dialect: .json)
      } catch {
        let (line, column) = position(ofByte: error.offset, in: text)
        throw BuiltinError("\(path):\(line):\(column): not valid JSON: \(error.message)", parameter: "path")
      }
      return try value(of: literal)
    }
  }

  /// The notebook value of a parsed JSON value.
  static func value(of literal: LiteralValue) throws(BuiltinError) -> Value {
    switch literal {
    case .none: return .nothing
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .bigInt(let digits): return .double(Double(digits) ?? .nan)
    case .float(let d): return .double(d)
    case .string(let s): return .string(s)
    case .list(let items), .tuple(let items), .set(let items):
      var values: [Value] = []
      for item in items { values.append(try value(of: item)) }
      return .list(values)
    case .dict(let entries):
      var fields: [(String, Value)] = []
      for entry in entries {
        guard case .string(let key) = entry.key else { throw BuiltinError("a JSON object key is not a string") }
        fields.append((key, try value(of: entry.value)))
      }
      return .record(Record(fields))
    case .bytes: throw BuiltinError("JSON has no byte strings")
    }
  }

  /// 1-based line and column of a byte offset in `text`.
  private static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
    var line = 1, column = 1
    for byte in text.utf8.prefix(offset) {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return (line, column)
  }

  static var toCSV: Builtin {
    Builtin(
      name: "toCSV", category: "Files",
      parameters: [
        .positional("data", .oneOf([.list(.any), .record]), doc: "rows (a list of records), a record of lists, or a table"),
        .positional("path", .string, doc: "the file to write, relative to the notebook's folder"),
      ],
      summary: "Writes rows as a CSV file (RFC 4180, header row, written atomically).",
      discussion: """
          results |> toCSV("results/runs.csv")
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
