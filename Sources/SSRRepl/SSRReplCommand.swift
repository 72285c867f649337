import ArgumentParser
import Foundation
import SSRLib

/// `ssr-repl`: the interactive twin of `ssr-run`.
@main
struct SSRReplCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ssr-repl",
    abstract: "Interactive SSR session: type cell code, see values, tables and plots.",
    discussion: """
      Type `:help` for commands. Input continues over several lines while brackets are open.
      Ctrl-C interrupts a running computation; Ctrl-D or :quit exits.
      When standard input is not a terminal, lines are read one by one without prompts.
      """
  )

  @Option(help: "The session's random seed (each input's seed derives from it).")
  var seed: UInt64 = 0

  @Option(help: "The history file.")
  var historyFile: String = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".ssr_history").path

  @Option(help: "reproducible: the same numbers on every CPU (default); fast: OpenBLAS's fastest kernel, last bits vary by CPU.")
  var numerics: NumericsMode = .reproducible

  @Option(help: ArgumentHelp(
    "The run registry where trainings, evaluations, sweeps and tuning studies are recorded (default: $SSR_RUNS, else .ssr-cache/runs.sqlite).",
    valueName: "path"))
  var runs: String?

  @Flag(help: "Record nothing in the run registry.")
  var noRuns = false

  func validate() throws {
    if noRuns && runs != nil { throw ValidationError("--runs and --no-runs cannot be used together") }
  }

  func run() throws {
    BLAS.backend = numerics.backend
    Interrupts.install()
    let reader: LineReader = Terminal.isInputTerminal ? EditLineReader(historyFile: historyFile) : PipeLineReader()
    let repl = Repl(seed: seed, reader: reader)
    repl.session.context.runs = noRuns ? nil : RunRecorder(path: runs ?? RunRegistry.defaultPath(), source: "repl")
    repl.loop()
    repl.session.context.runs?.close()
  }
}

extension NumericsMode: ExpressibleByArgument {}
