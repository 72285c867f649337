import Foundation

/// Why a file cannot be used as a notebook.
public struct NotebookFileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file's path.
  public var path: String
  /// What is wrong and what to do.
  public var message: String

  /// `path: message`.
  public var description: String { "\(path): \(message)" }
}

/// Reads notebook files safely: a file that is not UTF-8 text with notebook structure is refused
/// before anything runs, prints or writes.
public enum NotebookFile {
  /// Reads and parses the notebook at `path`.
  ///
  /// - Throws: ``NotebookFileError`` when the file is missing or unreadable, is not valid UTF-8
  ///   (a binary file), holds control characters other than tab, line feed, carriage return and
  ///   form feed, or has no ```` ```ssr ```` code cell (an empty file, or plain Markdown).
  public static func read(_ path: String) throws(NotebookFileError) -> Notebook {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw NotebookFileError(path: path, message: "no such file; check the path (notebooks live in notebooks/, e.g. notebooks/quickstart.ssrnb)")
    }
    guard !isDirectory.boolValue else { throw NotebookFileError(path: path, message: "is a folder, not a notebook file") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw NotebookFileError(path: path, message: "cannot be read; check its permissions")
    }
    return try parse(data, path: path)
  }

  /// Parses notebook bytes read from `path`, with the checks of ``read(_:)``.
  public static func parse(_ data: Data, path: String) throws(NotebookFileError) -> Notebook {
    let bytes = [UInt8](data)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let (line, column) = firstInvalidUTF8(bytes)
      throw NotebookFileError(
        path: path,
        message: "is not a UTF-8 text file (invalid byte at line \(line), byte \(column)); a notebook is Markdown text with ```ssr code cells")
    }
    if let (line, column, scalar) = firstControlCharacter(text) {
      throw NotebookFileError(
        path: path,
        message: String(format: "has the control character U+%04X at line %d, column %d; ", scalar.value, line, column)
          + "a notebook is Markdown text, so it is probably not a notebook (or it was damaged)")
    }
    let notebook = Notebook.parse(text, path: path)
    guard !notebook.cells.isEmpty else {
      throw NotebookFileError(
        path: path,
        message: bytes.isEmpty
          ? "is empty; a notebook has at least one ```ssr code cell (see notebooks/quickstart.ssrnb)"
          : "has no ```ssr code cell, so it is not a notebook; add a fenced block opened by ```ssr")
    }
    return notebook
  }

  /// The 1-based line and byte column of the first byte that breaks UTF-8.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      let length: Int
      switch byte {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: return (line, index - lineStart + 1)
      }
      guard index + length <= bytes.count,
        String(validating: bytes[index..<index + length], as: UTF8.self) != nil
      else { return (line, index - lineStart + 1) }
      if byte == 0x0A {
        line += 1
        lineStart = index + 1
      }
      index += length
    }
    return (line, index - lineStart + 1)
  }

  /// The first C0 control character or DEL other than tab, line feed, carriage return and form
  /// feed, with its 1-based line and column (in characters).
  static func firstControlCharacter(_ text: String) -> (line: Int, column: Int, scalar: Unicode.Scalar)? {
    var line = 1
    var column = 1
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A:
        line += 1
        column = 1
        continue
      case 0x09, 0x0D, 0x0C: break
      case 0x00...0x1F, 0x7F: return (line, column, scalar)
      default: break
      }
      column += 1
    }
    return nil
  }
}
