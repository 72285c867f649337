import Foundation
import SSRCore
import SSRData
import SSREval
import SSRRuns

/// `tune` (and the distributions of its space, in DistributionBuiltins.swift): hyperparameter
/// search over any option `train` takes.
enum TuneBuiltins {
  static var all: [Builtin] { [tune, uniform, logUniform, intUniform] }

  /// Options of `train` that `tune` sets itself, with the reason.
  static let excluded: [String: String] = [
    "seed": "every trial starts from the same weights and shuffling, drawn from tune's seed:",
    "metric": "each trial's best epoch is the one with the best objective:",
    "protocol": "tune measures on its part: (.valid, or .test as the reference does)",
    "k": "the cut-off is the objective's, e.g. objective: .ndcg20",
  ]

  /// The options of `train` a study can vary or fix.
  static var tunable: [BuiltinParameter] {
    (ModelArguments.trainingParameters + ModelArguments.modelParameters).filter { excluded[$0.name] == nil }
  }

  static var tune: Builtin {
    Builtin(
      name: "tune", category: "Tuning",
      parameters: [
        .positional("model", .symbol(choices: []), doc: "the model to tune, e.g. .sasrec"),
        .labeled("on", .oneOf([.object("Split"), .object("SplitPart")]), doc: "the split to train and measure on"),
        .labeled(
          "space", .oneOf([.record, .symbol(choices: ["reference"])]),
          doc: "the options to vary, {name: values, …}, or .reference (the reference code's space for the model)"),
        .labeled("trials", .int, default: .int(20), doc: "trials to run (a grid stops early once covered)"),
        .labeled("sampler", .symbol(choices: SamplerKind.allCases.map(\.rawValue)), default: .symbol("tpe"), doc: "how configurations are proposed"),
        .labeled("objective", .symbol(choices: []), default: .symbol("mrr10"), doc: "the metric maximised: hr, ndcg or mrr at a cut-off, e.g. .ndcg20"),
        .labeled("part", .symbol(choices: ["valid", "test"]), default: .symbol("valid"), doc: "measure on the validation part, or on test as the reference does"),
        .labeled("pruner", .symbol(choices: ["none", "median"]), default: .symbol("none"), doc: "stop trials that fall below the median after an epoch"),
        .labeled("seed", .int, optional: true, doc: "seeds the sampler and every trial's weights and shuffling (default: from the cell's seed)"),
        .labeled("study", .string, optional: true, doc: "a name: the study is kept in the run registry, and a rerun resumes it"),
      ] + tunable + ExecutorArguments.parameters,
      summary: "Searches hyperparameters of a model with TPE, random or grid sampling; one row per trial.",
      discussion: """
          let t = tune(.sasrec, on: ds, space: {lr: logUniform(1e-4, 1e-2), embeddingSize: [32, 64, 128],
                       dropout: uniform(0, 0.5)}, trials: 20, epochs: 10, pruner: .median)
          t.best                                   // {lr: …, embeddingSize: …, dropout: …}
          plot(t.history, x: .trial, y: [.value, .best])
          evaluate(t.model, on: ds)                // the best trial's model on the test part
          tune(.sfsrec, on: ds, space: .reference, part: .test, epochs: 20)
        The space names options of `train` (any model, spiking or training option except seed, metric,
        protocol and k) with their values: a list of choices ([32, 64], [.atan, .sigmoid]), an Int range
        (1...3), uniform(a, b), logUniform(a, b) or intUniform(a, b, step: 2). Options not in the space
        take the values given in the call or train's defaults. Each trial builds and trains the model as
        `train` does, from the same weights and shuffling seeds, and scores it by its best epoch's
        objective on `part`. TPE follows Optuna's TPESampler (10 random start-up trials, 24 candidates,
        independent Parzen estimators); a grid tries every combination in a random order, with 5 values
        of each real range. The median pruner (Optuna's: 5 start-up trials) stops a trial after an epoch
        when its best value so far is below the median of the complete trials at that epoch; a trial
        whose training diverges is recorded as failed and the study goes on. Ctrl-C stops the study
        and keeps the finished trials.
        Every trial is recorded in the run registry (runs(kind: .trial)), also those run by workers or
        on Slurm, which take no study: (their job directory keeps them). With study: "name" the study
        is kept there: a rerun of the cell (after Ctrl-C, a crash or kill -9) loads the finished trials
        instead of running them again, reruns the trial that was cut short, and goes on with the
        configurations an uninterrupted study would have tried; a larger trials: extends the study.
        Changing the model, data, space, sampler, objective, seed or fixed options needs a new name.
        When the best trial was run by an earlier process, its model is trained again for t.model. A
        resumed study says so on standard error; its result is the uninterrupted study's.
        The result shows the trials (number, options, objective, state, epochs, seconds); t.trials is
        that table, t.best the best options, t.bestValue and t.bestTrial its value and number,
        t.history one row per trial (trial, value, best so far) and t.model the best trial's model.
        A pruned trial's objective is its best value before it stopped; only complete trials can be
        best. Seconds vary between runs: show table(t.trials, columns: […]) in saved notebooks.
        workers: 2 runs two trials at a time in worker processes, executor: slurm(partition: …) as Slurm
        array tasks (workers: then sets how many run at once; default 4). Trial k + workers is proposed
        once trials 1…k have finished: TPE conditions on finished trials only (Optuna's default without
        constant_liar) and the pruner on the trials complete when a trial started, so the study is the
        same on every run, and with workers: 1 the same as in this process.
        """
    ) { call in try run(call) }
  }

  /// The objective's metric name and cut-off, e.g. `ndcg20` and 20.
  static func objective(_ call: BuiltinCall) throws(BuiltinError) -> (String, Int) {
    let name = try call.symbol("objective") ?? "mrr10"
    for prefix in ["hr", "ndcg", "mrr"] where name.hasPrefix(prefix) {
      if let k = Int(name.dropFirst(prefix.count)), k >= 1 { return (name, k) }
    }
    throw BuiltinError(
      "unknown objective .\(name)", parameter: "objective",
      help: Suggestions.didYouMean(name, among: ["hr10", "ndcg10", "mrr10"]).map { $0.replacingOccurrences(of: "`", with: "`.").replacingOccurrences(of: "`..", with: "`.") }
        ?? "use .hr, .ndcg or .mrr followed by a cut-off, e.g. .ndcg20")
  }

  /// What must not change for a named study to resume: the sampler, objective, part, pruner,
  /// space, and every other option of the call, as written.
  static func settings(_ call: BuiltinCall, space: TuneSpace) -> [String: String] {
    var settings: [String: String] = [:]
    for name in ["sampler", "objective", "part", "pruner", "space"] { settings[name] = call.value(name).map(ValueDisplay.literal) ?? "default" }
    for parameter in tunable where !space.names.contains(parameter.name) {
      settings[parameter.name] = call.value(parameter.name).map(ValueDisplay.literal) ?? "default"
    }
    return settings
  }

  /// Runs the study of a `tune` call.
  private static func run(_ call: BuiltinCall) throws -> Value {
    let context = call.context
    let split = try ModelBuiltins.split(call, "on")
    let spec = try ModelBuiltins.spec(try call.symbol("model") ?? "", context: context)
    guard spec.isTrainable else { throw BuiltinError(".\(spec.name) has no hyperparameters to tune", parameter: "model") }
    let (objective, cutoff) = try objective(call)
    let part: SplitPart = try call.symbol("part") == "test" ? .test : .valid
    guard split.samples(part).count > 0 else {
      throw BuiltinError(
        "the split has no validation samples to measure trials on", parameter: "on",
        help: "split with valid: 0.1, or tune on part: .test as the reference does")
    }
    let trials = try call.int("trials") ?? 20
    guard trials >= 1 else { throw BuiltinError("trials must be at least 1, got \(trials)", parameter: "trials") }
    let kind = SamplerKind(rawValue: try call.symbol("sampler") ?? "tpe") ?? .tpe
    // Options given in the call with a value other than their default are fixed.
    let fixed = Set(tunable.compactMap { parameter -> String? in
      guard let given = call.value(parameter.name) else { return nil }
      return parameter.defaultValue.map { Operators.equal($0, given) } ?? false ? nil : parameter.name
    })
    let space = try TuneSpace.read(
      call.value("space") ?? .nothing, model: spec, tunable: tunable, excluded: excluded, fixed: fixed)
    let callSeed = try call.int("seed").map { UInt64(bitPattern: Int64($0)) } ?? context.random.next()
    let pruner = try call.symbol("pruner") == "median" ? MedianPruner() : nil
    let setting = try ExecutorArguments.setting(call)
    if setting != .inProcess {
      guard try call.string("study") == nil else {
        throw BuiltinError(
          "study: keeps studies whose trials run in this process; trials in workers or on Slurm are kept by their job directory instead",
          parameter: "study", help: "drop study: (a rerun of the cell replays the finished trials from the job directory), or run in this process")
      }
      let seed = callSeed
      let weightSeed = Int(Int64(bitPattern: SeededGenerator.derive(seed: seed, label: "weights")))
      let shuffleSeed = SeededGenerator.derive(seed: seed, label: "shuffle")
      // Trials in worker processes or Slurm tasks (TuneJob.swift).
      let plan = TuneJob.Plan(
        spec: spec, split: split, space: space, sampler: kind, seed: seed, pruner: pruner, objective: objective, cutoff: cutoff,
        part: part, trials: trials, weightSeed: weightSeed, shuffleSeed: shuffleSeed)
      let outcome = try TuneJob.run(call, plan, setting: setting)
      if outcome.gridCovered { context.emit(.text("the grid's \(outcome.study.trials.count) combination(s) have all been tried")) }
      if outcome.interrupted {
        context.noteEarlyStop()
      } else if let first = outcome.failures.first, outcome.study.trials.allSatisfy({ $0.state == .failed }) {
        throw BuiltinError("every trial failed; the first: \(first)", parameter: "space")
      }
      return .object(
        StudyObject(
          study: outcome.study, space: space, modelName: outcome.best?.model.name ?? spec.name, sampler: kind, objective: objective,
          part: part == .test ? "test" : "validation", epochs: outcome.epochs, bestModel: outcome.best))
    }
    let log: TrialLog
    let dataset = split.identity
    if let name = try call.string("study") {
      log = try TrialLog(
        name: name, recorder: context.runs, model: spec.name, fingerprint: dataset.fingerprint, seed: callSeed,
        seedGiven: call.value("seed") != nil, trials: trials, settings: settings(call, space: space), space: space.space)
    } else {
      log = TrialLog(recorder: context.runs, seed: callSeed)
    }
    let seed = log.seed
    let weightSeed = Int(Int64(bitPattern: SeededGenerator.derive(seed: seed, label: "weights")))
    let shuffleSeed = SeededGenerator.derive(seed: seed, label: "shuffle")
    var study = Study(space: space.space, sampler: kind, direction: .maximize, seed: seed, pruner: pruner)
    do throws(StudyReplayError) {
      try study.replay(log.recorded)
    } catch {
      throw BuiltinError(
        "study \"\(log.studyName ?? "")\": \(error.description)", parameter: "study", help: "give the study another name to start a new one")
    }
    if !log.recorded.isEmpty || !log.interrupted.isEmpty {
      let rerun = log.interrupted.isEmpty ? "" : "; trial(s) \(log.interrupted.map(String.init).joined(separator: ", ")) were cut short and run again"
      context.runs?.notify("study \"\(log.studyName ?? "")\": resumed with \(log.recorded.count) finished trial(s)\(rerun)")
    }
    var epochs: [Int: Int] = log.recordedEpochs

    /// The model and training options of a trial: the call's arguments with the trial's values in
    /// place, read as `train` reads its own.
    func build(_ configuration: Configuration) throws(BuiltinError) -> (ModelObject, TrainingOptions) {
      var arguments = call.bound
      for name in space.names { arguments.values[name] = space.value(name, in: configuration) }
      arguments.values["seed"] = .int(weightSeed)
      let object = try ModelBuiltins.build(spec.name, split: split, arguments: arguments, context: context)
      var options = try ModelArguments.trainingOptions(arguments, seed: shuffleSeed)
      options.selection = part == .test ? .paper : .validation
      options.selectionMetric = objective
      options.cutoffs = [cutoff]
      return (object, options)
    }
    func score(_ report: EpochReport) -> Double { report.metrics.named.first { $0.0 == objective }?.1 ?? .nan }
    /// Trains a trial's model with progress; `stop` sees each epoch and says whether to prune.
    func fit(_ object: ModelObject, options: TrainingOptions, label: String, stop: @escaping (EpochReport) -> Bool) throws -> TrainingResult {
      let progress = TrainingProgress(
        name: "\(label) \(object.model.name)", epochs: options.epochs, batchSize: options.batchSize, enabled: context.showsProgress)
      defer { progress.finish() }
      var prune = false
      return try Trainer.fit(
        object.model, on: split, options: options,
        onEpoch: { report in
          progress.epochFinished(report)
          prune = stop(report)
        },
        onBatch: progress.batchFinished, shouldStop: { _ in prune })
    }
    var best: (value: Double, model: ModelObject)?
    var failures: [String] = []
    var interruptedTrial: Int?
    var modelName = spec.name

    func fail(_ configuration: Configuration, _ reason: String, since start: Date, run: Int64?, object: ModelObject?) throws(BuiltinError) {
      let seconds = Date().timeIntervalSince(start)
      try log.finish(
        run, number: study.trials.count + 1, configuration: configuration, state: .failed, value: nil, steps: [:], object: object,
        seconds: seconds, error: reason, dataset: dataset, model: spec.name)
      let trial = study.tell(configuration, state: .failed, value: nil, seconds: seconds)
      failures.append(reason)
      context.emit(.text("trial \(trial.number) failed: \(reason); the study goes on"))
    }

    for number in (study.trials.count + 1)..<max(study.trials.count + 1, trials + 1) {
      if Cancellation.isRequested {
        Cancellation.reset()
        interruptedTrial = number
        break
      }
      guard let configuration = study.ask() else {
        context.emit(.text("the grid's \(study.trials.count) combination(s) have all been tried"))
        break
      }
      let start = Date()
      let object: ModelObject
      let options: TrainingOptions
      do throws(BuiltinError) {
        (object, options) = try build(configuration)
      } catch {
        try fail(configuration, error.message, since: start, run: nil, object: nil)
        continue
      }
      modelName = object.model.name
      let run = try log.begin(number, configuration, object, options: options)
      object.runID = run
      var reported: [Int: Double] = [:]
      let result: TrainingResult
      do {
        result = try fit(object, options: options, label: "trial \(number)/\(trials)") { report in
          reported[report.epoch] = score(report)
          log.epoch(run, report)
          return study.shouldPrune(reported)
        }
      } catch let error as TrainingError {
        try fail(configuration, error.description, since: start, run: run, object: object)
        continue
      } catch let error as DataError {
        throw BuiltinError(error.description)
      } catch is Interrupted {
        interruptedTrial = number
        try log.finish(
          run, number: number, configuration: configuration, state: .interrupted, value: nil, steps: reported, object: object,
          seconds: Date().timeIntervalSince(start), dataset: dataset, model: spec.name)
        break
      }
      let seconds = Date().timeIntervalSince(start)
      object.training = result
      object.trainingOptions = options
      object.trainingSeconds = seconds
      if result.stopReason == .interrupted {
        interruptedTrial = number
        try log.finish(
          run, number: number, configuration: configuration, state: .interrupted, value: nil, steps: reported, object: object,
          seconds: seconds, dataset: dataset, model: spec.name)
        break
      }
      epochs[study.trials.count + 1] = result.history.count
      if result.stopReason == .pruned {
        try log.finish(
          run, number: number, configuration: configuration, state: .pruned, value: nil, steps: reported, object: object,
          seconds: seconds, dataset: dataset, model: spec.name)
        study.tell(configuration, state: .pruned, value: nil, intermediateValues: reported, seconds: seconds)
        continue
      }
      let value = result.history.first { $0.epoch == result.bestEpoch }.map(score) ?? .nan
      try log.finish(
        run, number: number, configuration: configuration, state: .complete, value: value, steps: reported, object: object,
        seconds: seconds, dataset: dataset, model: spec.name)
      study.tell(configuration, state: .complete, value: value, intermediateValues: reported, seconds: seconds)
      if !value.isNaN, best.map({ value > $0.value }) ?? true { best = (value, object) }
    }
    // The best trial ran in an earlier process: train it again (the same seeds give the same model).
    if interruptedTrial == nil, let top = study.bestTrial, let value = top.value, best.map({ value > $0.value }) ?? true {
      do {
        let (object, options) = try build(top.configuration)
        let start = Date()
        object.training = try fit(object, options: options, label: "best trial \(top.number)") { _ in false }
        object.trainingOptions = options
        object.trainingSeconds = Date().timeIntervalSince(start)
        modelName = object.model.name
        if object.training?.stopReason != .interrupted { best = (value, object) }
      } catch let error as BuiltinError {
        throw error
      } catch is Interrupted {
        interruptedTrial = top.number
      } catch {
        throw BuiltinError("training the best trial \(top.number) again failed: \(error)")
      }
    }
    if let interruptedTrial {
      context.noteEarlyStop()
      if let name = log.studyName {
        context.emit(.text("study \"\(name)\" is kept in the run registry: run the cell again to resume it"))
      }
      context.emit(.text(
        "tuning interrupted during trial \(interruptedTrial); the study keeps the \(study.trials.count) finished trial(s)"))
    } else if let first = failures.first, study.trials.allSatisfy({ $0.state == .failed }) {
      throw BuiltinError("every trial failed; the first: \(first)", parameter: "space")
    }
    return .object(
      StudyObject(
        study: study, space: space, modelName: modelName, sampler: kind,
        objective: objective, part: part == .test ? "test" : "validation", epochs: epochs, bestModel: best?.model))
  }
}
