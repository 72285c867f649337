import Foundation
import Testing
@testable import SSRNotebook

/// `Notebook.parse` finds the same cells (opening line and code) as a CommonMark reader.
///
/// The reference is `scripts/commonmark_cells.py` (markdown-it-py in CommonMark mode). When
/// python3 or markdown-it-py is missing, these tests are skipped, and the skip is reported by
/// the trait's comment; CI installs markdown-it-py so that they run there.
@Suite(
  "Agreement with a CommonMark reader",
  .enabled(
    if: CommonMarkReference.isAvailable,
    "needs python3 (or $SSR_PYTHON) with markdown-it-py: python3 -m pip install markdown-it-py"))
struct ReaderAgreementTests {
  /// The cases of `ReaderAgreementCases`, written once to a temporary folder.
  static let caseFiles: [String: URL] = {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("ssr-reader-agreement-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var files: [String: URL] = [:]
    for (name, text) in ReaderAgreementCases.all {
      let file = folder.appendingPathComponent(name + ".md")
      try? Data(text.utf8).write(to: file)
      files[name] = file
    }
    return files
  }()

  /// The reference's cells of every case file (one run of the script), by path.
  static let caseReference: [String: [CommonMarkReference.Cell]]? = try? CommonMarkReference.cells(
    of: ReaderAgreementCases.all.compactMap { caseFiles[$0.name] })

  /// The cells `Notebook.parse` finds in `text`, in the reference's form.
  static func parsedCells(_ text: String) -> [CommonMarkReference.Cell] {
    Notebook.parse(text).cells.map { cell in
      CommonMarkReference.Cell(line: cell.fenceLine, code: cell.lineCount == 0 ? "" : cell.source + "\n")
    }
  }

  @Test("The repository's notebooks")
  func notebooks() throws {
    let files = NotebookFilesTests.files
    #expect(!files.isEmpty)
    let reference = try CommonMarkReference.cells(of: files)
    for file in files {
      let parsed = Self.parsedCells(try String(contentsOf: file, encoding: .utf8))
      #expect(!parsed.isEmpty, "\(file.lastPathComponent) has no cells")
      #expect(parsed == reference[file.path], "\(file.lastPathComponent)")
    }
  }

  @Test("Tricky Markdown", arguments: ReaderAgreementCases.all.map(\.name))
  func trickyCase(_ name: String) throws {
    let file = try #require(Self.caseFiles[name])
    let reference = try #require(Self.caseReference, "the reference reader failed")
    let text = try #require(ReaderAgreementCases.all.first { $0.name == name }?.text)
    #expect(Self.parsedCells(text) == reference[file.path])
  }
}
