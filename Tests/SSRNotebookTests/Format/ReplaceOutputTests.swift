import Testing
@testable import SSRNotebook

@Suite("Replacing outputs")
struct ReplaceOutputTests {
  static let source = """
    # Notebook

    ```ssr
    //| id: data
    let ds = load("ml-1m")
    ```

    ```output {cell=data hash=0000}
    old
    ```

    Middle prose.

    ```ssr
    summary(ds)
    ```
    End prose.

    """

  @Test func insertReplaceAndRemove() {
    let notebook = Notebook.parse(Self.source)
    let inserted = notebook.replacingOutputs([2: NewOutput(text: "rows: 3\n", hash: "5e1c0a93")])
    #expect(sameBytes(inserted.printed(), Self.source.replacingOccurrences(
      of: "summary(ds)\n```\n", with: "summary(ds)\n```\n\n```output {cell=2 hash=5e1c0a93}\nrows: 3\n```\n")))
    #expect(inserted.cells[1].output?.text == "rows: 3")

    let replaced = notebook.replacingOutputs([1: NewOutput(text: "new\nlines", hash: "abcd", isError: true)])
    #expect(sameBytes(replaced.printed(), Self.source.replacingOccurrences(
      of: "```output {cell=data hash=0000}\nold\n```", with: "```output {cell=data hash=abcd status=error}\nnew\nlines\n```")))
    #expect(replaced.cells[0].output?.isError == true)

    let removed = notebook.replacingOutputs([1: nil])
    #expect(sameBytes(removed.printed(), Self.source.replacingOccurrences(
      of: "```\n\n```output {cell=data hash=0000}\nold\n```\n", with: "```\n")))
    #expect(removed.cells[0].output == nil)

    // Removing an output that does not exist, or naming no cell, changes nothing.
    #expect(sameBytes(notebook.replacingOutputs([2: nil, 99: nil]).printed(), Self.source))
    #expect(sameBytes(notebook.replacingOutputs([:]).printed(), Self.source))
  }

  @Test func fenceIsLongerThanAnyBacktickRunInTheOutput() {
    let notebook = Notebook.parse("```ssr\nx\n```\n")
    let once = notebook.replacingOutputs([1: NewOutput(text: "a ``` b\n`````\nc", hash: "h")])
    #expect(sameBytes(once.printed(), "```ssr\nx\n```\n\n``````output {cell=1 hash=h}\na ``` b\n`````\nc\n``````\n"))
    #expect(once.cells[0].output?.text == "a ``` b\n`````\nc")
    #expect(once.diagnostics.isEmpty)

    let plain = notebook.replacingOutputs([1: NewOutput(text: "`x`", hash: "h")])
    #expect(sameBytes(plain.printed(), "```ssr\nx\n```\n\n```output {cell=1 hash=h}\n`x`\n```\n"))
  }

  @Test func keepsLineEndingsAndMissingFinalNewline() {
    let crlf = Notebook.parse("```ssr\r\nx\r\n```\r\nprose\r\n")
    let written = crlf.replacingOutputs([1: NewOutput(text: "a\nb", hash: "h")])
    #expect(sameBytes(written.printed(), "```ssr\r\nx\r\n```\r\n\r\n```output {cell=1 hash=h}\r\na\r\nb\r\n```\r\nprose\r\n"))

    let noNewline = Notebook.parse("```ssr\nx\n```")
    let appended = noNewline.replacingOutputs([1: NewOutput(text: "1", hash: "h")])
    #expect(sameBytes(appended.printed(), "```ssr\nx\n```\n\n```output {cell=1 hash=h}\n1\n```"))
    #expect(sameBytes(appended.replacingOutputs([1: nil]).printed(), "```ssr\nx\n```\n"))
  }

  @Test func replacingKeepsTheGapBeforeTheBlock() {
    let notebook = Notebook.parse("```ssr\nx\n```\n\n\n~~~output\nold\n~~~")
    let replaced = notebook.replacingOutputs([1: NewOutput(text: "new", hash: "h")])
    #expect(sameBytes(replaced.printed(), "```ssr\nx\n```\n\n\n```output {cell=1 hash=h}\nnew\n```"))
  }

  @Test func insertingAfterAnUnclosedCellClosesIt() {
    let notebook = Notebook.parse("````ssr\nlet x = 1")
    let written = notebook.replacingOutputs([1: NewOutput(text: "1", hash: "h")])
    #expect(sameBytes(written.printed(), "````ssr\nlet x = 1\n````\n\n```output {cell=1 hash=h}\n1\n```\n"))
    #expect(written.cells[0].source == "let x = 1")
    #expect(written.diagnostics.isEmpty)
  }

  @Test func emptyOutputsAndLabels() {
    let notebook = Notebook.parse("```ssr\n//| id: model\n```\n")
    let empty = notebook.replacingOutputs([1: NewOutput(text: "", hash: "h")])
    #expect(sameBytes(empty.printed(), "```ssr\n//| id: model\n```\n\n```output {cell=model hash=h}\n```\n"))
    #expect(empty.cells[0].output?.lineCount == 0)

    let oddHash = notebook.replacingOutputs([1: NewOutput(text: "1", hash: "a b}")])
    #expect(oddHash.cells[0].output?.hash == "a b}")
    #expect(oddHash.diagnostics.isEmpty)
  }

  @Test func otherCellsStayByteIdentical() {
    let text = "```ssr\r\n//| id: a\r\n1\r\n```\r\n~~~output {cell=a hash=x}\r\n1\r\n~~~\r\n\r\n```ssr\nb\n```\n"
    let notebook = Notebook.parse(text)
    let written = notebook.replacingOutputs([2: NewOutput(text: "2", hash: "y")])
    #expect(written.printed().hasPrefix("```ssr\r\n//| id: a\r\n1\r\n```\r\n~~~output {cell=a hash=x}\r\n1\r\n~~~\r\n\r\n```ssr\nb\n```"))
    #expect(written.cells[0] == notebook.cells[0])
  }
}
