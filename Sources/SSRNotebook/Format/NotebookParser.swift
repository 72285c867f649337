/// Splits notebook text into metadata, prose, cells and output blocks.
///
/// Only top-level CommonMark structure is tracked: fenced code blocks (any info string) and
/// HTML blocks of types 1–6 are skipped as prose so that fences inside them are not cells.
/// Fences nested in list items or block quotes are not tracked: a fence indented by at most
/// three spaces counts as top level.
struct NotebookParser {
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
    var index = 0
    if lineCount > 0,
      let read = NotebookMetadata.read(table.content(0), lineNumber: 1, path: path, diagnostics: &diagnostics)
    {
      metadata = read
      rawMetadata = table.text(table.lines[0].start..<table.lines[0].end)
      proseStart = table.lines[0].end
      index = 1
    }
    while index < lineCount {
      let line = table.content(index)
      if let fence = MarkdownBlockSyntax.fenceOpening(line) {
        if fence.info == "ssr" {
          flushProse(upTo: table.lines[index].start)
          index = parseCell(at: index, fence: fence)
          proseStart = table.lines[index - 1].end
          continue
        }
        if OutputAttributes.outputInfoRest(fence.info) != nil { reportStrayOutput(at: index) }
        index = closingIndex(after: index, fence: fence).map { $0 + 1 } ?? lineCount
        continue
      }
      if index > 0, NotebookMetadata.jsonStart(line) != nil {
        report(.warning, line: index, column: 1, "a metadata comment is only read on the first line; this one is ignored")
      }
      if let end = MarkdownBlockSyntax.htmlBlockStart(line) {
        index = endOfHTMLBlock(startingAt: index, end: end)
        continue
      }
      index += 1
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

  /// The index of the line closing the fence opened at `index`, or nil when it is unclosed.
  private func closingIndex(after index: Int, fence: MarkdownFence) -> Int? {
    var next = index + 1
    while next < lineCount {
      if MarkdownBlockSyntax.isFenceClosing(table.content(next), for: fence) { return next }
      next += 1
    }
    return nil
  }

  private func endOfHTMLBlock(startingAt index: Int, end: MarkdownHTMLBlockEnd) -> Int {
    switch end {
    case .marker(let markers):
      var next = index
      while next < lineCount {
        let line = table.content(next)
        if markers.contains(where: { MarkdownBlockSyntax.contains(line, lowercase: $0) }) { return next + 1 }
        next += 1
      }
      return lineCount
    case .blankLine:
      var next = index + 1
      while next < lineCount, !table.isBlank(next) { next += 1 }
      return next
    }
  }

  private func contentLines(_ range: Range<Int>, indent: Int) -> [CellContentLine] {
    range.map { index in
      let (bytes, removed) = MarkdownBlockSyntax.removingIndent(table.content(index), upTo: indent)
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

  /// Parses the cell opened at `index` and its output block; returns the next line index.
  private mutating func parseCell(at index: Int, fence: MarkdownFence) -> Int {
    let closing = closingIndex(after: index, fence: fence)
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
    if closing != nil {
      var outputIndex = next
      while outputIndex < lineCount, table.isBlank(outputIndex) { outputIndex += 1 }
      if outputIndex < lineCount, let outputFence = MarkdownBlockSyntax.fenceOpening(table.content(outputIndex)),
        let rest = OutputAttributes.outputInfoRest(outputFence.info)
      {
        let (output, end) = parseOutput(at: outputIndex, fence: outputFence, attributes: rest, gapStart: next, cell: cell)
        cell.output = output
        next = end
        lastAttachedOutputEnd = end
      }
    }
    segments.append(.cell(cells.count))
    cells.append(cell)
    idPositions.append(parsed.idPosition)
    return next
  }

  /// Parses the output block opened at `index`; returns it and the next line index.
  private mutating func parseOutput(
    at index: Int, fence: MarkdownFence, attributes: Substring, gapStart: Int, cell: CodeCell
  ) -> (OutputBlock, Int) {
    let closing = closingIndex(after: index, fence: fence)
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
