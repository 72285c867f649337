/// A job of worker processes or Slurm tasks cannot be started, followed or read.
public enum ExecutorError: Error, Sendable, CustomStringConvertible {
  /// `sbatch` (or another Slurm command) is not on the `PATH`.
  case slurmMissing(command: String)
  /// The partition asked for is not one the cluster has.
  case unknownPartition(name: String, known: [String])
  /// A Slurm command failed.
  case slurmFailed(command: String, output: String)
  /// The worker executable is not where the driver looked.
  case workerMissing(path: String)
  /// A worker process could not be started.
  case launchFailed(path: String, reason: String)
  /// The job directory cannot be written or read, or belongs to another job.
  case jobDirectory(path: String, reason: String)
  /// A task number without a point description.
  case unknownTask(task: Int, path: String)

  /// What happened, where, and what to do.
  public var description: String {
    switch self {
    case .slurmMissing(let command):
      return "`\(command)` is not on the PATH: this machine has no Slurm client; run on a cluster's login node, "
        + "use workers: N to run on this machine, or submit the job script (job.sbatch in the job directory) by hand"
    case .unknownPartition(let name, let known):
      return "the cluster has no partition '\(name)'; its partitions are \(known.isEmpty ? "(none listed by sinfo)" : known.joined(separator: ", "))"
    case .slurmFailed(let command, let output):
      return "`\(command)` failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
    case .workerMissing(let path):
      return "the worker executable \(path) does not exist; build ssr-run (swift build) or set SSR_RUN to its path"
    case .launchFailed(let path, let reason):
      return "cannot start the worker \(path): \(reason)"
    case .jobDirectory(let path, let reason):
      return "job directory \(path): \(reason)"
    case .unknownTask(let task, let path):
      return "task \(task) has no point description in \(path); the job has fewer tasks"
    }
  }
}
