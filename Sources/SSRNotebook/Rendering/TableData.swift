/// One cell of a table.
public enum TableCell: Sendable, Equatable {
  /// Text, shown left-aligned; line breaks and other control characters are shown as spaces.
  case text(String)
  /// An integer, shown right-aligned.
  case int(Int)
  /// A floating-point number, shown right-aligned with a chosen number of significant digits.
  case double(Double)
  /// A boolean, shown left-aligned as `true` or `false`.
  case bool(Bool)
  /// A missing value, shown as an empty cell.
  case empty
}

/// Column names and rows of cells to render as a table.
public struct TableData: Sendable, Equatable {
  /// Column headers.
  public var columns: [String]
  /// Rows of cells; each row should have `columns.count` cells. Shorter rows are padded with empty
  /// cells; longer rows add columns with empty headers, so no data is ever dropped.
  public var rows: [[TableCell]]

  /// Creates table data from headers and rows.
  public init(columns: [String], rows: [[TableCell]]) {
    self.columns = columns
    self.rows = rows
  }
}
