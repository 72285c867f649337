/// A position inside a piece of source text (a cell or a REPL entry).
///
/// Lines and columns are 1-based; columns count Swift `Character`s, so a caret placed under
/// column `c` lines up with what the user sees.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// 1-based line number inside the source.
  public var line: Int
  /// 1-based column (in characters) inside the line.
  public var column: Int
  /// 0-based index into the source's character array.
  public var offset: Int

  /// Creates a position.
  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// Orders positions by offset.
  public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool { lhs.offset < rhs.offset }

  /// `line:column`.
  public var description: String { "\(line):\(column)" }
}

/// A half-open range `[start, end)` of source text.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
  /// The first character of the range.
  public var start: SourcePosition
  /// Just past the last character of the range.
  public var end: SourcePosition

  /// Creates a range.
  public init(_ start: SourcePosition, _ end: SourcePosition) {
    self.start = start
    self.end = end
  }

  /// The smallest range covering both.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(min(start, other.start), max(end, other.end))
  }

  /// `line:column`.
  public var description: String { start.description }
}
