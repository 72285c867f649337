import Foundation
import SSRCore
import SSRData
import SSRModels

/// Runs one point of a job in this process: builds the model, trains it, measures it, and returns
/// the result a worker writes. `sweep` and `tune` in the notebook do the same steps in-process, so
/// a point gives the same metrics wherever it runs.
public enum PointRunner {
  /// Runs `point` on `split` (whose fingerprint is `fingerprint`).
  ///
  /// Problems of the point itself (an unknown model, options that do not validate, a diverging
  /// training) give a failed result rather than an error, as a trial of a study fails.
  ///
  /// - Parameters:
  ///   - registry: where the model is found.
  ///   - modelPath: where to save the trained weights of a complete trial that asks for it.
  ///   - checkpointPath: where a sweep point keeps its training state after every epoch
  ///     (``TrainingCheckpoint``), so that a killed point resumes after its last completed epoch
  ///     (trials, which a pruner judges epoch by epoch, start again).
  ///   - features: the item features of a point with ``PointDescription/fusion``.
  ///   - log: receives one line per epoch.
  /// - Throws: ``Interrupted`` when the process is asked to stop.
  public static func run(
    _ point: PointDescription, on split: DatasetSplit, fingerprint: String, registry: ModelRegistry = .standard,
    modelPath: String? = nil, checkpointPath: String? = nil, features: ItemFeatures? = nil, log: (String) -> Void = { _ in }
  ) throws -> PointResult {
    let start = Date()
    var result = PointResult(point: point, fingerprint: fingerprint, state: .failed)
    func finish(_ state: PointState, error: String? = nil) -> PointResult {
      result.state = state
      result.error = error
      result.seconds = Date().timeIntervalSince(start)
      result.finished = ISO8601DateFormatter().string(from: Date())
      return result
    }
    let spec: ModelSpec
    do {
      spec = try registry.resolve(point.model)
    } catch {
      return finish(.failed, error: error.description)
    }
    var config = point.config
    config.itemCount = split.dataset.itemCount
    config.maxLen = split.dataset.maxLen
    do {
      try config.validate()
      try point.spiking.validate()
    } catch {
      return finish(.failed, error: error.description)
    }
    var context = ModelContext(config: config, spiking: point.spiking)
    if let fusion = point.fusion, spec.family != .baseline {
      guard let features else { return finish(.failed, error: "the point trains with item features, but none were given") }
      context = ModelContext(config: config, spiking: point.spiking, features: features, fusion: fusion)
    }
    let model = spec.make(context)
    let objective = point.trial?.objective
    let pruner = point.trial?.pruner?.pruner
    let completed = (point.trial?.completedIntermediateValues ?? []).enumerated().map { index, values in
      Trial(number: index + 1, configuration: Configuration([:]), state: .complete, value: nil, intermediateValues: values)
    }
    func score(_ report: EpochReport) -> Double { report.metrics.named.first { $0.0 == objective }?.1 ?? .nan }
    var reported: [Int: Double] = [:]
    let training: TrainingResult
    do {
      training = try Trainer.fit(
        model, on: split, options: point.training, checkpoint: point.trial == nil ? checkpointPath : nil,
        onEpoch: { report in
          if objective != nil { reported[report.epoch] = score(report) }
          log("epoch \(report.epoch)/\(point.training.epochs): loss \(report.loss), \(report.metrics.named.map { "\($0.0) \($0.1)" }.joined(separator: ", "))")
        },
        shouldStop: { _ in pruner?.shouldPrune(reported, trials: completed, direction: .maximize) ?? false })
    } catch let error as TrainingError {
      return finish(.failed, error: error.description)
    } catch let error as DataError {
      return finish(.failed, error: error.description)
    }
    // A resumed run's time includes its restored epochs (TrainingResult.seconds).
    result.trainingSeconds = training.seconds
    result.history = training.history
    result.bestEpoch = training.bestEpoch
    result.stopReason = training.stopReason
    result.intermediateValues = reported
    if training.stopReason == .interrupted { throw Interrupted() }
    if let objective {
      if training.stopReason == .pruned { return finish(.pruned) }
      let value = training.history.first { $0.epoch == training.bestEpoch }.map(score) ?? .nan
      result.objective = value
      result.metrics = [NamedMetric(objective, value)]
      if point.trial?.savesModel == true, let modelPath {
        let description = CheckpointDescription(
          model: spec.name, config: config, spiking: point.spiking, dataset: split.identity,
          training: TrainingRecord(options: point.training, result: training))
        do {
          try Checkpoint(model: model, spec: spec, description: description).write(to: modelPath)
        } catch {
          return finish(.failed, error: "the trial completed but its weights could not be saved: \(error)")
        }
      }
      return finish(.complete)
    }
    if let evaluation = point.evaluation {
      let part = SplitPart(rawValue: evaluation.part) ?? .test
      do {
        let metrics = try Evaluator.evaluate(model, on: split, part: part, cutoffs: evaluation.cutoffs)
        result.metrics = metrics.named.map { NamedMetric($0.0, $0.1) }
        if let batches = evaluation.energyBatches, spec.energy != nil {
          let report = try EnergyReport.measure(model, spec: spec, context: context, on: split, batches: batches)
          result.energy = report.total / 1e6
          result.energySummary = EnergySummary(report)
        }
      } catch let error as DataError {
        return finish(.failed, error: error.description)
      } catch let error as EnergyError {
        return finish(.failed, error: error.description)
      }
    }
    return finish(.complete)
  }
}
