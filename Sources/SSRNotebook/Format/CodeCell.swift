/// A code cell: a fenced block whose info string is exactly `ssr`.
public struct CodeCell: Sendable, Equatable {
  /// The cell's 1-based position among the notebook's cells.
  public internal(set) var ordinal: Int
  /// The cell's code: its lines (with the fence's indentation removed) joined with "\n",
  /// without a final newline. Option lines are included.
  public internal(set) var source: String
  /// The number of lines between the fences (0 for an empty cell; `source` cannot tell
  /// an empty cell from one with a single blank line).
  public internal(set) var lineCount: Int
  /// The options from the cell's leading `//|` lines.
  public internal(set) var options: CellOptions
  /// The 1-based file line of the opening fence.
  public internal(set) var fenceLine: Int
  /// The 1-based file line of the first source line (the line after the opening fence).
  public internal(set) var firstLine: Int
  /// Whether the cell has a closing fence (an unclosed cell runs to the end of the file).
  public internal(set) var isClosed: Bool
  /// The saved output block that follows the cell, if any.
  public internal(set) var output: OutputBlock?

  /// Spaces removed from the start of each source line (non-zero only for indented fences).
  var indentsRemoved: [Int]
  /// The raw text of the opening fence line, terminator included.
  var rawOpening: String
  /// The raw text of all lines between the fences.
  var rawContent: String
  /// The raw text of the closing fence line ("" when unclosed).
  var rawClosing: String
  /// The opening fence, for writing a closing fence when the cell is unclosed.
  var fence: MarkdownFence

  /// The cell's source lines (empty for an empty cell).
  public var sourceLines: [String] {
    guard lineCount > 0 else { return [] }
    return source.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The source without its leading option lines.
  public var code: String {
    sourceLines.dropFirst(options.optionLineCount).joined(separator: "\n")
  }

  /// The file line of the first line of `code`.
  public var codeFirstLine: Int { firstLine + options.optionLineCount }

  /// The cell's id when it has one, otherwise its ordinal, e.g. `data` or `3`.
  public var label: String { options.id ?? String(ordinal) }

  /// The cell's name in messages, e.g. `cell "data"` or `cell 3`.
  public var displayName: String {
    if let id = options.id { return "cell \"\(id)\"" }
    return "cell \(ordinal)"
  }

  /// Maps a 1-based (line, column) inside `source` to the 1-based file line and column.
  ///
  /// Lines past the end map past the last line and lines below 1 map to `firstLine`; columns
  /// are shifted by the indentation that an indented fence removed from that line.
  public func fileLocation(line: Int, column: Int) -> (line: Int, column: Int) {
    let shift = line >= 1 && line <= indentsRemoved.count ? indentsRemoved[line - 1] : 0
    let (fileLine, lineOverflow) = firstLine.addingReportingOverflow(line > 0 ? line - 1 : 0)
    let (fileColumn, columnOverflow) = column.addingReportingOverflow(shift)
    return (lineOverflow ? Int.max : fileLine, columnOverflow ? Int.max : fileColumn)
  }

  /// The raw text of the cell and its output block, exactly as in the file.
  var rawText: String {
    rawOpening + rawContent + rawClosing + (output.map { $0.rawGap + $0.rawText } ?? "")
  }
}

/// A saved output: the fenced block with info string `output` after a cell.
public struct OutputBlock: Sendable, Equatable {
  /// The output's lines joined with "\n", without a final newline.
  public internal(set) var text: String
  /// The number of lines between the fences.
  public internal(set) var lineCount: Int
  /// The attributes from `{key=value …}` after `output` (the first value of a repeated key).
  public internal(set) var attributes: [String: String]
  /// The 1-based file line of the opening fence.
  public internal(set) var fenceLine: Int
  /// Whether the block has a closing fence.
  public internal(set) var isClosed: Bool

  /// The blank lines between the cell's closing fence and this block.
  var rawGap: String
  /// The raw text of the block from its opening fence to its closing fence, terminators included.
  var rawText: String

  /// The `cell=` attribute: the id or ordinal of the cell that wrote the output.
  public var cellReference: String? { attributes["cell"] }
  /// The `hash=` attribute: the hash of the cell and its dependencies when the output was saved.
  public var hash: String? { attributes["hash"] }
  /// Whether the output is an error (`status=error`).
  public var isError: Bool { attributes["status"] == "error" }
}
