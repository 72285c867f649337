import SSRCore

/// `print`, `help`, `len`, `range`, `round`, `format`, `keys`, `shuffle`, `random`.
enum CoreBuiltins {
  static var all: [Builtin] { [print, help, len, range, round, format, keys, shuffle, random] }

  static var print: Builtin {
    Builtin(
      name: "print", category: "Basics",
      parameters: [
        .variadic("values", .any, doc: "values to show; strings are printed without quotes"),
        .labeled("separator", .string, default: .string(" "), doc: "text placed between values"),
      ],
      summary: "Shows values in the cell's output, in order.",
      discussion: """
        Strings, numbers and other short values are joined on one line. Tables, plots and lists of
        records are shown in full, each on its own lines.
          print("epoch", 3, "loss", 0.25)
          print(table(runs))
        """
    ) { call in
      let separator = try call.string("separator") ?? " "
      var line: [String] = []
      func flush() {
        if !line.isEmpty { call.context.emit(.text(line.joined(separator: separator))) }
        line = []
      }
      for value in call.variadic {
        switch value {
        case .object:
          flush()
          call.context.emit(.value(value))
        case .list(let values) where ValueDisplay.records(values) != nil:
          flush()
          call.context.emit(.value(value))
        default:
          line.append(ValueDisplay.plainText(value))
        }
      }
      flush()
      if call.variadic.isEmpty { call.context.emit(.text("")) }
      return .nothing
    }
  }

  static var help: Builtin {
    Builtin(
      name: "help", category: "Basics",
      parameters: [.positional("name", .oneOf([.symbol(choices: []), .string]), optional: true, doc: "a builtin, e.g. .plot")],
      summary: "Describes a builtin, or lists them all.",
      discussion: """
          help()          // every builtin, by category
          help(.plot)     // signature, parameters and examples of plot
        """
    ) { call in
      let registry = call.context.registry
      guard let value = call.value("name") else {
        var lines: [String] = []
        var categories: [String] = []
        for builtin in registry.all where !categories.contains(builtin.category) { categories.append(builtin.category) }
        let width = registry.names.map(\.count).max() ?? 0
        for category in categories {
          if !lines.isEmpty { lines.append("") }
          lines.append("\(category):")
          for builtin in registry.all where builtin.category == category {
            lines.append("  \(builtin.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(builtin.summary)")
          }
        }
        lines.append("")
        lines.append("help(.name) shows the details of one builtin.")
        return .string(lines.joined(separator: "\n")).asHelpText
      }
      let name: String
      switch value {
      case .symbol(let s), .string(let s): name = s
      default: name = ""
      }
      guard let builtin = registry[name] else {
        throw BuiltinError(
          "no builtin named `\(name)`", parameter: "name",
          help: Suggestions.didYouMean(name, among: registry.names) ?? "help() lists all builtins")
      }
      return .string(builtin.helpText).asHelpText
    }
  }

  static var len: Builtin {
    Builtin(
      name: "len", category: "Collections",
      parameters: [.positional("collection", .any, doc: "a list, range, record or string")],
      summary: "The number of elements (list, range), fields (record) or characters (string)."
    ) { call in
      switch try call.required("collection") {
      case .list(let values): return .int(values.count)
      case .range(let range): return .int(range.count)
      case .record(let record): return .int(record.count)
      case .string(let text): return .int(text.count)
      case let other:
        throw BuiltinError("expected a list, range, record or string, found \(ValueDisplay.summary(of: other))", parameter: "collection")
      }
    }
  }

  static var range: Builtin {
    Builtin(
      name: "range", category: "Collections",
      parameters: [
        .positional("start", .number, doc: "the first value (or the end, when `end` is omitted)"),
        .positional("end", .number, optional: true, doc: "the end, excluded"),
        .labeled("step", .number, default: .int(1), doc: "the increment (may be negative or fractional)"),
      ],
      summary: "A list of evenly spaced numbers from start up to (not including) end.",
      discussion: """
          range(5)                  // [0, 1, 2, 3, 4]
          range(2, 10, step: 3)     // [2, 5, 8]
          range(0, 1, step: 0.25)   // [0.0, 0.25, 0.5, 0.75]
        For integer ranges written in code, `0..<n` and `1...n` are shorter.
        """
    ) { call in
      let first = try call.required("start")
      let (start, end): (Value, Value) = call.value("end").map { (first, $0) } ?? (.int(0), first)
      let step = call.value("step") ?? .int(1)
      if case .int(let a) = start, case .int(let b) = end, case .int(let s) = step {
        guard s != 0 else { throw BuiltinError("the step must not be zero", parameter: "step") }
        let count = s > 0 ? (b > a ? (b - a - 1) / s + 1 : 0) : (a > b ? (a - b - 1) / -s + 1 : 0)
        guard count <= Value.maximumListLength else {
          throw BuiltinError("the range would have \(count) elements, more than \(Value.maximumListLength)")
        }
        return .list((0..<count).map { .int(a + $0 * s) })
      }
      guard let a = start.asDouble, let b = end.asDouble, let s = step.asDouble else {
        throw BuiltinError("expected numbers")
      }
      guard s != 0, s.isFinite else { throw BuiltinError("the step must be a finite non-zero number", parameter: "step") }
      guard a.isFinite, b.isFinite else { throw BuiltinError("start and end must be finite numbers") }
      let exact = (b - a) / s
      guard exact < Double(Value.maximumListLength) else {
        throw BuiltinError("the range would have more than \(Value.maximumListLength) elements")
      }
      let count = exact <= 0 ? 0 : Int((exact - 1e-9 * Swift.max(1, abs(exact))).rounded(.up))
      return .list((0..<count).map { .double(a + Double($0) * s) })
    }
  }

  static var round: Builtin {
    Builtin(
      name: "round", category: "Numbers",
      parameters: [
        .positional("value", .any, doc: "a number, or a list or record containing numbers"),
        .labeled("digits", .int, optional: true, doc: "decimal places to keep; omitted: round to an Int"),
      ],
      summary: "Rounds numbers half away from zero, inside lists and records too.",
      discussion: """
          round(2.5)                    // 3
          round(0.123456, digits: 3)    // 0.123
          round(runs, digits: 4)        // every number in a table of runs
        """
    ) { call in
      let digits = try call.int("digits")
      if let digits, !(0...15).contains(digits) {
        throw BuiltinError("digits must be between 0 and 15, found \(digits)", parameter: "digits")
      }
      func apply(_ value: Value, top: Bool) throws(BuiltinError) -> Value {
        switch value {
        case .int: return value
        case .double(let d):
          guard let digits else {
            guard d.isFinite, abs(d) < 9.2e18 else { throw BuiltinError("cannot round \(d) to an Int", parameter: "value") }
            return .int(Int(d.rounded(.toNearestOrAwayFromZero)))
          }
          return .double(NumberFormat.roundedDecimal(d, digits: digits))
        case .list(let values):
          var out: [Value] = []
          out.reserveCapacity(values.count)
          for item in values { out.append(try apply(item, top: false)) }
          return .list(out)
        case .record(let record):
          var out = Record()
          for field in record.fields { out[field.key] = try apply(field.value, top: false) }
          return .record(out)
        default:
          if top {
            throw BuiltinError("expected a number, list or record, found \(ValueDisplay.summary(of: value))", parameter: "value")
          }
          return value
        }
      }
      return try apply(try call.required("value"), top: true)
    }
  }

  static var format: Builtin {
    Builtin(
      name: "format", category: "Strings",
      parameters: [
        .positional("value", .any, doc: "a number or any value; or a template string containing {}"),
        .variadic("arguments", .any, doc: "values substituted for each {} of a template"),
        .labeled("digits", .int, optional: true, doc: "significant digits for numbers"),
        .labeled("decimals", .int, optional: true, doc: "fixed decimal places for numbers"),
      ],
      summary: "Turns a value into text, with control over number formatting.",
      discussion: """
          format(3.14159, digits: 3)         // "3.14"
          format(0.5, decimals: 3)           // "0.500"
          format("{} of {}", 3, 10)          // "3 of 10"
        Interpolation in string literals is often shorter: "epoch \\(n)".
        """
    ) { call in
      let digits = try call.int("digits")
      let decimals = try call.int("decimals")
      if digits != nil && decimals != nil {
        throw BuiltinError("give either digits: or decimals:, not both")
      }
      if let digits, !(1...17).contains(digits) { throw BuiltinError("digits must be 1...17", parameter: "digits") }
      if let decimals, !(0...17).contains(decimals) { throw BuiltinError("decimals must be 0...17", parameter: "decimals") }
      func text(_ value: Value) -> String {
        if let d = value.asDouble {
          if let digits {
            let text = NumberFormat.significant(d, digits: digits)
            if case .int = value, text.hasSuffix(".0") { return String(text.dropLast(2)) }
            return text
          }
          if let decimals { return NumberFormat.fixed(d, decimals: decimals) }
        }
        return ValueDisplay.plainText(value)
      }
      let value = try call.required("value")
      if case .string(let template) = value, !call.variadic.isEmpty || template.contains("{}") {
        let pieces = template.components(separatedBy: "{}")
        guard pieces.count - 1 == call.variadic.count else {
          throw BuiltinError(
            "the template has \(pieces.count - 1) {} placeholder(s) but \(call.variadic.count) value(s) were given",
            parameter: "value")
        }
        var out = pieces[0]
        for (index, argument) in call.variadic.enumerated() { out += text(argument) + pieces[index + 1] }
        return .string(out)
      }
      guard call.variadic.isEmpty else {
        throw BuiltinError("extra values are only used with a template string containing {}")
      }
      return .string(text(value))
    }
  }

  static var keys: Builtin {
    Builtin(
      name: "keys", category: "Records",
      parameters: [.positional("record", .record, doc: "a record")],
      summary: "The field names of a record, as a list of strings."
    ) { call in
      .list((try call.record("record") ?? Record()).keys.map { .string($0) })
    }
  }

  static var shuffle: Builtin {
    Builtin(
      name: "shuffle", category: "Random",
      parameters: [.positional("list", .list(.any), doc: "the list to shuffle")],
      summary: "The list in a random order, from the cell's seeded generator.",
      discussion: "Re-running the cell gives the same order: each cell's seed derives from the notebook seed and the cell id."
    ) { call in
      var values = try call.list("list") ?? []
      values.shuffle(using: &call.context.random)
      return .list(values)
    }
  }

  static var random: Builtin {
    Builtin(
      name: "random", category: "Random",
      parameters: [
        .labeled("count", .int, default: .int(1), doc: "how many numbers"),
        .labeled("distribution", .symbol(choices: ["uniform", "normal"]), default: .symbol("uniform"), doc: "uniform in [0, 1) or standard normal"),
      ],
      summary: "Random numbers from the cell's seeded generator (a Double when count is 1, else a list)."
    ) { call in
      let count = try call.int("count") ?? 1
      guard (1...Value.maximumListLength).contains(count) else {
        throw BuiltinError("count must be between 1 and \(Value.maximumListLength)", parameter: "count")
      }
      let normal = try call.symbol("distribution") == "normal"
      var values: [Value] = []
      values.reserveCapacity(count)
      for _ in 0..<count {
        values.append(.double(normal ? call.context.random.nextNormal() : call.context.random.nextDouble()))
      }
      return count == 1 ? values[0] : .list(values)
    }
  }
}

extension Value {
  /// Marks help text so it is displayed without quotes.
  var asHelpText: Value {
    if case .string(let text) = self { return .object(TextBlock(text: text)) }
    return self
  }
}

/// Preformatted text shown as is (help pages).
final class TextBlock: NotebookObject {
  let text: String
  init(text: String) { self.text = text }
  var typeName: String { "Text" }
  func render(style: RenderStyle) -> String { text }
  func isEqual(to other: any NotebookObject) -> Bool { (other as? TextBlock)?.text == text }
}
