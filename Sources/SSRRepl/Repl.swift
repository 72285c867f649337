import Foundation
import SSRLib

/// The read–evaluate–print loop: cell code, `:commands`, `_` for the last result.
final class Repl {
  let session: Session
  let reader: LineReader
  let seed: UInt64
  let style = Terminal.outputStyle
  let renderer = DiagnosticRenderer(ansi: Terminal.usesColor)
  /// Entries that ran without error, with their output text, for `:save`.
  var recorded: [SessionNotebook.Entry] = []
  var inputNumber = 0
  var running = true

  init(seed: UInt64, reader: LineReader) {
    self.seed = seed
    self.reader = reader
    session = Session(seed: seed, baseDirectory: FileManager.default.currentDirectoryPath)
    session.interpreter.allowsRedefinition = true
    session.interpreter.stopsAtEarlyStop = false  // an interrupted `train` keeps its best epoch here
    let completer = Completer(commands: Repl.commands.map(\.name))
    reader.completer = { [unowned self] line, word in completer.candidates(line: line, word: word, session: self.session) }
  }

  func loop() {
    if reader.isInteractive {
      print("SSR \(SSRVersion.current) — type :help for commands, help() for builtins, Ctrl-D to exit.")
    }
    while running {
      guard let entry = readEntry() else { break }
      let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
      if trimmed.isEmpty { continue }
      reader.addHistory(entry)
      if trimmed.hasPrefix(":") || trimmed.hasPrefix("?") {
        command(trimmed)
      } else {
        evaluate(entry)
      }
      fflush(nil)  // a reader on a pipe sees each answer as it comes
    }
    if reader.isInteractive { print("") }
  }

  /// Reads lines until the input parses or fails for a reason other than being incomplete.
  private func readEntry() -> String? {
    var lines: [String] = []
    while true {
      let prompt = lines.isEmpty ? "ssr> " : "...> "
      guard let line = reader.readLine(prompt: prompt) else {
        if reader.wasInterrupted {
          print("")  // Ctrl-C at the prompt discards the entry being typed
          lines = []
          continue
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
      }
      lines.append(line)
      let text = lines.joined(separator: "\n")
      if lines.count == 1, text.trimmingCharacters(in: .whitespaces).hasPrefix(":") { return text }
      do {
        _ = try Parser.parse(text)
        return text
      } catch {
        if !error.isIncompleteInput { return text }
        if line.trimmingCharacters(in: .whitespaces).isEmpty && lines.count > 1 { return text }
      }
    }
  }

  // MARK: - Evaluation

  func evaluate(_ source: String, timed: Bool = false) {
    inputNumber += 1
    let number = inputNumber
    Cancellation.reset()
    _ = session.context.takeEarlyStop()
    session.context.reseed(SeededGenerator.derive(seed: seed, label: String(recorded.count + 1)))
    var printed: [String] = []
    session.context.emit = { [style] item in
      let text: String
      switch item {
      case .text(let line): text = line
      case .value(let value): text = ValueDisplay.render(value, style: style)
      }
      print(text)
      printed.append(ValueDisplay.renderSaved(item))
    }
    var result: Result<Value, SSRError> = .success(.nothing)
    let start = DispatchTime.now().uptimeNanoseconds
    Cancellation.isBusy = true
    defer {
      Cancellation.isBusy = false
      Interrupts.install()
    }
    LargeStack.run { [session] in
      result = Result { () throws(SSRError) -> Value in
        let program = try Parser.parse(source)
        return try session.interpreter.run(program, origin: "input \(number)")
      }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    switch result {
    case .success(let value):
      if case .nothing = value {} else {
        print(ValueDisplay.render(value, style: style))
        printed.append(ValueDisplay.render(value, style: .saved))
        session.interpreter.define("_", value, origin: "input \(number)")
      }
      // An entry stopped by Ctrl-C keeps its result here, but is not written by `:save`: rerun
      // from a notebook, it would not give what was shown.
      if !session.context.takeEarlyStop() { recorded.append(SessionNotebook.Entry(source: source, output: printed.joined(separator: "\n"))) }
    case .failure(let error):
      FileHandle.standardError.write(Data((renderer.render(error, source: source, origin: .input(number)) + "\n").utf8))
    }
    if timed { print(String(format: "time: %.3f s", seconds)) }
  }
}

extension ValueDisplay {
  /// A display item in the saved-output style.
  static func renderSaved(_ item: DisplayItem) -> String {
    switch item {
    case .text(let text): return text
    case .value(let value): return render(value, style: .saved)
    }
  }
}
