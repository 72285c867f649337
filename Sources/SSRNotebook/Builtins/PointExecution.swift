import Foundation
import SSRCore
import SSRData
import SSREval
import SSRTensor

/// Runs the points of a `sweep` or `tune` call in local worker processes or as a Slurm job array,
/// through a job directory (see ``JobDirectory``), and is where their results arrive.
enum PointExecution {
  /// A prepared job: its directory, where its tasks run, and how many may be in flight.
  struct Job {
    let directory: JobDirectory
    let executor: any PointExecutor
    let limit: Int
    let pollSeconds: Double
  }

  /// Creates (or finds again) the job directory of a call, writes `points` into it, and makes the
  /// executor of `setting`.
  ///
  /// The directory is named by a hash of `key` (everything that defines the job's points) and
  /// the data's fingerprint, so the same call finds its job again: a rerun continues it. A point
  /// whose stored result is failed is written again, and that result removed, so it runs again.
  /// For Slurm, when `points` is the whole job (a sweep), `job.sbatch` is written before anything
  /// is checked, so that it exists for submitting by hand even where there is no `sbatch`.
  ///
  /// - Parameter limit: at most this many tasks in flight (a study's parallel trials).
  static func prepare(
    kind: String, model: String, key: String, split: DatasetSplit, identity: DatasetIdentity, points: [PointDescription],
    setting: ExecutorSetting, limit: Int, call: BuiltinCall
  ) throws(BuiltinError) -> Job {
    var hasher = SHA256()
    hasher.update("ssr-job 1\nssr \(SSRVersion.current)\n\(kind)\n\(model)\n\(identity.fingerprint)\n\(NumericsMode.current.rawValue)\n")
    hasher.update(key)
    let digest = hasher.finalize().hexString
    let directory = JobDirectory(root: try ExecutorArguments.root(call), kind: kind, key: digest)
    let name = "ssr-\(kind)-\(model)"
    do throws(ExecutorError) {
      let manifest = JobManifest(kind: kind, model: model, key: digest, dataset: identity, numerics: NumericsMode.current.rawValue)
      try directory.prepare(manifest, split: split)
      for point in points {
        if let stored = directory.result(point.task), stored.state != .failed { continue }
        try? FileManager.default.removeItem(atPath: directory.resultPath(point.task))
        try directory.write(point)
      }
      switch setting {
      case .inProcess:
        preconditionFailure("in-process points do not use a job directory")
      case .local(let workers):
        return Job(directory: directory, executor: try LocalWorkers(workers: workers, directory: directory), limit: min(limit, workers), pollSeconds: 0.2)
      case .slurm(let options):
        if !points.isEmpty {
          let executable = (try? WorkerExecutable.locate()) ?? "ssr-run"
          do {
            try AtomicFile.write(
              SlurmJobScript.text(directory: directory, tasks: points.count, executable: executable, options: options, name: name),
              to: directory.scriptPath)
          } catch {
            throw ExecutorError.jobDirectory(path: directory.path, reason: error.description)
          }
        }
        let executor = try SlurmExecutor(directory: directory, options: options, name: name)
        return Job(directory: directory, executor: executor, limit: limit, pollSeconds: options.pollSeconds)
      }
    } catch {
      var help: String?
      if case .slurmMissing = error, !points.isEmpty {
        help = "the job script \(directory.scriptPath) runs these points on a cluster: submit it there with sbatch, "
          + "then run this cell again where the job directory's results/ are"
      }
      throw BuiltinError(error.description, parameter: "executor", help: help)
    }
  }

  /// Runs `tasks` (described in the job directory) and those `receive` adds; every result goes
  /// through ``arrived(_:in:label:context:then:)``, which hands it to `receive`.
  ///
  /// - Returns: whether the run was interrupted (Ctrl-C); the message says what happened to the
  ///   running tasks.
  static func run(
    _ job: Job, tasks: [Int], total: Int?, label: String, context: EvaluationContext,
    receive: (PointResult) throws -> [Int]
  ) throws -> String? {
    let show = context.showsProgress
    let driver = JobDriver(
      directory: job.directory, executor: job.executor, limit: job.limit, pollSeconds: job.pollSeconds,
      progress: { line in if show { FileHandle.standardError.write(Data("\(label): \(line)\n".utf8)) } })
    if show { FileHandle.standardError.write(Data("\(label): job directory \(job.directory.path)\n".utf8)) }
    let outcome: JobDriver.Outcome
    do {
      outcome = try driver.run(tasks, total: total) { result in
        try arrived(result, in: job.directory, label: label, context: context, then: receive)
      }
    } catch let error as ExecutorError {
      throw BuiltinError(error.description, parameter: "executor")
    }
    if case .interrupted(let message) = outcome {
      Cancellation.reset()
      return message
    }
    return nil
  }

  /// The one place where the result of a point run by a worker arrives in the notebook: it is
  /// recorded in the run registry (once, however often a rerun finds it again), a failure is
  /// reported on standard error, then the sweep or study (`then`) takes the result.
  static func arrived(
    _ result: PointResult, in directory: JobDirectory, label: String, context: EvaluationContext,
    then receive: (PointResult) throws -> [Int]
  ) throws -> [Int] {
    context.runs?.point(result, in: directory)
    if result.state == .failed, context.showsProgress {
      let message = "\(label): task \(result.point.task) failed: \(result.error ?? "no reason given")\n"
      FileHandle.standardError.write(Data(message.utf8))
    }
    return try receive(result)
  }

  /// The JSON of `value` with sorted keys, for hashing.
  static func json<T: Encodable>(_ value: T) -> String {
    (try? PointResult.encoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  /// `value` written exactly (numbers with every digit), for hashing into a job's key.
  static func exact(_ value: Value) -> String {
    switch value {
    case .double(let d): return "d" + String(d)
    case .list(let values): return "[" + values.map(exact).joined(separator: ",") + "]"
    case .record(let record): return "{" + record.fields.map { "\($0.key):\(exact($0.value))" }.joined(separator: ",") + "}"
    default: return ValueDisplay.literal(value)
    }
  }

  /// A cell-language value as a parameter value (symbols become strings).
  static func parameterValue(_ value: Value) -> ParameterValue? {
    switch value {
    case .int(let x): return .int(x)
    case .double(let x): return .double(x)
    case .bool(let x): return .bool(x)
    case .string(let x), .symbol(let x): return .string(x)
    default: return nil
    }
  }
}
