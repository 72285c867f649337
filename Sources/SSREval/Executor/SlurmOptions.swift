/// The resources asked of Slurm for each task of a job array (`#SBATCH` lines of `job.sbatch`).
public struct SlurmOptions: Sendable, Codable, Hashable {
  /// The partition (`--partition`); nil: the cluster's default.
  public var partition: String?
  /// The time limit of one task, e.g. `01:00:00` (`--time`); nil: the partition's default.
  public var time: String?
  /// CPUs per task (`--cpus-per-task`); the worker uses them as its threads.
  public var cpus: Int
  /// Memory per task, e.g. `4G` (`--mem`); nil: the partition's default.
  public var memory: String?
  /// Tasks of the array running at once (`--array=…%N`); nil: as many as Slurm allows.
  public var parallel: Int?
  /// The account charged (`--account`), if the cluster wants one.
  public var account: String?
  /// Seconds between polls of `squeue` and the results folder.
  public var pollSeconds: Double
  /// Whether the job is submitted held (`--hold`): its tasks wait until `scontrol release <job>`.
  public var hold: Bool

  /// Options for one task per point; everything else the partition's defaults.
  public init(
    partition: String? = nil, time: String? = nil, cpus: Int = 1, memory: String? = nil, parallel: Int? = nil,
    account: String? = nil, pollSeconds: Double = 2, hold: Bool = false
  ) {
    self.hold = hold
    self.partition = partition
    self.time = time
    self.cpus = cpus
    self.memory = memory
    self.parallel = parallel
    self.account = account
    self.pollSeconds = pollSeconds
  }
}

/// The job script of a job directory: a Slurm array whose task N runs `ssr-run worker` on point N.
public enum SlurmJobScript {
  /// The text of `job.sbatch` for `tasks` tasks (array `0-(tasks-1)`).
  public static func text(directory: JobDirectory, tasks: Int, executable: String, options: SlurmOptions, name: String) -> String {
    var lines = [
      "#!/bin/bash",
      "# An SSR job: task N runs point N and writes results/N.json in the job directory.",
      "# Submit by hand with `sbatch \(directory.scriptPath)`; rerunning the notebook cell then collects the results.",
      "#SBATCH --job-name=\(name)",
      "#SBATCH --array=0-\(max(0, tasks - 1))\(options.parallel.map { "%\($0)" } ?? "")",
      "#SBATCH --ntasks=1",
      "#SBATCH --cpus-per-task=\(options.cpus)",
      "#SBATCH --output=\(directory.logsPath)/slurm-%A_%a.out",
    ]
    if let partition = options.partition { lines.append("#SBATCH --partition=\(partition)") }
    if let time = options.time { lines.append("#SBATCH --time=\(time)") }
    if let memory = options.memory { lines.append("#SBATCH --mem=\(memory)") }
    if let account = options.account { lines.append("#SBATCH --account=\(account)") }
    lines += [
      "",
      "export OPENBLAS_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"",
      "exec \(quoted(executable)) worker --job \(quoted(directory.path)) --task \"$SLURM_ARRAY_TASK_ID\"",
      "",
    ]
    return lines.joined(separator: "\n")
  }

  /// `text` in single quotes for the shell.
  static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// A task list for `--array`: ranges of consecutive numbers, `0-3,7,9-10`.
  public static func arraySpec(_ tasks: [Int]) -> String {
    let sorted = Array(Set(tasks)).sorted()
    var parts: [String] = []
    var index = 0
    while index < sorted.count {
      var end = index
      while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
      parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
      index = end + 1
    }
    return parts.joined(separator: ",")
  }
}
