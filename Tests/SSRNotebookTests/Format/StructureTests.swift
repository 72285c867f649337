import Testing
import SSRTensor
@testable import SSRNotebook

@Suite("Structure")
struct StructureTests {
  static let sample = """
    <!-- ssrnb:{"format":1,"seed":42,"backend":"blas"} -->
    # GRU4Rec

    ```ssr
    //| parameters
    let dataset = "ml-1m"
    ```

    Some prose.

    ```ssr
    //| id: data
    let ds = load(dataset)
    ```


    ```output {cell=data hash=5e1c0a93d2e4f601}
    | split | users |
    ```
    Closing prose.

    """

  @Test func cellsLinesOutputsAndSegments() {
    let notebook = Notebook.parse(Self.sample, path: "gru.ssrnb")
    #expect(notebook.diagnostics.isEmpty)
    #expect(notebook.metadata == NotebookMetadata(isPresent: true, format: 1, seed: 42, otherKeys: ["backend": "\"blas\""]))
    #expect(notebook.cells.count == 2)
    let (first, second) = (notebook.cells[0], notebook.cells[1])
    #expect((first.ordinal, first.fenceLine, first.firstLine, first.lineCount) == (1, 4, 5, 2))
    #expect(first.source == "//| parameters\nlet dataset = \"ml-1m\"")
    #expect(first.output == nil)
    #expect((second.ordinal, second.fenceLine, second.firstLine) == (2, 11, 12))
    #expect(second.fileLocation(line: 2, column: 10) == (13, 10))
    let output = second.output
    #expect(output?.text == "| split | users |")
    #expect(output?.fenceLine == 17)
    #expect(output?.cellReference == "data")
    #expect(output?.hash == "5e1c0a93d2e4f601")
    #expect(output?.isError == false)
    #expect(output?.isClosed == true)
    #expect(notebook.segments == [
      .prose("# GRU4Rec\n\n"), .cell(0), .prose("\nSome prose.\n\n"), .cell(1), .prose("Closing prose.\n"),
    ])
  }

  @Test func outputWithoutAttributesAndErrorOutputs() {
    let plain = Notebook.parse("```ssr\nx\n```\n```output\n1\n2\n```\n")
    #expect(plain.cells[0].output?.text == "1\n2")
    #expect(plain.cells[0].output?.attributes == [:])
    #expect(plain.diagnostics.isEmpty)

    let failed = Notebook.parse("```ssr\nx\n```\n\n```output {cell=1 hash=ab status=error}\nboom\n```\n")
    #expect(failed.cells[0].output?.isError == true)
    #expect(failed.diagnostics.isEmpty)

    let quoted = Notebook.parse("```ssr\nx\n```\n\n```output {cell=\"1\" hash=\"a \\\"b\\\"\"}\n```\n")
    #expect(quoted.cells[0].output?.hash == "a \"b\"")
    #expect(quoted.cells[0].output?.lineCount == 0)
  }

  @Test func outputsThatDoNotBelongToACell() {
    let orphan = Notebook.parse("Prose\n\n```output\nlost\n```\n")
    #expect(orphan.cells.isEmpty)
    #expect(summaries(orphan) == ["3:1 warning"])
    #expect(orphan.diagnostics.first?.message.contains("does not follow a code cell") == true)

    let separated = Notebook.parse("```ssr\nx\n```\nprose\n```output\n1\n```\n")
    #expect(separated.cells[0].output == nil)
    #expect(summaries(separated) == ["5:1 warning"])

    let second = Notebook.parse("```ssr\nx\n```\n\n```output\n1\n```\n\n```output\n2\n```\n")
    #expect(second.cells[0].output?.text == "1")
    #expect(summaries(second) == ["9:1 warning"])
    #expect(second.diagnostics.first?.message.contains("second one") == true)
    #expect(second.segments == [.cell(0), .prose("\n```output\n2\n```\n")])
  }

  @Test("An unclosed output block runs to the end and is an error: saving would replace the prose it swallowed")
  func unclosedOutputRunsToTheEnd() {
    let notebook = Notebook.parse("```ssr\nx\n```\n```output\n1\n\nprose")
    #expect(notebook.cells[0].output?.text == "1\n\nprose")
    #expect(notebook.cells[0].output?.isClosed == false)
    #expect(summaries(notebook) == ["4:1 error"])
  }

  @Test("output attribute diagnostics", arguments: [
    ("output cell=1", "4:11 warning", "in braces"),
    ("output {cell=1", "4:18 warning", "missing the closing"),
    ("output {cell=1 colour=red}", "4:19 warning", "unknown output attribute `colour`"),
    ("output {cell=1 status=weird}", "4:26 warning", "`error` or `ok`"),
    ("output {cell=1 cell=1}", "4:19 warning", "given twice"),
    ("output {cell=1} trailing", "4:20 warning", "unexpected text"),
    ("output {cell=\"1}", "4:17 warning", "unterminated"),
    ("output {=x}", "4:12 warning", "malformed output attribute"),
    ("output {cell=2}", "4:1 warning", "says cell=2 but follows cell 1"),
  ])
  func attributeDiagnostics(info: String, position: String, message: String) {
    let notebook = Notebook.parse("```ssr\nx\n```\n```" + info + "\n1\n```\n")
    #expect(notebook.cells[0].output != nil)
    #expect(summaries(notebook) == [position])
    #expect(notebook.diagnostics.first?.message.contains(message) == true, "\(notebook.diagnostics)")
  }

  @Test func outputsMatchIdOrOrdinal() {
    let byOrdinal = Notebook.parse("```ssr\n//| id: a\n```\n```output {cell=1}\n```\n")
    #expect(byOrdinal.diagnostics.isEmpty)
    let byID = Notebook.parse("```ssr\n//| id: a\n```\n```output {cell=a}\n```\n")
    #expect(byID.diagnostics.isEmpty)
  }

  @Test func metadataDefaultsWhenAbsent() {
    let notebook = Notebook.parse("# Title\n")
    #expect(notebook.metadata == NotebookMetadata())
    #expect(!notebook.metadata.isPresent)
    #expect(notebook.metadata.seed == 0)
    #expect(notebook.metadata.format == 1)
  }

  @Test func metadataKeepsFullSeedRangeAndOtherKeys() {
    let text = "<!--ssrnb: {\"seed\": 18446744073709551615, \"k\\u0065y\": [1, {\"a\": null}], \"s\": \"-\"} -->\n"
    let notebook = Notebook.parse(text)
    #expect(notebook.diagnostics.isEmpty)
    #expect(notebook.metadata.seed == UInt64.max)
    #expect(notebook.metadata.otherKeys == ["key": "[1, {\"a\": null}]", "s": "\"-\""])
    #expect(notebook.segments.isEmpty)
  }

  @Test("metadata diagnostics", arguments: [
    ("<!-- ssrnb:{not json} -->", "1:13 error", "invalid metadata JSON"),
    ("<!-- ssrnb:[1] -->", "1:12 error", "must be a JSON object"),
    ("<!-- ssrnb:{\"format\":2} -->", "1:22 error", "uses format 2"),
    ("<!-- ssrnb:{\"format\":1.5} -->", "1:22 error", "positive integer"),
    ("<!-- ssrnb:{\"seed\":-1} -->", "1:20 error", "`seed` must be an integer"),
    ("<!-- ssrnb:{\"seed\":18446744073709551616} -->", "1:20 error", "`seed` must be an integer"),
    ("<!-- ssrnb:{\"seed\":\"42\"} -->", "1:20 error", "`seed` must be an integer"),
    ("<!-- ssrnb:{\"seed\":1,\"seed\":2} -->", "1:22 error", "given twice"),
    ("<!-- ssrnb:{} --> text", "1:19 error", "unexpected text after"),
    ("<!-- ssrnb:{\"format\":1}", "1:1 error", "must end with `-->`"),
    ("<!-- ssrnb:{\"numerics\":\"exact\"} -->", "1:24 error", "`numerics` must be \"fast\" or \"reproducible\""),
    ("<!-- ssrnb:{\"numerics\":1} -->", "1:24 error", "`numerics` must be"),
    ("<!-- ssrnb:{\"requires\":\"ml-1m\"} -->", "1:24 error", "`requires` must be a list of dataset names"),
  ])
  func metadataDiagnostics(line: String, position: String, message: String) {
    let notebook = Notebook.parse(line + "\n# Title\n")
    #expect(summaries(notebook) == [position])
    #expect(notebook.diagnostics.first?.message.contains(message) == true, "\(notebook.diagnostics)")
    #expect(sameBytes(notebook.printed(), line + "\n# Title\n"))
  }

  @Test("numerics and requires are read, and printed back in a fixed order")
  func metadataNumericsAndRequires() {
    let line = "<!-- ssrnb:{\"format\":1,\"seed\":3,\"numerics\":\"fast\",\"requires\":[\"ml-1m\",\"steam\"]} -->"
    let notebook = Notebook.parse(line + "\n# Title\n")
    #expect(notebook.diagnostics.isEmpty)
    #expect(notebook.metadata.numerics == .fast)
    #expect(notebook.metadata.requires == ["ml-1m", "steam"])
    #expect(notebook.metadata.otherKeys.isEmpty)
    #expect(notebook.metadata.comment == line)
    #expect(Notebook.parse("# Title\n").metadata.numerics == nil)  // reproducible by default
  }

  @Test func invalidMetadataIsStillTheMetadataLine() {
    let notebook = Notebook.parse("<!-- ssrnb:{oops} -->\n# Title\n")
    #expect(notebook.metadata.isPresent)
    #expect(notebook.metadata.seed == 0)
    #expect(notebook.segments == [.prose("# Title\n")])
  }

  @Test func metadataCommentOnALaterLineIsIgnoredWithAWarning() {
    let notebook = Notebook.parse("# Title\n<!-- ssrnb:{\"seed\":3} -->\n")
    #expect(!notebook.metadata.isPresent)
    #expect(summaries(notebook) == ["2:1 warning"])
  }

  @Test func metadataCommentFormatting() {
    let metadata = NotebookMetadata(isPresent: true, format: 1, seed: 42, otherKeys: ["backend": "\"blas\""])
    #expect(metadata.comment == "<!-- ssrnb:{\"format\":1,\"seed\":42,\"backend\":\"blas\"} -->")
    let parsed = Notebook.parse(metadata.comment + "\n").metadata
    #expect(parsed == metadata)
  }

  @Test func diagnosticsAreInFileOrder() {
    let notebook = Notebook.parse("""
      ```ssr
      //| bogus
      ```
      ```output {x=1}
      ```
      ```output
      ```
      ```ssr
      """)
    #expect(summaries(notebook) == ["2:5 warning", "4:12 warning", "6:1 warning", "8:1 error"])
    #expect(notebook.hasErrors)
  }
}
