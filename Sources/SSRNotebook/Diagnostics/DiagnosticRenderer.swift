/// Formats an ``SSRError`` the way compilers do: a message, the file line:column with the cell
/// and the line inside it, the source line, and a caret under the offending code.
///
///     error: unknown builtin `plto`
///       --> notebooks/quickstart.ssrnb:48:1 (cell "curve", line 3)
///        |
///     48 | plto(history, x: .epoch, y: .loss)
///        | ^^^^
///        = help: did you mean `plot`?
public struct DiagnosticRenderer {
  /// Where a piece of source came from.
  public struct Origin {
    /// The file path (nil in the REPL).
    public var path: String?
    /// How the source is named: `cell "data"`, `cell 3`, `input 4`.
    public var name: String
    /// Maps a (line, column) inside the source to a file (line, column).
    public var fileLocation: (Int, Int) -> (line: Int, column: Int)

    /// Creates an origin.
    public init(path: String?, name: String, fileLocation: @escaping (Int, Int) -> (line: Int, column: Int)) {
      self.path = path
      self.name = name
      self.fileLocation = fileLocation
    }

    /// An origin for REPL input, numbered from 1.
    public static func input(_ number: Int) -> Origin {
      Origin(path: nil, name: "input \(number)") { (line: $0, column: $1) }
    }
  }

  /// Whether to use ANSI colours.
  public var ansi: Bool

  /// Creates a renderer.
  public init(ansi: Bool = false) {
    self.ansi = ansi
  }

  /// The full diagnostic text (no trailing newline).
  public func render(_ error: SSRError, source: String, origin: Origin) -> String {
    let label = error.isInterruption ? "interrupted" : "error"
    var lines = [paint(label + ":", "1;31") + " " + paint(error.message, "1")]
    let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if let range = error.range {
      let (fileLine, fileColumn) = origin.fileLocation(range.start.line, range.start.column)
      let place = origin.path.map { "\($0):\(fileLine):\(fileColumn)" } ?? "<\(origin.name)>:\(range.start.line):\(range.start.column)"
      let context = origin.path != nil ? " (\(origin.name), line \(range.start.line))" : ""
      let gutter = String(fileLine).count
      let pad = String(repeating: " ", count: gutter)
      lines.append("\(pad)\(paint("-->", "34")) \(place)\(context)")
      if range.start.line >= 1, range.start.line <= sourceLines.count {
        let text = sourceLines[range.start.line - 1]
        let characters = Array(text)
        let startIndex = max(0, min(characters.count, range.start.column - 1))
        let endIndex: Int
        if range.end.line == range.start.line {
          endIndex = max(startIndex + 1, min(characters.count, range.end.column - 1))
        } else {
          endIndex = max(startIndex + 1, characters.count)
        }
        let prefix = characters[0..<startIndex].map { $0 == "\t" ? "\t" : " " }.joined()
        let carets = String(repeating: "^", count: max(1, endIndex - startIndex))
        lines.append("\(pad) \(paint("|", "34"))")
        lines.append("\(paint(String(fileLine), "34")) \(paint("|", "34")) \(text)")
        lines.append("\(pad) \(paint("|", "34")) \(prefix)\(paint(carets, "1;31"))")
      }
      for note in error.notes { lines.append("\(pad) = note: \(note)") }
      if let help = error.help { lines.append("\(pad) = \(paint("help:", "1;32")) \(help)") }
    } else {
      let place = origin.path.map { "\($0) (\(origin.name))" } ?? origin.name
      lines.append("  --> \(place)")
      for note in error.notes { lines.append("  = note: \(note)") }
      if let help = error.help { lines.append("  = help: \(help)") }
    }
    return lines.joined(separator: "\n")
  }

  private func paint(_ text: String, _ code: String) -> String {
    ansi ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
