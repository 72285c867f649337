import SSRData
import SSREval
import SSRModels
import SSRNN
import SSRTensor

/// A recommender in a notebook: built by `model(…)`, trained by `train(…)`.
final class ModelObject: NotebookObject {
  /// The registry entry it was built from.
  let spec: ModelSpec
  /// What it was built for: its configuration and spiking settings.
  let context: ModelContext
  let model: any SequentialRecommender
  /// The split it was built for (nil for a model read from a checkpoint).
  let split: DatasetSplit?
  /// The training run, once trained.
  var training: TrainingResult?
  /// The options of that run.
  var trainingOptions: TrainingOptions?
  var trainingSeconds: Double = 0
  /// The run registry's id of its training run, when it was recorded.
  var runID: Int64?
  private var identity: DatasetIdentity?

  /// A model built for `split`.
  init(spec: ModelSpec, context: ModelContext, model: any SequentialRecommender, split: DatasetSplit) {
    self.spec = spec
    self.context = context
    self.model = model
    self.split = split
  }

  /// A model read from a checkpoint, with its training record.
  init(checkpoint: Checkpoint) {
    spec = checkpoint.spec
    context = checkpoint.context
    model = checkpoint.model
    split = nil
    identity = checkpoint.description.dataset
    training = checkpoint.description.training?.result
    trainingOptions = checkpoint.description.training?.options
  }

  /// The data it was built for (a split is hashed once, when first asked).
  var dataset: DatasetIdentity {
    if let identity { return identity }
    // Built for a split (a checkpoint's model has its identity from the start).
    guard let split else { preconditionFailure("a model has a split or a dataset identity") }
    let computed = split.identity
    identity = computed
    return computed
  }

  /// The dataset's name.
  var datasetName: String { split?.dataset.name ?? dataset.name }

  /// The description that rebuilds this model from a checkpoint.
  var checkpointDescription: CheckpointDescription {
    CheckpointDescription(
      model: spec.name, config: context.config, spiking: context.spiking, dataset: dataset,
      training: trainingOptions.flatMap { options in training.map { TrainingRecord(options: options, result: $0) } })
  }

  /// The model's registry name, e.g. `sasrec`.
  var kind: String { spec.name }
  var config: ModelConfig { context.config }
  /// The spiking settings of a spiking model (nil for the others).
  var spiking: SpikingConfig? { spec.family == .snn ? context.spiking : nil }

  var typeName: String { "Model" }

  var parameterCount: Int { model.parameterCount }

  func render(style: RenderStyle) -> String {
    var text = "\(model.name) for \(datasetName): \(parameterCount) parameters, D \(config.embeddingSize)"
    if let spiking { text += ", T \(spiking.timeSteps), τ \(NumberFormat.significant(Double(spiking.tau), digits: 3))" }
    if let features = context.features, !features.modalities.isEmpty {
      let fusion = context.fusion
      text += ", side features " + features.modalities.map { ".\($0.modality)" }.joined(separator: " + ")
        + " (\(fusion.projection), \(fusion.combination)\(fusion.fusesScoring ? ", fused scoring" : ""))"
    }
    guard let training, let best = training.history.first(where: { $0.epoch == training.bestEpoch }) else {
      return text + " (untrained)"
    }
    let metrics = best.metrics.named.map { "\($0.0) \(NumberFormat.significant($0.1, digits: 4))" }.joined(separator: ", ")
    return text + "\ntrained \(training.history.count) epoch(s) (\(training.stopReason.rawValue)); best epoch \(training.bestEpoch): \(metrics)"
  }

  var memberNames: [String] { ["name", "parameters", "history", "bestEpoch", "config", "seconds", "trainingSeconds"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "name": return .string(model.name)
    case "parameters": return .int(parameterCount)
    case "bestEpoch": return .int(training?.bestEpoch ?? 0)
    case "seconds": return .double(training?.seconds ?? 0)
    case "trainingSeconds": return .double(training?.history.reduce(0) { $0 + $1.trainingSeconds } ?? 0)
    case "history":
      return .list((training?.history ?? []).map { report in
        var fields: [(String, Value)] = [("epoch", .int(report.epoch)), ("loss", .double(report.loss))]
        fields += report.metrics.named.map { ($0.0, .double($0.1)) }
        return .record(Record(fields))
      })
    case "config":
      var fields: [(String, Value)] = [
        ("embeddingSize", .int(config.embeddingSize)), ("layers", .int(config.layers)), ("heads", .int(config.heads)),
        ("dropout", .double(Double(config.dropout))), ("maxLen", .int(config.maxLen)),
      ]
      if let spiking {
        fields += [("T", .int(spiking.timeSteps)), ("tau", .double(Double(spiking.tau))), ("threshold", .double(Double(spiking.threshold)))]
      }
      return .record(Record(fields))
    default: return nil
    }
  }
}
