import Foundation
import SSRCore
import SSRData
import SSREval
import SSRModels
import SSRNN
import SSRRuns
import SSRTensor

/// `model`, `train`, `evaluate` (and `compare`, `saveModel`, `loadModel` in their own files): the
/// recommenders in notebooks.
enum ModelBuiltins {
  static var all: [Builtin] { [model, train, evaluate, compare, saveModel, loadModel, exportModel] }

  static func split(_ call: BuiltinCall, _ parameter: String) throws(BuiltinError) -> DatasetSplit {
    guard case .object(let object) = try call.required(parameter) else { throw BuiltinError("expected a Split", parameter: parameter) }
    if let split = object as? SplitObject { return split.split }
    if let part = object as? SplitPartObject { return part.split }
    throw BuiltinError(
      "expected a Split, found \(object.typeName)", parameter: parameter, help: "split the dataset first: ds |> split(.timeRatio, test: 0.2, valid: 0.1)")
  }

  /// Builds a model by name for a split's dataset, with the call's model and spiking arguments.
  static func build(_ name: String, split: DatasetSplit, call: BuiltinCall) throws(BuiltinError) -> ModelObject {
    try build(name, split: split, arguments: call.bound, context: call.context)
  }

  /// The registry entry of a model name, or an error with the close names.
  static func spec(_ name: String, context: EvaluationContext) throws(BuiltinError) -> ModelSpec {
    do throws(UnknownModelError) {
      return try context.models.resolve(name)
    } catch {
      throw BuiltinError(
        "unknown model .\(name)",
        help: Suggestions.didYouMean(name, among: error.known).map {
          $0.replacingOccurrences(of: "`", with: "`.").replacingOccurrences(of: "`..", with: "`.")
        } ?? "the models are \(error.known.map { ".\($0)" }.joined(separator: ", "))")
    }
  }

  /// Builds a model by name for a split's dataset from model and spiking arguments (a call's, or a
  /// tuning trial's); an omitted `seed:` is drawn from the cell's stream.
  static func build(_ name: String, split: DatasetSplit, arguments: BoundArguments, context: EvaluationContext) throws(BuiltinError)
    -> ModelObject
  {
    let spec = try spec(name, context: context)
    let (config, spiking) = try ModelArguments.configurations(arguments, split: split) { context.random.next() }
    let (features, fusion) = try FusionArguments.read(arguments, split: split, width: config.embeddingSize)
    var modelContext = ModelContext(config: config, spiking: spiking, features: spec.family == .baseline ? nil : features, fusion: fusion)
    if spec.family == .baseline, let batches = try? split.evaluationBatches(.train, batchSize: 1024) {
      for batch in batches { modelContext.trainingTargets += batch.targets }
    }
    return ModelObject(spec: spec, context: modelContext, model: spec.make(modelContext), split: split)
  }

  /// Trains a built model with the call's training options, unless it is a baseline (whose
  /// options are then not read, so the cell's random stream is not drawn from).
  static func fit(_ object: ModelObject, on split: DatasetSplit, call: BuiltinCall, kind: RunKind = .train) throws {
    guard object.spec.isTrainable else { return }
    try fit(object, on: split, options: try ModelArguments.trainingOptions(call), context: call.context, kind: kind)
  }

  /// Trains a built model as `train` does (progress on standard error, interruption kept), and
  /// records the run in the session's run registry as a run of `kind`.
  ///
  /// - Throws: ``BuiltinError`` for training and data problems; an interruption as it came.
  static func fit(
    _ object: ModelObject, on split: DatasetSplit, options: TrainingOptions, context: EvaluationContext, kind: RunKind = .train,
    parameters: String? = nil
  ) throws {
    let progress = TrainingProgress(
      name: object.model.name, epochs: options.epochs, batchSize: options.batchSize, enabled: context.showsProgress)
    let start = Date()
    let run = context.runs?.begin(kind, object, options: options, parameters: parameters)
    object.runID = run
    func failed(_ state: RunState, _ message: String?) {
      progress.finish()
      object.trainingSeconds = Date().timeIntervalSince(start)
      context.runs?.finishTraining(run, object, state: state, error: message)
    }
    do {
      object.trainingOptions = options
      object.training = try Trainer.fit(
        object.model, on: split, options: options,
        onEpoch: { report in
          progress.epochFinished(report)
          context.runs?.epoch(run, report)
        }, onBatch: progress.batchFinished)
    } catch let error as TrainingError {
      failed(.failed, error.description)
      throw BuiltinError(error.description)
    } catch let error as DataError {
      failed(.failed, error.description)
      throw BuiltinError(error.description)
    } catch {
      failed(error is Interrupted ? .interrupted : .failed, "\(error)")
      throw error
    }
    progress.finish()
    object.trainingSeconds = Date().timeIntervalSince(start)
    context.runs?.finishTraining(run, object, state: object.training?.stopReason == .interrupted ? .interrupted : .complete)
    if let training = object.training, training.stopReason == .interrupted {
      context.noteEarlyStop()
      if training.bestEpoch > 0 {
        context.emit(.text(
          "training interrupted after \(training.history.count) epoch(s); the model keeps the weights of epoch \(training.bestEpoch), the best so far"))
      } else {
        context.emit(.text("training interrupted before its first epoch ended; the model is untrained"))
      }
    }
  }

  static var model: Builtin {
    Builtin(
      name: "model", category: "Models",
      parameters: [
        .positional("name", .symbol(choices: []), doc: "the model: \(ModelRegistry.standard.names.map { ".\($0)" }.joined(separator: ", "))"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split whose items the model scores"),
      ] + ModelArguments.modelParameters + FusionArguments.parameters,
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
      ] + ModelArguments.trainingParameters + ModelArguments.modelParameters + FusionArguments.parameters + [ModelArguments.withParameter],
      summary: "Trains a model with full-softmax cross-entropy and Adam; keeps the best epoch's weights.",
      discussion: """
          let m = train(.sasrec, on: ds, epochs: 10)
          let m2 = model(.gru4rec, on: ds) |> train(on: ds, epochs: 5, lr: 0.002)
          let best = train(.sasrec, on: ds, with: t.best, epochs: 20)   // a tuning study's best options
          plot(m.history, x: .epoch, y: [.loss])
          let f = extractFeatures(ds, text: "models/all-MiniLM-L6-v2")
          let s = train(.sfsrec, on: parts, features: f, sideInfo: [.text], fusion: .gated)
        With features:, each input item's ID embedding is fused with its projected side features
        (fusion: .sum, .concat or .gated; projection: .linear or .mlp); items without a feature get a
        learned "missing" vector; the features stay frozen, the projection is trained.
        Progress goes to the terminal (a bar on a TTY, one line per epoch otherwise), not into the
        notebook's output. Ctrl-C stops training and keeps the best model so far. The result is the
        trained model; `m.history` has one record per epoch.
        """
    ) { call in
      let split = try split(call, "on")
      let arguments = try ModelArguments.mergingWith(call)
      let object: ModelObject
      switch try call.required("model") {
      case .symbol(let name): object = try build(name, split: split, arguments: arguments, context: call.context)
      case .object(let existing as ModelObject):
        if let given = FusionArguments.parameters.map(\.name).first(where: { arguments.value($0) != nil }) {
          throw BuiltinError(
            "\(given): is read when train builds the model, not for a model built already", parameter: given,
            help: "give it to model(…), or train by name: train(.sasrec, on: ds, \(given): …)")
        }
        object = existing
      default: throw BuiltinError("expected a model", parameter: "model")
      }
      guard object.spec.isTrainable else { return .object(object) }
      try fit(object, on: split, options: try ModelArguments.trainingOptions(arguments, seed: call.context.random.next()), context: call.context)
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
        ModelArguments.cutoffParameter(TrainingOptions.defaults.cutoffs),
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
      let start = Date()
      do {
        metrics = try Evaluator.evaluate(
          object.model, on: try split(call, "on"), part: part, cutoffs: try ModelArguments.cutoffs(call),
          excludeHistory: try call.bool("excludeHistory") ?? false)
        call.context.runs?.evaluation(object, metrics: metrics, part: part, seconds: Date().timeIntervalSince(start))
      } catch is Interrupted {
        throw BuiltinError("evaluation interrupted")
      } catch let error as DataError {
        throw BuiltinError(error.description)
      }
      return .record(Record(metricsRecord(object.model.name, metrics)))
    }
  }
}
