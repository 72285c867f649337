import Foundation
import SSRCore
import SSRData
import SSREval
import SSRModels
import SSRNN
import SSRTensor

/// `model`, `train`, `evaluate`, `compare`, `saveModel`, `loadModel`: the recommenders in notebooks.
enum ModelBuiltins {
  static var all: [Builtin] { [model, train, evaluate, compare, saveModel, loadModel] }

  /// Hyperparameters of the models (defaults: the reference's).
  static var modelParameters: [BuiltinParameter] {
    [
      .labeled("embeddingSize", .int, default: .int(64), doc: "embedding and hidden width D"),
      .labeled("layers", .int, default: .int(2), doc: "stacked blocks (SASRec, FMLP-Rec, SFSRec)"),
      .labeled("heads", .int, default: .int(2), doc: "attention heads (SASRec, SFSRec)"),
      .labeled("dropout", .double, default: .double(0.3), doc: "dropout probability"),
      .labeled("innerSize", .int, default: .int(256), doc: "feed-forward width of SASRec and SFSRec"),
      .labeled("seed", .int, optional: true, doc: "seed of the initial weights (default: from the cell's seed)"),
      .labeled("T", .int, default: .int(4), doc: "spiking time steps"),
      .labeled("tau", .double, default: .double(2), doc: "membrane time constant τ of the LIF neurons"),
      .labeled("threshold", .double, default: .double(1), doc: "firing threshold V_th"),
      .labeled("surrogate", .symbol(choices: ["sigmoid", "atan", "erf"]), optional: true, doc: "override every neuron's surrogate gradient"),
      .labeled("reset", .symbol(choices: ["hard", "soft"]), optional: true, doc: "override every neuron's reset mode"),
    ]
  }

  /// Options of training.
  static var trainingParameters: [BuiltinParameter] {
    [
      .labeled("epochs", .int, default: .int(25), doc: "passes over the training samples"),
      .labeled("batchSize", .int, default: .int(128), doc: "samples per step"),
      .labeled("lr", .double, default: .double(1e-3), doc: "Adam's learning rate"),
      .labeled("weightDecay", .double, default: .double(1e-4), doc: "L2 added to the gradient (PyTorch's Adam)"),
      .labeled("cosine", .bool, default: .bool(false), doc: "cosine-annealed learning rate per epoch"),
      .labeled("patience", .int, optional: true, doc: "stop after this many epochs without improvement"),
      .labeled("protocol", .symbol(choices: ["validation", "paper"]), default: .symbol("validation"), doc: "select the best epoch on the validation part, or on test as the reference does"),
      .labeled("metric", .symbol(choices: []), default: .symbol("mrr10"), doc: "the metric that selects the best epoch"),
      .labeled("k", .oneOf([.int, .list(.int)]), default: .int(10), doc: "cut-off(s) of the metrics"),
      .labeled("maxSamples", .int, optional: true, doc: "at most this many training samples per epoch (quick runs)"),
    ]
  }

  static func split(_ call: BuiltinCall, _ parameter: String) throws(BuiltinError) -> DatasetSplit {
    guard case .object(let object) = try call.required(parameter) else { throw BuiltinError("expected a Split", parameter: parameter) }
    if let split = object as? SplitObject { return split.split }
    if let part = object as? SplitPartObject { return part.split }
    throw BuiltinError(
      "expected a Split, found \(object.typeName)", parameter: parameter, help: "split the dataset first: ds |> split(.timeRatio, test: 0.2, valid: 0.1)")
  }

  static func cutoffs(_ call: BuiltinCall) throws(BuiltinError) -> [Int] {
    let values: [Int]
    switch call.value("k") ?? .int(10) {
    case .int(let k): values = [k]
    case .list(let list): values = list.compactMap { if case .int(let k) = $0 { return k } else { return nil } }
    default: values = [10]
    }
    guard !values.isEmpty, values.allSatisfy({ $0 >= 1 }) else { throw BuiltinError("cut-offs must be positive", parameter: "k") }
    return values
  }

  /// Builds a model by name for a split's dataset.
  static func build(_ name: String, split: DatasetSplit, call: BuiltinCall) throws(BuiltinError) -> ModelObject {
    var config = ModelConfig(itemCount: split.dataset.itemCount)
    config.maxLen = split.dataset.maxLen
    config.embeddingSize = try call.int("embeddingSize") ?? 64
    config.layers = try call.int("layers") ?? 2
    config.heads = try call.int("heads") ?? 2
    config.dropout = Float(try call.double("dropout") ?? 0.3)
    config.innerSize = try call.int("innerSize") ?? 256
    config.seed = try call.int("seed").map { UInt64(bitPattern: Int64($0)) } ?? call.context.random.next()
    guard (1...4096).contains(config.embeddingSize) else { throw BuiltinError("embeddingSize must be 1...4096", parameter: "embeddingSize") }
    guard (1...16).contains(config.layers) else { throw BuiltinError("layers must be 1...16", parameter: "layers") }
    guard config.heads >= 1, config.embeddingSize % config.heads == 0 else {
      throw BuiltinError("embeddingSize \(config.embeddingSize) must be divisible by heads \(config.heads)", parameter: "heads")
    }
    guard config.dropout >= 0 && config.dropout < 1 else { throw BuiltinError("dropout must be in [0, 1)", parameter: "dropout") }
    guard (1...65536).contains(config.innerSize) else { throw BuiltinError("innerSize must be 1...65536", parameter: "innerSize") }
    var spiking = SpikingConfig()
    spiking.timeSteps = try call.int("T") ?? 4
    spiking.tau = Float(try call.double("tau") ?? 2)
    spiking.threshold = Float(try call.double("threshold") ?? 1)
    guard (1...64).contains(spiking.timeSteps) else { throw BuiltinError("T must be 1...64", parameter: "T") }
    guard spiking.tau > 1 else { throw BuiltinError("tau must be greater than 1", parameter: "tau") }
    guard spiking.threshold > 0 else { throw BuiltinError("threshold must be positive", parameter: "threshold") }
    switch try call.symbol("surrogate") {
    case "sigmoid": spiking.surrogate = .sigmoid()
    case "atan": spiking.surrogate = .atan()
    case "erf": spiking.surrogate = .erf()
    default: break
    }
    switch try call.symbol("reset") {
    case "hard": spiking.reset = .hard()
    case "soft": spiking.reset = .soft
    default: break
    }
    if name == "popularity" {
      var targets: [Int32] = []
      if let batches = try? split.evaluationBatches(.train, batchSize: 1024) {
        for batch in batches { targets += batch.targets }
      }
      return ModelObject(
        kind: name, model: Popularity(itemCount: split.dataset.itemCount, targets: targets), config: config, spiking: nil,
        datasetName: split.dataset.name)
    }
    if let make = ModelCatalog.ann[name] {
      return ModelObject(kind: name, model: make(config), config: config, spiking: nil, datasetName: split.dataset.name)
    }
    if let make = ModelCatalog.snn[name] {
      return ModelObject(kind: name, model: make(config, spiking), config: config, spiking: spiking, datasetName: split.dataset.name)
    }
    throw BuiltinError(
      "unknown model .\(name)", help: Suggestions.didYouMean(name, among: ModelCatalog.names).map { $0.replacingOccurrences(of: "`", with: "`.").replacingOccurrences(of: "`..", with: "`.") }
        ?? "the models are \(ModelCatalog.names.map { ".\($0)" }.joined(separator: ", "))")
  }

  static var model: Builtin {
    Builtin(
      name: "model", category: "Models",
      parameters: [
        .positional("name", .symbol(choices: []), doc: "the model: \(ModelCatalog.names.map { ".\($0)" }.joined(separator: ", "))"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split whose items the model scores"),
      ] + modelParameters,
      summary: "Builds an untrained model by name, with the reference hyperparameters unless overridden.",
      discussion: """
          let m = model(.sasrec, on: ds, embeddingSize: 32, layers: 1)
          let s = model(.sfsrec, on: ds, T: 8, surrogate: .atan)
        Spiking settings (T, tau, threshold, surrogate, reset) only affect spiking models.
        """
    ) { call in
      .object(try build(try call.symbol("name") ?? "", split: try split(call, "on"), call: call))
    }
  }

  static var train: Builtin {
    Builtin(
      name: "train", category: "Models",
      parameters: [
        .positional("model", .oneOf([.symbol(choices: []), .object("Model")]), doc: "a model, or a model name to build one"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split to train and select on"),
      ] + trainingParameters + modelParameters,
      summary: "Trains a model with full-softmax cross-entropy and Adam; keeps the best epoch's weights.",
      discussion: """
          let m = train(.sasrec, on: ds, epochs: 10)
          let m2 = model(.gru4rec, on: ds) |> train(on: ds, epochs: 5, lr: 0.002)
          plot(m.history, x: .epoch, y: [.loss])
        Progress goes to the terminal (a bar on a TTY, one line per epoch otherwise), not into the
        notebook's output. Ctrl-C stops training and keeps the best model so far. The result is the
        trained model; `m.history` has one record per epoch.
        """
    ) { call in
      let split = try split(call, "on")
      let object: ModelObject
      switch try call.required("model") {
      case .symbol(let name): object = try build(name, split: split, call: call)
      case .object(let existing as ModelObject): object = existing
      default: throw BuiltinError("expected a model", parameter: "model")
      }
      if object.kind == "popularity" { return .object(object) }
      var options = TrainingOptions()
      options.epochs = try call.int("epochs") ?? 25
      options.batchSize = try call.int("batchSize") ?? 128
      options.learningRate = Float(try call.double("lr") ?? 1e-3)
      options.weightDecay = Float(try call.double("weightDecay") ?? 1e-4)
      options.cosineSchedule = try call.bool("cosine") ?? false
      options.patience = try call.int("patience")
      options.selection = try call.symbol("protocol") == "paper" ? .paper : .validation
      options.selectionMetric = try call.symbol("metric") ?? "mrr10"
      options.cutoffs = try cutoffs(call)
      options.maxSamplesPerEpoch = try call.int("maxSamples")
      options.seed = call.context.random.next()
      guard (1...10_000).contains(options.epochs) else { throw BuiltinError("epochs must be 1...10000", parameter: "epochs") }
      guard (1...65536).contains(options.batchSize) else { throw BuiltinError("batchSize must be 1...65536", parameter: "batchSize") }
      guard options.learningRate > 0 && options.learningRate.isFinite else { throw BuiltinError("lr must be positive", parameter: "lr") }
      let progress = TrainingProgress(name: object.model.name, epochs: options.epochs, enabled: call.context.showsProgress)
      let start = Date()
      do {
        object.training = try Trainer.fit(
          object.model, on: split, options: options, onEpoch: progress.epochFinished, onBatch: progress.batchFinished)
      } catch let error as TrainingError {
        progress.finish()
        throw BuiltinError(error.description)
      } catch let error as DataError {
        progress.finish()
        throw BuiltinError(error.description)
      }
      progress.finish()
      object.trainingSeconds = Date().timeIntervalSince(start)
      if object.training?.stopReason == .interrupted {
        call.context.emit(.text("training interrupted; the model keeps the weights of its best epoch so far"))
      }
      return .object(object)
    }
  }

  static func metricsRecord(_ name: String, _ metrics: RankingMetrics) -> [(String, Value)] {
    [("model", .string(name))] + metrics.named.map { ($0.0, .double($0.1)) } + [("samples", .int(metrics.count))]
  }

  static var evaluate: Builtin {
    Builtin(
      name: "evaluate", category: "Models",
      parameters: [
        .positional("model", .object("Model"), doc: "a model"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "a split (its test part) or a part such as ds.valid"),
        .labeled("k", .oneOf([.int, .list(.int)]), default: .int(10), doc: "cut-off(s)"),
        .labeled("excludeHistory", .bool, default: .bool(false), doc: "items of the history do not compete with the target"),
      ],
      summary: "Full-ranking HR, NDCG and MRR at k over all items (exact mean over samples).",
      discussion: """
          evaluate(m, on: ds)                       // the test part
          evaluate(m, on: ds.valid, k: [5, 10, 20])
        Ranks count items scored strictly higher than the target, so ties favour the target;
        padding is never ranked.
        """
    ) { call in
      guard case .object(let object as ModelObject) = try call.required("model") else { throw BuiltinError("expected a Model") }
      var part = SplitPart.test
      if case .object(let given as SplitPartObject) = call.value("on") { part = given.part }
      let metrics: RankingMetrics
      do {
        metrics = try Evaluator.evaluate(
          object.model, on: try split(call, "on"), part: part, cutoffs: try cutoffs(call),
          excludeHistory: try call.bool("excludeHistory") ?? false)
      } catch is Interrupted {
        throw BuiltinError("evaluation interrupted")
      } catch let error as DataError {
        throw BuiltinError(error.description)
      }
      return .record(Record(metricsRecord(object.model.name, metrics)))
    }
  }

  static var compare: Builtin {
    Builtin(
      name: "compare", category: "Models",
      parameters: [
        .variadic("models", .symbol(choices: []), doc: "model names, e.g. .sasrec, .sfsrec"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split"),
      ] + trainingParameters + modelParameters + EnergyBuiltins.energyParameters,
      summary: "Trains several models with the same hyperparameters; one row each: test metrics, energy, saving, time.",
      discussion: """
          compare(.sasrec, .sfsrec, on: ds, epochs: 5)
          compare(.popularity, .gru4rec, .sgru4rec, on: ds)
        Each model is trained as `train` does and evaluated on the test part. `energy` is the
        estimated energy per inference (µJ); for a spiking model whose ANN twin is in the same call,
        `saving` is its energy saving over the modified components (the paper's comparison) and
        `savingWhole` over the whole model including the scoring product, in percent. `seconds` is
        the training time.
        """
    ) { call in
      let names = call.variadic.compactMap { if case .symbol(let s) = $0 { return s } else { return nil } }
      guard !names.isEmpty else { throw BuiltinError("name at least one model, e.g. compare(.sasrec, .gru4rec, on: ds)") }
      let split = try split(call, "on")
      var trained: [(name: String, object: ModelObject, metrics: RankingMetrics, report: EnergyReport?)] = []
      for name in names {
        var arguments = call.arguments
        arguments["model"] = .symbol(name)
        var inner = BuiltinCall(builtin: train, arguments: arguments, variadic: [], context: call.context)
        guard case .object(let object as ModelObject) = try train.body(&inner) else { continue }
        let metrics: RankingMetrics
        do {
          metrics = try Evaluator.evaluate(object.model, on: split, part: .test, cutoffs: try cutoffs(call))
        } catch {
          throw BuiltinError("evaluating \(object.model.name) failed: \(error)")
        }
        let report = name == "popularity" ? nil : try EnergyBuiltins.report(object, split: split, call: call)
        trained.append((name, object, metrics, report))
      }
      return .list(
        trained.map { entry in
          var fields = metricsRecord(entry.object.model.name, entry.metrics)
          fields.removeLast()  // samples
          fields.append(("energy", entry.report.map { .double($0.total / 1e6) } ?? .nothing))
          var saving: Value = .nothing
          var savingWhole: Value = .nothing
          if let twin = ModelCatalog.twins.first(where: { $0.value == entry.name })?.key,
            let annReport = trained.first(where: { $0.name == twin })?.report, let snnReport = entry.report,
            let result = try? EnergySaving(ann: annReport, snn: snnReport)
          {
            saving = .double(result.modified * 100)
            savingWhole = .double(result.wholeModel * 100)
          }
          fields += [
            ("saving", saving), ("savingWhole", savingWhole), ("epochs", .int(entry.object.training?.history.count ?? 0)),
            ("seconds", .double(entry.object.trainingSeconds)),
          ]
          return .record(Record(fields))
        })
    }
  }

  static var saveModel: Builtin {
    Builtin(
      name: "saveModel", category: "Models",
      parameters: [
        .positional("model", .object("Model"), doc: "a model"),
        .positional("path", .string, doc: "a .safetensors file, relative to the notebook's folder"),
      ],
      summary: "Writes a model's weights as a safetensors file (atomically; PyTorch can read it).",
      discussion: "  saveModel(m, \"checkpoints/sasrec.safetensors\")"
    ) { call in
      guard case .object(let object as ModelObject) = try call.required("model") else { throw BuiltinError("expected a Model") }
      let path = try call.string("path") ?? ""
      let metadata = ["model": object.kind, "dataset": object.datasetName, "embeddingSize": String(object.config.embeddingSize)]
      do throws(TensorError) {
        try SafeTensors.write(object.model.stateDictionary(), metadata: metadata, to: call.context.resolve(path: path))
      } catch {
        throw BuiltinError(error.description, parameter: "path")
      }
      call.context.emit(.text("wrote \(object.model.stateDictionary().count) tensors to \(path)"))
      return .nothing
    }
  }

  static var loadModel: Builtin {
    Builtin(
      name: "loadModel", category: "Models",
      parameters: [
        .positional("path", .string, doc: "a .safetensors file written by saveModel"),
        .labeled("model", .symbol(choices: []), doc: "the model's kind, e.g. .sasrec"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split it was trained for"),
      ] + modelParameters,
      summary: "Builds a model and loads its weights from a safetensors file.",
      discussion: "  let m = loadModel(\"checkpoints/sasrec.safetensors\", model: .sasrec, on: ds)"
    ) { call in
      let object = try build(try call.symbol("model") ?? "", split: try split(call, "on"), call: call)
      let path = try call.string("path") ?? ""
      do throws(TensorError) {
        let (tensors, _) = try SafeTensors.read(from: call.context.resolve(path: path))
        try object.model.load(tensors)
      } catch {
        throw BuiltinError("\(error.description); the file must come from saveModel with the same model and hyperparameters", parameter: "path")
      }
      return .object(object)
    }
  }
}

/// Shows training progress on standard error: a redrawn bar on a terminal, one line per epoch
/// otherwise. Nothing goes into the notebook's outputs (timings vary from run to run).
final class TrainingProgress {
  let name: String
  let epochs: Int
  let isTerminal = isatty(STDERR_FILENO) == 1
  let enabled: Bool
  var lastDraw = Date.distantPast
  var epochStart = Date()
  var currentEpoch = 1

  init(name: String, epochs: Int, enabled: Bool) {
    self.name = name
    self.epochs = epochs
    self.enabled = enabled
  }

  func batchFinished(done: Int, total: Int, loss: Float) {
    if done == 1 { epochStart = Date() }
    guard isTerminal, Date().timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
    lastDraw = Date()
    let fraction = Double(done) / Double(max(total, 1))
    let width = 24
    let filled = Int(fraction * Double(width))
    let elapsed = Date().timeIntervalSince(epochStart)
    let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    write("\r\u{1B}[K\(name) epoch \(currentEpoch)/\(epochs) \(bar) \(Int(fraction * 100))% loss \(String(format: "%.4f", loss)) ETA \(Int(eta))s")
  }

  func epochFinished(_ report: EpochReport) {
    currentEpoch = report.epoch + 1
    let metrics = report.metrics.named.map { "\($0.0) \(String(format: "%.4f", $0.1))" }.joined(separator: " ")
    let line = "\(name) epoch \(report.epoch)/\(epochs) loss \(String(format: "%.4f", report.loss)) \(metrics) "
      + "\(Int(report.samplesPerSecond)) samples/s \(String(format: "%.1f", report.seconds))s\(report.isBest ? " *" : "")"
    write((isTerminal ? "\r\u{1B}[K" : "") + line + "\n")
  }

  func finish() {
    if isTerminal { write("\r\u{1B}[K") }
  }

  private func write(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data(text.utf8))
  }
}
