import Testing

@testable import SSRNotebook

/// REPL sessions saved as notebooks: names bound again are renamed, reads follow the binding
/// they saw, and locals are left alone.
@Suite("Session notebooks")
struct SessionNotebookTests {
  @Test("Every binding of a rebound name but the last is renamed, with its reads")
  func renaming() {
    let sources = ["let x = 1", "let y = x + 1", "let x = x * 10 + y", "[x, y]", "let y = for x in 1...2 { x + y }", "y"]
    #expect(
      SessionNotebook.renamingRebindings(sources) == [
        "let x_1 = 1", "let y_1 = x_1 + 1", "let x = x_1 * 10 + y_1", "[x, y_1]", "let y = for x in 1...2 { x + y_1 }", "y",
      ])
  }

  @Test("New names avoid names already in use; sources without rebinding are unchanged")
  func collisions() {
    #expect(SessionNotebook.renamingRebindings(["let a_1 = 5", "let a = 1", "let a = a + a_1"]) == ["let a_1 = 5", "let a_1_ = 1", "let a = a_1_ + a_1"])
    #expect(SessionNotebook.renamingRebindings(["let a = 1", "a + 1"]) == ["let a = 1", "a + 1"])
  }

  @Test("The saved notebook has one cell per entry, with outputs, and no format problems")
  func text() {
    let text = SessionNotebook.text(
      [.init(source: "let x = 1", output: ""), .init(source: "let x = x + 1\nx", output: "2")], seed: 3)
    let notebook = Notebook.parse(text)
    #expect(notebook.diagnostics.isEmpty)
    #expect(notebook.metadata.seed == 3)
    #expect(notebook.cells.map(\.code) == ["let x_1 = 1", "let x = x_1 + 1\nx"])
    #expect(notebook.cells[1].output?.text == "2")
  }
}
