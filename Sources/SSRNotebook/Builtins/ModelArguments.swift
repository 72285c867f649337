import SSRData
import SSREval
import SSRModels
import SSRNN

/// The model, spiking and training arguments shared by `model`, `train`, `compare` and
/// `loadModel`: declared from the library's defaults and read through the same initialisers.
enum ModelArguments {
  /// Hyperparameters of the models (defaults: ``ModelConfig/defaults``, the reference's).
  static var model: [ConfigArgument<ModelConfig>] {
    let d = ModelConfig.defaults
    return [
      .int("embeddingSize", \.embeddingSize, defaults: d, doc: "embedding and hidden width D"),
      .int("layers", \.layers, defaults: d, doc: "stacked blocks (SASRec, FMLP-Rec, SFSRec)"),
      .int("heads", \.heads, defaults: d, doc: "attention heads (SASRec, SFSRec)"),
      .float("dropout", \.dropout, defaults: d, doc: "dropout probability"),
      .int("innerSize", \.innerSize, defaults: d, doc: "feed-forward width of SASRec and SFSRec"),
    ]
  }

  /// Settings of the spiking models (defaults: ``SpikingConfig/defaults``).
  static var spiking: [ConfigArgument<SpikingConfig>] {
    let d = SpikingConfig.defaults
    return [
      .int("T", \.timeSteps, defaults: d, doc: "spiking time steps"),
      .float("tau", \.tau, defaults: d, doc: "membrane time constant τ of the LIF neurons"),
      .float("threshold", \.threshold, defaults: d, doc: "firing threshold V_th"),
      .choice(
        "surrogate", \.surrogate, ["sigmoid": .sigmoid(), "atan": .atan(), "erf": .erf()], defaults: d,
        doc: "override every neuron's surrogate gradient"),
      .choice("reset", \.reset, ["hard": .hard(), "soft": .soft], defaults: d, doc: "override every neuron's reset mode"),
    ]
  }

  /// Options of training (defaults: ``TrainingOptions/defaults``).
  static var training: [ConfigArgument<TrainingOptions>] {
    let d = TrainingOptions.defaults
    return [
      .int("epochs", \.epochs, defaults: d, doc: "passes over the training samples"),
      .int("batchSize", \.batchSize, defaults: d, doc: "samples per step"),
      .float("lr", \.learningRate, defaults: d, doc: "Adam's learning rate"),
      .float("weightDecay", \.weightDecay, defaults: d, doc: "L2 added to the gradient (PyTorch's Adam)"),
      .bool("cosine", \.cosineSchedule, defaults: d, doc: "cosine-annealed learning rate per epoch"),
      .int("patience", \.patience, doc: "stop after this many epochs without improvement"),
      .choice(
        "protocol", \.selection, ["validation": .validation, "paper": .paper], defaults: d,
        doc: "select the best epoch on the validation part, or on test as the reference does"),
      ConfigArgument(
        parameter: .labeled("metric", .symbol(choices: []), default: .symbol(d.selectionMetric), doc: "the metric that selects the best epoch")
      ) { arguments, options throws(BuiltinError) in
        if let metric = try arguments.symbol("metric") { options.selectionMetric = metric }
      },
      ConfigArgument(parameter: cutoffParameter(d.cutoffs)) { arguments, options throws(BuiltinError) in
        options.cutoffs = try cutoffs(arguments)
      },
      .int("maxSamples", \.maxSamplesPerEpoch, doc: "at most this many training samples per epoch (quick runs)"),
      .choice(
        "samples", \.samples, ["perSample": .perSample, "allPositions": .allPositions], defaults: d,
        doc: "one prediction per sample (the paper), or at every position of windows (GRU4Rec, SASRec, SGRU4Rec; batchSize counts windows)"),
    ]
  }

  /// The declarations of ``model`` and ``spiking`` and the weight seed.
  static var modelParameters: [BuiltinParameter] {
    model.map(\.parameter)
      + [.labeled("seed", .int, optional: true, doc: "seed of the initial weights (default: from the cell's seed)")]
      + spiking.map(\.parameter)
  }

  /// The `with:` parameter of `train`: options as a record, such as a tuning study's best.
  static var withParameter: BuiltinParameter {
    .labeled("with", .record, optional: true, doc: "options as a record, e.g. t.best of a tune; arguments given separately must not repeat them")
  }

  /// The call's arguments with the fields of its `with:` record in place: each field names an
  /// option of the builtin and takes the place of its default.
  ///
  /// - Throws: for a field that is not an option, a value of the wrong type, or an option also
  ///   given as an argument with another value.
  static func mergingWith(_ call: BuiltinCall) throws(BuiltinError) -> BoundArguments {
    var arguments = call.bound
    guard case .record(let record)? = call.value("with") else { return arguments }
    let declared = call.builtin.parameters.filter { !["with", "model", "on"].contains($0.name) }
    for (name, value) in record.fields {
      guard let parameter = declared.first(where: { $0.name == name }) else {
        throw BuiltinError(
          "`\(name)` in with: is not an option of \(call.builtin.name)", parameter: "with",
          help: Suggestions.didYouMean(name, among: declared.map(\.name)))
      }
      let coerced: Value
      do throws(BuiltinError) {
        coerced = try parameter.type.coerce(value)
      } catch {
        throw BuiltinError("`\(name)` in with: \(error.message)", parameter: "with")
      }
      if let given = call.value(name), !(parameter.defaultValue.map { Operators.equal($0, given) } ?? false),
        !Operators.equal(given, coerced)
      {
        throw BuiltinError("`\(name)` is given both in with: and as an argument", parameter: name, help: "give it once")
      }
      arguments.values[name] = coerced
    }
    return arguments
  }

  /// The declarations of ``training``.
  static var trainingParameters: [BuiltinParameter] { training.map(\.parameter) }

  /// The `k:` parameter: one cut-off or a list.
  static func cutoffParameter(_ defaults: [Int]) -> BuiltinParameter {
    .labeled(
      "k", .oneOf([.int, .list(.int)]), default: defaults.count == 1 ? .int(defaults[0]) : .list(defaults.map(Value.int)),
      doc: "cut-off(s) of the metrics")
  }

  /// The cut-offs of `k:`.
  static func cutoffs(_ call: BuiltinCall) throws(BuiltinError) -> [Int] { try cutoffs(call.bound) }

  /// The cut-offs of `k:`.
  static func cutoffs(_ arguments: BoundArguments) throws(BuiltinError) -> [Int] {
    let values: [Int]
    switch arguments.value("k") {
    case .int(let k): values = [k]
    case .list(let list): values = list.compactMap { if case .int(let k) = $0 { return k } else { return nil } }
    default: values = TrainingOptions.defaults.cutoffs
    }
    guard !values.isEmpty, values.allSatisfy({ $0 >= 1 }) else { throw BuiltinError("cut-offs must be positive", parameter: "k") }
    return values
  }

  /// The model and spiking configuration of a call, for a split's dataset, validated; the weight
  /// seed is `seed:` or the next number of the cell's stream.
  static func configurations(_ call: BuiltinCall, split: DatasetSplit) throws(BuiltinError) -> (ModelConfig, SpikingConfig) {
    try configurations(call.bound, split: split) { call.context.random.next() }
  }

  /// The model and spiking configuration of `arguments`, for a split's dataset, validated (unless
  /// `validating` is false: a worker validates a trial's and reports it failed); the weight seed
  /// is `seed:`, or `drawSeed()` when it is omitted.
  static func configurations(
    _ arguments: BoundArguments, split: DatasetSplit, validating: Bool = true, drawSeed: () -> UInt64
  ) throws(BuiltinError) -> (ModelConfig, SpikingConfig) {
    var defaults = ModelConfig.defaults
    defaults.itemCount = split.dataset.itemCount
    defaults.maxLen = split.dataset.maxLen
    var config = try ConfigArgument.read(model, from: arguments, into: defaults)
    config.seed = try arguments.int("seed").map { UInt64(bitPattern: Int64($0)) } ?? drawSeed()
    let spikingConfig = try ConfigArgument.read(spiking, from: arguments, into: .defaults)
    guard validating else { return (config, spikingConfig) }
    do throws(ConfigurationError) {
      try config.validate()
      try spikingConfig.validate()
    } catch {
      throw BuiltinError(error.description, parameter: error.field)
    }
    return (config, spikingConfig)
  }

  /// The training options of a call, validated; the shuffling seed comes from the cell's stream.
  static func trainingOptions(_ call: BuiltinCall) throws(BuiltinError) -> TrainingOptions {
    try trainingOptions(call.bound, seed: call.context.random.next())
  }

  /// The training options of `arguments` with the shuffling seed `seed`, validated (unless
  /// `validating` is false).
  static func trainingOptions(_ arguments: BoundArguments, seed: UInt64, validating: Bool = true) throws(BuiltinError) -> TrainingOptions {
    var options = try ConfigArgument.read(training, from: arguments, into: .defaults)
    options.seed = seed
    guard validating else { return options }
    do throws(ConfigurationError) {
      try options.validate()
    } catch {
      throw BuiltinError(error.description, parameter: error.field)
    }
    return options
  }
}
