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

  init(_ pipe: Pipe) {
    pipe.fileHandleForReading.readabilityHandler = { [self] handle in
      let chunk = handle.availableData
      lock.lock()
      data.append(chunk)
      lock.unlock()
    }
  }

  var text: String {
    lock.lock()
    defer { lock.unlock() }
    return String(decoding: data, as: UTF8.self)
  }
}

@Suite("Ctrl-C")
struct InterruptTests {
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
