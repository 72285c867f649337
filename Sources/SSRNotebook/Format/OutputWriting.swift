/// An output to save after a cell with `Notebook.replacingOutputs(_:)`.
public struct NewOutput: Sendable, Equatable {
  /// The output text. "\r\n", "\r" and "\n" all end lines; a final line ending is dropped.
  public var text: String
  /// The hash of the cell and its dependencies (written as `hash=`).
  public var hash: String
  /// Whether the output is an error (written as `status=error`).
  public var isError: Bool

  /// Creates an output to save.
  public init(text: String, hash: String, isError: Bool = false) {
    self.text = text
    self.hash = hash
    self.isError = isError
  }
}

extension Notebook {
  /// Returns a copy whose cell outputs are replaced.
  ///
  /// For each cell ordinal in `outputs`, nil removes the cell's output block (and the blank
  /// lines before it), and a value replaces the block, or inserts one after the cell with one
  /// blank line before it. A replaced block keeps the blank lines before it. New blocks use a
  /// backtick fence longer than the longest backtick run in the text and the attributes
  /// `{cell=LABEL hash=H}` plus `status=error` for errors. Inserting after an unclosed cell
  /// first closes it. Ordinals without a cell are ignored. Cells not in `outputs`, and all
  /// prose, stay byte for byte; the result is parsed again, so line numbers and diagnostics
  /// are up to date.
  public func replacingOutputs(_ outputs: [Int: NewOutput?]) -> Notebook {
    var text = byteOrderMark + rawMetadata
    for segment in segments {
      switch segment {
      case .prose(let prose):
        text += prose
      case .cell(let index):
        let cell = cells[index]
        if let change = outputs[cell.ordinal] {
          text += rewritten(cell, output: change)
        } else {
          text += cell.rawText
        }
      }
    }
    return Notebook.parse(text, path: path)
  }

  private func rewritten(_ cell: CodeCell, output: NewOutput?) -> String {
    let cellText = cell.rawOpening + cell.rawContent + cell.rawClosing
    guard let output else { return cellText }
    if let old = cell.output {
      return cellText + old.rawGap + Self.block(for: output, label: cell.label, eol: lineTerminator,
        finalTerminator: Self.trailingTerminator(of: old.rawText))
    }
    let eol = lineTerminator
    if cell.isClosed {
      let finalTerminator = Self.trailingTerminator(of: cell.rawClosing)
      let closing = String(cell.rawClosing.unicodeScalars.dropLast(finalTerminator.unicodeScalars.count))
      return cell.rawOpening + cell.rawContent + closing + eol + eol
        + Self.block(for: output, label: cell.label, eol: eol, finalTerminator: finalTerminator)
    }
    var opened = cell.rawOpening + cell.rawContent
    if Self.trailingTerminator(of: opened).isEmpty { opened += eol }
    let fence = String(repeating: cell.fence.marker == MarkdownBlockSyntax.backtick ? "`" : "~", count: cell.fence.length)
    let closing = String(repeating: " ", count: cell.fence.indent) + fence
    return opened + closing + eol + eol + Self.block(for: output, label: cell.label, eol: eol, finalTerminator: eol)
  }

  /// The fenced output block, ending with `finalTerminator` after its closing fence.
  static func block(for output: NewOutput, label: String, eol: String, finalTerminator: String) -> String {
    let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: output.text) + 1))
    var block = fence + "output " + OutputAttributes.format(cell: label, hash: output.hash, isError: output.isError) + eol
    for line in splitLines(output.text) {
      block += line + eol
    }
    return block + fence + finalTerminator
  }

  /// The length of the longest run of backticks in `text`.
  static func longestBacktickRun(in text: String) -> Int {
    var longest = 0
    var current = 0
    for byte in text.utf8 {
      current = byte == MarkdownBlockSyntax.backtick ? current + 1 : 0
      longest = max(longest, current)
    }
    return longest
  }

  /// The lines of `text`, ended by "\r\n", "\r" or "\n"; a final line ending does not start a line.
  static func splitLines(_ text: String) -> [String] {
    let bytes = Array(text.utf8)
    var lines: [String] = []
    var start = 0
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x0A || bytes[index] == 0x0D {
        lines.append(String(decoding: bytes[start..<index], as: UTF8.self))
        index += bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        start = index
      } else {
        index += 1
      }
    }
    if start < bytes.count { lines.append(String(decoding: bytes[start..<bytes.count], as: UTF8.self)) }
    return lines
  }

  /// The line terminator at the end of `text` ("", "\n", "\r\n" or "\r").
  static func trailingTerminator(of text: String) -> String {
    let scalars = text.unicodeScalars
    guard let last = scalars.last else { return "" }
    if last == "\n" {
      return scalars.dropLast().last == "\r" ? "\r\n" : "\n"
    }
    return last == "\r" ? "\r" : ""
  }
}
