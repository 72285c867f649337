import Foundation
import SSRCore
import SSRTensor
import Synchronization

/// Receives a notebook run as it happens (the CLI prints; tests collect).
public protocol RunObserver: AnyObject {
  /// A piece of prose between cells.
  func prose(_ text: String)
  /// A cell is about to run (not called for skipped cells).
  func cellStarted(_ cell: CodeCell)
  /// A running cell showed something (`print`, a table…); called as it happens.
  func cellEmitted(_ item: DisplayItem, cell: CodeCell)
  /// A cell ended (or was skipped).
  func cellFinished(_ cell: CodeCell, outcome: CellOutcome)
  /// Something about the run that is not part of any output (a cell restored from its cache,
  /// a cell that could not be cached).
  func note(_ text: String)
}

extension RunObserver {
  /// Notes are dropped unless the observer shows them.
  public func note(_ text: String) {}
}

/// How a notebook is run.
public struct RunOptions {
  /// Run cells that do not depend on a failed cell instead of stopping at the first error.
  public var keepGoing = false
  /// Overrides for bindings of `//| parameters` cells.
  public var overrides: [String: Value] = [:]
  /// Overrides the notebook's `numerics` metadata (nil: the notebook's, reproducible by default).
  public var numerics: NumericsMode?
  /// Where `//| cache: true` cells keep their results; nil runs them like any cell
  /// (`ssr-run --no-cache`).
  public var cache: CellCache?

  /// Default options.
  public init(
    keepGoing: Bool = false, overrides: [String: Value] = [:], numerics: NumericsMode? = nil, cache: CellCache? = CellCache()
  ) {
    self.keepGoing = keepGoing
    self.overrides = overrides
    self.numerics = numerics
    self.cache = cache
  }
}

/// Runs the cells of a notebook in order against one interpreter.
///
/// Each cell gets its own random stream, seeded from the notebook seed and the cell's id (or
/// ordinal), so a cell gives the same numbers whatever ran before it. After an error, cells that
/// read a name defined by the failed cell are reported as skipped; without `keepGoing` the rest
/// are not run.
public final class NotebookRunner {
  /// The notebook being run.
  public let notebook: Notebook
  /// The session whose interpreter runs the cells (a fresh one for `ssr-run`, the REPL's for `:load`).
  public let session: Session
  /// Options of the run.
  public let options: RunOptions

  /// Creates a runner.
  public init(notebook: Notebook, session: Session = Session(), options: RunOptions = RunOptions()) {
    self.notebook = notebook
    self.session = session
    self.options = options
  }

  /// Checks `-p` names against the parameters cells before running; throws a usage problem.
  public func validateOverrides() throws(ParameterOverrides.Problem) {
    guard !options.overrides.isEmpty else { return }
    var parameterNames: [String] = []
    for cell in notebook.cells where cell.options.isParameters {
      if let program = try? Parser.parse(cell.source) { parameterNames += program.definedNames }
    }
    guard !parameterNames.isEmpty else {
      throw ParameterOverrides.Problem(
        description: "-p was given, but the notebook has no `//| parameters` cell whose bindings it could override")
    }
    for name in options.overrides.keys.sorted() where !parameterNames.contains(name) {
      let hint = Suggestions.didYouMean(name, among: parameterNames).map { " (\($0))" } ?? ""
      throw ParameterOverrides.Problem(
        description:
          "-p \(name): the parameters cells define \(parameterNames.map { "`\($0)`" }.joined(separator: ", ")), not `\(name)`\(hint)")
    }
  }

  /// The numerics the cells run with: the option's, else the notebook's, else reproducible.
  public var numerics: NumericsMode {
    options.numerics ?? notebook.metadata.numerics ?? .reproducible
  }

  /// Runs every cell and reports what happened.
  public func run(observer: RunObserver?) -> RunReport {
    numerics.run { runCells(observer: observer) }
  }

  private func runCells(observer: RunObserver?) -> RunReport {
    Cancellation.reset()
    let baseDirectory = notebook.path.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path } ?? "."
    var currentCell: CodeCell?
    var emitted: [DisplayItem] = []
    let context = session.context
    let interpreter = session.interpreter
    let savedEmit = context.emit
    let savedBase = context.baseDirectory
    defer {
      context.emit = savedEmit
      context.baseDirectory = savedBase
    }
    context.baseDirectory = baseDirectory
    context.emit = { item in
      emitted.append(item)
      if let currentCell { observer?.cellEmitted(item, cell: currentCell) }
    }
    let renderer = DiagnosticRenderer(ansi: false)

    var outcomes: [CellOutcome] = []
    let cellAnalyses = NotebookRunner.analyze(notebook, overrides: options.overrides)
    var failedNames: [String: String] = [:]  // name → the failed cell's display name
    var stoppedAt: String?
    var interrupted = false
    // The data files each name's value was computed from (the defining cell's and its inputs').
    var filesBehind: [String: Set<String>] = [:]
    let notebookName = notebook.path.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? "notebook"

    for segment in notebook.segments {
      switch segment {
      case .prose(let text):
        observer?.prose(text)
      case .cell(let index):
        let cell = notebook.cells[index]
        let parsed = Result { () throws(SSRError) -> Program in try Parser.parse(cell.source) }
        let analysis = cellAnalyses[index]
        let reads = analysis.reads
        let defines = analysis.defines
        let hash = analysis.hash

        if let blocking = reads.first(where: { failedNames[$0] != nil }) {
          let reason = "depends on `\(blocking)`, defined by \(failedNames[blocking]!) which failed"
          for name in defines { failedNames[name] = failedNames[blocking] }
          let outcome = CellOutcome(
            ordinal: cell.ordinal, status: .skipped(reason: reason), items: [], hash: hash, seconds: 0)
          outcomes.append(outcome)
          observer?.cellFinished(cell, outcome: outcome)
          continue
        }
        if let stoppedAt {
          let outcome = CellOutcome(
            ordinal: cell.ordinal, status: .notRun(reason: "the run stopped after the error in \(stoppedAt)"), items: [],
            hash: hash, seconds: 0)
          outcomes.append(outcome)
          observer?.cellFinished(cell, outcome: outcome)
          continue
        }

        currentCell = cell
        emitted = []
        observer?.cellStarted(cell)
        context.reseed(SeededGenerator.derive(seed: notebook.metadata.seed, label: cell.label))
        let start = DispatchTime.now().uptimeNanoseconds
        let watchdog = cell.options.timeout.map { Watchdog(seconds: $0) }
        var outcome = CellOutcome(ordinal: cell.ordinal, status: .succeeded, items: [], hash: hash, seconds: 0)
        let upstreamFiles = reads.reduce(into: Set<String>()) { $0.formUnion(filesBehind[$1] ?? []) }
        let cache = cell.options.cache ? options.cache : nil
        let cacheKey = cache.map { _ in
          CellCache.key(cellHash: hash, numerics: numerics, upstreamFiles: CellCache.stamps(upstreamFiles))
        }
        _ = context.takeFilesRead()
        do {
          let program = try parsed.get()
          if let cache, let cacheKey,
            let restored = cache.restore(notebook: notebookName, cell: cell.label, key: cacheKey, registry: context.models)
          {
            for item in restored.items { context.emit(item) }
            for (name, value) in restored.bindings { interpreter.define(name, value, origin: cell.displayName) }
            for file in restored.files { context.noteFileRead(file.path) }
            outcome.result = restored.result
            outcome.restoredFromCache = true
            observer?.note("\(cell.displayName): restored from the cell cache (\(cache.directory))")
          } else {
            _ = context.takeEarlyStop()
            let result = try interpreter.run(
              program, origin: cell.displayName, overrides: cell.options.isParameters ? options.overrides : [:])
            outcome.result = result
            // A cell a builtin cut short (Ctrl-C in the REPL's :load) is not what the cell computes.
            if let cache, let cacheKey, !context.stoppedEarly {
              let bindings = program.definedNames.compactMap { name in interpreter.globals[name].map { (name, $0.value) } }
              do {
                try cache.store(
                  notebook: notebookName, cell: cell.label, key: cacheKey, items: emitted, result: result, bindings: bindings,
                  files: CellCache.stamps(context.filesRead))
              } catch let error as NotStorable {
                observer?.note("\(cell.displayName): not cached: it shows or binds a \(error.typeName), which the cell cache cannot store")
              } catch {
                observer?.note("\(cell.displayName): not cached: \(error)")
              }
            }
          }
          if case .nothing = outcome.result {} else { interpreter.define("_", outcome.result, origin: cell.displayName) }
          let files = upstreamFiles.union(context.takeFilesRead())
          for name in defines { filesBehind[name] = files }
        } catch {
          var error = error
          if error.isInterruption, let watchdog, watchdog.fired {
            error = SSRError("the cell ran longer than its timeout of \(Self.seconds(watchdog.limit))", at: error.range, isInterruption: true)
          } else if error.isInterruption {
            interrupted = true
          }
          outcome.status = error.isInterruption ? .interrupted : .failed
          outcome.error = error
          let origin = DiagnosticRenderer.Origin(path: notebook.path, name: cell.displayName) { cell.fileLocation(line: $0, column: $1) }
          outcome.diagnostic = renderer.render(error, source: cell.source, origin: origin)
          for name in defines { failedNames[name] = cell.displayName }
          if !options.keepGoing || interrupted { stoppedAt = cell.displayName }
        }
        watchdog?.cancel()
        outcome.items = emitted
        outcome.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        currentCell = nil
        outcomes.append(outcome)
        observer?.cellFinished(cell, outcome: outcome)
      }
    }
    return RunReport(outcomes: outcomes, formatDiagnostics: notebook.diagnostics, wasInterrupted: interrupted)
  }

  /// What each cell reads and defines, and its output hash, in cell order.
  public struct CellAnalysis {
    /// Global names the cell reads.
    public var reads: [String]
    /// Global names the cell binds.
    public var defines: [String]
    /// The output hash (see ``CellHasher``).
    public var hash: String
  }

  /// Analyses every cell statically: reads, definitions and hashes chained through dependencies.
  public static func analyze(_ notebook: Notebook, overrides: [String: Value] = [:]) -> [CellAnalysis] {
    var definedBy: [String: String] = [:]  // name → hash of the defining cell
    return notebook.cells.map { cell in
      let program = try? Parser.parse(cell.source)
      let reads = program.map(FreeNames.of) ?? []
      var defines = program?.definedNames ?? scanDefinedNames(cell.source)
      if let last = program?.statements.last, case .expression = last { defines.append("_") }
      let hash = CellHasher.hash(
        cell: cell, seed: notebook.metadata.seed, dependencies: reads.compactMap { name in definedBy[name].map { (name, $0) } },
        overrides: cell.options.isParameters ? overrides : [:])
      for name in defines { definedBy[name] = hash }
      return CellAnalysis(reads: reads, defines: defines, hash: hash)
    }
  }

  /// Names bound by `let` at the start of a line, for cells that do not parse.
  static func scanDefinedNames(_ source: String) -> [String] {
    source.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
      guard trimmed.hasPrefix("let ") else { return nil }
      let name = trimmed.dropFirst(4).drop(while: { $0 == " " }).prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
      return name.isEmpty ? nil : String(name)
    }
  }

  static func seconds(_ value: Double) -> String {
    value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
  }
}

/// Requests cancellation when a cell runs past its `timeout`.
final class Watchdog: Sendable {
  let limit: Double
  private let state = Atomic<Int>(0)  // 0 running, 1 fired, 2 cancelled

  init(seconds: Double) {
    limit = seconds
    DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
      if state.compareExchange(expected: 0, desired: 1, ordering: .relaxed).exchanged { Cancellation.request() }
    }
  }

  var fired: Bool { state.load(ordering: .relaxed) == 1 }

  func cancel() {
    _ = state.compareExchange(expected: 0, desired: 2, ordering: .relaxed)
  }
}
