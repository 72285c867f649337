import Foundation

/// Runs the tasks of a job somewhere: in local worker processes (``LocalWorkers``) or as Slurm
/// array tasks (``SlurmExecutor``). Each task runs `ssr-run worker --job DIR --task N`, which
/// writes `DIR/results/N.json`; ``JobDriver`` starts tasks and collects those files.
public protocol PointExecutor: AnyObject {
  /// How many tasks may run at once.
  var capacity: Int { get }
  /// Where the tasks run, for progress lines: `2 local workers`, `Slurm job 41`.
  var label: String { get }
  /// Starts tasks whose descriptions are in the job directory.
  func start(_ tasks: [Int]) throws(ExecutorError)
  /// The started tasks that are no longer running (finished, crashed or cancelled), each reported
  /// once, with what is known about how they ended.
  func ended() throws(ExecutorError) -> [Int: String]
  /// Called when the driver is interrupted: stops or leaves the running tasks, and says which.
  func stop() -> String
}

/// Where the `ssr-run` executable that runs workers is.
public enum WorkerExecutable {
  /// `SSR_RUN` when set, else `ssr-run` beside the running executable (as after `swift build`),
  /// else `ssr-run` beside its folder's parent executables, absolute.
  ///
  /// - Throws: ``ExecutorError/workerMissing(path:)`` when there is no such file.
  public static func locate() throws(ExecutorError) -> String {
    if let given = ProcessInfo.processInfo.environment["SSR_RUN"], !given.isEmpty {
      let path = URL(fileURLWithPath: given).standardizedFileURL.path
      guard FileManager.default.isExecutableFile(atPath: path) else { throw .workerMissing(path: path) }
      return path
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "ssr-run").standardizedFileURL.resolvingSymlinksInPath()
    var candidates = [executable.deletingLastPathComponent().appendingPathComponent("ssr-run").path]
    if let main = Bundle.main.executableURL {
      candidates.append(main.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("ssr-run").path)
    }
    // A test bundle (…/debug/SSRPackageTests.xctest/Contents/MacOS/…) or an executable in /proc.
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<4 {
      folder = folder.deletingLastPathComponent()
      candidates.append(folder.appendingPathComponent("ssr-run").path)
    }
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
    throw .workerMissing(path: candidates[0])
  }
}
