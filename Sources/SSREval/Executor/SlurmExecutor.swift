import Foundation
import SSRCore

/// The Slurm jobs a job directory has submitted (`slurm.json`), so that a restarted driver finds
/// them instead of submitting again.
public struct SlurmState: Sendable, Codable {
  /// One `sbatch` submission.
  public struct Submission: Sendable, Codable {
    /// The Slurm job id.
    public var job: String
    /// The array task ids (= point numbers) it runs.
    public var tasks: [Int]
    /// When it was submitted (ISO 8601).
    public var submitted: String
  }

  /// Every submission, in order.
  public var submissions: [Submission] = []
}

/// Runs tasks as a Slurm job array: `sbatch --array=<tasks> job.sbatch`, whose task N runs
/// `ssr-run worker --job DIR --task N` on a compute node. The job directory must be on a
/// filesystem the nodes share.
///
/// The job ids are kept in `slurm.json`: a driver started again over the same directory follows
/// the tasks still queued or running instead of submitting them again. Interrupting the driver
/// leaves the job running.
public final class SlurmExecutor: PointExecutor {
  /// The job directory.
  public let directory: JobDirectory
  /// Resources per task.
  public let options: SlurmOptions
  /// The `ssr-run` executable the tasks run.
  public let executable: String
  /// The job name (`--job-name`).
  public let name: String
  private var state: SlurmState
  private var tracked: [Int: String] = [:]

  /// An executor for the job in `directory`; checks that `sbatch` exists and that the partition is
  /// one of the cluster's.
  ///
  /// - Throws: ``ExecutorError/slurmMissing(command:)``, ``ExecutorError/unknownPartition(name:known:)``.
  public init(directory: JobDirectory, options: SlurmOptions, name: String, executable: String? = nil) throws(ExecutorError) {
    self.directory = directory
    self.options = options
    self.name = name
    if let executable { self.executable = executable } else { self.executable = try WorkerExecutable.locate() }
    guard ShellCommand.find("sbatch") != nil else { throw .slurmMissing(command: "sbatch") }
    if let partition = options.partition {
      let known = try Self.partitions()
      guard known.contains(partition) else { throw .unknownPartition(name: partition, known: known) }
    }
    state = (try? directory.read(SlurmState.self, from: directory.slurmStatePath)) ?? SlurmState()
  }

  /// The cluster's partitions (`sinfo -h -o %R`).
  public static func partitions() throws(ExecutorError) -> [String] {
    let (status, output) = try ShellCommand.run("sinfo", ["-h", "-o", "%R"])
    guard status == 0 else { throw .slurmFailed(command: "sinfo -h -o %R", output: output) }
    return Array(Set(output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
  }

  /// Unbounded: every task goes to the scheduler, which queues them (``SlurmOptions/parallel``
  /// limits how many of an array run at once).
  public var capacity: Int { Int.max }

  /// `Slurm job 41, 42`.
  public var label: String {
    var jobs = Array(Set(tracked.values)).sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
    if jobs.isEmpty { jobs = state.submissions.suffix(1).map(\.job) }
    return "Slurm job\(jobs.count == 1 ? "" : "s") \(jobs.joined(separator: ", "))"
      + (options.partition.map { " (partition \($0))" } ?? "")
  }

  /// The job ids of the submissions so far.
  public var jobs: [String] { state.submissions.map(\.job) }

  /// Follows the tasks already queued or running in a job this directory submitted, and submits
  /// the others as one array job.
  public func start(_ tasks: [Int]) throws(ExecutorError) {
    var live: [Int: String] = [:]
    for submission in state.submissions {
      for task in try queued(submission.job) where submission.tasks.contains(task) { live[task] = submission.job }
    }
    var submit: [Int] = []
    for task in tasks {
      if let job = live[task] { tracked[task] = job } else { submit.append(task) }
    }
    guard !submit.isEmpty else { return }
    let described = try? FileManager.default.contentsOfDirectory(atPath: (directory.path as NSString).appendingPathComponent("points"))
    let count = max(submit.max()! + 1, described?.count ?? 0)
    let script = SlurmJobScript.text(directory: directory, tasks: count, executable: executable, options: options, name: name)
    do {
      try AtomicFile.write(script, to: directory.scriptPath)
    } catch {
      throw .jobDirectory(path: directory.path, reason: error.description)
    }
    let array = SlurmJobScript.arraySpec(submit) + (options.parallel.map { "%\($0)" } ?? "")
    let arguments = ["--parsable"] + (options.hold ? ["--hold"] : []) + ["--array=\(array)", directory.scriptPath]
    let (status, output) = try ShellCommand.run("sbatch", arguments)
    let job = output.split(separator: "\n").last.map { String($0.split(separator: ";").first ?? "") }?.trimmingCharacters(in: .whitespaces) ?? ""
    guard status == 0, !job.isEmpty, job.allSatisfy(\.isNumber) else {
      throw .slurmFailed(command: (["sbatch"] + arguments).joined(separator: " "), output: output)
    }
    state.submissions.append(.init(job: job, tasks: submit, submitted: ISO8601DateFormatter().string(from: Date())))
    try directory.write(state, to: directory.slurmStatePath)
    for task in submit { tracked[task] = job }
  }

  /// The array tasks of `job` that `squeue` lists (pending, running or completing).
  private func queued(_ job: String) throws(ExecutorError) -> Set<Int> {
    let (status, output) = try ShellCommand.run("squeue", ["-h", "-r", "-j", job, "-o", "%i %T"])
    // A job that has left the queue is an invalid id to squeue.
    guard status == 0 else {
      if output.localizedCaseInsensitiveContains("invalid job id") { return [] }
      throw .slurmFailed(command: "squeue -h -r -j \(job)", output: output)
    }
    var tasks: Set<Int> = []
    for line in output.split(separator: "\n") {
      guard let id = line.split(separator: " ").first, let underscore = id.firstIndex(of: "_") else { continue }
      if let task = Int(id[id.index(after: underscore)...]) { tasks.insert(task) }
    }
    return tasks
  }

  /// The followed tasks that `squeue` no longer lists, with their state from `scontrol show job`
  /// when Slurm still knows it.
  public func ended() throws(ExecutorError) -> [Int: String] {
    var ended: [Int: String] = [:]
    for job in Set(tracked.values) {
      let listed: Set<Int>
      do {
        listed = try queued(job)
      } catch {
        continue  // a transient squeue failure: ask again at the next poll
      }
      for (task, owner) in tracked where owner == job && !listed.contains(task) {
        ended[task] = Self.finalState(job: job, task: task)
        tracked[task] = nil
      }
    }
    return ended
  }

  /// `JobState=… Reason=…` of an array task, from `scontrol show job`.
  static func finalState(job: String, task: Int) -> String {
    guard let (status, output) = try? ShellCommand.run("scontrol", ["show", "job", "\(job)_\(task)"]), status == 0 else {
      return "Slurm task \(job)_\(task) left the queue"
    }
    let fields = output.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { field in
      ["JobState=", "Reason=", "ExitCode="].contains { field.hasPrefix($0) }
    }
    return "Slurm task \(job)_\(task): \(fields.joined(separator: " "))"
  }

  /// Leaves the job running: its results are collected when the cell runs again.
  public func stop() -> String {
    let jobs = Array(Set(tracked.values)).sorted()
    guard !jobs.isEmpty else { return "no Slurm task was running" }
    return "Slurm job \(jobs.joined(separator: ", ")) keeps running; run the cell again to collect its results, or `scancel \(jobs.joined(separator: " "))`"
  }
}
