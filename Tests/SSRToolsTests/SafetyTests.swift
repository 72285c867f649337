import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What a user interrupts or points `ssr-run` at is safe: Ctrl-C ends the run, a killed run
/// keeps the output of its finished cells, and a file that is not a notebook is never run or
/// rewritten.
@Suite("ssr-run: interruption and file safety")
struct SafetyTests {
  static let training = """
    ```ssr
    let ds = synthetic(users: 300, items: 120, meanLength: 20, seed: 2) |> split(.timeRatio, test: 0.2, valid: 0.1)
    print("data ready")
    ```

    ```ssr
    let first = train(.gru4rec, on: ds, epochs: 400, embeddingSize: 16)
    print("first training done: \\(1 + 1)")
    ```

    ```ssr
    let second = train(.gru4rec, on: ds, epochs: 400, embeddingSize: 16)
    ```
    """

  /// Starts `ssr-run` on `path` with `arguments`, stdout and stderr collected.
  func start(_ arguments: [String]) throws -> (Process, stdout: PipeCollector, stderr: PipeCollector) {
    let process = Process()
    process.executableURL = Tool.productsDirectory.appendingPathComponent("ssr-run")
    process.arguments = arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    let collectedOutput = PipeCollector(output), collectedErrors = PipeCollector(errors)
    try process.run()
    return (process, collectedOutput, collectedErrors)
  }

  /// Waits up to `seconds` for `condition`.
  func wait(upTo seconds: Double, for condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      Thread.sleep(forTimeInterval: 0.1)
    }
    return condition()
  }

  @Test("Ctrl-C during training ends the run with exit 130; no later cell runs")
  func interruptTraining() throws {
    let scratch = Scratch()
    let path = scratch.write("train.ssrnb", Self.training)
    let (process, stdout, stderr) = try start([path])
    // Progress lines (one per epoch on a pipe) show that training is under way.
    #expect(wait(upTo: 120) { stderr.text.contains("epoch 1/400") }, "training never started: \(stderr.text)")
    kill(process.processIdentifier, SIGINT)
    #expect(wait(upTo: 60) { !process.isRunning }, "ssr-run went on after Ctrl-C")
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    stdout.waitForEnd()
    stderr.waitForEnd()
    #expect(process.terminationStatus == 130)
    #expect(stdout.text.contains("training interrupted after"))
    #expect(stdout.text.contains("interrupted: stopped by Ctrl-C"))
    #expect(!stdout.text.contains("first training done: 2"), "the cell went on after the interrupted training")
    #expect(stderr.text.components(separatedBy: "epoch 1/400").count == 2, "a second training started")
    #expect(stderr.text.contains("ssr-run: interrupted"))
  }

  @Test("A killed run (SIGTERM) keeps the output of the cells that finished, when stdout is a file")
  func terminatedRunKeepsFinishedOutput() throws {
    let scratch = Scratch()
    let path = scratch.write("train.ssrnb", Self.training)
    let outputPath = scratch.path + "/out.txt"
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    let output = try #require(FileHandle(forWritingAtPath: outputPath))
    let process = Process()
    process.executableURL = Tool.productsDirectory.appendingPathComponent("ssr-run")
    process.arguments = [path]
    process.standardOutput = output
    let errors = Pipe()
    process.standardError = errors
    let stderr = PipeCollector(errors)
    try process.run()
    #expect(wait(upTo: 120) { stderr.text.contains("epoch 1/400") }, "training never started: \(stderr.text)")
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    try output.close()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(scratch.read("out.txt").contains("data ready"), "the first cell's output was lost")
  }

  @Test("Binary, empty, control-character and truncated files are refused (exit 64) and never rewritten by --save")
  func refusesNonNotebooks() throws {
    let scratch = Scratch()
    var garbage = [UInt8](repeating: 0, count: 4096)
    var generator = SystemRandomNumberGenerator()
    for index in garbage.indices { garbage[index] = UInt8.random(in: 0...255, using: &generator) }
    garbage[0] = 0xFF  // never valid UTF-8
    let cases: [(name: String, bytes: [UInt8], message: String)] = [
      ("binary.ssrnb", garbage, "is not a UTF-8 text file"),
      ("empty.ssrnb", [], "is empty"),
      ("prose.ssrnb", Array("# Just Markdown\n\nNo cells here.\n".utf8), "has no ```ssr code cell"),
      ("escape.ssrnb", Array("# Title\n\u{1B}[31mred\n```ssr\n1 + 1\n```\n".utf8), "control character U+001B at line 2"),
      ("truncated.ssrnb", Array("# Title\n\n```ssr\nlet x = 1\nx + 1\n".utf8), "is never closed"),
      ("truncated-output.ssrnb", Array("```ssr\n1 + 1\n```\n\n```output {cell=1 hash=0}\n2\n".utf8), "output block is never closed"),
    ]
    for (name, bytes, message) in cases {
      let path = scratch.path + "/" + name
      _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
      for arguments in [[path], [path, "--save"], [path, "--check"]] {
        let result = try Tool.run("ssr-run", arguments)
        #expect(result.status == 64, "\(name) \(arguments): exit \(result.status)")
        #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(name): printed \(result.stdout.count) bytes")
      }
      #expect(FileManager.default.contents(atPath: path) == Data(bytes), "\(name) was rewritten")
    }
  }
}
