import Testing
@testable import SSRNotebook

@Suite("Diagnostics text")
struct DiagnosticTests {
  @Test("An unknown builtin: file line:column, cell and line, source line, caret, suggestion")
  func unknownBuiltin() {
    let text = diagnostic("let xs = [1, 2]\nlet m = maen(xs)")
    #expect(
      text == """
        error: unknown builtin `maen`
          --> nb.ssrnb:11:9 (cell "demo", line 2)
           |
        11 | let m = maen(xs)
           |         ^^^^
           = help: did you mean `mean`?
        """)
  }

  @Test("A wrong argument underlines the whole argument, label included, and shows the signature")
  func wrongArgument() {
    let text = diagnostic("round(2.5, digits: \"x\")")
    #expect(
      text == """
        error: round: `digits:` expected an Int, found String "x"
          --> nb.ssrnb:10:12 (cell "demo", line 1)
           |
        10 | round(2.5, digits: "x")
           |            ^^^^^^^^^^^
        """)
  }

  @Test("Notes and help lines; an unclosed bracket points at the end and names the opener")
  func notes() {
    let text = diagnostic("let x = [1,\n  2")
    #expect(
      text == """
        error: expected `,` or `]` in the list, found end of input
          --> nb.ssrnb:11:4 (cell "demo", line 2)
           |
        11 |   2
           |    ^
           = note: the `[` was opened at line 1, column 9
        """)
  }

  @Test("Tabs in the source keep the caret aligned")
  func tabs() {
    let text = diagnostic("\tfoo")
    #expect(text?.contains("10 | \tfoo\n   | \t^^^") == true)
  }

  @Test("REPL inputs are named <input N> with in-input coordinates")
  func replOrigin() throws {
    let error = try #require(failure("1 +\n  x"))
    let text = DiagnosticRenderer(ansi: false).render(error, source: "1 +\n  x", origin: .input(4))
    #expect(text.hasPrefix("error: unknown name `x`\n --> <input 4>:2:3\n"))
  }

  @Test("ANSI colours only when asked")
  func colours() throws {
    let error = try #require(failure("nope"))
    let plain = DiagnosticRenderer(ansi: false).render(error, source: "nope", origin: .input(1))
    let coloured = DiagnosticRenderer(ansi: true).render(error, source: "nope", origin: .input(1))
    #expect(!plain.contains("\u{1B}"))
    #expect(coloured.contains("\u{1B}[1;31merror:"))
  }

  @Test("Edit distance and suggestions")
  func editDistance() {
    #expect(Suggestions.editDistance("kitten", "sitting") == 3)
    #expect(Suggestions.editDistance("ab", "ba") == 1)
    #expect(Suggestions.editDistance("", "abc") == 3)
    #expect(Suggestions.closest(to: "epoch", among: ["epochs", "lr", "batch"]) == ["epochs"])
    #expect(Suggestions.didYouMean("zzzzzz", among: ["plot", "table"]) == nil)
    #expect(Suggestions.didYouMean("tabel", among: ["table", "label"]) == "did you mean `label` or `table`?")
  }
}
