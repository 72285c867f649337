import Testing
@testable import SSRNotebook

@Suite("Exports")
struct ExportTests {
  static let notebook = Notebook.parse("""
    <!-- ssrnb:{"format":1,"seed":7} -->
    # Demo <notebook>

    Intro with `<script>alert(1)</script>` code.

    ```ssr
    //| id: answer
    let x = 6 * 7
    x
    ```

    ```output {cell=answer hash=aa}
    42
    ```

    ```ssr
    //| echo: false
    secret()
    ```

    ```swift
    let s = "<b>"
    ```

    ```ssr
    fail()
    ```

    """, path: "notebooks/demo.ssrnb")

  static let outputs: [Int: RenderedCell] = [
    2: RenderedCell(ordinal: 2, outputText: "hidden output"),
    3: RenderedCell(ordinal: 3, outputText: "error: <script>bad</script>\n", isError: true),
  ]

  @Test func markdownGolden() {
    let expected = """
      # Demo <notebook>

      Intro with `<script>alert(1)</script>` code.

      ```ssr
      let x = 6 * 7
      x
      ```

      ```
      42
      ```

      ```
      hidden output
      ```

      ```swift
      let s = "<b>"
      ```

      ```ssr
      fail()
      ```

      **Error**

      ```
      error: <script>bad</script>
      ```

      """
    #expect(NotebookExport.markdown(Self.notebook, outputs: Self.outputs) == expected)
  }

  @Test func htmlGolden() {
    let html = NotebookExport.html(Self.notebook, outputs: Self.outputs, title: nil)
    let head = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Demo &lt;notebook&gt;</title>
      <style>

      """
    let body = """
      </style>
      </head>
      <body>
      <main class="notebook">
      <h1>Demo &lt;notebook&gt;</h1>
      <p>Intro with <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> code.</p>
      <section class="cell" id="cell-answer">
      <pre><code class="language-ssr">let x = 6 * 7
      x</code></pre>
      <pre class="output">42</pre>
      </section>
      <section class="cell" id="cell-2">
      <pre class="output">hidden output</pre>
      </section>
      <pre><code class="language-swift">let s = &quot;&lt;b&gt;&quot;</code></pre>
      <section class="cell" id="cell-3">
      <pre><code class="language-ssr">fail()</code></pre>
      <pre class="output error">error: &lt;script&gt;bad&lt;/script&gt;</pre>
      </section>
      </main>
      </body>
      </html>

      """
    #expect(html == head + NotebookExport.stylesheet + "\n" + body)
    #expect(!html.contains("<script"))
    #expect(!html.contains("http"))
  }

  @Test func noMarkupOrScriptFromTheNotebookReachesThePage() {
    let notebook = Notebook.parse("""
      # <script>alert("t")</script>

      Raw <script>alert(1)</script> and <img src=x onerror=alert(2)> and [link](x"onclick="alert(3)).

      <div onclick="x">block</div>

      ```"><script>alert(4)</script>
      <script>alert(5)</script>
      ```

      ```ssr
      //| id: a
      "<script>alert(6)</script>"
      ```

      ```output {cell=a hash=h status=error}
      <script>alert(7)</script>
      ```

      """)
    let html = NotebookExport.html(notebook, outputs: [:], title: nil)
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("<img"))
    #expect(!html.contains("<div"))
    #expect(!html.contains("\"onclick"))
    #expect(html.contains("<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>"))
    #expect(html.contains("<pre class=\"output error\">&lt;script&gt;alert(7)&lt;/script&gt;</pre>"))
    #expect(html.contains("<pre><code class=\"language-ssr\">&quot;&lt;script&gt;alert(6)&lt;/script&gt;&quot;</code></pre>"))
  }

  @Test func titles() {
    let untitled = Notebook.parse("Just prose.\n\n## Section\n", path: "notebooks/steam-study.ssrnb")
    #expect(NotebookExport.html(untitled, outputs: [:], title: nil).contains("<title>steam-study</title>"))
    #expect(NotebookExport.html(untitled, outputs: [:], title: "Given & set").contains("<title>Given &amp; set</title>"))
    #expect(NotebookExport.html(Notebook.parse("text"), outputs: [:], title: nil).contains("<title>Notebook</title>"))
    let fenced = Notebook.parse("```\n# not a title\n```\n<!--\n# nor this\n-->\n#  Real *title* #\n")
    #expect(NotebookExport.html(fenced, outputs: [:], title: nil).contains("<title>Real title</title>"))
  }

  @Test func outputChoice() {
    let notebook = Notebook.parse("```ssr\nx\n```\n\n```output\nsaved\n```\n\n```ssr\n//| echo: false\ny\n```\nafter\n")
    // Saved output when the cell was not run; nothing when it ran without output.
    #expect(NotebookExport.markdown(notebook, outputs: [:]) == "```ssr\nx\n```\n\n```\nsaved\n```\n\nafter\n")
    #expect(NotebookExport.markdown(notebook, outputs: [1: RenderedCell(ordinal: 1, outputText: nil)])
      == "```ssr\nx\n```\n\nafter\n")
    let html = NotebookExport.html(notebook, outputs: [1: RenderedCell(ordinal: 1, outputText: "a ``` b\r\nc")], title: nil)
    #expect(html.contains("<pre class=\"output\">a ``` b\nc</pre>"))
    #expect(!html.contains("cell-2"))
  }

  @Test func markdownFencesAreLongerThanBacktickRuns() {
    let notebook = Notebook.parse("````ssr\nlet s = \"```\"\n````\n")
    let markdown = NotebookExport.markdown(notebook, outputs: [1: RenderedCell(ordinal: 1, outputText: "````")])
    #expect(markdown == "````ssr\nlet s = \"```\"\n````\n\n`````\n````\n`````\n")
  }

  @Test func markdownNormalisesLineEndingsAndDropsOnlyTheMetadata() {
    let notebook = Notebook.parse("<!-- ssrnb:{} -->\r\n<!-- keep -->\r\nText\r\n```ssr\r\n//| id: z\r\n```\r\n")
    #expect(NotebookExport.markdown(notebook, outputs: [:]) == "<!-- keep -->\nText\n\n")
  }
}
