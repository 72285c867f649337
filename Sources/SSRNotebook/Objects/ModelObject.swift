import SSREval
import SSRModels
import SSRNN
import SSRTensor

/// A recommender in a notebook: built by `model(…)`, trained by `train(…)`.
final class ModelObject: NotebookObject {
  /// The model's kind, e.g. `sasrec`.
  let kind: String
  let model: any SequentialRecommender
  let config: ModelConfig
  let spiking: SpikingConfig?
  /// The dataset it was built for.
  let datasetName: String
  /// The training run, once trained.
  var training: TrainingResult?
  var trainingSeconds: Double = 0

  init(kind: String, model: any SequentialRecommender, config: ModelConfig, spiking: SpikingConfig?, datasetName: String) {
    self.kind = kind
    self.model = model
    self.config = config
    self.spiking = spiking
    self.datasetName = datasetName
  }

  var typeName: String { "Model" }

  var parameterCount: Int { model.parameterCount }

  func render(style: RenderStyle) -> String {
    var text = "\(model.name) for \(datasetName): \(parameterCount) parameters, D \(config.embeddingSize)"
    if let spiking { text += ", T \(spiking.timeSteps), τ \(NumberFormat.significant(Double(spiking.tau), digits: 3))" }
    guard let training, let best = training.history.first(where: { $0.epoch == training.bestEpoch }) else {
      return text + " (untrained)"
    }
    let metrics = best.metrics.named.map { "\($0.0) \(NumberFormat.significant($0.1, digits: 4))" }.joined(separator: ", ")
    return text + "\ntrained \(training.history.count) epoch(s) (\(training.stopReason.rawValue)); best epoch \(training.bestEpoch): \(metrics)"
  }

  var memberNames: [String] { ["name", "parameters", "history", "bestEpoch", "config"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "name": return .string(model.name)
    case "parameters": return .int(parameterCount)
    case "bestEpoch": return .int(training?.bestEpoch ?? 0)
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
