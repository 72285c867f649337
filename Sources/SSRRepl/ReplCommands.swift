import Foundation
import SSRLib

/// The `:commands` of the REPL.
extension Repl {
  struct Command {
    let name: String
    let argument: String
    let summary: String
  }

  static let commands: [Command] = [
    Command(name: "help", argument: "[name]", summary: "this list, or the help of a builtin"),
    Command(name: "who", argument: "", summary: "the current bindings with their types"),
    Command(name: "time", argument: "EXPR", summary: "evaluate and print the wall time"),
    Command(name: "load", argument: "FILE", summary: "run a notebook's cells into this session"),
    Command(name: "save", argument: "FILE", summary: "save this session as a notebook, with outputs"),
    Command(name: "history", argument: "[n]", summary: "the last n entries (default 20)"),
    Command(name: "reset", argument: "", summary: "remove every binding"),
    Command(name: "env", argument: "", summary: "version, seed, paths and threads"),
    Command(name: "cache", argument: "clear", summary: "remove the results of `//| cache: true` cells (.ssr-cache/cells)"),
    Command(name: "quit", argument: "", summary: "leave (Ctrl-D works too)"),
  ]

  func command(_ text: String) {
    var body = text
    if body.hasPrefix("?") { body = ":help " + body.dropFirst() }
    let parts = body.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
    let name = parts.first.map(String.init) ?? ""
    let argument = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
    switch name {
    case "help", "h": help(argument)
    case "who": who()
    case "time":
      if argument.isEmpty { fail(":time needs an expression, e.g. :time sum(range(1000000))") } else { evaluate(argument, timed: true) }
    case "load": load(argument)
    case "save": save(argument)
    case "history": history(argument)
    case "reset":
      session.interpreter.reset()
      recorded = []
      print("all bindings removed")
    case "env": environment()
    case "cache": cache(argument)
    case "quit", "q", "exit": running = false
    default:
      let close = Suggestions.closest(to: name, among: Repl.commands.map(\.name)).map { "`:\($0)`" }
      let suggestion = close.isEmpty ? "" : "; did you mean \(close.joined(separator: " or "))?"
      fail("unknown command `:\(name)`\(suggestion) (:help lists the commands)")
    }
  }

  func fail(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
  }

  private func help(_ name: String) {
    if name.isEmpty {
      print("Commands:")
      for command in Repl.commands {
        let head = ":\(command.name) \(command.argument)".padding(toLength: 16, withPad: " ", startingAt: 0)
        print("  \(head) \(command.summary)")
      }
      print("  ?name            same as :help name")
      print("")
      print("Builtins: help() lists them; :help NAME or help(.NAME) describes one. `_` is the last result.")
      return
    }
    let bare = name.hasPrefix(":") ? String(name.dropFirst()) : name
    let command = Repl.commands.first(where: { $0.name == bare })
    // `:help :load` asks for the command only; `?load` and `:help load` show the builtin too.
    let builtin = name.hasPrefix(":") ? nil : session.registry[bare]
    if let command {
      print(":\(command.name) \(command.argument) — \(command.summary) (REPL command)")
      if builtin != nil { print("") }
    }
    if let builtin {
      print(builtin.helpText)
    }
    if command == nil && builtin == nil {
      let candidates = session.registry.names + Repl.commands.map(\.name)
      fail("no builtin or command named `\(bare)`" + (Suggestions.didYouMean(bare, among: candidates).map { "; \($0)" } ?? ""))
    }
  }

  private func who() {
    let names = session.interpreter.globalOrder
    guard !names.isEmpty else {
      print("no bindings yet")
      return
    }
    let width = names.map(\.count).max() ?? 0
    for name in names {
      guard let global = session.interpreter.globals[name] else { continue }
      print("\(name.padding(toLength: width, withPad: " ", startingAt: 0))  \(ValueDisplay.summary(of: global.value))")
    }
  }

  private func load(_ path: String) {
    guard !path.isEmpty else { return fail(":load needs a notebook path") }
    let notebook: Notebook
    do {
      notebook = try NotebookFile.read(path)
    } catch {
      return fail(error.description)
    }
    for diagnostic in notebook.diagnostics { fail(diagnostic.description) }
    guard !notebook.hasErrors else { return fail(":load: \(path) has format errors, listed above; fix them first (nothing was run)") }
    let runner = NotebookRunner(notebook: notebook, session: session, options: RunOptions(keepGoing: false))
    Cancellation.reset()
    var report: RunReport?
    Cancellation.isBusy = true
    LargeStack.run { report = runner.run(observer: TerminalPresenter(showsSource: false)) }
    Cancellation.isBusy = false
    Interrupts.install()
    let failures = report?.outcomes.filter { !$0.succeeded }.count ?? 0
    print("loaded \(path): \(notebook.cells.count) cell(s)" + (failures > 0 ? ", \(failures) not successful" : ""))
  }

  private func save(_ path: String) {
    guard !path.isEmpty else { return fail(":save needs a file path, e.g. :save session.ssrnb") }
    do {
      try AtomicFile.write(SessionNotebook.text(recorded, seed: seed), to: path)
      print("saved \(recorded.count) entr\(recorded.count == 1 ? "y" : "ies") to \(path)")
    } catch {
      fail(error.description)
    }
  }

  private func cache(_ argument: String) {
    guard argument == "clear" else { return fail(":cache takes `clear`: :cache clear removes every cached cell result") }
    let cache = CellCache()
    do {
      let count = try cache.clear()
      print("removed \(count) cached cell result\(count == 1 ? "" : "s") from \(cache.directory)")
    } catch {
      fail("cannot clear \(cache.directory): \(error)")
    }
  }

  private func history(_ argument: String) {
    let count = Int(argument) ?? 20
    let entries = reader.history.suffix(max(0, count))
    let start = reader.history.count - entries.count
    for (offset, entry) in entries.enumerated() {
      print("\(String(start + offset + 1).leftPadded(5))  \(entry.replacingOccurrences(of: "\n", with: "\n       "))")
    }
  }

  private func environment() {
    let rows: [(String, String)] = [
      ("version", SSRVersion.current),
      ("seed", String(seed)),
      ("working directory", FileManager.default.currentDirectoryPath),
      ("data folders", dataFolders()),
      ("cache directory", ".ssr-cache/"),
      ("cores", String(ProcessInfo.processInfo.activeProcessorCount)),
      ("compute threads", String(ComputeThreads.count)),
      ("BLAS", "OpenBLAS, kernel \(BLAS.coreName) (\(BLAS.selectionNote))"),
      ("numerics", NumericsMode.current == .reproducible
        ? "reproducible (matrix products in a fixed order: the same numbers on every CPU)"
        : "fast (OpenBLAS's kernel: the last bits vary by CPU)"),
      ("output style", style.unicode ? "Unicode, width \(style.width)" : "ASCII, width \(style.width)"),
    ]
    for (key, value) in rows { print("\(key.padding(toLength: 18, withPad: " ", startingAt: 0)) \(value)") }
  }

  /// The folders `load` searches, in order, each marked with whether it exists here.
  private func dataFolders() -> String {
    guard let loader = try? DatasetLoader.standard() else { return "(the dataset manifest cannot be read here)" }
    let lines = loader.locator.roots.map { root in
      let exists = FileManager.default.fileExists(atPath: root.path)
      return "\(root.path) (\(root.origin)\(exists ? "" : ", absent"))"
    }
    return lines.joined(separator: "\n" + String(repeating: " ", count: 19))
  }
}

extension String {
  func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
