import Testing
@testable import SSRNotebook

@Suite("Cell options")
struct CellOptionTests {
  func cell(_ body: String) -> (CodeCell, [FormatDiagnostic]) {
    let notebook = Notebook.parse("```ssr\n" + body + "\n```\n", path: "nb.ssrnb")
    return (notebook.cells[0], notebook.diagnostics)
  }

  @Test func defaultsWithoutOptions() {
    let (cell, diagnostics) = cell("let x = 1")
    #expect(cell.options == CellOptions())
    #expect(cell.options.check && cell.options.echo && !cell.options.cache && !cell.options.isParameters)
    #expect(diagnostics.isEmpty)
    #expect(cell.label == "1")
    #expect(cell.displayName == "cell 1")
  }

  @Test func allKnownOptions() {
    let (cell, diagnostics) = cell("""
      //| id: train-2_b
      //| cache: true
      //| parameters
      //| check: false
      //| echo: false
      //| timeout: 10m
      let model = train(data)
      """)
    #expect(diagnostics.isEmpty)
    #expect(cell.options == CellOptions(id: "train-2_b", cache: true, isParameters: true, check: false,
                                        echo: false, timeout: 600, optionLineCount: 6))
    #expect(cell.label == "train-2_b")
    #expect(cell.displayName == "cell \"train-2_b\"")
    #expect(cell.code == "let model = train(data)")
    #expect(cell.codeFirstLine == 8)
  }

  @Test func flagAndExplicitBooleans() {
    #expect(cell("//| cache").0.options.cache)
    #expect(cell("//| parameters: true").0.options.isParameters)
    #expect(!cell("//| parameters: false").0.options.isParameters)
    #expect(cell("//|cache:false").0.options.cache == false)
    #expect(cell("  //|   echo:   false  ").0.options.echo == false)
  }

  @Test("durations", arguments: [
    ("600s", 600.0), ("10m", 600), ("1.5h", 5400), ("250ms", 0.25), ("30", 30), ("2min", 120),
  ])
  func durations(text: String, seconds: Double) {
    let (cell, diagnostics) = cell("//| timeout: \(text)")
    #expect(diagnostics.isEmpty)
    #expect(cell.options.timeout == seconds)
  }

  @Test("bad durations", arguments: ["0s", "-1s", "soon", "1e3s", "1.s", ".5s", "10 m", "s"])
  func badDurations(text: String) {
    let (cell, diagnostics) = cell("//| timeout: \(text)")
    #expect(cell.options.timeout == nil)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.severity == .error)
    #expect(diagnostics.first?.message.contains("positive duration") == true)
    #expect(diagnostics.first.map { ($0.line, $0.column) } ?? (0, 0) == (2, 14))
  }

  /// Each malformed option gives one diagnostic at the expected line and column.
  @Test("diagnostics", arguments: [
    ("//| : x", "2:5 error", "malformed cell option"),
    ("//|", "2:4 error", "malformed cell option"),
    ("//| id data", "2:5 error", "malformed cell option"),
    ("//| cahce: true", "2:5 warning", "did you mean `cache`"),
    ("//| colour: red", "2:5 warning", "known options are `id`"),
    ("//| id: 3rd", "2:9 error", "not a valid name"),
    ("//| id: my cell", "2:9 error", "not a valid name"),
    ("//| id", "2:5 error", "needs a value"),
    ("//| id:", "2:8 error", "empty value"),
    ("//| cache: maybe", "2:12 error", "must be `true` or `false`, not `maybe`"),
    ("//| echo", "2:5 error", "`//| echo: false`"),
    ("//| check", "2:5 error", "needs a value"),
    ("//| parameters: yes", "2:17 error", "must be `true` or `false`"),
    ("//| timeout", "2:5 error", "positive duration"),
  ])
  func optionDiagnostics(line: String, position: String, message: String) {
    let (_, diagnostics) = cell(line)
    #expect(diagnostics.count == 1)
    guard let diagnostic = diagnostics.first else { return }
    #expect("\(diagnostic.line):\(diagnostic.column) \(diagnostic.severity.rawValue)" == position)
    #expect(diagnostic.message.contains(message), "\(diagnostic.message)")
    #expect(diagnostic.path == "nb.ssrnb")
  }

  @Test func duplicateKeyKeepsTheFirstValue() {
    let (cell, diagnostics) = cell("//| cache: true\n//| cache: false")
    #expect(cell.options.cache)
    #expect(diagnostics.map { "\($0.line):\($0.column) \($0.severity)" } == ["3:5 error"])
    #expect(diagnostics.first?.message.contains("given twice (first on line 2)") == true)
  }

  @Test func optionAfterCodeIsAWarningAndIgnored() {
    let (cell, diagnostics) = cell("//| id: a\nlet x = 1\n//| cache: true\n\n   //| echo: false")
    #expect(cell.options.id == "a")
    #expect(!cell.options.cache)
    #expect(cell.options.echo)
    #expect(cell.options.optionLineCount == 1)
    #expect(diagnostics.map { "\($0.line):\($0.column) \($0.severity)" } == ["4:1 warning", "6:4 warning"])
  }

  @Test func blankLineEndsTheOptions() {
    let (cell, diagnostics) = cell("\n//| id: a")
    #expect(cell.options.id == nil)
    #expect(cell.options.optionLineCount == 0)
    #expect(diagnostics.count == 1)
  }

  @Test func malformedOptionsStillCountAsOptionLines() {
    let (cell, _) = cell("//| bogus\n//| id: b\nx")
    #expect(cell.options.optionLineCount == 2)
    #expect(cell.options.id == "b")
    #expect(cell.code == "x")
  }

  @Test func columnsInIndentedCellsAreFileColumns() {
    let notebook = Notebook.parse("  ```ssr\n  //| cache: maybe\n  ```\n")
    #expect(summaries(notebook) == ["2:14 error"])
  }

  @Test func duplicateIDsAcrossCells() {
    let notebook = Notebook.parse("""
      ```ssr
      //| id: data
      1
      ```

      ```ssr
      //| id: data
      2
      ```

      ```ssr
      //| id: other
      ```

      """, path: "dup.ssrnb")
    #expect(summaries(notebook) == ["7:9 error"])
    #expect(notebook.diagnostics.first?.message.contains("cell 1 (line 1) already uses it") == true)
    #expect(notebook.diagnostics.first?.description.hasPrefix("dup.ssrnb:7:9: error: duplicate cell id `data`") == true)
    #expect(notebook.cell(labeled: "data")?.ordinal == 1)
    #expect(notebook.cell(labeled: "other")?.ordinal == 3)
    #expect(notebook.cell(labeled: "2")?.ordinal == 2)
    #expect(notebook.cell(labeled: "9") == nil)
  }
}
