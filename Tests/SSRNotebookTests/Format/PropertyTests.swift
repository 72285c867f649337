import Testing
@testable import SSRNotebook

@Suite("Properties")
struct PropertyTests {
  static let fragments: [String] = [
    "# Title", "## Section", "Plain prose with `code` and **bold**.", "", "   ", "\t",
    "```ssr", "````ssr", "~~~ssr", "   ```ssr", "    ```ssr", "``` ssr ", "```ssr`", "```ssr x",
    "```", "````", "~~~", "  ```", "```   ", "``", "```swift", "~~~python",
    "```output", "```output {cell=1 hash=ab}", "```output {cell=data hash=5e1c status=error}",
    "~~~output {cell=2}", "```output {bad", "```output junk", "```outputs",
    "//| id: data", "//| id: 3bad", "//| cache: true", "//| cache", "//| parameters", "//| check: false",
    "//| echo: false", "//| timeout: 600s", "//| timeout: soon", "//| unknown: 1", "//|", "//| : x",
    "let x = 1", "summary(ds) |> plot(x: .epoch)", "<!-- ssrnb:{\"format\":1,\"seed\":42} -->",
    "<!-- ssrnb:{broken -->", "<!-- ssrnb:{\"seed\":1}", "<!--", "-->", "<!-- note -->", "<div>", "</div>",
    "<script>", "</script>", "<?php", "?>", "> quote", "- item", "1. item", "| a | b |", "|---|---|",
    "\u{FEFF}", "日本語 🎉 e\u{301}", "`", "~", "{", "}", "\"", "\\",
  ]
  static let endings = ["\n", "\n", "\n", "\r\n", "\r"]

  static let codeLines = [
    "//| id: data", "//| id: model", "//| cache: true", "//| parameters", "//| echo: false", "//| timeout: 10m",
    "//| typo: 1", "let x = 1", "summary(ds)", "", "```", "~~~", "``` not a close", "日本語",
  ]

  /// A random fence line of `marker` repeated `length` times after `indent` spaces.
  static func fence(_ marker: String, _ length: Int, indent: Int, info: String) -> String {
    String(repeating: " ", count: indent) + String(repeating: marker, count: length) + info
  }

  /// A document of random lines, well-formed cells and cells with outputs, with random line endings.
  static func randomDocument(_ random: inout FormatTestRandom) -> String {
    var lines: [String] = []
    for _ in 0..<Int.random(in: 0...12, using: &random) {
      let roll = Int.random(in: 0..<100, using: &random)
      if roll < 40 {
        for _ in 0..<Int.random(in: 1...3, using: &random) { lines.append(fragments.randomElement(using: &random) ?? "") }
        continue
      }
      let marker = Int.random(in: 0..<4, using: &random) == 0 ? "~" : "`"
      let length = Int.random(in: 3...5, using: &random)
      let indent = Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: 1...3, using: &random) : 0
      lines.append(fence(marker, length, indent: indent, info: "ssr"))
      for _ in 0..<Int.random(in: 0...4, using: &random) { lines.append(codeLines.randomElement(using: &random) ?? "") }
      if Int.random(in: 0..<12, using: &random) == 0 { continue }  // unclosed
      lines.append(fence(marker, length + Int.random(in: 0...1, using: &random), indent: indent, info: ""))
      if roll < 75 { continue }
      for _ in 0..<Int.random(in: 0...2, using: &random) { lines.append("") }
      let outputLength = Int.random(in: 3...4, using: &random)
      let attributes = ["", " {cell=1 hash=ab}", " {cell=data hash=5e1c status=error}", " {oops"].randomElement(using: &random) ?? ""
      lines.append(fence("`", outputLength, indent: 0, info: "output" + attributes))
      for _ in 0..<Int.random(in: 0...3, using: &random) { lines.append(["| a |", "1", "```", ""].randomElement(using: &random) ?? "") }
      lines.append(fence("`", outputLength, indent: 0, info: ""))
    }
    var text = ""
    for (index, line) in lines.enumerated() {
      text += line
      if index < lines.count - 1 || Bool.random(using: &random) {
        text += endings.randomElement(using: &random) ?? "\n"
      }
    }
    return text
  }

  static let interestingBytes: [UInt8] = Array("`~\n\r {}=<!->|/ssrroutput#*_\t\"\\".utf8) + [0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0xFF, 0x80, 0x00]

  static func randomBytes(_ random: inout FormatTestRandom) -> [UInt8] {
    let count = Int.random(in: 0...160, using: &random)
    return (0..<count).map { _ in
      Bool.random(using: &random)
        ? interestingBytes.randomElement(using: &random) ?? 0x20
        : UInt8.random(in: 0...255, using: &random)
    }
  }

  /// Structural invariants every parse must satisfy.
  static func checkInvariants(_ notebook: Notebook, _ text: String) {
    #expect(sameBytes(notebook.printed(), text), "round trip failed for \(text.debugDescription)")
    let cellIndices = notebook.segments.compactMap { segment -> Int? in
      if case .cell(let index) = segment { return index }
      return nil
    }
    #expect(cellIndices == Array(notebook.cells.indices))
    for (offset, cell) in notebook.cells.enumerated() {
      #expect(cell.ordinal == offset + 1)
      #expect(cell.firstLine == cell.fenceLine + 1)
      #expect(cell.sourceLines.count == cell.lineCount)
      #expect(cell.options.optionLineCount <= cell.lineCount)
    }
    let lineCount = NotebookLines(text).lines.count
    for diagnostic in notebook.diagnostics {
      #expect(diagnostic.line >= 1 && diagnostic.line <= max(1, lineCount))
      #expect(diagnostic.column >= 1)
    }
  }

  @Test("2,500 random documents from fragments round-trip and keep invariants")
  func randomFragmentDocuments() {
    var random = FormatTestRandom(seed: 0x5551_2024)
    var totals = (cells: 0, outputs: 0, metadata: 0, diagnostics: 0)
    for _ in 0..<2_500 {
      let text = Self.randomDocument(&random)
      let notebook = Notebook.parse(text)
      Self.checkInvariants(notebook, text)
      // The printed text parses to the same notebook.
      #expect(Notebook.parse(notebook.printed()) == notebook)
      totals.cells += notebook.cells.count
      totals.outputs += notebook.cells.filter { $0.output != nil }.count
      totals.metadata += notebook.metadata.isPresent ? 1 : 0
      totals.diagnostics += notebook.diagnostics.count
    }
    // The generator really exercises cells, outputs, metadata and diagnostics.
    #expect(totals.cells > 1_000)
    #expect(totals.outputs > 100)
    #expect(totals.metadata > 20)
    #expect(totals.diagnostics > 1_000)
  }

  @Test("2,500 random byte strings decoded as UTF-8 round-trip and never crash")
  func randomByteStrings() {
    var random = FormatTestRandom(seed: 0xB17E_5EED)
    for _ in 0..<2_500 {
      let text = String(decoding: Self.randomBytes(&random), as: UTF8.self)
      Self.checkInvariants(Notebook.parse(text), text)
    }
  }

  @Test("replacing outputs keeps cells and stays a fixed point")
  func randomOutputReplacement() {
    var random = FormatTestRandom(seed: 42)
    let texts = ["", "a", "x ``` y", "````\n```", "line\r\nline\rline\n", "\n", "<script>", "tab\there"]
    for _ in 0..<1_000 {
      let text = Self.randomDocument(&random)
      let notebook = Notebook.parse(text)
      var changes: [Int: NewOutput?] = [:]
      for cell in notebook.cells where Bool.random(using: &random) {
        changes[cell.ordinal] = Bool.random(using: &random)
          ? NewOutput(text: texts.randomElement(using: &random) ?? "", hash: "5e1c0a93",
                      isError: Bool.random(using: &random))
          : nil
      }
      let replaced = notebook.replacingOutputs(changes)
      #expect(replaced.cells.map(\.source) == notebook.cells.map(\.source), "cells changed for \(text.debugDescription)")
      #expect(replaced.cells.map(\.options) == notebook.cells.map(\.options))
      let hadSecondOutput = notebook.diagnostics.contains { $0.message.contains("second one") }
      for (ordinal, change) in changes {
        let cell = replaced.cells[ordinal - 1]
        if let change {
          #expect(cell.output?.text == Notebook.splitLines(change.text).joined(separator: "\n"))
          #expect(cell.output?.hash == "5e1c0a93")
          #expect(cell.output?.isError == change.isError)
          #expect(cell.output?.cellReference == cell.label)
        } else if !hadSecondOutput {
          #expect(cell.output == nil)
        }
      }
      // Cells that were not touched keep their raw text.
      for cell in notebook.cells where !changes.keys.contains(cell.ordinal) {
        #expect(sameBytes(replaced.cells[cell.ordinal - 1].rawText, cell.rawText))
      }
      #expect(Notebook.parse(replaced.printed()) == replaced)
    }
  }

  @Test("exporters and the prose display never crash on random documents")
  func exportersOnRandomDocuments() {
    var random = FormatTestRandom(seed: 7)
    for _ in 0..<400 {
      let text = Self.randomDocument(&random)
      let notebook = Notebook.parse(text, path: "random.ssrnb")
      let markdown = NotebookExport.markdown(notebook, outputs: [:])
      #expect(markdown.isEmpty || markdown.hasSuffix("\n"))
      let html = NotebookExport.html(notebook, outputs: [:], title: nil)
      #expect(html.hasPrefix("<!DOCTYPE html>"))
      for case .prose(let prose) in notebook.segments {
        for ansi in [false, true] {
          _ = ProseDisplay.render(prose, width: Int.random(in: -2...100, using: &random), ansi: ansi)
        }
      }
    }
  }
}

@Suite("Large inputs")
struct LargeInputTests {
  @Test func largeNotebookParsesAndPrintsExactly() {
    var text = "<!-- ssrnb:{\"seed\":1} -->\n"
    for index in 0..<3_000 {
      text += "Paragraph \(index) with `code`.\n\n```ssr\n//| id: c\(index)\nlet x\(index) = \(index)\n```\n\n```output {cell=c\(index) hash=ab}\n\(index)\n```\n\n"
    }
    let notebook = Notebook.parse(text)
    #expect(notebook.cells.count == 3_000)
    #expect(notebook.diagnostics.isEmpty)
    #expect(notebook.cells[2_999].firstLine == 2 + 2_999 * 11 + 3)
    #expect(sameBytes(notebook.printed(), text))
    let rewritten = notebook.replacingOutputs(Dictionary(uniqueKeysWithValues: (1...3_000).map { ($0, NewOutput(text: "v", hash: "cd")) }))
    #expect(rewritten.cells.allSatisfy { $0.output?.text == "v" })
  }

  @Test func pathologicalInlineMarkupStaysFast() {
    let stars = String(repeating: "*a ", count: 4_000) + String(repeating: "`b ", count: 4_000) + String(repeating: "_c ", count: 4_000)
    let rendered = ProseDisplay.render(stars, width: 80, ansi: true)
    #expect(rendered.contains("*a"))
    let unclosed = Notebook.parse(String(repeating: "```ssr\n", count: 1) + String(repeating: "~~~\n<!--\n", count: 5_000))
    #expect(unclosed.cells.count == 1)
  }
}
