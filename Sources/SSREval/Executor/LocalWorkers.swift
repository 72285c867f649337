import Foundation

/// Runs tasks as child processes of this machine (`ssr-run worker --job DIR --task N`), at most
/// ``capacity`` at a time; each writes its output to `logs/<task>.log` in the job directory.
///
/// Each worker gets `OPENBLAS_NUM_THREADS` = cores / workers (at least 1) unless the variable is
/// already set, so that the workers do not fight over the cores.
public final class LocalWorkers: PointExecutor {
  /// Workers running at once.
  public let capacity: Int
  /// The job directory.
  public let directory: JobDirectory
  /// The `ssr-run` executable.
  public let executable: String
  private var running: [Int: Process] = [:]

  /// Up to `workers` processes of `executable` (default: ``WorkerExecutable/locate()``) for the
  /// job in `directory`.
  public init(workers: Int, directory: JobDirectory, executable: String? = nil) throws(ExecutorError) {
    precondition(workers >= 1, "at least one worker")
    capacity = workers
    self.directory = directory
    if let executable { self.executable = executable } else { self.executable = try WorkerExecutable.locate() }
    guard FileManager.default.isExecutableFile(atPath: self.executable) else { throw .workerMissing(path: self.executable) }
  }

  /// `2 local workers`.
  public var label: String { "\(capacity) local worker\(capacity == 1 ? "" : "s")" }

  /// Starts a process per task.
  public func start(_ tasks: [Int]) throws(ExecutorError) {
    var environment = ProcessInfo.processInfo.environment
    if environment["OPENBLAS_NUM_THREADS"] == nil {
      environment["OPENBLAS_NUM_THREADS"] = String(max(1, ProcessInfo.processInfo.activeProcessorCount / capacity))
    }
    for task in tasks {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = ["worker", "--job", directory.path, "--task", String(task)]
      process.environment = environment
      let logPath = directory.logPath(task)
      _ = FileManager.default.createFile(atPath: logPath, contents: nil)
      guard let log = FileHandle(forWritingAtPath: logPath) else {
        throw .jobDirectory(path: directory.path, reason: "cannot write \(logPath)")
      }
      process.standardOutput = log
      process.standardError = log
      process.standardInput = FileHandle.nullDevice
      do {
        try process.run()
      } catch {
        throw .launchFailed(path: executable, reason: error.localizedDescription)
      }
      try? log.close()
      running[task] = process
    }
  }

  /// The tasks whose process has exited since the last call, with the exit status.
  public func ended() throws(ExecutorError) -> [Int: String] {
    var ended: [Int: String] = [:]
    for (task, process) in running where !process.isRunning {
      process.waitUntilExit()
      let status = process.terminationStatus
      ended[task] = process.terminationReason == .uncaughtSignal ? "killed by signal \(status)" : "exited with status \(status)"
      running[task] = nil
    }
    return ended
  }

  /// Terminates the running workers and waits for them.
  public func stop() -> String {
    let count = running.count
    for process in running.values where process.isRunning { process.terminate() }
    for process in running.values { process.waitUntilExit() }
    running = [:]
    return count == 0 ? "no worker was running" : "stopped \(count) running worker(s); their points run again next time"
  }

  deinit {
    for process in running.values where process.isRunning { process.terminate() }
  }
}
