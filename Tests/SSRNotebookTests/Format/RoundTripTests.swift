import Testing
@testable import SSRNotebook

@Suite("Round trip")
struct RoundTripTests {
  static let tricky: [String] = [
    "",
    "\n",
    "\r\n",
    "\r",
    "no trailing newline",
    "```ssr\nlet x = 1\n```",
    "```ssr\r\nlet x = 1\r\n```\r\n\r\n```output {cell=1 hash=ab}\r\n1\r\n```\r\n",
    "mixed\r\nendings\rhere\n```ssr\rx\r\n```\n",
    "````ssr\nlet s = \"```\"\n```\nstill code\n````\n",
    "```ssr\nunclosed cell\n\nmore",
    "```ssr",
    "```swift\nlet x = 1\n```\n```ssr\n1\n```\n",
    "~~~ssr\nlet x = 1\n~~~\n\n~~~output\n1\n~~~\n",
    "   ```ssr\n   let x = 1\n  let y = 2\n   ```\n",
    "    ```ssr\n    indented code, not a cell\n    ```\n",
    "```ssr\nx\n```\n\n```output\nno attributes\n```\n",
    "```ssr\nx\n```\n\n```output {cell=1 hash=5e1c0a93d2e4f601 status=error}\nboom\n```",
    "```output {cell=1}\norphan\n```\n",
    "<!-- ssrnb:{\"format\":1,\"seed\":42} -->\n# Title\n",
    "<!-- ssrnb:{\"format\":1,\"seed\":42} -->",
    "<!-- ssrnb:{not json} -->\n```ssr\n1\n```\n",
    "<!-- ssrnb:{\"format\":1\n-->\n",
    "```ssr\n```\n",
    "```ssr\n\n```\n",
    "# Ünïcödé 🎉\n\n```ssr\nlet s = \"日本語 e\u{301}\"\n```\n",
    "\u{FEFF}<!-- ssrnb:{\"seed\":1} -->\n```ssr\nx\n```\n",
    "\u{FEFF}```ssr\nx\n```",
    "\u{FEFF}",
    "<!--\n```ssr\ncommented out\n```\n-->\n```ssr\nreal\n```\n",
    "<div>\n```ssr\ninside html\n```\n</div>\n",
    "> ```ssr\n> quoted\n> ```\n",
    "```ssr\n//| id: a\n//| bogus\n//| cache: maybe\nx\n//| late: 1\n```\n",
    "```ssr\n```\n```output\n```\n```output\n```\n",
    "``` ssr \nspaces in info\n```   \n",
    "```ssr\n````\n```\n",
    "``ssr\nnot a fence\n``\n",
    "```ssr`\nnot a fence either\n```\n",
    "\t```ssr\ntab-indented\n```\n",
    "```ssr\nx\n```\n  \t\n\n```output {cell=1 hash=\"quoted value\"}\nq\n```\n\ntrailing prose\n",
  ]

  @Test("tricky inputs print back byte for byte", arguments: tricky)
  func trickyInputs(text: String) {
    let notebook = Notebook.parse(text)
    #expect(sameBytes(notebook.printed(), text))
  }

  @Test func crlfCellSourceIsNormalisedButPrintedExactly() {
    let text = "```ssr\r\nlet a = 1\r\nlet b = 2\r\n```\r\n"
    let notebook = Notebook.parse(text)
    #expect(notebook.cells.count == 1)
    #expect(notebook.cells[0].source == "let a = 1\nlet b = 2")
    #expect(sameBytes(notebook.printed(), text))
  }

  @Test func longerFenceContainsShorterFence() {
    let notebook = Notebook.parse("````ssr\nlet s = \"```\"\n```\nstill code\n````\nprose\n")
    #expect(notebook.cells.count == 1)
    #expect(notebook.cells[0].source == "let s = \"```\"\n```\nstill code")
    #expect(notebook.segments == [.cell(0), .prose("prose\n")])
  }

  @Test func unclosedCellRunsToEndAndIsAnError() {
    let notebook = Notebook.parse("intro\n```ssr\nlet x = 1\n\nmore")
    #expect(notebook.cells.count == 1)
    #expect(notebook.cells[0].isClosed == false)
    #expect(notebook.cells[0].source == "let x = 1\n\nmore")
    #expect(summaries(notebook) == ["2:1 error"])
  }

  @Test func tildeFencesAndIndentedFences() {
    let tilde = Notebook.parse("~~~ssr\nlet x = 1\n~~~\n\n~~~output\n1\n~~~\n")
    #expect(tilde.cells.count == 1)
    #expect(tilde.cells[0].output?.text == "1")

    let indented = Notebook.parse("   ```ssr\n   let x = 1\n  let y = 2\n     z\n   ```\n")
    #expect(indented.cells.count == 1)
    #expect(indented.cells[0].source == "let x = 1\nlet y = 2\n  z")
    #expect(indented.cells[0].fileLocation(line: 1, column: 5) == (2, 8))
    #expect(indented.cells[0].fileLocation(line: 2, column: 1) == (3, 3))

    #expect(Notebook.parse("    ```ssr\n    x\n    ```\n").cells.isEmpty)
    #expect(Notebook.parse("\t```ssr\nx\n```\n").cells.isEmpty)
  }

  @Test func fencesThatAreNotCells() {
    #expect(Notebook.parse("```swift\nlet x = 1\n```\n").cells.isEmpty)
    #expect(Notebook.parse("```ssr swift\nx\n```\n").cells.isEmpty)
    #expect(Notebook.parse("```ssr`\nx\n```\n").cells.isEmpty)
    #expect(Notebook.parse("``ssr\nx\n``\n").cells.isEmpty)
    #expect(Notebook.parse("> ```ssr\n> x\n> ```\n").cells.isEmpty)
    // A cell inside another fence or an HTML comment is prose.
    #expect(Notebook.parse("````markdown\n```ssr\nx\n```\n````\n").cells.isEmpty)
    #expect(Notebook.parse("<!--\n```ssr\nx\n```\n-->\n").cells.isEmpty)
    #expect(Notebook.parse("<div>\n```ssr\nx\n```\n</div>\n").cells.isEmpty)
    // After the HTML block ends, fences count again.
    #expect(Notebook.parse("<div>\n\n```ssr\nx\n```\n").cells.count == 1)
    // Info string is trimmed.
    #expect(Notebook.parse("```  ssr  \nx\n```\n").cells.count == 1)
  }

  @Test func byteOrderMarkIsKeptOutOfProseAndStructure() {
    let text = "\u{FEFF}<!-- ssrnb:{\"seed\":7} -->\n```ssr\nx\n```\n"
    let notebook = Notebook.parse(text)
    #expect(notebook.metadata.seed == 7)
    #expect(notebook.cells.count == 1)
    #expect(notebook.cells[0].firstLine == 3)
    #expect(sameBytes(notebook.printed(), text))

    let prose = Notebook.parse("\u{FEFF}# Title\n")
    #expect(prose.segments == [.prose("# Title\n")])
    #expect(sameBytes(prose.printed(), "\u{FEFF}# Title\n"))
  }

  @Test func unicodeIsPreservedExactlyIncludingDecomposedCharacters() {
    let decomposed = "```ssr\nlet s = \"e\u{301}\"\n```\n"
    let notebook = Notebook.parse(decomposed)
    #expect(sameBytes(notebook.printed(), decomposed))
    #expect(sameBytes(notebook.cells[0].source, "let s = \"e\u{301}\""))
  }
}
