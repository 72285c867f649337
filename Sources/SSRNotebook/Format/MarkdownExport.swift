/// The result of running a cell, as the exporters show it.
public struct RenderedCell: Sendable, Equatable {
  /// The cell's 1-based ordinal.
  public var ordinal: Int
  /// The cell's output text, or nil when it printed nothing.
  public var outputText: String?
  /// Whether the output is an error.
  public var isError: Bool

  /// Creates a rendered cell.
  public init(ordinal: Int, outputText: String?, isError: Bool = false) {
    self.ordinal = ordinal
    self.outputText = outputText
    self.isError = isError
  }
}

/// Converts notebooks to Markdown and to self-contained HTML pages.
public enum NotebookExport {
  /// A Markdown rendering of `notebook`.
  ///
  /// Prose is copied as is, except that the metadata comment is dropped and all line endings
  /// become "\n". Each code cell becomes a ```` ```ssr ```` block without its `//|` option
  /// lines (no block when `echo: false` or when only options remain), followed by its output
  /// in a plain fenced block; an error output is preceded by a line `**Error**` and a blank line.
  /// A cell's output comes from `outputs[ordinal]`; for a cell missing from `outputs`, the
  /// output block saved in the notebook is used. Fences are longer than any backtick run inside.
  public static func markdown(_ notebook: Notebook, outputs: [Int: RenderedCell]) -> String {
    var result = ""
    for segment in notebook.segments {
      switch segment {
      case .prose(let prose):
        result += Notebook.splitLines(prose).map { $0 + "\n" }.joined()
      case .cell(let index):
        let cell = notebook.cells[index]
        var piece = ""
        if let code = visibleCode(cell) {
          piece += fenced(code, info: "ssr")
        }
        if let (text, isError) = output(for: cell, in: outputs) {
          if !piece.isEmpty { piece += "\n" }
          if isError { piece += "**Error**\n\n" }
          piece += fenced(text, info: "")
        }
        if piece.isEmpty, !result.isEmpty, !result.hasSuffix("\n\n") {
          piece = "\n"
        }
        result += piece
      }
    }
    return result
  }

  /// The cell's code as shown in exports, or nil when it is hidden or empty.
  static func visibleCode(_ cell: CodeCell) -> String? {
    guard cell.options.echo else { return nil }
    let code = cell.code
    return code.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) ? nil : code
  }

  /// The output to show for a cell (normalised to "\n" lines, no final newline), or nil.
  static func output(for cell: CodeCell, in outputs: [Int: RenderedCell]) -> (text: String, isError: Bool)? {
    let text: String
    let isError: Bool
    if let rendered = outputs[cell.ordinal] {
      guard let renderedText = rendered.outputText else { return nil }
      text = Notebook.splitLines(renderedText).joined(separator: "\n")
      isError = rendered.isError
    } else if let saved = cell.output {
      text = saved.text
      isError = saved.isError
    } else {
      return nil
    }
    return text.isEmpty ? nil : (text, isError)
  }

  /// A backtick-fenced block with a fence longer than any backtick run in `text`.
  static func fenced(_ text: String, info: String) -> String {
    let fence = String(repeating: "`", count: max(3, Notebook.longestBacktickRun(in: text) + 1))
    return fence + info + "\n" + text + "\n" + fence + "\n"
  }
}
