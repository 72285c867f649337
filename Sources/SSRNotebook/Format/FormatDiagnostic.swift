/// A problem found while reading a notebook file, with the file position it refers to.
///
/// Parsing never throws: every problem becomes a diagnostic that the caller reports.
public struct FormatDiagnostic: Sendable, Equatable, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Sendable, Equatable {
    /// The notebook is malformed; a runner should refuse to run it.
    case error
    /// Something is suspicious or ignored, but the notebook can be used.
    case warning
  }

  /// Whether this is an error or a warning.
  public var severity: Severity
  /// The 1-based file line.
  public var line: Int
  /// The 1-based column, counted in Characters.
  public var column: Int
  /// What happened and what to do about it.
  public var message: String
  /// The notebook's path, when it was given to `Notebook.parse(_:path:)`.
  public var path: String?

  /// Creates a diagnostic.
  public init(severity: Severity, line: Int, column: Int, message: String, path: String? = nil) {
    self.severity = severity
    self.line = line
    self.column = column
    self.message = message
    self.path = path
  }

  /// The diagnostic as `path:line:column: severity: message`.
  public var description: String {
    "\(path ?? "<notebook>"):\(line):\(column): \(severity.rawValue): \(message)"
  }
}
