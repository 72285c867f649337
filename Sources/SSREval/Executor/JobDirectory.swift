import Foundation
import SSRCore
import SSRData

/// What a job directory holds, written once by the driver (`job.json`).
public struct JobManifest: Sendable, Codable {
  /// The layout version.
  public static let currentFormat = 1

  /// The layout version (``currentFormat`` when written).
  public var format: Int
  /// The SSR version of the driver.
  public var tool: String
  /// `sweep` or `tune`.
  public var kind: String
  /// The model's registry name.
  public var model: String
  /// A hash of everything that defines the job's points (which is also the directory's name).
  public var key: String
  /// The split's identity; workers check its fingerprint when they read the split.
  public var dataset: DatasetIdentity
  /// The numerics mode the points run with (`reproducible` or `fast`).
  public var numerics: String
  /// When the job was created (ISO 8601).
  public var created: String

  /// A manifest of this driver.
  public init(kind: String, model: String, key: String, dataset: DatasetIdentity, numerics: String) {
    format = Self.currentFormat
    tool = SSRVersion.current
    self.kind = kind
    self.model = model
    self.key = key
    self.dataset = dataset
    self.numerics = numerics
    created = ISO8601DateFormatter().string(from: Date())
  }
}

/// A job's folder, shared by the driver and its workers (on a cluster: on the shared filesystem).
///
///     job.json          the manifest: kind, model, dataset identity, numerics
///     split.ssrsplit    the split, written once (see SplitFile)
///     points/<n>.json   the description of task n (PointDescription)
///     results/<n>.json  the result of task n (PointResult), written atomically by the worker
///     models/<n>.safetensors  the weights of a complete tuning trial
///     state/<n>.safetensors   a sweep point's training state after its last epoch (until its result)
///     features.safetensors    the item features of a sweep with features: (FeaturesFile)
///     logs/<n>.log      the worker's output (local workers); logs/slurm-<job>_<n>.out on Slurm
///     job.sbatch        the Slurm job script (Slurm jobs)
///     slurm.json        the submitted Slurm jobs and their tasks, so a restarted driver continues
public struct JobDirectory: Sendable {
  /// The folder (absolute).
  public let path: String

  /// The job directory at `path`.
  public init(path: String) {
    self.path = URL(fileURLWithPath: path).standardizedFileURL.path
  }

  /// The directory of a job under `root` for a key.
  public init(root: String, kind: String, key: String) {
    self.init(path: (root as NSString).appendingPathComponent("\(kind)-\(key.prefix(16))"))
  }

  private func file(_ parts: String...) -> String {
    parts.reduce(path) { ($0 as NSString).appendingPathComponent($1) }
  }

  /// `job.json`.
  public var manifestPath: String { file("job.json") }
  /// `split.ssrsplit`.
  public var splitPath: String { file("split.ssrsplit") }
  /// `job.sbatch`.
  public var scriptPath: String { file("job.sbatch") }
  /// `slurm.json`.
  public var slurmStatePath: String { file("slurm.json") }
  /// `points/<task>.json`.
  public func pointPath(_ task: Int) -> String { file("points", "\(task).json") }
  /// `results/<task>.json`.
  public func resultPath(_ task: Int) -> String { file("results", "\(task).json") }
  /// `models/<task>.safetensors`.
  public func modelPath(_ task: Int) -> String { file("models", "\(task).safetensors") }
  /// `state/<task>.safetensors`: a sweep point's training state after its last completed epoch.
  public func checkpointPath(_ task: Int) -> String { file("state", "\(task).safetensors") }
  /// `features.safetensors`: the item features of a sweep with `features:`.
  public var featuresPath: String { file("features.safetensors") }
  /// `logs/<task>.log`.
  public func logPath(_ task: Int) -> String { file("logs", "\(task).log") }
  /// `logs`.
  public var logsPath: String { file("logs") }

  /// Creates the folder with the manifest and the split, or checks that an existing one is the
  /// same job (same key and data); returns whether it existed.
  @discardableResult
  public func prepare(_ manifest: JobManifest, split: DatasetSplit) throws(ExecutorError) -> Bool {
    if let existing = try? readManifest() {
      guard existing.key == manifest.key, existing.dataset.fingerprint == manifest.dataset.fingerprint else {
        throw .jobDirectory(path: path, reason: "it holds another job (key \(existing.key.prefix(12))); remove it or choose another directory")
      }
      if FileManager.default.fileExists(atPath: splitPath) { return true }
    }
    for folder in ["points", "results", "models", "logs"] {
      do {
        try FileManager.default.createDirectory(atPath: file(folder), withIntermediateDirectories: true)
      } catch {
        throw .jobDirectory(path: path, reason: "cannot create \(folder)/: \(error.localizedDescription)")
      }
    }
    do {
      try SplitFile.write(split, to: splitPath)
    } catch {
      throw .jobDirectory(path: path, reason: error.description)
    }
    try write(manifest, to: manifestPath)
    return false
  }

  /// The manifest.
  public func readManifest() throws(ExecutorError) -> JobManifest { try read(JobManifest.self, from: manifestPath) }

  /// Writes the description of a task (atomically).
  public func write(_ point: PointDescription) throws(ExecutorError) { try write(point, to: pointPath(point.task)) }

  /// The description of a task.
  public func point(_ task: Int) throws(ExecutorError) -> PointDescription {
    guard FileManager.default.fileExists(atPath: pointPath(task)) else { throw .unknownTask(task: task, path: path) }
    return try read(PointDescription.self, from: pointPath(task))
  }

  /// Writes a task's result (atomically).
  public func write(_ result: PointResult) throws(ExecutorError) { try write(result, to: resultPath(result.point.task)) }

  /// The result of a task, or nil when it has none yet (or an unreadable one, which is run again).
  public func result(_ task: Int) -> PointResult? {
    guard FileManager.default.fileExists(atPath: resultPath(task)) else { return nil }
    return try? read(PointResult.self, from: resultPath(task))
  }

  /// The last `lines` lines of a task's log (local or Slurm), for messages about a lost task.
  public func logTail(_ task: Int, lines: Int = 5) -> String? {
    var candidates = [logPath(task)]
    if let names = try? FileManager.default.contentsOfDirectory(atPath: logsPath) {
      candidates += names.filter { $0.hasPrefix("slurm-") && $0.hasSuffix("_\(task).out") }.sorted().map { file("logs", $0) }
    }
    for candidate in candidates.reversed() {
      guard let text = try? String(contentsOfFile: candidate, encoding: .utf8), !text.isEmpty else { continue }
      return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
    return nil
  }

  func write<T: Encodable>(_ value: T, to file: String) throws(ExecutorError) {
    do {
      try AtomicFile.write(try PointResult.encoder().encode(value), to: file)
    } catch let error as FileWriteError {
      throw .jobDirectory(path: path, reason: error.description)
    } catch {
      throw .jobDirectory(path: path, reason: "cannot encode \(file): \(error)")
    }
  }

  func read<T: Decodable>(_ type: T.Type, from file: String) throws(ExecutorError) -> T {
    guard FileManager.default.fileExists(atPath: file) else {
      throw .jobDirectory(
        path: path,
        reason: "\((file as NSString).lastPathComponent) is missing (not a job directory, or not on a filesystem this machine shares with the driver)")
    }
    do {
      return try PointResult.decoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
    } catch {
      throw .jobDirectory(path: path, reason: "cannot read \(file) (damaged, or written by another SSR version): \(error)")
    }
  }
}
