import SSRCore
import SSREval

/// What a running cell can reach besides its arguments: its random generator, where printed
/// output goes, and how relative paths resolve.
public final class EvaluationContext {
  /// The cell's random generator, seeded from the notebook seed and the cell's id or ordinal.
  public var random: SeededGenerator
  /// The seed the generator started from.
  public private(set) var seed: UInt64
  /// The directory that relative file paths are resolved against (the notebook's folder).
  public var baseDirectory: String
  /// Receives what `print` and similar builtins show, in order.
  public var emit: (DisplayItem) -> Void
  /// The registry, for `help`.
  public internal(set) var registry: BuiltinRegistry
  /// Long-lived helpers that builtins share within a session (a dataset loader, say), by key.
  public var services: [String: Any] = [:]
  /// Whether long builtins (training) report progress on standard error.
  public var showsProgress = true
  /// The models that `model`, `train` and `compare` build by name.
  public var models: ModelRegistry = .standard
  /// Where runs and studies are recorded (nil: nowhere; `tune(…, study:)` then fails).
  public var runs: RunRecorder?
  /// Where `sweep` and `tune` run their points when a call names no executor (`ssr-run
  /// --executor`); nil: in this process.
  public var executor: ExecutorSetting?
  /// Whether a builtin stopped early at a Ctrl-C (or a cell's timeout) and returned what it had,
  /// as `train` does with the best weights so far. The notebook runner then stops the run as for
  /// any interruption; the REPL keeps the result. Read and cleared by ``takeEarlyStop()``.
  public private(set) var stoppedEarly = false
  /// The data files builtins read since the last ``takeFilesRead()`` (datasets, JSON, checkpoints),
  /// so that a cached cell's results are dropped when one of them changes.
  public private(set) var filesRead: Set<String> = []

  /// Creates a context.
  public init(seed: UInt64, baseDirectory: String, registry: BuiltinRegistry, emit: @escaping (DisplayItem) -> Void) {
    self.random = SeededGenerator(seed: seed)
    self.seed = seed
    self.baseDirectory = baseDirectory
    self.registry = registry
    self.emit = emit
  }

  /// Records that a builtin read the file at `path` (an absolute path, or relative to the process).
  public func noteFileRead(_ path: String) { filesRead.insert(path) }

  /// The files read since the last call, clearing the list.
  public func takeFilesRead() -> Set<String> {
    defer { filesRead = [] }
    return filesRead
  }

  /// Records that a builtin stopped early at the user's request (see ``stoppedEarly``).
  public func noteEarlyStop() { stoppedEarly = true }

  /// Whether a builtin stopped early since the last call, clearing the flag.
  public func takeEarlyStop() -> Bool {
    defer { stoppedEarly = false }
    return stoppedEarly
  }

  /// Restarts the random stream from a new seed.
  public func reseed(_ seed: UInt64) {
    self.seed = seed
    random = SeededGenerator(seed: seed)
  }

  /// An absolute path for a path written in a notebook.
  public func resolve(path: String) -> String {
    if path.hasPrefix("/") { return path }
    if path.hasPrefix("~/"), let home = ProcessInfoShim.home { return home + path.dropFirst(1) }
    if baseDirectory.isEmpty || baseDirectory == "." { return path }
    return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
  }
}

/// Something shown by a cell besides its final value.
public enum DisplayItem {
  /// A line (or several) of plain text.
  case text(String)
  /// A value rendered in the output's style (tables, plots).
  case value(Value)
}

enum ProcessInfoShim {
  static var home: String? {
    #if canImport(Glibc) || canImport(Darwin)
      if let pointer = getenv("HOME") { return String(cString: pointer) }
    #endif
    return nil
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
