/// `table` and `plot`.
enum DisplayBuiltins {
  static var all: [Builtin] { [table, plot] }

  static var table: Builtin {
    Builtin(
      name: "table", category: "Display",
      parameters: [
        .positional("data", .oneOf([.list(.any), .record]), doc: "a list of records (rows), a record of lists (columns), or one record"),
        .labeled("columns", .list(.symbol(choices: [])), optional: true, doc: "the columns to show, in order"),
        .labeled("digits", .int, default: .int(4), doc: "significant digits of Doubles"),
        .labeled("title", .string, optional: true, doc: "a line shown above the table"),
      ],
      summary: "An aligned table; Markdown pipe table in saved outputs.",
      discussion: """
          table(results)
          table(runs, columns: [.model, .hr10, .ndcg10], digits: 3)
          table({epoch: [1, 2, 3], loss: [0.9, 0.6, 0.5]})     // columns
          table({users: 6040, items: 3416})                     // one record: field | value
        A list of records is also shown as a table when it is a cell's result.
        """
    ) { call in
      let digits = try call.int("digits") ?? 4
      guard (1...17).contains(digits) else { throw BuiltinError("digits must be 1...17", parameter: "digits") }
      let columns = try call.list("columns")?.compactMap { value -> String? in
        if case .symbol(let s) = value { return s }
        return nil
      }
      let rows = try TableObject.rows(from: try call.required("data"))
      if let columns {
        let known = Set(rows.flatMap(\.keys))
        for column in columns where !known.contains(column) {
          throw BuiltinError(
            "no row has a field `\(column)`", parameter: "columns",
            help: Suggestions.didYouMean(column, among: Array(known)).map { $0 } ?? "the fields are: \(rows.first?.keys.joined(separator: ", ") ?? "none")")
        }
      }
      return .object(TableObject(rows: rows, columns: columns, digits: digits, title: try call.string("title")))
    }
  }

  static var plot: Builtin {
    Builtin(
      name: "plot", category: "Display",
      parameters: [
        .positional("data", .oneOf([.list(.any), .record]), doc: "numbers, a list of records, or a record of lists"),
        .labeled("x", .symbol(choices: []), optional: true, doc: "the field used for x (records); default: the position 0, 1, 2, …"),
        .labeled("y", .oneOf([.symbol(choices: []), .list(.symbol(choices: []))]), optional: true, doc: "the field(s) plotted on y; several fields make several series"),
        .labeled("by", .symbol(choices: []), optional: true, doc: "a field whose values split the rows into series"),
        .labeled("error", .symbol(choices: []), optional: true, doc: "a field of half-widths drawn as error bars (y ± error), e.g. .ndcg10CI of a sweep"),
        .labeled("kind", .symbol(choices: ["line", "scatter", "bar"]), default: .symbol("line"), doc: "line, scatter, or (horizontal) bar"),
        .labeled("title", .string, optional: true, doc: "the title"),
        .labeled("xLabel", .string, optional: true, doc: "the x-axis label (default: the x field)"),
        .labeled("yLabel", .string, optional: true, doc: "the y-axis label (default: the y field)"),
        .labeled("height", .int, default: .int(12), doc: "rows of the plotting area"),
      ],
      summary: "A line, scatter or bar chart drawn with text.",
      discussion: """
          plot([0.9, 0.7, 0.6, 0.55])                                  // one series against 0, 1, 2, …
          plot(history, x: .epoch, y: [.train, .valid], title: "loss")
          plot(runs, x: .T, y: .ndcg10, by: .model)                    // one line per model
          plot(s.points, x: .T, y: .ndcg10, error: .ndcg10CI)          // with error bars (a sweep)
          plot({sasrec: 0.21, gru4rec: 0.18}, kind: .bar)              // a bar per field
          plot(runs, x: .model, y: .hr10, kind: .bar)
        Terminals get Unicode braille and block characters; saved outputs use 7-bit ASCII.
        """
    ) { call in
      try PlotBuilder(call: call).build()
    }
  }
}
