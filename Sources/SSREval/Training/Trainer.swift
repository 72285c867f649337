import Foundation
import SSRCore
import SSRData
import SSRModels
import SSRTensor

/// How a model is trained; the defaults are the SSR paper's (main.py of the reference code).
public struct TrainingOptions: Sendable, Codable {
  /// Which part selects the best epoch.
  public enum Selection: String, Sendable, Codable {
    /// The validation part (needs a split with `valid > 0`); the honest protocol.
    case validation
    /// The test part, as the reference code does (`protocol: .paper`).
    case paper
  }

  /// How an epoch turns the training samples into predictions.
  public enum SampleMode: String, Sendable, Codable {
    /// One prediction per sample, from its history (the paper's protocol; the default).
    case perSample
    /// A prediction at every position of windows of each user's items, so that one forward pass
    /// serves up to `maxLen` targets (causal models only: GRU4Rec, SASRec, SGRU4Rec). Each
    /// training target is predicted once per epoch, from the window's items before it; a batch
    /// holds `batchSize` windows.
    case allPositions
  }

  /// Passes over the training samples.
  public var epochs = 25
  /// Samples per optimisation step.
  public var batchSize = 128
  /// Adam's learning rate.
  public var learningRate: Float = 1e-3
  /// L2 weight decay added to the gradient (PyTorch's Adam).
  public var weightDecay: Float = 1e-4
  /// Cosine annealing per epoch (as `CosineAnnealingLR(T_max: epochs)`), else a constant rate.
  public var cosineSchedule = false
  /// Stop after this many epochs without improvement (nil: never).
  public var patience: Int? = nil
  /// Which part selects the best checkpoint.
  public var selection: Selection = .validation
  /// The metric (by name, e.g. `mrr10`, `ndcg10`) that selects the best epoch.
  public var selectionMetric = "mrr10"
  /// Cut-offs evaluated after each epoch.
  public var cutoffs = [10]
  /// Seed of the shuffling.
  public var seed: UInt64 = 2024
  /// Stop after this many training samples per epoch (nil: all) — for quick experiments.
  public var maxSamplesPerEpoch: Int? = nil
  /// One prediction per sample, or at every position of a window.
  public var samples: SampleMode = .perSample
  /// Parts evaluated after every epoch besides the selection part (nil: none), so that the best
  /// epoch can also be chosen afterwards by another part (``EpochSelection``); each epoch's
  /// ``EpochReport/partMetrics`` then holds their metrics and the selection part's.
  public var monitoredParts: [SplitPart]? = nil

  /// The reference defaults.
  public init() {}

  /// The reference defaults: the one place they are read from.
  public static let defaults = TrainingOptions()

  /// Throws unless every option is in its valid range.
  public func validate() throws(ConfigurationError) {
    try ConfigurationError.require((1...10_000).contains(epochs), "epochs", "must be 1...10000, got \(epochs)")
    try ConfigurationError.require((1...65536).contains(batchSize), "batchSize", "must be 1...65536, got \(batchSize)")
    try ConfigurationError.require(learningRate > 0 && learningRate.isFinite, "lr", "must be positive, got \(learningRate)")
    try ConfigurationError.require(weightDecay >= 0 && weightDecay.isFinite, "weightDecay", "must be 0 or more, got \(weightDecay)")
    if let patience { try ConfigurationError.require(patience >= 1, "patience", "must be at least 1, got \(patience)") }
    try ConfigurationError.require(!cutoffs.isEmpty && cutoffs.allSatisfy { $0 >= 1 }, "k", "cut-offs must be positive, got \(cutoffs)")
    if let maxSamplesPerEpoch {
      try ConfigurationError.require(maxSamplesPerEpoch >= 1, "maxSamples", "must be at least 1, got \(maxSamplesPerEpoch)")
    }
  }
}

/// One epoch's figures.
public struct EpochReport: Sendable, Codable {
  /// 1-based epoch number.
  public var epoch: Int
  /// Mean training loss.
  public var loss: Double
  /// The learning rate used.
  public var learningRate: Float
  /// Training samples per second.
  public var samplesPerSecond: Double
  /// Wall time of the epoch (training and evaluation).
  public var seconds: Double
  /// Wall time of the training part of the epoch (without the evaluation).
  public var trainingSeconds: Double
  /// The metrics on the selection part.
  public var metrics: RankingMetrics
  /// Whether this epoch is the best so far.
  public var isBest: Bool
  /// The metrics of every part evaluated after the epoch, by part name (`valid`, `test`): the
  /// selection part and ``TrainingOptions/monitoredParts``; nil when no part was monitored.
  public var partMetrics: [String: RankingMetrics]? = nil

  /// The metrics on `part`, when it was evaluated after this epoch (see ``partMetrics``).
  public func metrics(on part: SplitPart) -> RankingMetrics? { partMetrics?[part.rawValue] }
}

/// Why training ended.
public enum StopReason: String, Sendable, Codable {
  case completed, earlyStopping, interrupted
  /// The caller's `shouldStop` asked to stop after an epoch (a tuning pruner).
  case pruned
}

/// The result of ``Trainer/fit(_:on:options:onEpoch:onBatch:)``; the model holds the best weights.
public struct TrainingResult: Sendable, Codable {
  /// Every epoch.
  public var history: [EpochReport]
  /// The epoch whose weights the model holds.
  public var bestEpoch: Int
  /// Why training ended.
  public var stopReason: StopReason
  /// Total wall time.
  public var seconds: Double
}

/// A training run that cannot go on.
public enum TrainingError: Error, CustomStringConvertible {
  /// The loss became NaN or infinite.
  case nonFiniteLoss(epoch: Int, batch: Int, value: Float)
  /// The options do not fit the data.
  case invalidOptions(String)
  /// A training checkpoint (``TrainingCheckpoint``) could not be written, read or resumed.
  case checkpoint(path: String, reason: String)

  /// A message for the user.
  public var description: String {
    switch self {
    case let .nonFiniteLoss(epoch, batch, value):
      return "the loss became \(value) in epoch \(epoch), batch \(batch); lower the learning rate or check the data"
    case let .invalidOptions(reason): return reason
    case let .checkpoint(path, reason):
      return "the training checkpoint \(path) cannot be used: \(reason); remove it to train from the start"
    }
  }
}

/// Trains sequential recommenders with full-softmax cross-entropy and Adam, evaluating after
/// every epoch and keeping a copy of the best weights.
public enum Trainer {
  /// Trains `model` on the training part of `split`.
  ///
  /// Ctrl-C (``Cancellation``) stops training cleanly: the model keeps the best weights so far and
  /// the result says `interrupted`. `shouldStop`, asked after each epoch's report, ends training
  /// there in the same way (the result says `pruned`).
  ///
  /// With a `checkpoint` path, the run's state is written there after every epoch
  /// (``TrainingCheckpoint``), and a run that finds a checkpoint of the same run (model, options,
  /// data) there continues after its last completed epoch: its history starts with the restored
  /// epochs (``onEpoch`` is called for the new ones only) and it ends with the weights and metrics
  /// of an uninterrupted run. The file is left in place; remove it when the result is kept.
  ///
  /// - Throws: ``TrainingError/checkpoint(path:reason:)`` when the file there belongs to another
  ///   run or cannot be read or written.
  public static func fit<Model: SequentialRecommender>(
    _ model: Model, on split: DatasetSplit, options: TrainingOptions = TrainingOptions(), checkpoint: String? = nil,
    onEpoch: (EpochReport) -> Void = { _ in }, onBatch: (_ done: Int, _ total: Int, _ loss: Float) -> Void = { _, _, _ in },
    shouldStop: (EpochReport) -> Bool = { _ in false }
  ) throws -> TrainingResult {
    do throws(ConfigurationError) {
      try options.validate()
    } catch {
      throw TrainingError.invalidOptions(error.description)
    }
    let selectionPart: SplitPart = options.selection == .paper ? .test : .valid
    guard split.samples(selectionPart).count > 0 else {
      throw TrainingError.invalidOptions(
        "the split has no \(selectionPart.rawValue) samples to select the best epoch; split with valid: 0.1, or train with protocol: .paper")
    }
    for part in options.monitoredParts ?? [] where split.samples(part).count == 0 {
      throw TrainingError.invalidOptions(
        "the split has no \(part.rawValue) samples to evaluate after each epoch; split with that part, or do not monitor it")
    }
    guard ([options.selectionMetric].contains { name in RankingMetrics(cutoffs: options.cutoffs).named.contains { $0.0 == name } }) else {
      throw TrainingError.invalidOptions("the selection metric \(options.selectionMetric) is not among the evaluated cut-offs \(options.cutoffs)")
    }
    let causal = model as? any CausalSequentialRecommender
    if options.samples == .allPositions && causal == nil {
      throw TrainingError.invalidOptions(
        "\(model.name) is not causal (its representation of a position depends on later ones), so it cannot train on all "
          + "positions; use samples: .perSample (all-positions training is for GRU4Rec, SASRec and SGRU4Rec)")
    }
    let optimizer = Adam(learningRate: options.learningRate, weightDecay: options.weightDecay)
    let schedule: LearningRateSchedule =
      options.cosineSchedule
      ? .cosine(base: options.learningRate, minimum: 0, period: options.epochs) : .constant(options.learningRate)
    let parameters = model.parameters()
    let start = Date()
    var history: [EpochReport] = []
    var best: (epoch: Int, score: Double, state: [String: Tensor])? = nil
    var stopReason = StopReason.completed
    let run = checkpoint.map { _ in TrainingCheckpoint.runIdentity(of: model, options: options, split: split) }
    var firstEpoch = 1
    if let checkpoint, let run, FileManager.default.fileExists(atPath: checkpoint) {
      let saved = try TrainingCheckpoint.read(from: checkpoint)
      guard saved.run == run else {
        throw TrainingError.checkpoint(path: checkpoint, reason: "it belongs to another run (model, options or data differ)")
      }
      try restore(saved, into: model, optimizer: optimizer, path: checkpoint)
      history = saved.history
      best = saved.best
      firstEpoch = saved.epoch + 1
      if let last = history.last, shouldEnd(after: last, best: best, options: options) {
        firstEpoch = options.epochs + 1
        stopReason = .earlyStopping
      }
    }
    let restoredSeconds = history.reduce(0) { $0 + $1.seconds }

    epochs: for epoch in firstEpoch..<(options.epochs + 1) {
      let epochStart = Date()
      optimizer.learningRate = schedule(epoch - 1)
      model.train()
      var steps = try TrainingSteps(split, options: options, epoch: epoch - 1, causal: causal)
      let total = steps.batchCount
      var lossSum = 0.0
      var samples = 0
      var index = 0
      while let step = steps.next() {
        if Cancellation.isRequested {
          Cancellation.reset()
          stopReason = .interrupted
          break epochs
        }
        if let limit = options.maxSamplesPerEpoch, samples >= limit { break }
        let (loss, _) = valueAndGrad(of: model) { m in step.loss(m) }
        let value = loss.item
        guard value.isFinite else { throw TrainingError.nonFiniteLoss(epoch: epoch, batch: index + 1, value: value) }
        optimizer.step(parameters)
        lossSum += Double(value) * Double(step.targets)
        samples += step.targets
        index += 1
        onBatch(index, total, value)
      }
      let trainSeconds = Date().timeIntervalSince(epochStart)
      let metrics: RankingMetrics
      var partMetrics: [String: RankingMetrics]? = nil
      do {
        metrics = try Evaluator.evaluate(model, on: split, part: selectionPart, cutoffs: options.cutoffs)
        if let monitored = options.monitoredParts, !monitored.isEmpty {
          var evaluated = [selectionPart.rawValue: metrics]
          for part in monitored where evaluated[part.rawValue] == nil {
            evaluated[part.rawValue] = try Evaluator.evaluate(model, on: split, part: part, cutoffs: options.cutoffs)
          }
          partMetrics = evaluated
        }
      } catch is Interrupted {
        stopReason = .interrupted
        break epochs
      }
      let score = metrics.named.first { $0.0 == options.selectionMetric }?.1 ?? 0
      let isBest = best.map { score > $0.score } ?? true
      if isBest { best = (epoch, score, model.stateDictionary()) }
      let report = EpochReport(
        epoch: epoch, loss: samples > 0 ? lossSum / Double(samples) : 0, learningRate: optimizer.learningRate,
        samplesPerSecond: Double(samples) / max(trainSeconds, 1e-9), seconds: Date().timeIntervalSince(epochStart),
        trainingSeconds: trainSeconds,
        metrics: metrics, isBest: isBest, partMetrics: partMetrics)
      history.append(report)
      if let checkpoint, let run {
        try TrainingCheckpoint(
          epoch: epoch, history: history, best: best, model: model.stateDictionary(),
          moments: optimizer.moments(of: parameters),
          generators: Dictionary(uniqueKeysWithValues: model.stochasticLayers().map { ($0.name, $0.layer.generator.position) }),
          run: run
        ).write(to: checkpoint)
      }
      onEpoch(report)
      if shouldStop(report) {
        stopReason = .pruned
        break
      }
      if shouldEnd(after: report, best: best, options: options) {
        stopReason = .earlyStopping
        break
      }
    }
    if let best { try model.load(best.state) }
    return TrainingResult(
      history: history, bestEpoch: best?.epoch ?? 0, stopReason: stopReason,
      seconds: restoredSeconds + Date().timeIntervalSince(start))
  }

  /// Whether a run whose last report is `last` ended there by early stopping (a resumed run then
  /// trains no further epoch). A pruned run is not resumed: its caller decides again.
  static func shouldEnd(after last: EpochReport, best: (epoch: Int, score: Double, state: [String: Tensor])?, options: TrainingOptions) -> Bool {
    guard let patience = options.patience, let best else { return false }
    return last.epoch - best.epoch >= patience
  }

  /// Puts the state of `saved` into `model` and `optimizer`.
  static func restore(_ saved: TrainingCheckpoint, into model: some SequentialRecommender, optimizer: Adam, path: String) throws(TrainingError) {
    let parameters = model.parameters()
    guard saved.moments.count == parameters.count else {
      throw .checkpoint(path: path, reason: "it holds Adam's state of \(saved.moments.count) parameters, the model has \(parameters.count)")
    }
    for (parameter, entry) in zip(parameters, saved.moments) {
      if let entry, entry.m.shape != parameter.shape || entry.v.shape != parameter.shape {
        throw .checkpoint(path: path, reason: "Adam's state has shape \(entry.m.shape) for a parameter of shape \(parameter.shape)")
      }
    }
    do {
      try model.load(saved.model)
    } catch {
      throw .checkpoint(path: path, reason: "its weights do not fit the model: \(error)")
    }
    optimizer.restore(saved.moments, of: parameters)
    for (name, layer) in model.stochasticLayers() {
      guard let position = saved.generators[name] else {
        throw .checkpoint(path: path, reason: "the random stream of layer \(name.isEmpty ? "(the model)" : name) is missing")
      }
      layer.generator = PhiloxGenerator(seed: layer.generator.seed, stream: layer.generator.stream, position: position)
    }
  }
}
