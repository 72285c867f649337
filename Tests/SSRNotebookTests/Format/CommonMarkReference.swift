import Foundation

/// The reference CommonMark reader: `scripts/commonmark_cells.py`, run by `python3` from
/// `PATH` (or the interpreter named by `SSR_PYTHON`) with the markdown-it-py package.
enum CommonMarkReference {
  /// A cell as the reference reader reports it.
  struct Cell: Sendable, Equatable, CustomStringConvertible, Decodable {
    /// The 1-based line of the opening fence.
    var line: Int
    /// The code, each line ended by "\n".
    var code: String

    var description: String { "line \(line): \(code.debugDescription)" }
  }

  private struct FileCells: Decodable {
    var file: String
    var cells: [Cell]
  }

  static var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  static var script: URL { repositoryRoot.appendingPathComponent("scripts/commonmark_cells.py") }

  /// The interpreter: `$SSR_PYTHON`, else `python3`.
  static var python: String {
    ProcessInfo.processInfo.environment["SSR_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
  }

  /// Whether the interpreter runs and imports markdown-it-py.
  static let isAvailable: Bool = {
    guard let (status, _) = try? run([python, "-c", "import markdown_it"]) else { return false }
    return status == 0
  }()

  /// The cells of each file, by path.
  static func cells(of files: [URL]) throws -> [String: [Cell]] {
    let (status, output) = try run([python, script.path] + files.map(\.path))
    guard status == 0 else { throw ReferenceError.failed(status: status) }
    let decoded = try JSONDecoder().decode([FileCells].self, from: output)
    return Dictionary(decoded.map { ($0.file, $0.cells) }, uniquingKeysWith: { first, _ in first })
  }

  enum ReferenceError: Error {
    case failed(status: Int32)
  }

  /// Runs `arguments` (found on `PATH`); returns the exit status and standard output.
  private static func run(_ arguments: [String]) throws -> (Int32, Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data)
  }
}
