import Foundation
import SSREval

/// Where `sweep` and `tune` run their points: in this process, in local worker processes, or as a
/// Slurm job array.
public enum ExecutorSetting: Sendable, Equatable {
  /// One point after another in this process (the default).
  case inProcess
  /// Child processes of `ssr-run`, this many at a time.
  case local(workers: Int)
  /// One `sbatch --array` job.
  case slurm(SlurmOptions)
}

/// The `workers:`, `executor:` and `jobs:` arguments of `sweep` and `tune`, and the `slurm`
/// builtin that makes an `executor:` value.
enum ExecutorArguments {
  /// The declarations shared by `sweep` and `tune`.
  static var parameters: [BuiltinParameter] {
    [
      .labeled("workers", .int, optional: true, doc: "run points in this many worker processes of this machine (1: in this process)"),
      .labeled(
        "executor", .oneOf([.symbol(choices: ["local", "slurm"]), .record]), optional: true,
        doc: "where points run: .local, .slurm, or slurm(partition: …) for one sbatch --array job"),
      .labeled("jobs", .string, optional: true, doc: "the folder of job directories (default .ssr-cache/jobs; on a cluster, a shared filesystem)"),
    ]
  }

  /// The names of ``parameters``, which are not options of `train`.
  static let names: Set<String> = ["workers", "executor", "jobs"]

  /// The executor a call asks for: `executor:` (with `workers:` as the local count or Slurm's
  /// parallel limit), else `workers:` > 1 for local workers, else the session's (`ssr-run
  /// --executor`), else in-process.
  static func setting(_ call: BuiltinCall) throws(BuiltinError) -> ExecutorSetting {
    let workers = try call.int("workers")
    if let workers, workers < 1 { throw BuiltinError("workers must be at least 1, got \(workers)", parameter: "workers") }
    switch call.value("executor") {
    case .symbol("local")?:
      return .local(workers: workers ?? max(2, ProcessInfo.processInfo.activeProcessorCount))
    case .symbol("slurm")?:
      return .slurm(SlurmOptions(parallel: workers))
    case .record(let record)?:
      var options = try slurmOptions(record)
      if let workers { options.parallel = workers }
      return .slurm(options)
    case .symbol(let other)?:
      throw BuiltinError("unknown executor .\(other)", parameter: "executor", help: "use .local, .slurm or slurm(partition: …)")
    default:
      if let workers { return workers > 1 ? .local(workers: workers) : .inProcess }
      return call.context.executor ?? .inProcess
    }
  }

  /// The folder of job directories: `jobs:`, else `.ssr-cache/jobs` beside the notebook.
  static func root(_ call: BuiltinCall) throws(BuiltinError) -> String {
    call.context.resolve(path: try call.string("jobs") ?? ".ssr-cache/jobs")
  }

  /// The Slurm options of a record made by `slurm(…)`.
  static func slurmOptions(_ record: Record) throws(BuiltinError) -> SlurmOptions {
    guard case .symbol("slurm")? = record["executor"] else {
      throw BuiltinError("expected .local, .slurm or a record made by slurm(partition: …)", parameter: "executor")
    }
    func string(_ name: String) -> String? { if case .string(let s)? = record[name] { return s } else { return nil } }
    func int(_ name: String) -> Int? { if case .int(let i)? = record[name] { return i } else { return nil } }
    return SlurmOptions(
      partition: string("partition"), time: string("time"), cpus: int("cpus") ?? 1, memory: string("memory"),
      parallel: int("parallel"), account: string("account"), pollSeconds: record["poll"]?.asDouble ?? 2,
      hold: { if case .bool(true)? = record["hold"] { return true } else { return false } }())
  }

  static var slurm: Builtin {
    Builtin(
      name: "slurm", category: "Tuning",
      parameters: [
        .labeled("partition", .string, optional: true, doc: "the partition (default: the cluster's default)"),
        .labeled("time", .string, optional: true, doc: "time limit of one point, e.g. \"01:00:00\""),
        .labeled("cpus", .int, default: .int(1), doc: "CPUs per point (the worker's threads)"),
        .labeled("memory", .string, optional: true, doc: "memory per point, e.g. \"4G\""),
        .labeled("parallel", .int, optional: true, doc: "points running at once (the array's %N limit)"),
        .labeled("account", .string, optional: true, doc: "the account charged, if the cluster wants one"),
        .labeled("poll", .double, default: .double(2), doc: "seconds between polls of squeue and the results"),
        .labeled("hold", .bool, default: .bool(false), doc: "submit the job held: it waits for `scontrol release <job>`"),
      ],
      summary: "A Slurm executor for sweep and tune: the points run as one sbatch --array job.",
      discussion: """
          sweep(.sfsrec, on: ds, over: {T: [1, 2, 4, 8]}, seeds: 3, executor: slurm(partition: "debug", time: "00:30:00"))
          tune(.sasrec, on: ds, space: .reference, executor: slurm(partition: "gpu"), workers: 4)
        Each point runs `ssr-run worker --job DIR --task N` on a node and writes DIR/results/N.json; the
        job directory (under jobs:, default .ssr-cache/jobs) must be on a filesystem the nodes share.
        The job script is DIR/job.sbatch, for submitting by hand. Running the cell again finds the job
        (slurm.json in DIR) and continues it; finished points are not run again.
        """
    ) { call in
      var fields: [(String, Value)] = [("executor", .symbol("slurm"))]
      for name in ["partition", "time", "memory", "account"] {
        if let value = try call.string(name) { fields.append((name, .string(value))) }
      }
      let cpus = try call.int("cpus") ?? 1
      guard cpus >= 1 else { throw BuiltinError("cpus must be at least 1", parameter: "cpus") }
      fields.append(("cpus", .int(cpus)))
      if let parallel = try call.int("parallel") {
        guard parallel >= 1 else { throw BuiltinError("parallel must be at least 1", parameter: "parallel") }
        fields.append(("parallel", .int(parallel)))
      }
      let poll = try call.double("poll") ?? 2
      guard poll > 0 else { throw BuiltinError("poll must be above 0 seconds", parameter: "poll") }
      fields.append(("poll", .double(poll)))
      if try call.bool("hold") == true { fields.append(("hold", .bool(true))) }
      return .record(Record(fields))
    }
  }
}
