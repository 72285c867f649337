import Foundation
import Testing
@testable import SSRNotebook

@Suite("Builtins")
struct BuiltinTests {
  @Test("grid is the cartesian product, first field slowest")
  func grid() throws {
    #expect(
      try show("grid({a: [1, 2], b: [.x, .y]})")
        == "[{a: 1, b: .x}, {a: 1, b: .y}, {a: 2, b: .x}, {a: 2, b: .y}]")
    #expect(try show("grid({a: 1, b: [true, false]}) |> len") == "2")
    #expect(failure("grid({a: []})")?.message == "grid: the field `a` is an empty list, so the grid is empty")
  }

  @Test("range, len, sum, mean, min, max")
  func numbers() throws {
    #expect(try show("range(5)") == "[0, 1, 2, 3, 4]")
    #expect(try show("range(2, 10, step: 3)") == "[2, 5, 8]")
    #expect(try show("range(5, 0, step: -2)") == "[5, 3, 1]")
    #expect(try show("range(0, 1, step: 0.25)") == "[0.0, 0.25, 0.5, 0.75]")
    #expect(try show("range(3, 3)") == "[]")
    #expect(failure("range(0, 5, step: 0)")?.message == "range: the step must not be zero")
    #expect(try show("len([1, 2]) + len({a: 1}) + len(\"héllo\") + len(0..<10)") == "18")
    #expect(try show("sum([1, 2, 3])") == "6")
    #expect(try show("sum(1, 2.5)") == "3.5")
    #expect(try show("sum(1...100)") == "5050")
    #expect(try show("sum([])") == "0")
    #expect(try show("mean([1, 2, 3, 4])") == "2.5")
    #expect(try show("min([3, 1, 2])") == "1")
    #expect(try show("max(4, 2.5)") == "4")
    #expect(try show("max([\"pear\", \"apple\"])") == "\"pear\"")
    #expect(failure("sum([1, \"a\"])")?.message == "sum: sum needs numbers, but element 1 is String \"a\"")
    #expect(failure("max([])")?.message == "max: max of an empty list is undefined")
  }

  @Test("sort is stable, by a field, descending")
  func sort() throws {
    #expect(try show("sort([3, 1, 2])") == "[1, 2, 3]")
    #expect(try show("sort([\"b\", \"a\"], descending: true)") == "[\"b\", \"a\"]")
    let rows = "[{m: .a, s: 2}, {m: .b, s: 1}, {m: .c, s: 2}]"
    #expect(try show("sort(\(rows), by: .s)") == "[{m: .b, s: 1}, {m: .a, s: 2}, {m: .c, s: 2}]")
    #expect(try show("sort(\(rows), by: .s, descending: true)") == "[{m: .a, s: 2}, {m: .c, s: 2}, {m: .b, s: 1}]")
    #expect(failure("sort([{a: 1}])")?.message == "sort: sorting records needs a field")
    #expect(failure("sort([1, \"a\"])") != nil)
  }

  @Test("select and filter")
  func records() throws {
    let rows = "[{m: .a, T: 2, hr: 0.5}, {m: .b, T: 4, hr: 0.25}, {m: .a, T: 4, hr: 0.75}]"
    #expect(try show("select(\(rows), .hr, .m)") == "[{hr: 0.5, m: .a}, {hr: 0.25, m: .b}, {hr: 0.75, m: .a}]")
    #expect(try show("select({a: 1, b: 2}, .b)") == "{b: 2}")
    #expect(try show("filter(\(rows), where: {m: .a})") == "[{m: .a, T: 2, hr: 0.5}, {m: .a, T: 4, hr: 0.75}]")
    #expect(try show("filter(\(rows), where: {T: [2, 4], m: .b}) |> len") == "1")
    #expect(try show("for r in \(rows) where r.hr > 0.4 { r.m }") == "[.a, .a]")
    #expect(failure("select({a: 1}, .z)")?.message == "select: the record has no field `z`")
    #expect(failure("filter(\(rows), where: {x: 1})")?.message == "filter: record 0 has no field `x`")
  }

  @Test("round and format")
  func rounding() throws {
    #expect(try show("round(2.5)") == "3")
    #expect(try show("round(-2.5)") == "-3")
    #expect(try show("round(0.123456, digits: 3)") == "0.123")
    #expect(try show("round([{a: 1.23456, b: \"x\"}], digits: 2)") == "[{a: 1.23, b: \"x\"}]")
    #expect(failure("round(1e300)")?.message == "round: cannot round 1e+300 to an Int")
    #expect(try show("format(3.14159, digits: 3)") == "\"3.14\"")
    #expect(try show("format(0.5, decimals: 3)") == "\"0.500\"")
    #expect(try show("format(\"{} of {}\", 3, 10)") == "\"3 of 10\"")
    #expect(try show("format(.x)") == "\".x\"")
    #expect(failure("format(\"{} {}\", 1)")?.message.contains("2 {} placeholder(s) but 1 value(s)") == true)
  }

  @Test("keys, shuffle and random use the cell's seed")
  func randomness() throws {
    #expect(try show("keys({b: 1, a: 2})") == "[\"b\", \"a\"]")
    let first = try evaluate("shuffle(range(20))", seed: 7).value
    let again = try evaluate("shuffle(range(20))", seed: 7).value
    let other = try evaluate("shuffle(range(20))", seed: 8).value
    #expect(Operators.equal(first, again))
    #expect(!Operators.equal(first, other))
    #expect(try show("sort(shuffle(range(5)))") == "[0, 1, 2, 3, 4]")
    let sample = try evaluate("random(count: 1000)").value
    let values = try #require(try sample.elements()).compactMap(\.asDouble)
    #expect(values.count == 1000 && values.allSatisfy { $0 >= 0 && $0 < 1 })
    #expect(failure("random(count: 0)") != nil)
  }

  @Test("table accepts rows, columns and single records; renders Markdown when saved")
  func table() throws {
    let rendered = ValueDisplay.render(try evaluate("table({epoch: [1, 2], loss: [0.5, 0.25]}, title: \"Loss\")").value, style: .saved)
    #expect(
      rendered == """
        Loss

        | epoch | loss |
        |------:|-----:|
        |     1 |  0.5 |
        |     2 | 0.25 |
        """)
    let single = ValueDisplay.render(try evaluate("table({users: 6040, items: 3416})").value, style: .saved)
    #expect(single.contains("| users |  6040 |"))
    #expect(failure("table({a: [1, 2], b: [1]})")?.message == "table: the columns have different lengths (a: 2, b: 1)")
    #expect(failure("table([{a: 1}], columns: [.b])")?.message == "table: no row has a field `b`")
    #expect(try show("table([{a: 1, b: 2}], columns: [.b]).rows") == "[{b: 2}]")
  }

  @Test("A list of records shows as a table; other values as literals")
  func display() throws {
    #expect(ValueDisplay.render(try evaluate("[{a: 1}, {b: \"x\"}]").value, style: .saved) == "|   a | b   |\n|----:|-----|\n|   1 |     |\n|     | x   |")
    let long = ValueDisplay.render(try evaluate("range(40)").value, style: RenderStyle(width: 40, unicode: false, markdownTables: true))
    #expect(long.split(separator: "\n").allSatisfy { $0.count <= 40 })
    #expect(long.hasPrefix("[0, 1, 2,"))
  }

  @Test("plot builds line, scatter and bar charts from the documented data shapes")
  func plot() throws {
    func spec(_ source: String) throws -> PlotSpec {
      guard case .object(let object) = try evaluate(source).value, let plot = object as? PlotObject else {
        throw SSRError("not a plot")
      }
      return plot.spec
    }
    #expect(try spec("plot([3, 1, 2])").series == [PlotSeries(name: "", points: [.init(x: 0, y: 3), .init(x: 1, y: 1), .init(x: 2, y: 2)])])
    let rows = "[{e: 1, a: 0.5, b: 1, m: .x}, {e: 2, a: 0.25, b: 2, m: .y}]"
    let two = try spec("plot(\(rows), x: .e, y: [.a, .b])")
    #expect(two.series.map(\.name) == ["a", "b"] && two.xLabel == "e" && two.yLabel == nil)
    let grouped = try spec("plot(\(rows), x: .e, y: .a, by: .m, kind: .scatter)")
    #expect(grouped.series.map(\.name) == [".x", ".y"] && grouped.kind == .scatter && grouped.yLabel == "a")
    let bars = try spec("plot({sasrec: 0.2, gru: 0.1}, kind: .bar, title: \"HR\")")
    #expect(bars.bars == [PlotBar(label: "sasrec", value: 0.2), PlotBar(label: "gru", value: 0.1)] && bars.title == "HR")
    let fromRows = try spec("plot(\(rows), x: .m, y: .a, kind: .bar)")
    #expect(fromRows.bars.map(\.label) == [".x", ".y"])
    #expect(failure("plot(\(rows), x: .e)")?.message == "plot: plotting records needs `y:`, the field(s) to plot")
    #expect(failure("plot(\(rows), x: .e, y: .zz)")?.message == "plot: row 0 has no field `zz`")
    #expect(failure("plot([1, \"a\"])")?.message == "plot: plot needs numbers, but element 1 is String \"a\"")
    #expect(failure("plot([1], height: 1)")?.message == "plot: height must be between 3 and 100")
  }

  @Test("toCSV and toJSON write files atomically, relative to the notebook folder")
  func files() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-files-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let session = Session(baseDirectory: directory)
    var printed: [String] = []
    session.context.emit = { if case .text(let t) = $0 { printed.append(t) } }
    let source = """
      let rows = [{model: .sasrec, hr: 0.5, note: "a, \\"b\\""}, {model: .gru, hr: 0.25, extra: [1, 2]}]
      toCSV(rows, "out/runs.csv")
      toJSON({rows: rows, n: 2, bad: 0.0 / 0.0}, "out/runs.json")
      """
    _ = try session.interpreter.run(try Parser.parse(source), origin: "cell 1")
    let csv = try String(contentsOfFile: directory + "/out/runs.csv", encoding: .utf8)
    #expect(csv == "model,hr,note,extra\r\nsasrec,0.5,\"a, \"\"b\"\"\",\r\ngru,0.25,,\"[1,2]\"\r\n")
    let json = try String(contentsOfFile: directory + "/out/runs.json", encoding: .utf8)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    #expect((object?["n"] as? Int) == 2)
    #expect(object?["bad"] is NSNull)
    #expect(((object?["rows"] as? [[String: Any]])?.first?["model"] as? String) == "sasrec")
    #expect(printed.first == "wrote 2 rows to out/runs.csv" && printed.last == "wrote out/runs.json")
    #expect(printed.count == 3 && printed[1].hasPrefix("warning: `/` of finite numbers gave nan"))  // the deliberate 0.0 / 0.0
    #expect(failure("toJSON(table([{a: 1}]), \"/proc/forbidden/x.json\")")?.message.hasPrefix("toJSON: cannot write") == true)
  }

  @Test("readJSON reads what toJSON wrote, keeps field order, and reports bad files with line and column")
  func readJSON() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-readjson-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let session = Session(baseDirectory: directory)
    session.context.emit = { _ in }
    let source = """
      toJSON([{model: .sasrec, hr: 0.5, n: 3, ok: true, tags: ["a", "b"]}], "runs.json")
      let back = readJSON("runs.json")
      [keys(back[0]), back[0].model, back[0].hr, back[0].n, back[0].ok, len(back[0].tags)]
      """
    let value = try session.interpreter.run(try Parser.parse(source), origin: "cell 1")
    #expect(ValueDisplay.render(value, style: .saved) == "[[\"model\", \"hr\", \"n\", \"ok\", \"tags\"], \"sasrec\", 0.5, 3, true, 2]")
    try "[1,\n  {\"a\": }]".write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
    let bad = #expect(throws: SSRError.self) { try session.interpreter.run(try Parser.parse("readJSON(\"bad.json\")"), origin: "cell 2") }
    #expect(bad?.message.hasPrefix("readJSON: bad.json:2:9: not valid JSON") == true, "\(bad?.message ?? "")")
    #expect(failure("readJSON(\"/nonexistent/x.json\")")?.message == "readJSON: cannot read /nonexistent/x.json")
    // missing: gives a value for a file that does not exist, not for one that is bad.
    let missing = try session.interpreter.run(
      try Parser.parse("[len(readJSON(\"absent.json\", missing: [])) == 0, readJSON(\"absent.json\", missing: 7), len(readJSON(\"runs.json\", missing: 0))]"),
      origin: "cell 3")
    #expect(ValueDisplay.render(missing, style: .saved) == "[true, 7, 1]")
    #expect(throws: SSRError.self) { try session.interpreter.run(try Parser.parse("readJSON(\"bad.json\", missing: 0)"), origin: "cell 4") }
  }

  @Test("help lists builtins by category and describes one")
  func help() throws {
    let all = ValueDisplay.render(try evaluate("help()").value, style: .saved)
    #expect(all.contains("Display:") && all.contains("plot") && all.contains("Collections:"))
    let one = ValueDisplay.render(try evaluate("help(.round)").value, style: .saved)
    #expect(one.hasPrefix("round(_ value: Any, digits: Int?)\n\nRounds numbers"))
    #expect(failure("help(.plto)")?.help == "did you mean `plot`?")
  }

  @Test("Every builtin has a summary, documented parameters and a valid signature")
  func declarations() {
    let registry = BuiltinRegistry.standard()
    let required = ["print", "table", "plot", "grid", "range", "len", "sum", "mean", "min", "max", "sort", "select", "filter", "round", "format", "toCSV", "toJSON", "readJSON", "help"]
    for name in required { #expect(registry[name] != nil, "\(name) is missing") }
    for builtin in registry.all {
      #expect(!builtin.summary.isEmpty && builtin.summary.hasSuffix("."), "\(builtin.name)")
      for parameter in builtin.parameters { #expect(!parameter.doc.isEmpty, "\(builtin.name).\(parameter.name)") }
      #expect(builtin.signature.hasPrefix(builtin.name + "("))
    }
  }
}
