/// A position in one line of Markdown, counted in bytes and in columns (tabs stop every 4
/// columns), as CommonMark's block parser walks it.
///
/// A tab can be consumed partly (a list item's content may start in the middle of one); the
/// columns it still covers are given back as spaces by `remainder`.
struct MarkdownLineCursor {
  /// The line's bytes, without its terminator.
  let line: ArraySlice<UInt8>
  /// The index of the next byte to read.
  private(set) var offset: Int
  /// The column of `offset` (0-based).
  private(set) var column = 0
  /// Whether the tab at `offset` has been consumed in part.
  private(set) var partiallyConsumedTab = false
  /// The index of the first byte at or after `offset` that is not a space or a tab.
  private(set) var nextNonspace: Int
  /// The column of `nextNonspace`.
  private(set) var nextNonspaceColumn = 0

  /// A cursor at the start of `line`.
  init(_ line: ArraySlice<UInt8>) {
    self.line = line
    offset = line.startIndex
    nextNonspace = line.startIndex
  }

  /// The columns of spaces and tabs between `offset` and `nextNonspace`.
  var indent: Int { nextNonspaceColumn - column }
  /// Whether only spaces and tabs remain.
  var isBlank: Bool { nextNonspace == line.endIndex }
  /// Whether the indentation makes an indented code line (4 columns or more).
  var isIndented: Bool { indent >= 4 }
  /// The bytes from `nextNonspace` to the end of the line.
  var fromNextNonspace: ArraySlice<UInt8> { line[nextNonspace...] }
  /// The bytes from `offset` to the end of the line.
  var rest: ArraySlice<UInt8> { line[offset...] }

  /// The byte at `index`, or nil past the end of the line.
  func byte(at index: Int) -> UInt8? {
    index < line.endIndex ? line[index] : nil
  }

  /// Finds the next byte that is not a space or a tab, from `offset`.
  mutating func findNextNonspace() {
    var index = offset
    var columns = column
    while index < line.endIndex {
      if line[index] == 0x20 {
        index += 1
        columns += 1
      } else if line[index] == 0x09 {
        index += 1
        columns += 4 - columns % 4
      } else {
        break
      }
    }
    nextNonspace = index
    nextNonspaceColumn = columns
  }

  /// Moves to `nextNonspace`.
  mutating func advanceToNextNonspace() {
    offset = nextNonspace
    column = nextNonspaceColumn
    partiallyConsumedTab = false
  }

  /// Moves forward by `count` columns (a tab may be consumed in part) or, when `columns` is
  /// false, by `count` bytes (a tab counting as one).
  mutating func advance(by count: Int, columns: Bool) {
    var count = count
    while count > 0, offset < line.endIndex {
      if line[offset] == 0x09 {
        let toTab = 4 - column % 4
        if columns {
          partiallyConsumedTab = toTab > count
          let step = min(toTab, count)
          column += step
          if !partiallyConsumedTab { offset += 1 }
          count -= step
        } else {
          partiallyConsumedTab = false
          column += toTab
          offset += 1
          count -= 1
        }
      } else {
        partiallyConsumedTab = false
        offset += 1
        column += 1
        count -= 1
      }
    }
  }

  /// Moves to the end of the line.
  mutating func advanceToEnd() {
    offset = line.endIndex
    partiallyConsumedTab = false
  }

  /// The text from `offset` to the end of the line, a partly consumed tab given back as spaces.
  var remainder: String {
    guard partiallyConsumedTab else { return String(decoding: rest, as: UTF8.self) }
    let spaces = 4 - column % 4
    return String(repeating: " ", count: spaces) + String(decoding: line[(offset + 1)...], as: UTF8.self)
  }
}
