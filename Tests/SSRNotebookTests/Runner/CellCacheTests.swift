import Foundation
import Testing

@testable import SSRNotebook

/// `//| cache: true` cells: restored when nothing they depend on changed, rerun exactly when
/// something did.
@Suite("Cell cache")
struct CellCacheTests {
  final class Notes: RunObserver {
    var notes: [String] = []
    func prose(_ text: String) {}
    func cellStarted(_ cell: CodeCell) {}
    func cellEmitted(_ item: DisplayItem, cell: CodeCell) {}
    func cellFinished(_ cell: CodeCell, outcome: CellOutcome) {}
    func note(_ text: String) { notes.append(text) }
  }

  /// A scratch folder with a cache and a JSON data file.
  final class Scratch {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-cellcache-\(UUID())").path
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var cache: CellCache { CellCache(directory: path + "/cells") }
  }

  static func notebook(data: String = "users: 80, items: 40, meanLength: 14", scale: String = "2") -> String {
    """
    <!-- ssrnb:{"format":1,"seed":5} -->
    ```ssr
    //| id: data
    let ds = synthetic(\(data)) |> split(.timeRatio, test: 0.2, valid: 0.1)
    ```

    ```ssr
    //| id: model
    //| cache: true
    let m = train(.gru4rec, on: ds, epochs: 2, embeddingSize: 16, lr: 0.01)
    let scores = [{name: "first", hr: evaluate(m, on: ds).hr10}]
    print("trained")
    table(scores)
    ```

    ```ssr
    //| id: other
    //| cache: true
    let numbers = readJSON("numbers.json")
    let total = sum(numbers.values) * \(scale)
    plot([{x: 1, y: total}, {x: 2, y: total + 1}], x: .x, y: .y, height: 4)
    ```

    ```ssr
    [evaluate(m, on: ds).hr10, total]
    ```
    """
  }

  func run(_ text: String, in scratch: Scratch, cache: Bool = true) -> (RunReport, [String]) {
    let path = scratch.path + "/demo.ssrnb"
    try? text.write(toFile: path, atomically: true, encoding: .utf8)
    let notebook = Notebook.parse(text, path: path)
    let session = Session(seed: notebook.metadata.seed)
    session.context.showsProgress = false
    let observer = Notes()
    let runner = NotebookRunner(notebook: notebook, session: session, options: RunOptions(cache: cache ? scratch.cache : nil))
    return (runner.run(observer: observer), observer.notes)
  }

  func restored(_ report: RunReport) -> [Bool] { report.outcomes.map(\.restoredFromCache) }

  @Test("A second run restores the cached cells with identical outputs and bindings")
  func restores() throws {
    let scratch = Scratch()
    try #"{"values": [1, 2, 3.5]}"#.write(toFile: scratch.path + "/numbers.json", atomically: true, encoding: .utf8)
    let (first, _) = run(Self.notebook(), in: scratch)
    #expect(first.outcomes.allSatisfy { $0.succeeded }, "\(first.outcomes.map(\.savedText))")
    #expect(restored(first) == [false, false, false, false])
    let (second, notes) = run(Self.notebook(), in: scratch)
    #expect(restored(second) == [false, true, true, false])
    #expect(second.outcomes.map(\.savedText) == first.outcomes.map(\.savedText))
    #expect(notes.contains { $0.contains("cell \"model\": restored") })
    // --no-cache runs everything and leaves the cache alone.
    let (uncached, _) = run(Self.notebook(), in: scratch, cache: false)
    #expect(restored(uncached) == [false, false, false, false])
    #expect(uncached.outcomes.map(\.savedText) == first.outcomes.map(\.savedText))
  }

  @Test("A changed upstream cell reruns exactly its dependents; a changed data file reruns the cell that read it")
  func invalidation() throws {
    let scratch = Scratch()
    let json = scratch.path + "/numbers.json"
    try #"{"values": [1, 2]}"#.write(toFile: json, atomically: true, encoding: .utf8)
    _ = run(Self.notebook(), in: scratch)
    // The data cell changed: the model cell depends on it, the other cell does not.
    let (changedData, _) = run(Self.notebook(data: "users: 90, items: 40, meanLength: 14"), in: scratch)
    #expect(restored(changedData) == [false, false, true, false])
    // The other cell's own code changed: only it reruns.
    let (changedCode, _) = run(Self.notebook(data: "users: 90, items: 40, meanLength: 14", scale: "3"), in: scratch)
    #expect(restored(changedCode) == [false, true, false, false])
    // The file it reads changed: it reruns, with the new numbers.
    try #"{"values": [10, 20]}"#.write(toFile: json, atomically: true, encoding: .utf8)
    let (changedFile, _) = run(Self.notebook(data: "users: 90, items: 40, meanLength: 14", scale: "3"), in: scratch)
    #expect(restored(changedFile) == [false, true, false, false])
    #expect(changedFile.outcomes[3].savedText.hasSuffix("90]"))
  }

  @Test("A cell whose values cannot be stored runs normally and says why it was not cached")
  func notStorable() throws {
    let scratch = Scratch()
    let text = "```ssr\n//| cache: true\nlet ds = synthetic(users: 30, items: 20)\nlen(range(3))\n```\n"
    let (first, notes) = run(text, in: scratch)
    #expect(first.outcomes[0].succeeded)
    #expect(notes.contains { $0.contains("not cached") && $0.contains("Dataset") }, "\(notes)")
    let (second, _) = run(text, in: scratch)
    #expect(restored(second) == [false])
  }

  @Test("A sweep is stored by its runs: the restored sweep shows the same points and members")
  func sweepRestored() throws {
    let scratch = Scratch()
    let text = """
      <!-- ssrnb:{"format":1,"seed":3} -->
      ```ssr
      let ds = synthetic(users: 40, items: 24, meanLength: 10) |> split(.timeRatio, test: 0.2, valid: 0.1)
      ```

      ```ssr
      //| cache: true
      let s = sweep(.gru4rec, on: ds, over: {embeddingSize: [8, 12]}, seeds: 2, epochs: 1)
      s
      ```

      ```ssr
      [len(s.runs), s.points[1].embeddingSize, s.points[0].hr10]
      ```
      """
    let (first, _) = run(text, in: scratch)
    #expect(first.outcomes.allSatisfy { $0.succeeded }, "\(first.outcomes.map(\.savedText))")
    let (second, _) = run(text, in: scratch)
    #expect(restored(second) == [false, true, false])
    #expect(second.outcomes.map(\.savedText) == first.outcomes.map(\.savedText))
    #expect(second.outcomes[2].savedText.hasPrefix("[4, 12, "))
  }

  @Test("Clearing removes every entry")
  func clear() throws {
    let scratch = Scratch()
    try #"{"values": [1]}"#.write(toFile: scratch.path + "/numbers.json", atomically: true, encoding: .utf8)
    _ = run(Self.notebook(), in: scratch)
    #expect(try scratch.cache.clear() == 2)
    let (again, _) = run(Self.notebook(), in: scratch)
    #expect(restored(again) == [false, false, false, false])
  }
}
