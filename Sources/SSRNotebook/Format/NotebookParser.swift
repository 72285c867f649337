/// Splits notebook text into metadata, prose, cells and output blocks.
///
/// The text is read as CommonMark (`MarkdownBlockParser`): a cell is a fenced code block at the
/// top level of the document whose info string is exactly `ssr`, and its output block is the
/// top-level `output` fence that follows it after only blank lines. Fences inside other fenced
/// blocks, HTML blocks, block quotes or list items are prose (shown as code, never run).
struct NotebookParser {
  /// The info string of a cell's opening fence (trimmed of spaces and tabs, as written).
  static let cellInfo = "ssr"

  private let table: NotebookLines
  private let path: String?
  private var diagnostics: [FormatDiagnostic] = []
  private var cells: [CodeCell] = []
  private var idPositions: [(line: Int, column: Int)?] = []
  private var segments: [NotebookSegment] = []
  private var proseStart: Int
  /// The line index just past the last output block that was attached to a cell.
  private var lastAttachedOutputEnd: Int?

  /// Prepares to parse `text`.
  init(_ text: String, path: String?) {
    table = NotebookLines(text)
    self.path = path
    proseStart = table.byteOrderMarkLength
  }

  private var lineCount: Int { table.lines.count }

  /// Parses the whole text.
  mutating func parse() -> Notebook {
    var metadata = NotebookMetadata()
    var rawMetadata = ""
    if lineCount > 0,
      let read = NotebookMetadata.read(table.content(0), lineNumber: 1, path: path, diagnostics: &diagnostics)
    {
      metadata = read
      rawMetadata = table.text(table.lines[0].start..<table.lines[0].end)
      proseStart = table.lines[0].end
    }
    let blocks = MarkdownBlockParser.parse(table).children
    var position = 0
    while position < blocks.count {
      let block = blocks[position]
      position += 1
      switch block.kind {
      case .fencedCode(let fence, let isClosed):
        if fence.info == Self.cellInfo {
          flushProse(upTo: table.lines[block.firstLine].start)
          let output = position < blocks.count ? blocks[position] : nil
          let next = parseCell(block, fence: fence, closing: isClosed ? block.lastLine : nil, output: output)
          if next.attachedOutput { position += 1 }
          proseStart = table.lines[next.end - 1].end
        } else if OutputAttributes.outputInfoRest(fence.info) != nil {
          reportStrayOutput(at: block.firstLine)
        }
      case .html:
        if block.firstLine > 0, NotebookMetadata.jsonStart(table.content(block.firstLine)) != nil {
          report(.warning, line: block.firstLine, column: 1,
            "a metadata comment is only read on the first line; this one is ignored")
        }
      default:
        break
      }
    }
    flushProse(upTo: table.bytes.count)
    reportDuplicateIDs()
    diagnostics.sort { ($0.line, $0.column) < ($1.line, $1.column) }
    return Notebook(
      path: path, diagnostics: diagnostics, metadata: metadata, cells: cells, segments: segments,
      byteOrderMark: table.byteOrderMarkLength > 0 ? "\u{FEFF}" : "", rawMetadata: rawMetadata,
      lineTerminator: table.dominantTerminator)
  }

  private mutating func report(_ severity: FormatDiagnostic.Severity, line index: Int, column: Int, _ message: String) {
    diagnostics.append(FormatDiagnostic(
      severity: severity, line: table.lines[index].number, column: column, message: message, path: path))
  }

  private mutating func flushProse(upTo end: Int) {
    if end > proseStart { segments.append(.prose(table.text(proseStart..<end))) }
    proseStart = end
  }

  private func contentLines(_ range: Range<Int>, indent: Int) -> [CellContentLine] {
    range.map { index in
      let (bytes, removed) = MarkdownBlockSyntax.removingFenceIndent(table.content(index), upTo: indent)
      return CellContentLine(bytes: bytes, fileLine: table.lines[index].number, indentRemoved: removed)
    }
  }

  private func joined(_ lines: [CellContentLine]) -> String {
    var bytes: [UInt8] = []
    for (offset, line) in lines.enumerated() {
      if offset > 0 { bytes.append(0x0A) }
      bytes.append(contentsOf: line.bytes)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private func rawText(lines range: Range<Int>) -> String {
    range.isEmpty ? "" : table.text(table.lines[range.lowerBound].start..<table.lines[range.upperBound - 1].end)
  }

  /// Parses the cell `block` (closed by the line `closing`) and its output block, which is
  /// `following` when that is an output fence after only blank lines; returns the index of the
  /// line after them and whether the output block was taken.
  private mutating func parseCell(
    _ block: MarkdownBlock, fence: MarkdownFence, closing: Int?, output following: MarkdownBlock?
  ) -> (end: Int, attachedOutput: Bool) {
    let index = block.firstLine
    let contentEnd = closing ?? lineCount
    let lines = contentLines((index + 1)..<contentEnd, indent: fence.indent)
    let parsed = CellOptionParser.parse(lines, path: path)
    diagnostics += parsed.diagnostics
    let fenceText = String(repeating: fence.marker == MarkdownBlockSyntax.backtick ? "`" : "~", count: fence.length)
    if closing == nil {
      report(.error, line: index, column: fence.indent + 1,
        "this cell's fence \(fenceText)ssr is never closed, so the rest of the file is read as code; "
          + "add a \(fenceText) line after the cell's code")
    }
    var cell = CodeCell(
      ordinal: cells.count + 1, source: joined(lines), lineCount: lines.count, options: parsed.options,
      fenceLine: table.lines[index].number, firstLine: table.lines[index].number + 1,
      isClosed: closing != nil, output: nil, indentsRemoved: lines.map(\.indentRemoved),
      rawOpening: rawText(lines: index..<(index + 1)), rawContent: rawText(lines: (index + 1)..<contentEnd),
      rawClosing: closing.map { rawText(lines: $0..<($0 + 1)) } ?? "", fence: fence)
    var next = closing.map { $0 + 1 } ?? lineCount
    var attached = false
    if closing != nil, let following, case .fencedCode(let outputFence, let isClosed) = following.kind,
      let rest = OutputAttributes.outputInfoRest(outputFence.info),
      (next..<following.firstLine).allSatisfy({ table.isBlank($0) })
    {
      let (output, end) = parseOutput(
        at: following.firstLine, fence: outputFence, closing: isClosed ? following.lastLine : nil,
        attributes: rest, gapStart: next, cell: cell)
      cell.output = output
      next = end
      lastAttachedOutputEnd = end
      attached = true
    }
    segments.append(.cell(cells.count))
    cells.append(cell)
    idPositions.append(parsed.idPosition)
    return (next, attached)
  }

  /// Parses the output block opened at `index`; returns it and the next line index.
  private mutating func parseOutput(
    at index: Int, fence: MarkdownFence, closing: Int?, attributes: Substring, gapStart: Int, cell: CodeCell
  ) -> (OutputBlock, Int) {
    let contentEnd = closing ?? lineCount
    let end = closing.map { $0 + 1 } ?? lineCount
    let lines = contentLines((index + 1)..<contentEnd, indent: fence.indent)
    let (values, problems) = OutputAttributes.parse(attributes)
    let line = table.content(index)
    let attributesOffset = fence.infoOffset + "output".utf8.count
    for problem in problems {
      report(.warning, line: index, column: NotebookLines.column(in: line, byteOffset: attributesOffset + problem.offset), problem.message)
    }
    if closing == nil {
      report(.error, line: index, column: fence.indent + 1,
        "this output block is never closed, so it runs to the end of the file; add a closing fence")
    }
    if let reference = values["cell"], reference != cell.label, reference != String(cell.ordinal) {
      report(.warning, line: index, column: fence.indent + 1,
        "this output block says cell=\(reference) but follows \(cell.displayName); "
          + "it is kept with the cell it follows (re-save the notebook to fix the label)")
    }
    let output = OutputBlock(
      text: joined(lines), lineCount: lines.count, attributes: values, fenceLine: table.lines[index].number,
      isClosed: closing != nil, rawGap: rawText(lines: gapStart..<index), rawText: rawText(lines: index..<end))
    return (output, end)
  }

  private mutating func reportStrayOutput(at index: Int) {
    let column = (MarkdownBlockSyntax.smallIndent(table.content(index)) ?? 0) + 1
    if let end = lastAttachedOutputEnd, end <= index, (end..<index).allSatisfy({ table.isBlank($0) }) {
      report(.warning, line: index, column: column,
        "a cell has only one output block; this second one is kept as prose (remove it)")
    } else {
      report(.warning, line: index, column: column,
        "this output block does not follow a code cell (only blank lines may separate them); it is kept as prose")
    }
  }

  private mutating func reportDuplicateIDs() {
    var firstUse: [String: CodeCell] = [:]
    for (cell, position) in zip(cells, idPositions) {
      guard let id = cell.options.id, let position else { continue }
      if let first = firstUse[id] {
        diagnostics.append(FormatDiagnostic(
          severity: .error, line: position.line, column: position.column,
          message: "duplicate cell id `\(id)`: cell \(first.ordinal) (line \(first.fenceLine)) already uses it; "
            + "give each cell its own id", path: path))
      } else {
        firstUse[id] = cell
      }
    }
  }
}
