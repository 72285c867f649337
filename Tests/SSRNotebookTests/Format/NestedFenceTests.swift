import Testing
@testable import SSRNotebook

/// Fenced blocks inside block quotes and list items are shown as code but are not cells
/// (README, "Notebook format"), as a CommonMark reader sees them.
@Suite("Nested fences")
struct NestedFenceTests {
  static let text = """
    > ```ssr
    > quoted()
    > ```

    - item

      ```ssr
      listed()
      ```

    ```ssr
    top()
    ```

    """

  @Test("Only the top-level fence is a cell")
  func onlyTopLevelIsACell() {
    let notebook = Notebook.parse(Self.text)
    #expect(notebook.cells.map(\.source) == ["top()"])
    #expect(notebook.cells.first?.fenceLine == 11)
    #expect(notebook.diagnostics.isEmpty)
    #expect(notebook.printed() == Self.text)
  }

  @Test("HTML export shows nested fences as code in their quote and list item")
  func html() {
    let html = NotebookExport.html(Notebook.parse(Self.text), outputs: [:], title: nil)
    #expect(html.contains("<blockquote>\n<pre><code class=\"language-ssr\">quoted()</code></pre>\n</blockquote>"))
    #expect(html.contains("<ul>\n<li><p>item</p>\n<pre><code class=\"language-ssr\">listed()</code></pre></li>\n</ul>"))
    #expect(html.components(separatedBy: "<section class=\"cell\"").count == 2)
  }

  @Test("Markdown export keeps nested fences as prose")
  func markdown() {
    let markdown = NotebookExport.markdown(Notebook.parse(Self.text), outputs: [:])
    #expect(markdown.hasPrefix("> ```ssr\n> quoted()\n> ```\n\n- item\n\n  ```ssr\n  listed()\n  ```\n"))
  }

  @Test("The terminal shows nested fences as code")
  func terminal() {
    let shown = ProseDisplay.render(Notebook.parse(Self.text).segments.compactMap {
      if case .prose(let prose) = $0 { prose } else { nil }
    }.joined(), width: 60, ansi: false)
    #expect(shown == "  >     quoted()\n\n  - item\n\n        listed()\n")
  }
}
