/// A piece of a notebook in file order: prose, or a code cell (with its output block).
public enum NotebookSegment: Sendable, Equatable {
  /// Markdown text, byte for byte as in the file (the metadata comment excluded).
  case prose(String)
  /// The cell at this index of `Notebook.cells`.
  case cell(Int)
}

/// A parsed `.ssrnb` notebook: CommonMark prose with `ssr` code cells and saved outputs.
///
/// Parsing never fails and keeps the raw text of every piece, so `printed()` reproduces
/// the input byte for byte:
///
///     let notebook = Notebook.parse(text, path: "notebooks/quickstart.ssrnb")
///     for diagnostic in notebook.diagnostics { print(diagnostic) }
///     assert(notebook.printed() == text)
public struct Notebook: Sendable, Equatable {
  /// The path given to `parse(_:path:)`, used in diagnostics and as the fallback export title.
  public internal(set) var path: String?
  /// Problems found while parsing, in file order.
  public internal(set) var diagnostics: [FormatDiagnostic]
  /// The metadata from the first-line comment (defaults when absent).
  public internal(set) var metadata: NotebookMetadata
  /// The code cells in file order.
  public internal(set) var cells: [CodeCell]
  /// Prose and cells in file order; output blocks belong to their cells.
  public internal(set) var segments: [NotebookSegment]

  /// "\u{FEFF}" when the file starts with a byte order mark, otherwise "".
  var byteOrderMark: String
  /// The raw metadata line, terminator included ("" when there is none).
  var rawMetadata: String
  /// The line terminator that new text uses: the file's most common one.
  var lineTerminator: String

  /// Parses notebook text. Problems are collected in `diagnostics`; this never fails.
  public static func parse(_ text: String, path: String? = nil) -> Notebook {
    var parser = NotebookParser(text, path: path)
    return parser.parse()
  }

  /// The notebook as text; byte-identical to the parsed input for an unmodified notebook.
  public func printed() -> String {
    var text = byteOrderMark + rawMetadata
    for segment in segments {
      switch segment {
      case .prose(let prose): text += prose
      case .cell(let index): text += cells[index].rawText
      }
    }
    return text
  }

  /// Whether any diagnostic is an error.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// The cell with id `label`, or else the cell whose ordinal is `label` (e.g. "3").
  public func cell(labeled label: String) -> CodeCell? {
    if let cell = cells.first(where: { $0.options.id == label }) { return cell }
    guard let ordinal = Int(label), ordinal >= 1, ordinal <= cells.count else { return nil }
    return cells[ordinal - 1]
  }
}
