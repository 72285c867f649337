import Foundation
import SSRCore
import SSRData
import SSRModels
import SSRTensor

/// The worker side of a job: `ssr-run worker --job DIR --task N` runs point N of the job in DIR
/// and writes `DIR/results/N.json` atomically. A sweep point keeps its training state in
/// `DIR/state/N.safetensors` after every epoch, so a killed worker's point resumes there.
public enum Worker {
  /// Runs task `task` of the job in `directory` and writes its result; returns it.
  ///
  /// A finished result is not run again (a Slurm task that is requeued, say, returns at once).
  ///
  /// - Throws: ``ExecutorError`` when the job's files cannot be read or the result not written;
  ///   ``DataError`` when the split is damaged or not the data the job was made for;
  ///   ``Interrupted`` when the process is asked to stop.
  @discardableResult
  public static func run(job directory: JobDirectory, task: Int, log: (String) -> Void = { _ in }) throws -> PointResult {
    if let existing = directory.result(task) {
      log("task \(task) already has a result (\(existing.state.rawValue)); nothing to do")
      return existing
    }
    let manifest = try directory.readManifest()
    let point = try directory.point(task)
    let split = try SplitFile.read(from: directory.splitPath, fingerprint: manifest.dataset.fingerprint)
    let numerics = NumericsMode(rawValue: manifest.numerics) ?? .reproducible
    let values = point.parameters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    log("task \(task): \(point.model) \(values), run \(point.run), on \(manifest.dataset)")
    var features: ItemFeatures?
    if point.fusion != nil {
      features = try FeaturesFile.read(from: directory.featuresPath, digest: point.featuresDigest ?? "")
    }
    let result = try numerics.run {
      try PointRunner.run(
        point, on: split, fingerprint: manifest.dataset.fingerprint, modelPath: directory.modelPath(task),
        checkpointPath: directory.checkpointPath(task), features: features, log: log)
    }
    try directory.write(result)
    // The result is kept: the training state is no longer needed (a failed point starts again).
    try? FileManager.default.removeItem(atPath: directory.checkpointPath(task))
    log("task \(task): \(result.state.rawValue)\(result.error.map { ": \($0)" } ?? "") in \(String(format: "%.1f", result.seconds)) s")
    return result
  }
}
