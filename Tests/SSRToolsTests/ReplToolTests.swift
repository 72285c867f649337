import Foundation
import Testing

@Suite("ssr-repl driven through a pipe")
struct ReplToolTests {
  func repl(_ input: String, home: Scratch) throws -> Tool.Result {
    try Tool.run("ssr-repl", ["--history-file", home.path + "/history"], input: input, environment: ["HOME": home.path])
  }

  @Test("Values, multi-line input, `_`, and errors that never end the session")
  func session() throws {
    let home = Scratch()
    let result = try repl(
      """
      let xs = [1,
        2, 3]
      sum(xs)
      _ * 10
      nope(1)
      for x in xs {
        x * x
      }
      {a: 1}.b
      "still alive"
      """, home: home)
    #expect(result.status == 0)
    #expect(result.stdout == "6\n60\n[1, 4, 9]\n\"still alive\"\n")
    #expect(result.stderr.contains("error: unknown builtin `nope`"))
    #expect(result.stderr.contains("--> <input 4>:1:1"))
    #expect(result.stderr.contains("error: the record has no field `b`"))
  }

  @Test(":help, :who, :time, :env, :history, :reset, unknown commands, :quit")
  func commands() throws {
    let home = Scratch()
    let result = try repl(
      """
      let answer = 42
      :who
      :help round
      :help
      :time answer + 1
      :env
      :history 2
      :reset
      :who
      :helpp
      :quit
      1 + 1
      """, home: home)
    #expect(result.status == 0)
    #expect(result.stdout.contains("answer  Int 42"))
    #expect(result.stdout.contains("round(_ value: Any, digits: Int?)"))
    #expect(result.stdout.contains(":save FILE"))
    #expect(result.stdout.contains("43\ntime: "))
    #expect(result.stdout.contains("version"))
    #expect(result.stdout.contains("all bindings removed\nno bindings yet"))
    #expect(result.stderr.contains("unknown command `:helpp`; did you mean `:help`?"))
    #expect(!result.stdout.contains("\n2\n"))  // nothing runs after :quit
  }

  @Test(":save writes the session as a notebook that ssr-run --check accepts; :load runs one")
  func saveAndLoad() throws {
    let home = Scratch()
    let path = home.path + "/session.ssrnb"
    let saved = try repl("let xs = [3, 1, 2]\nsort(xs)\nbroken(\n)\nlen(xs)\n:save \(path)\n", home: home)
    #expect(saved.stdout.contains("saved 3 entries"))
    let check = try Tool.run("ssr-run", [path, "--check"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let loaded = try repl(":load \(path)\nxs\n", home: home)
    #expect(loaded.stdout.contains("loaded \(path): 3 cell(s)"))
    #expect(loaded.stdout.hasSuffix("[3, 1, 2]\n"))
  }

  @Test(":save renames a name bound twice so that ssr-run accepts the notebook and computes the same outputs")
  func saveRenamesRebindings() throws {
    let home = Scratch()
    let path = home.path + "/rebound.ssrnb"
    let saved = try repl("let x = 2\nlet y = x * 10\nlet x = x + y\nx\nlet y = [x, y]\ny\n:save \(path)\n", home: home)
    #expect(saved.stdout.contains("22\n[22, 20]\n"), "\(saved.stdout)")
    let text = home.read("rebound.ssrnb")
    #expect(text.contains("let x_1 = 2") && text.contains("let y_1 = x_1 * 10") && text.contains("let x = x_1 + y_1"))
    #expect(text.contains("let y = [x, y_1]"))
    let check = try Tool.run("ssr-run", [path, "--check"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
  }

  @Test("?load and :help load show the :load command and the load builtin; :env lists the data folders searched")
  func helpAndEnvironment() throws {
    let home = Scratch()
    let result = try repl("?load\n:help :load\n:env\n", home: home)
    #expect(result.stdout.components(separatedBy: ":load FILE").count == 3, "\(result.stdout)")
    #expect(result.stdout.components(separatedBy: "load(_ name: String").count == 2)
    #expect(result.stdout.contains("(../shared/datasets"))
    #expect(result.stdout.contains("(./datasets"))
  }

  @Test("End of input (Ctrl-D) ends the session cleanly, also mid-entry")
  func endOfInput() throws {
    let home = Scratch()
    let result = try repl("let x = [1,\n", home: home)
    #expect(result.status == 0)
    #expect(result.stderr.contains("expected"))
  }
}

/// Collects a pipe's bytes as they arrive.
final class PipeCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private let ended = DispatchSemaphore(value: 0)

  init(_ pipe: Pipe) {
    pipe.fileHandleForReading.readabilityHandler = { [self] handle in
      let chunk = handle.availableData
      if chunk.isEmpty {
        handle.readabilityHandler = nil
        ended.signal()
        return
      }
      lock.lock()
      data.append(chunk)
      lock.unlock()
    }
  }

  /// Waits (up to `timeout` seconds) until the writer has closed the pipe and everything it wrote
  /// has been collected: after `waitUntilExit` the last chunk may still be on its way.
  func waitForEnd(timeout: Double = 10) {
    _ = ended.wait(timeout: .now() + timeout)
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: data, as: UTF8.self)
  }
}

@Suite("Ctrl-C")
struct InterruptTests {
  /// util-linux `script`, which runs a command on a pseudo-terminal, when this machine has it.
  static let script = ["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) }

  @Test("On a terminal, the message after Ctrl-C starts on a new line, not glued to ^C",
    .enabled(if: InterruptTests.script != nil, "util-linux `script` (a pseudo-terminal) is not installed"))
  func interruptOnTerminal() throws {
    let home = Scratch()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(Self.script))
    let repl = Tool.productsDirectory.appendingPathComponent("ssr-repl").path
    process.arguments = ["-qfc", "\(repl) --history-file \(home.path)/history", "/dev/null"]
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    let collected = PipeCollector(output)
    try process.run()
    input.fileHandleForWriting.write(Data("let n = len(for i in 0..<2000000000 { i % 7 })\n".utf8))
    Thread.sleep(forTimeInterval: 1.5)
    // The terminal's interrupt character: the line discipline echoes ^C and sends SIGINT.
    for _ in 0..<30 where !collected.text.contains("stopped by Ctrl-C") {
      input.fileHandleForWriting.write(Data([0x03]))
      Thread.sleep(forTimeInterval: 1.0)
    }
    input.fileHandleForWriting.write(Data("1 + 1\n".utf8))
    Thread.sleep(forTimeInterval: 0.5)
    input.fileHandleForWriting.write(Data([0x04]))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    collected.waitForEnd()
    let text = collected.text.replacingOccurrences(of: "\r", with: "")
    #expect(text.contains("stopped by Ctrl-C"), "\(text)")
    #expect(!text.contains("^Cinterrupted") && !text.contains("^Cerror"), "\(text)")
  }

  @Test("Ctrl-C during training keeps the best epoch in the REPL, says so, and :save leaves the entry out")
  func interruptTrainingInRepl() throws {
    let home = Scratch()
    let path = home.path + "/after.ssrnb"
    let process = Process()
    process.executableURL = Tool.productsDirectory.appendingPathComponent("ssr-repl")
    process.arguments = ["--history-file", home.path + "/history"]
    let input = Pipe(), output = Pipe(), errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    let stdout = PipeCollector(output), stderr = PipeCollector(errors)
    try process.run()
    input.fileHandleForWriting.write(Data((
      "let ds = synthetic(users: 300, items: 120, meanLength: 20, seed: 2) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"
        + "let m = train(.gru4rec, on: ds, epochs: 400, embeddingSize: 16)\n").utf8))
    for _ in 0..<1200 where !stderr.text.contains("epoch 2/400") { Thread.sleep(forTimeInterval: 0.1) }
    kill(process.processIdentifier, SIGINT)
    for _ in 0..<600 where !stdout.text.contains("training interrupted") { Thread.sleep(forTimeInterval: 0.1) }
    input.fileHandleForWriting.write(Data("m.bestEpoch >= 1\nlen(m.history) >= 2\n:save \(path)\n".utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    stdout.waitForEnd()
    #expect(process.terminationStatus == 0)
    #expect(stdout.text.contains("training interrupted after"), "\(stdout.text)")
    #expect(stdout.text.contains("the model keeps the weights of epoch"))
    #expect(stdout.text.contains("true\ntrue\n"))
    let saved = home.read("after.ssrnb")
    #expect(saved.contains("synthetic(users: 300") && !saved.contains("train(.gru4rec"), "\(saved)")
  }

  @Test("Ctrl-C during tune stops the study, keeps the finished trials and says so")
  func interruptTuningInRepl() throws {
    let home = Scratch()
    let process = Process()
    process.executableURL = Tool.productsDirectory.appendingPathComponent("ssr-repl")
    process.arguments = ["--history-file", home.path + "/history"]
    let input = Pipe(), output = Pipe(), errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    let stdout = PipeCollector(output), stderr = PipeCollector(errors)
    try process.run()
    input.fileHandleForWriting.write(Data((
      "let ds = synthetic(users: 300, items: 120, meanLength: 20, seed: 2) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"
        + "let t = tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1)}, trials: 500, epochs: 2, embeddingSize: 16)\n").utf8))
    for _ in 0..<1200 where !stderr.text.contains("trial 3/500") { Thread.sleep(forTimeInterval: 0.1) }
    kill(process.processIdentifier, SIGINT)
    for _ in 0..<600 where !stdout.text.contains("tuning interrupted") { Thread.sleep(forTimeInterval: 0.1) }
    input.fileHandleForWriting.write(Data("len(t.trials) >= 2\nlen(t.trials) < 500\nt.bestValue > 0\n".utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    stdout.waitForEnd()
    #expect(process.terminationStatus == 0)
    #expect(stdout.text.contains("tuning interrupted during trial"), "\(stdout.text)")
    #expect(stdout.text.contains("true\ntrue\ntrue\n"), "\(stdout.text)")
  }

  @Test("Ctrl-C stops a running loop and returns to the prompt; the session goes on")
  func interruptRepl() throws {
    let home = Scratch()
    let process = Process()
    process.executableURL = Tool.productsDirectory.appendingPathComponent("ssr-repl")
    process.arguments = ["--history-file", home.path + "/history"]
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    let collected = PipeCollector(errors)
    try process.run()
    input.fileHandleForWriting.write(Data("let n = len(for i in 0..<2000000000 { i % 7 })\n".utf8))
    // Signal once a second until the loop reports the interruption (the first signal may land
    // before the entry starts, when the REPL clears pending requests).
    for _ in 0..<30 where !collected.text.contains("interrupted") {
      Thread.sleep(forTimeInterval: 1.0)
      if !collected.text.contains("interrupted") { kill(process.processIdentifier, SIGINT) }
    }
    input.fileHandleForWriting.write(Data("1 + 1\n".utf8))
    try input.fileHandleForWriting.close()
    let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(collected.text.contains("interrupted"))
    #expect(out == "2\n")
  }
}
