/// An error in notebook code: a syntax error, a wrong argument, a failed operation.
///
/// It carries the range of the offending code inside its cell; ``DiagnosticRenderer`` adds the
/// file line:column, the cell name and a caret snippet.
public struct SSRError: Error, Sendable, CustomStringConvertible {
  /// What went wrong, phrased as "expected …, found …" where that applies.
  public var message: String
  /// Where in the cell (or REPL entry) the problem is, when known.
  public var range: SourceRange?
  /// Extra lines of explanation, printed as `note:` lines.
  public var notes: [String]
  /// A suggestion such as "did you mean `epochs:`?", printed as a `help:` line.
  public var help: String?
  /// True when the input simply ended too early (an open bracket or string); the REPL then asks
  /// for a continuation line instead of reporting the error.
  public var isIncompleteInput: Bool
  /// True when the user interrupted the computation (Ctrl-C) rather than an error occurring.
  public var isInterruption: Bool

  /// Creates an error.
  public init(
    _ message: String, at range: SourceRange? = nil, notes: [String] = [], help: String? = nil,
    isIncompleteInput: Bool = false, isInterruption: Bool = false
  ) {
    self.message = message
    self.range = range
    self.notes = notes
    self.help = help
    self.isIncompleteInput = isIncompleteInput
    self.isInterruption = isInterruption
  }

  /// The message alone (without location).
  public var description: String { message }
}

/// An error thrown by a builtin's implementation; the interpreter attaches the source location
/// of the whole call or of the named argument.
public struct BuiltinError: Error, Sendable {
  /// The message for the user.
  public var message: String
  /// The parameter the problem is about, if any (its argument gets the caret).
  public var parameter: String?
  /// A suggestion line.
  public var help: String?

  /// Creates an error about the whole call.
  public init(_ message: String, help: String? = nil) {
    self.message = message
    self.parameter = nil
    self.help = help
  }

  /// Creates an error about one argument.
  public init(_ message: String, parameter: String, help: String? = nil) {
    self.message = message
    self.parameter = parameter
    self.help = help
  }
}
