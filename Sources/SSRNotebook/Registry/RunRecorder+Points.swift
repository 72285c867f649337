import Foundation
import SSRCore
import SSREval
import SSRRuns

extension RunRecorder {
  /// Records the result of a sweep run or tune trial that a worker process or a Slurm task ran:
  /// its model, configuration, seeds, dataset identity, per-epoch metrics, best epoch, final
  /// metrics, energy, wall time, state and error.
  ///
  /// A result is recorded once: a marker beside it in the job directory (`results/N.recorded`)
  /// keeps a rerun of the cell, which finds the result again, from recording it a second time.
  func point(_ result: PointResult, in directory: JobDirectory) {
    let marker = directory.resultPath(result.point.task) + ".recorded"
    guard !FileManager.default.fileExists(atPath: marker), let manifest = try? directory.readManifest() else { return }
    let point = result.point
    let kind: RunKind = point.trial == nil ? .sweep : .trial
    var parameters: [String: Any] = point.parameters.mapValues(Self.jsonValue)
    parameters["seed"] = point.run + 1
    parameters["job"] = manifest.key
    parameters["task"] = point.task
    var record = RunRecord(
      kind: kind, model: point.model, datasetName: manifest.dataset.name, fingerprint: manifest.dataset.fingerprint,
      dataset: RunDescription.dataset(manifest.dataset, provenance: nil),
      configuration: RunDescription.configuration(point), seed: Int64(bitPattern: point.config.seed),
      shuffleSeed: Int64(bitPattern: point.training.seed), parameters: Self.text(parameters),
      trial: kind == .trial ? point.task + 1 : nil, tool: result.tool, source: source)
    record.state = result.state == .complete ? .complete : result.state == .pruned ? .pruned : .failed
    record.error = result.error
    record.epochs = result.history.count
    record.bestEpoch = result.history.isEmpty ? nil : result.bestEpoch
    record.metrics = JSONValues.object(result.metrics.map { ($0.name, $0.value) })
    record.part = point.evaluation?.part ?? "test"
    record.energy = result.energy
    record.seconds = result.seconds
    record.endedAt = Date()
    let recorded = attempt { registry throws(RunRegistryError) -> Bool in
      guard let id = try registry.insert(record).id else { return false }
      for report in result.history {
        try registry.addEpoch(
          EpochRecord(
            runID: id, epoch: report.epoch, loss: report.loss.isFinite ? report.loss : nil,
            metrics: JSONValues.object(report.metrics.named.map { ($0.0, $0.1) }), seconds: report.seconds))
      }
      return true
    }
    if recorded == true { try? AtomicFile.write("", to: marker) }
  }

  private static func jsonValue(_ value: ParameterValue) -> Any {
    switch value {
    case .int(let x): return x
    case .double(let x): return x
    case .bool(let x): return x
    case .string(let x): return x
    }
  }

  private static func text(_ object: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
  }
}
