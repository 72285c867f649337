import Foundation
import Testing

@Suite("ssr-run: exit codes, --save, --check, -p, --to, --keep-going")
struct RunToolTests {
  static let notebook = """
    <!-- ssrnb:{"format":1,"seed":7} -->
    # Demo

    Some prose.

    ```ssr
    //| parameters
    let n = 3
    let name = "x"
    ```

    ```ssr
    //| id: squares
    let squares = for i in 1...n { {i: i, sq: i * i} }
    squares
    ```

    ```ssr
    print("name is \\(name)")
    sum(squares.sq)
    ```

    ```ssr
    shuffle(range(5))
    ```
    """

  @Test("A clean run exits 0 and prints prose, code and outputs")
  func cleanRun() throws {
    let scratch = Scratch()
    let path = scratch.write("demo.ssrnb", Self.notebook)
    let result = try Tool.run("ssr-run", [path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Some prose."))
    #expect(result.stdout.contains("| let squares = for i in 1...n"))
    #expect(result.stdout.contains("name is x"))
    #expect(result.stdout.contains("14"))
    let quiet = try Tool.run("ssr-run", [path, "--quiet"])
    #expect(!quiet.stdout.contains("Some prose.") && quiet.stdout.contains("14"))
  }

  @Test("--save writes outputs; --check passes; an edit makes --check fail with exit 2")
  func saveAndCheck() throws {
    let scratch = Scratch()
    let path = scratch.write("demo.ssrnb", Self.notebook)
    #expect(try Tool.run("ssr-run", [path, "--check"]).status == 2)  // nothing saved yet
    #expect(try Tool.run("ssr-run", [path, "--save"]).status == 0)
    let saved = scratch.read("demo.ssrnb")
    #expect(saved.contains("```output {cell=squares hash="))
    #expect(saved.contains("| i | sq |") || saved.contains("|   i |  sq |"))
    let check = try Tool.run("ssr-run", [path, "--check"])
    #expect(check.status == 0, "\(check.stderr)")
    // Saving twice is idempotent.
    #expect(try Tool.run("ssr-run", [path, "--save"]).status == 0)
    #expect(scratch.read("demo.ssrnb") == saved)
    // A changed output (stale hash) is caught.
    let edited = saved.replacingOccurrences(of: "let n = 3", with: "let n = 4")
    _ = scratch.write("demo.ssrnb", edited)
    let stale = try Tool.run("ssr-run", [path, "--check"])
    #expect(stale.status == 2)
    #expect(stale.stderr.contains("stale"))
    // A tampered output with the right hash is reported as differing.
    _ = scratch.write("demo.ssrnb", saved.replacingOccurrences(of: "name is x", with: "name is y"))
    let differs = try Tool.run("ssr-run", [path, "--check"])
    #expect(differs.status == 2)
    #expect(differs.stderr.contains("differs"))
  }

  @Test("A notebook whose required dataset is absent is skipped with exit 3 and a message")
  func missingRequiredDataSkips() throws {
    let scratch = Scratch()
    let path = scratch.write(
      "needs.ssrnb", "<!-- ssrnb:{\"format\":1,\"seed\":1,\"requires\":[\"ml-1m\"]} -->\n# Needs data\n\n```ssr\n1 + 1\n```\n")
    let manifest = FileManager.default.currentDirectoryPath + "/datasets.manifest"
    let empty = scratch.path + "/empty-data"
    try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
    // Run from the scratch folder, so ./datasets and ../shared/datasets do not exist there.
    let result = try Tool.run(
      "ssr-run", [path, "--check"],
      environment: ["SSR_MANIFEST": manifest, "SSR_DATA": empty, "HOME": empty, "XDG_CACHE_HOME": empty],
      currentDirectory: scratch.path)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("skipped") && result.stderr.contains("ml-1m"), "\(result.stderr)")
    let unknown = scratch.write("unknown.ssrnb", "<!-- ssrnb:{\"requires\":[\"ml-2m\"]} -->\n```ssr\n1\n```\n")
    let usage = try Tool.run("ssr-run", [unknown], environment: ["SSR_MANIFEST": manifest])
    #expect(usage.status == 64)
    #expect(usage.stderr.contains("does not list"), "\(usage.stderr)")
  }

  @Test("Per-cell seeds: a cell's random numbers do not depend on the cells before it")
  func seeds() throws {
    let scratch = Scratch()
    let a = scratch.write("a.ssrnb", "<!-- ssrnb:{\"format\":1,\"seed\":7} -->\n```ssr\n//| id: r\nshuffle(range(8))\n```\n")
    let b = scratch.write(
      "b.ssrnb", "<!-- ssrnb:{\"format\":1,\"seed\":7} -->\n```ssr\nrandom(count: 5)\n```\n\n```ssr\n//| id: r\nshuffle(range(8))\n```\n")
    let first = try Tool.run("ssr-run", [a, "-q"]).stdout
    let second = try Tool.run("ssr-run", [b, "-q"]).stdout
    #expect(second.hasSuffix(first))
  }

  @Test("-p overrides parameters; unknown names and mismatched kinds are usage errors (64)")
  func parameters() throws {
    let scratch = Scratch()
    let path = scratch.write("demo.ssrnb", Self.notebook)
    let run = try Tool.run("ssr-run", [path, "-q", "-p", "n=4", "-p", "name=yes"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("30") && run.stdout.contains("name is yes"))
    let unknown = try Tool.run("ssr-run", [path, "-p", "m=4"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.contains("`n`"))
    let mismatch = try Tool.run("ssr-run", [path, "-p", "n=abc"])
    #expect(mismatch.status == 1)
    #expect(mismatch.stdout.contains("-p n: the notebook's default is Int 3"))
    #expect(try Tool.run("ssr-run", [path, "-p", "novalue"]).status == 64)
  }

  @Test("Usage errors exit 64")
  func usage() throws {
    #expect(try Tool.run("ssr-run", []).status == 64)
    #expect(try Tool.run("ssr-run", ["/no/such/file.ssrnb"]).status == 64)
    #expect(try Tool.run("ssr-run", ["x.ssrnb", "--bogus"]).status == 64)
    #expect(try Tool.run("ssr-run", ["x.ssrnb", "--to", "pdf"]).status == 64)
    let scratch = Scratch()
    let path = scratch.write("demo.ssrnb", Self.notebook)
    #expect(try Tool.run("ssr-run", [path, "--save", "--check"]).status == 64)
  }

  @Test("A failing cell exits 1, names file:line:column, and skips its dependents; --keep-going runs the rest")
  func failures() throws {
    let scratch = Scratch()
    let source = """
      ```ssr
      let a = [1, 2]
      ```

      ```ssr
      let b = a[5]
      ```

      ```ssr
      b + 1
      ```

      ```ssr
      len(a)
      ```
      """
    let path = scratch.write("bad.ssrnb", source)
    let stop = try Tool.run("ssr-run", [path])
    #expect(stop.status == 1)
    #expect(stop.stdout.contains("bad.ssrnb:6:11 (cell 2, line 1)"))
    #expect(stop.stdout.contains("cell 3 skipped: depends on `b`, defined by cell 2 which failed"))
    #expect(stop.stdout.contains("cell 4 not run"))
    let keepGoing = try Tool.run("ssr-run", [path, "--keep-going", "-q"])
    #expect(keepGoing.status == 1)
    #expect(keepGoing.stdout.contains("cell 3 skipped"))
    #expect(keepGoing.stdout.hasSuffix("2\n"))
    #expect(keepGoing.stderr.contains("1 cell(s) failed: cell 2"))
  }

  @Test("--to md and --to html write rendered copies; --timings reports to stderr")
  func exports() throws {
    let scratch = Scratch()
    let path = scratch.write("demo.ssrnb", Self.notebook)
    #expect(try Tool.run("ssr-run", [path, "-q", "--to", "md"]).status == 0)
    let markdown = scratch.read("demo.md")
    #expect(markdown.contains("# Demo") && markdown.contains("name is x") && !markdown.contains("ssrnb:"))
    let html = try Tool.run("ssr-run", [path, "-q", "--to", "html", "-o", scratch.path + "/page.html", "--timings"])
    #expect(html.status == 0)
    #expect(html.stderr.contains("cell timings:") && html.stderr.contains("total"))
    let page = scratch.read("page.html")
    #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("name is x") && page.contains("<style>"))
  }
}

@Suite("ssr-run: timeouts and Ctrl-C")
struct RunInterruptTests {
  static let longCell = "```ssr\nlet n = len(for i in 0..<2000000000 { i })\n```\n\n```ssr\n1\n```\n"

  @Test("A cell past its //| timeout fails with a clear message (exit 1)")
  func timeout() throws {
    let scratch = Scratch()
    let path = scratch.write("slow.ssrnb", "```ssr\n//| timeout: 1s\nlet n = len(for i in 0..<2000000000 { i })\n```\n")
    let result = try Tool.run("ssr-run", [path, "-q"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("the cell ran longer than its timeout of 1 s"))
  }

  @Test("Ctrl-C stops the running cell and exits with 130")
  func interrupt() throws {
    let scratch = Scratch()
    let path = scratch.write("long.ssrnb", Self.longCell)
    let process = Process()
    process.executableURL = Tool.productsDirectory.appendingPathComponent("ssr-run")
    process.arguments = [path, "-q"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = Pipe()
    let collected = PipeCollector(output)
    try process.run()
    for _ in 0..<30 where !collected.text.contains("stopped by Ctrl-C") {
      Thread.sleep(forTimeInterval: 1.0)
      if !collected.text.contains("stopped by Ctrl-C") { kill(process.processIdentifier, SIGINT) }
    }
    process.waitUntilExit()
    collected.waitForEnd()
    #expect(process.terminationStatus == 130)
    #expect(collected.text.contains("interrupted: stopped by Ctrl-C"))
  }
}
