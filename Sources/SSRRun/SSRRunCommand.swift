import ArgumentParser
import Foundation
import SSRLib

/// `ssr-run`: runs a notebook, prints it readably, and saves, checks or exports its outputs.
@main
struct SSRRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ssr-run",
    abstract: "Run an SSR notebook (.ssrnb) and show its prose, code and outputs.",
    discussion: """
      Exit codes: 0 success; 1 a cell failed; 2 --check found differing or stale outputs;
      3 skipped: a dataset the notebook `requires` (first-line metadata) is not on this machine;
      64 usage error (bad options, missing notebook, unknown -p name); 130 interrupted (Ctrl-C).
      `ssr-run worker --job DIR --task N` runs one point of a sweep or tuning job (see `ssr-run worker --help`).
      """
  )

  /// `ssr-run worker …` runs ``WorkerCommand``; anything else is a notebook run. (A subcommand
  /// beside the notebook argument would read `worker` as a notebook's name.)
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "worker" {
      WorkerCommand.main(Array(arguments.dropFirst()))
    } else {
      Self.main(arguments)
    }
  }

  @Argument(help: "The notebook to run (.ssrnb).")
  var notebook: String

  @Flag(help: "Write the outputs back into the notebook (atomically).")
  var save = false

  @Flag(help: "Re-run and compare with the saved outputs; exit 2 when they differ or are stale.")
  var check = false

  @Option(name: .customLong("to"), help: "Also write a rendered copy: md or html.")
  var exportFormat: ExportFormat?

  @Option(name: [.customShort("o"), .customLong("output")], help: "Where --to writes (default: the notebook's path with .md or .html).")
  var exportPath: String?

  @Option(name: .customShort("p"), help: ArgumentHelp("Override a binding of a `//| parameters` cell.", valueName: "NAME=VALUE"))
  var parameters: [String] = []

  @Flag(help: "After an error, run the cells that do not depend on the failed one.")
  var keepGoing = false

  @Flag(help: "Run `//| cache: true` cells instead of restoring them from .ssr-cache/cells (nothing is read or written there).")
  var noCache = false

  @Option(help: ArgumentHelp(
    "The run registry where trainings, evaluations, sweeps and tuning studies are recorded (default: $SSR_RUNS, else .ssr-cache/runs.sqlite).",
    valueName: "path"))
  var runs: String?

  @Flag(help: "Record nothing in the run registry (a tune study: then fails).")
  var noRuns = false

  @Flag(help: "Print each cell's wall time (to standard error).")
  var timings = false

  @Flag(name: .shortAndLong, help: "Print only outputs and errors: no prose, code or training progress.")
  var quiet = false

  @Option(help: ArgumentHelp(
    "Override the notebook's numerics: reproducible (the same numbers on every CPU; the default) or fast (OpenBLAS's fastest kernel, whose last bits vary by CPU).",
    valueName: "mode"))
  var numerics: NumericsMode?

  @Option(help: ArgumentHelp(
    "Where sweep and tune run their points when a cell names no executor: inprocess (the default), local or slurm.",
    valueName: "executor"))
  var executor: ExecutorKind?

  @Option(help: ArgumentHelp("With --executor local: worker processes; with slurm: tasks running at once.", valueName: "N"))
  var workers: Int?

  @Option(help: ArgumentHelp("With --executor slurm: the partition (default: the cluster's default).", valueName: "name"))
  var partition: String?

  @Option(help: ArgumentHelp("With --executor slurm: the time limit of one point, e.g. 01:00:00.", valueName: "limit"))
  var time: String?

  /// The executors `--executor` names.
  enum ExecutorKind: String, ExpressibleByArgument, CaseIterable {
    case inprocess, local, slurm
  }

  /// The session's executor of `--executor`, `--workers`, `--partition` and `--time`.
  var executorSetting: ExecutorSetting? {
    switch executor {
    case nil: return workers.map { $0 > 1 ? .local(workers: $0) : .inProcess }
    case .inprocess: return .inProcess
    case .local: return .local(workers: workers ?? max(2, ProcessInfo.processInfo.activeProcessorCount))
    case .slurm: return .slurm(SlurmOptions(partition: partition, time: time, parallel: workers))
    }
  }

  enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, html
  }

  func validate() throws {
    if save && check { throw ValidationError("--save and --check cannot be used together: check first, then save") }
    if noRuns && runs != nil { throw ValidationError("--runs and --no-runs cannot be used together") }
    if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    if executor != .slurm && (partition != nil || time != nil) {
      throw ValidationError("--partition and --time are options of --executor slurm")
    }
  }

  func run() throws {
    let parsed: Notebook
    do {
      parsed = try NotebookFile.read(notebook)
    } catch {
      throw refuse(error.description)
    }
    for diagnostic in parsed.diagnostics { FileHandle.standardError.write(Data("\(diagnostic)\n".utf8)) }
    if parsed.hasErrors {
      // Running (or saving) a malformed notebook would misread it and could lose text on save.
      let count = parsed.diagnostics.filter { $0.severity == .error }.count
      throw refuse("\(notebook) has \(count) format error(s), listed above; fix them, then run it again (nothing was run or written)")
    }

    try skipUnlessDataIsPresent(parsed.metadata.requires)

    let overrides: [String: Value]
    do {
      overrides = try ParameterOverrides.parse(parameters)
    } catch {
      throw ValidationError(error.description)
    }
    let session = Session(seed: parsed.metadata.seed)
    session.context.showsProgress = !quiet
    session.context.runs = noRuns ? nil : RunRecorder(path: runs ?? RunRegistry.defaultPath(), source: notebook)
    session.context.executor = executorSetting
    let runner = NotebookRunner(notebook: parsed, session: session, options: RunOptions(keepGoing: keepGoing, overrides: overrides, numerics: numerics, cache: noCache ? nil : CellCache()))
    do {
      try runner.validateOverrides()
    } catch {
      throw ValidationError(error.description)
    }

    Interrupts.install()
    let presenter = TerminalPresenter(showsSource: !quiet)
    var report: RunReport?
    Cancellation.isBusy = true
    LargeStack.run {
      report = runner.run(observer: presenter)
      // Close the registry here, not when the session is released, which can happen on the
      // runner's thread while this one is already exiting (a race that corrupted the heap).
      session.context.runs?.close()
    }
    Cancellation.isBusy = false
    guard let report else { throw ExitCode.failure }

    if timings { printTimings(report, notebook: parsed) }
    if save { try saveOutputs(report, into: parsed) }
    if let exportFormat { try export(report, notebook: parsed, as: exportFormat) }

    if report.wasInterrupted {
      FileHandle.standardError.write(Data("ssr-run: interrupted\n".utf8))
      throw ExitCode(130)
    }
    let failed = report.outcomes.filter { $0.status == .failed || $0.status == .interrupted }
    if check {
      let mismatches = OutputCheck.compare(parsed, report)
      for mismatch in mismatches { FileHandle.standardError.write(Data("\(notebook): \(mismatch)\n".utf8)) }
      if !failed.isEmpty { throw ExitCode.failure }
      if !mismatches.isEmpty {
        FileHandle.standardError.write(Data("ssr-run: --check failed: \(mismatches.count) cell output(s) differ or are stale\n".utf8))
        throw ExitCode(2)
      }
      FileHandle.standardError.write(Data("ssr-run: --check passed: \(report.outcomes.count) cells match their saved outputs\n".utf8))
    }
    if !failed.isEmpty {
      let names = failed.map { parsed.cells[$0.ordinal - 1].displayName }.joined(separator: ", ")
      FileHandle.standardError.write(Data("ssr-run: \(failed.count) cell(s) failed: \(names)\n".utf8))
      throw ExitCode.failure
    }
  }

  /// Prints `message` and returns the usage-error exit code (64), without the usage text: the
  /// command line was right, the file is not.
  private func refuse(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("ssr-run: \(message)\n".utf8))
    return ExitCode(64)
  }

  /// Exits with 3 and a message naming what is missing when a required dataset is not found.
  private func skipUnlessDataIsPresent(_ required: [String]) throws {
    guard !required.isEmpty else { return }
    let loader: DatasetLoader
    do {
      loader = try DatasetLoader.standard()
    } catch {
      throw ValidationError("the notebook requires datasets, but the manifest cannot be read: \(error); run from the repository root")
    }
    let known = Dictionary(loader.datasets().map { ($0.entry.name, $0) }, uniquingKeysWith: { first, _ in first })
    var missing: [String] = []
    for name in required {
      guard let availability = known[name] else {
        throw ValidationError("the notebook requires dataset '\(name)', which the manifest does not list")
      }
      if availability.location == nil { missing.append(name) }
    }
    guard !missing.isEmpty else { return }
    let roots = loader.locator.roots.map(\.path).joined(separator: ", ")
    FileHandle.standardError.write(Data((
      "ssr-run: skipped \(notebook): it needs \(missing.joined(separator: ", ")), not found in \(roots); "
        + "`datasets()` in ssr-repl says which files each needs and where to get them\n").utf8))
    throw ExitCode(3)
  }

  private func printTimings(_ report: RunReport, notebook: Notebook) {
    var lines = ["cell timings:"]
    for outcome in report.outcomes {
      let name = notebook.cells[outcome.ordinal - 1].displayName
      lines.append("  \(name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(format: "%9.3f s", outcome.seconds))")
    }
    lines.append("  \("total".padding(toLength: 24, withPad: " ", startingAt: 0)) \(String(format: "%9.3f s", report.outcomes.map(\.seconds).reduce(0, +)))")
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
  }

  private func saveOutputs(_ report: RunReport, into notebook: Notebook) throws {
    let outputs = report.outputsToSave
    let updated = notebook.replacingOutputs(outputs)
    do {
      try AtomicFile.write(updated.printed(), to: self.notebook)
    } catch {
      throw ValidationError(error.description)
    }
    FileHandle.standardError.write(Data("ssr-run: saved outputs of \(outputs.count) cell(s) to \(self.notebook)\n".utf8))
  }

  private func export(_ report: RunReport, notebook: Notebook, as format: ExportFormat) throws {
    var rendered: [Int: RenderedCell] = [:]
    for outcome in report.outcomes {
      let text = outcome.savedText
      rendered[outcome.ordinal] = RenderedCell(ordinal: outcome.ordinal, outputText: text.isEmpty ? nil : text, isError: outcome.diagnostic != nil)
    }
    let base = (self.notebook as NSString).deletingPathExtension
    let path = exportPath ?? base + "." + format.rawValue
    let text = format == .md ? NotebookExport.markdown(notebook, outputs: rendered) : NotebookExport.html(notebook, outputs: rendered, title: nil)
    do {
      try AtomicFile.write(text, to: path)
    } catch {
      throw ValidationError(error.description)
    }
    FileHandle.standardError.write(Data("ssr-run: wrote \(path)\n".utf8))
  }
}

extension NumericsMode: ExpressibleByArgument {}
