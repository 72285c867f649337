import Foundation
import SSREval

/// A value that cannot be stored in the cell cache (a dataset, a split, an energy report…).
struct NotStorable: Error {
  /// The value's type, e.g. `Split`.
  var typeName: String
}

/// A notebook value in a form that survives a process: plain values as they are, tables and plots
/// by their contents, models as checkpoint files beside the entry.
indirect enum StoredValue: Codable {
  case nothing
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case symbol(String)
  case list([StoredValue])
  case record(keys: [String], values: [StoredValue])
  case range(lower: Int, upper: Int, closed: Bool)
  case table(rows: [StoredValue], columns: [String]?, digits: Int, title: String?)
  case plot(PlotSpec)
  /// A model, as the checkpoint file of this name in the entry's folder.
  case model(file: String)
  /// The result of `sweep`: its runs, from which the points are computed again.
  case sweep(model: String, axes: [String], runs: [StoredValue], measures: [String], seeds: Int)

  /// Stores `value`, writing models into `directory` (named after `name`).
  ///
  /// - Throws: ``NotStorable`` for objects that have no stored form; a model that cannot be written.
  init(_ value: Value, directory: String, name: String) throws {
    switch value {
    case .nothing: self = .nothing
    case .bool(let b): self = .bool(b)
    case .int(let i): self = .int(i)
    case .double(let d): self = .double(d)
    case .string(let s): self = .string(s)
    case .symbol(let s): self = .symbol(s)
    case .list(let values):
      self = .list(try values.enumerated().map { try StoredValue($1, directory: directory, name: "\(name).\($0)") })
    case .record(let record):
      self = .record(
        keys: record.keys, values: try zip(record.keys, record.values).map { try StoredValue($1, directory: directory, name: "\(name).\($0)") })
    case .range(let range): self = .range(lower: range.lower, upper: range.upper, closed: range.closed)
    case .object(let object):
      switch object {
      case let table as TableObject:
        self = .table(
          rows: try table.rows.enumerated().map { try StoredValue(.record($1), directory: directory, name: "\(name).row\($0)") },
          columns: table.columns, digits: table.digits, title: table.title)
      case let plot as PlotObject:
        self = .plot(plot.spec)
      case let model as ModelObject:
        let file = name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "_" } + ".safetensors"
        try Checkpoint(model: model.model, spec: model.spec, description: model.checkpointDescription)
          .write(to: (directory as NSString).appendingPathComponent(String(file)))
        self = .model(file: String(file))
      case let sweep as SweepObject:
        self = .sweep(
          model: sweep.model, axes: sweep.axes,
          runs: try sweep.runs.enumerated().map { try StoredValue(.record($1), directory: directory, name: "\(name).run\($0)") },
          measures: sweep.measures, seeds: sweep.seeds)
      default:
        throw NotStorable(typeName: object.typeName)
      }
    }
  }

  /// The value again, reading models from `directory` with `registry`.
  func value(directory: String, registry: ModelRegistry) throws -> Value {
    switch self {
    case .nothing: return .nothing
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .string(let s): return .string(s)
    case .symbol(let s): return .symbol(s)
    case .list(let values): return .list(try values.map { try $0.value(directory: directory, registry: registry) })
    case .record(let keys, let values):
      return .record(Record(Array(zip(keys, try values.map { try $0.value(directory: directory, registry: registry) }))))
    case .range(let lower, let upper, let closed): return .range(IntRange(lower: lower, upper: upper, closed: closed))
    case .table(let rows, let columns, let digits, let title):
      let records = try rows.map { row -> Record in
        guard case .record(let record) = try row.value(directory: directory, registry: registry) else { throw NotStorable(typeName: "Table row") }
        return record
      }
      return .object(TableObject(rows: records, columns: columns, digits: digits, title: title))
    case .plot(let spec): return .object(PlotObject(spec: spec))
    case .model(let file):
      let checkpoint = try Checkpoint.read(from: (directory as NSString).appendingPathComponent(file), registry: registry)
      return .object(ModelObject(checkpoint: checkpoint))
    case .sweep(let model, let axes, let runs, let measures, let seeds):
      let records = try runs.map { run -> Record in
        guard case .record(let record) = try run.value(directory: directory, registry: registry) else { throw NotStorable(typeName: "Sweep run") }
        return record
      }
      return .object(SweepObject(model: model, axes: axes, runs: records, measures: measures, seeds: seeds))
    }
  }
}
