import Foundation
import Testing
@testable import SSRNotebook

@Suite("The repository's notebooks")
struct NotebookFilesTests {
  static var notebooksDirectory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("notebooks")
  }

  /// The notebooks in `notebooks/` and `notebooks/experiments/` (the experiments are parsed here
  /// but not run: they need the real datasets).
  static var files: [URL] {
    [notebooksDirectory, notebooksDirectory.appendingPathComponent("experiments")].flatMap { directory -> [URL] in
      let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
      return names.filter { $0.hasSuffix(".ssrnb") }.sorted().map { directory.appendingPathComponent($0) }
    }
  }

  @Test("Every notebook parses without diagnostics and prints back byte for byte")
  func roundTrip() throws {
    #expect(!Self.files.isEmpty)
    for file in Self.files {
      let text = try String(contentsOf: file, encoding: .utf8)
      let notebook = Notebook.parse(text, path: file.path)
      #expect(notebook.diagnostics.isEmpty, "\(file.lastPathComponent): \(notebook.diagnostics)")
      #expect(notebook.printed() == text, "\(file.lastPathComponent)")
      #expect(notebook.cells.allSatisfy { $0.output == nil || $0.output?.hash?.count == 16 })
    }
  }

  @Test("Every notebook's cells parse")
  func cellsParse() throws {
    for file in Self.files {
      let notebook = Notebook.parse(try String(contentsOf: file, encoding: .utf8), path: file.path)
      for cell in notebook.cells {
        #expect(throws: Never.self, "\(file.lastPathComponent) \(cell.displayName)") { try Parser.parse(cell.source) }
      }
    }
  }
}
