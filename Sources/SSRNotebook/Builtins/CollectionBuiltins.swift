/// `grid`, `sum`, `mean`, `min`, `max`, `sort`, `select`, `filter`.
enum CollectionBuiltins {
  static var all: [Builtin] { [grid, sum, mean, min, max, sort, select, filter] }

  static var grid: Builtin {
    Builtin(
      name: "grid", category: "Collections",
      parameters: [.positional("axes", .record, doc: "a record whose fields are lists of values")],
      summary: "The cartesian product of a record of lists, as a list of records.",
      discussion: """
        The first field varies slowest, as in nested loops written in field order.
          grid({lr: [0.001, 0.01], hidden: [32, 64]})
          // [{lr: 0.001, hidden: 32}, {lr: 0.001, hidden: 64}, {lr: 0.01, hidden: 32}, {lr: 0.01, hidden: 64}]
          for cfg in grid({T: [2, 4], tau: [2.0]}) { cfg.T * cfg.tau }
        A field that is not a list is treated as a single value.
        """
    ) { call in
      let axes = try call.record("axes") ?? Record()
      var rows: [Record] = [Record()]
      for field in axes.fields {
        let options = try field.value.elements() ?? [field.value]
        guard !options.isEmpty else { throw BuiltinError("the field `\(field.key)` is an empty list, so the grid is empty", parameter: "axes") }
        guard rows.count * options.count <= 1_000_000 else {
          throw BuiltinError("the grid would have more than 1,000,000 points", parameter: "axes")
        }
        var next: [Record] = []
        next.reserveCapacity(rows.count * options.count)
        for row in rows {
          for option in options {
            var extended = row
            extended[field.key] = option
            next.append(extended)
          }
        }
        rows = next
      }
      return .list(rows.map { .record($0) })
    }
  }

  /// The numbers of a list or of variadic arguments, for `sum`/`mean`/`min`/`max`.
  private static func operands(_ call: BuiltinCall) throws(BuiltinError) -> [Value] {
    if call.variadic.count == 1, let elements = try call.variadic[0].elements() { return elements }
    return call.variadic
  }

  private static func numbers(_ values: [Value], builtin: String) throws(BuiltinError) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(values.count)
    for (index, value) in values.enumerated() {
      guard let d = value.asDouble else {
        throw BuiltinError("\(builtin) needs numbers, but element \(index) is \(ValueDisplay.summary(of: value))")
      }
      out.append(d)
    }
    return out
  }

  private static var aggregateParameters: [BuiltinParameter] {
    [.variadic("values", .any, doc: "a list or range of numbers, or several numbers")]
  }

  static var sum: Builtin {
    Builtin(
      name: "sum", category: "Numbers", parameters: aggregateParameters,
      summary: "The sum of numbers (an Int when all are Ints).",
      discussion: "  sum([1, 2, 3])    // 6\n  sum(results.time)    // a column of a table"
    ) { call in
      let values = try operands(call)
      if values.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
        var total = 0
        for case .int(let i) in values {
          let (next, overflow) = total.addingReportingOverflow(i)
          guard !overflow else { throw BuiltinError("integer overflow in sum", help: "convert to Doubles first") }
          total = next
        }
        return .int(total)
      }
      return .double(try numbers(values, builtin: "sum").reduce(0, +))
    }
  }

  static var mean: Builtin {
    Builtin(
      name: "mean", category: "Numbers", parameters: aggregateParameters,
      summary: "The arithmetic mean of numbers (a Double).",
      discussion: "  mean([1, 2, 3, 4])   // 2.5"
    ) { call in
      let values = try numbers(try operands(call), builtin: "mean")
      guard !values.isEmpty else { throw BuiltinError("the mean of an empty list is undefined") }
      return .double(values.reduce(0, +) / Double(values.count))
    }
  }

  private static func extreme(_ call: BuiltinCall, name: String, keepFirst: (Int) -> Bool) throws(BuiltinError) -> Value {
    let values = try operands(call)
    guard var best = values.first else { throw BuiltinError("\(name) of an empty list is undefined") }
    for value in values.dropFirst() {
      if keepFirst(try Operators.compare(value, best, op: "<")) { best = value }
    }
    return best
  }

  static var min: Builtin {
    Builtin(
      name: "min", category: "Numbers", parameters: aggregateParameters,
      summary: "The smallest of numbers, strings or symbols.",
      discussion: "  min([3, 1, 2])   // 1\n  min(4, 2.5)      // 2.5"
    ) { call in try extreme(call, name: "min") { $0 < 0 } }
  }

  static var max: Builtin {
    Builtin(
      name: "max", category: "Numbers", parameters: aggregateParameters,
      summary: "The largest of numbers, strings or symbols.",
      discussion: "  max([3, 1, 2])   // 3"
    ) { call in try extreme(call, name: "max") { $0 > 0 } }
  }

  static var sort: Builtin {
    Builtin(
      name: "sort", category: "Collections",
      parameters: [
        .positional("list", .list(.any), doc: "numbers, strings, symbols, or records"),
        .labeled("by", .symbol(choices: []), optional: true, doc: "the record field to sort by (required for records)"),
        .labeled("descending", .bool, default: .bool(false), doc: "largest first"),
      ],
      summary: "A sorted copy of a list; stable, so equal elements keep their order.",
      discussion: """
          sort([3, 1, 2])                                 // [1, 2, 3]
          sort(results, by: .ndcg10, descending: true)    // best run first
        """
    ) { call in
      let values = try call.list("list") ?? []
      let field = try call.symbol("by")
      let descending = try call.bool("descending") ?? false
      var keys: [Value] = []
      keys.reserveCapacity(values.count)
      for (index, value) in values.enumerated() {
        if let field {
          guard case .record(let record) = value else {
            throw BuiltinError("sorting by .\(field) needs records, but element \(index) is \(ValueDisplay.summary(of: value))")
          }
          guard let key = record[field] else {
            throw BuiltinError(
              "element \(index) has no field `\(field)`", parameter: "by", help: Suggestions.didYouMean(field, among: record.keys))
          }
          keys.append(key)
        } else {
          if case .record = value {
            throw BuiltinError("sorting records needs a field", help: "e.g. sort(rows, by: .\((value.recordKeys.first ?? "name")))")
          }
          keys.append(value)
        }
      }
      var failure: BuiltinError? = nil
      let order = Array(values.indices).sorted { a, b in
        guard failure == nil else { return a < b }
        do throws(BuiltinError) {
          let c = try Operators.compare(keys[a], keys[b], op: "<")
          if c == 0 { return a < b }
          return descending ? c > 0 : c < 0
        } catch {
          failure = error
          return a < b
        }
      }
      if let failure { throw failure }
      return .list(order.map { values[$0] })
    }
  }

  static var select: Builtin {
    Builtin(
      name: "select", category: "Records",
      parameters: [
        .positional("data", .oneOf([.record, .list(.record)]), doc: "a record or a list of records"),
        .variadic("fields", .symbol(choices: []), doc: "the fields to keep, in the order wanted"),
      ],
      summary: "Keeps (and reorders) fields of a record or of every record in a list.",
      discussion: "  select(results, .model, .ndcg10)"
    ) { call in
      let fields = call.variadic.compactMap { if case .symbol(let s) = $0 { return s } else { return nil } }
      guard !fields.isEmpty else { throw BuiltinError("name at least one field, e.g. select(rows, .model)") }
      func pick(_ record: Record, index: Int?) throws(BuiltinError) -> Record {
        var out = Record()
        for field in fields {
          guard let value = record[field] else {
            let which = index.map { "record \($0)" } ?? "the record"
            throw BuiltinError(
              "\(which) has no field `\(field)`", help: Suggestions.didYouMean(field, among: record.keys))
          }
          out[field] = value
        }
        return out
      }
      switch try call.required("data") {
      case .record(let record): return .record(try pick(record, index: nil))
      case .list(let values):
        var out: [Value] = []
        for (index, value) in values.enumerated() {
          if case .record(let record) = value { out.append(.record(try pick(record, index: index))) }
        }
        return .list(out)
      default: throw BuiltinError("expected a record or a list of records", parameter: "data")
      }
    }
  }

  static var filter: Builtin {
    Builtin(
      name: "filter", category: "Records",
      parameters: [
        .positional("rows", .list(.record), doc: "a list of records"),
        .labeled("where", .record, doc: "fields and the values they must equal; a list means any of them"),
      ],
      summary: "The records whose fields equal the given values.",
      discussion: """
          filter(results, where: {model: .sasrec})
          filter(results, where: {T: [2, 4], dataset: "ml-1m"})
        For other conditions use a `for … where` comprehension:
          for r in results where r.ndcg10 > 0.1 { r }
        """
    ) { call in
      let rows = try call.list("rows") ?? []
      let conditions = try call.record("where") ?? Record()
      var out: [Value] = []
      for (index, value) in rows.enumerated() {
        guard case .record(let record) = value else { continue }
        var keep = true
        for condition in conditions.fields {
          guard let field = record[condition.key] else {
            throw BuiltinError(
              "record \(index) has no field `\(condition.key)`", parameter: "where",
              help: Suggestions.didYouMean(condition.key, among: record.keys))
          }
          let allowed = condition.value.listOrSelf
          if !allowed.contains(where: { Operators.equal($0, field) }) {
            keep = false
            break
          }
        }
        if keep { out.append(value) }
      }
      return .list(out)
    }
  }
}

extension Value {
  fileprivate var recordKeys: [String] {
    if case .record(let record) = self { return record.keys }
    return []
  }

  fileprivate var listOrSelf: [Value] {
    if case .list(let values) = self { return values }
    return [self]
  }
}
