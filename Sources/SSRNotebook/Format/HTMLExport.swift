extension NotebookExport {
  /// A self-contained HTML page for `notebook`: inline CSS, no scripts, no external resources.
  ///
  /// The title is `title`, else the first `# ` heading, else the file name without extension,
  /// else "Notebook". Prose is read as CommonMark blocks and its inline markup goes through Ink
  /// (`HTMLProse`, one prose segment at a time, so link reference definitions do not cross
  /// cells); code blocks in prose, nested ones included, are written escaped, and HTML
  /// comments are dropped. Each cell is a `<section class="cell" id="cell-LABEL">`
  /// with its code in `<pre><code class="language-ssr">` (omitted for `echo: false`) and its
  /// output in `<pre class="output">` or `<pre class="output error">`. Outputs are chosen as in
  /// `markdown(_:outputs:)`. Raw HTML in prose is shown as text, so no markup or script from
  /// the notebook reaches the page except what Markdown itself produces.
  public static func html(_ notebook: Notebook, outputs: [Int: RenderedCell], title: String?) -> String {
    var body: [String] = []
    var firstHeading: String?
    for segment in notebook.segments {
      switch segment {
      case .prose(let prose):
        if firstHeading == nil { firstHeading = ProseBlocks.firstTitle(in: ProseBlocks.split(prose)) }
        body += HTMLProse.render(prose)
      case .cell(let index):
        let cell = notebook.cells[index]
        var parts: [String] = []
        if let code = visibleCode(cell) {
          parts.append("<pre><code class=\"language-ssr\">\(escapeHTML(code))</code></pre>")
        }
        if let (text, isError) = output(for: cell, in: outputs) {
          parts.append("<pre class=\"output\(isError ? " error" : "")\">\(escapeHTML(text))</pre>")
        }
        if !parts.isEmpty {
          body.append("<section class=\"cell\" id=\"cell-\(escapeHTML(cell.label))\">\n"
            + parts.joined(separator: "\n") + "\n</section>")
        }
      }
    }
    let pageTitle = title ?? firstHeading ?? fileTitle(notebook.path) ?? "Notebook"
    return """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(escapeHTML(pageTitle))</title>
      <style>
      \(stylesheet)
      </style>
      </head>
      <body>
      <main class="notebook">
      \(body.joined(separator: "\n"))
      </main>
      </body>
      </html>

      """
  }

  /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references.
  public static func escapeHTML(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// The last path component without its extension, or nil for no path.
  static func fileTitle(_ path: String?) -> String? {
    guard let path, let name = path.split(separator: "/").last else { return nil }
    if let dot = name.lastIndex(of: "."), dot > name.startIndex {
      return String(name[..<dot])
    }
    return String(name)
  }

  static let stylesheet = """
    :root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --code-bg: #f6f8fa;
      --border: #d1d9e0; --out-bg: #fbfbfb; --err-fg: #82071e; --err-bg: #ffebe9; --err-border: #ff8182; }
    @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1;
      --code-bg: #161b22; --border: #3d444d; --out-bg: #10151c; --err-fg: #ffa198; --err-bg: #2d1215;
      --err-border: #8e1519; } }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 16px/1.6 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
    main.notebook { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
    h1, h2, h3 { line-height: 1.25; } h1, h2 { border-bottom: 1px solid var(--border); padding-bottom: .3em; }
    code, pre { font: 13.6px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
    :not(pre) > code { background: var(--code-bg); padding: .15em .35em; border-radius: 4px; }
    pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: .8rem 1rem;
      overflow-x: auto; }
    section.cell { margin: 1.25rem 0; } section.cell pre { margin: .5rem 0; }
    pre.output { background: var(--out-bg); border-left: 4px solid var(--muted); }
    pre.output.error { background: var(--err-bg); color: var(--err-fg); border-color: var(--err-border);
      border-left-color: var(--err-border); }
    table { border-collapse: collapse; } th, td { border: 1px solid var(--border); padding: .3em .7em; }
    blockquote { margin-left: 0; padding-left: 1em; border-left: 4px solid var(--border); color: var(--muted); }
    a { color: #0969da; }
    """
}
