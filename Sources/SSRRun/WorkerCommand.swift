import ArgumentParser
import Foundation
import SSRLib

/// `ssr-run worker --job DIR --task N`: runs point N of a sweep or tuning job and writes
/// `DIR/results/N.json`. Started by `sweep`/`tune` with `workers:` or a Slurm executor, or by a
/// Slurm array task (`--task` defaults to `SLURM_ARRAY_TASK_ID`).
struct WorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker",
    abstract: "Run one point of a sweep or tuning job (started by sweep/tune or a Slurm array task).",
    discussion: """
      Reads DIR/job.json, DIR/points/N.json and the split DIR/split.ssrsplit (checking its
      fingerprint), trains and measures the point, and writes DIR/results/N.json atomically.
      A task that already has a result is not run again. Exit codes: 0 the result was written
      (even a failed point's); 1 the job's files could not be read or the result not written;
      130 interrupted.
      """
  )

  @Option(help: ArgumentHelp("The job directory.", valueName: "DIR"))
  var job: String

  @Option(help: ArgumentHelp("The task (point) number; default: $SLURM_ARRAY_TASK_ID.", valueName: "N"))
  var task: Int?

  @Flag(name: .shortAndLong, help: "Print nothing but errors.")
  var quiet = false

  func run() throws {
    guard let task = task ?? ProcessInfo.processInfo.environment["SLURM_ARRAY_TASK_ID"].flatMap({ Int($0) }) else {
      throw ValidationError("give --task N (or run as a Slurm array task, which sets SLURM_ARRAY_TASK_ID)")
    }
    guard task >= 0 else { throw ValidationError("--task must be 0 or more, got \(task)") }
    let quiet = quiet
    Interrupts.install()
    Cancellation.isBusy = true
    defer { Cancellation.isBusy = false }
    do {
      try Worker.run(job: JobDirectory(path: job), task: task) { line in
        // Written at once, not buffered: the log (a file or Slurm's output) shows each epoch as it ends.
        if !quiet { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
      }
    } catch is Interrupted {
      throw ExitCode(130)
    } catch {
      FileHandle.standardError.write(Data("ssr-run worker: \(error)\n".utf8))
      throw ExitCode.failure
    }
  }
}
