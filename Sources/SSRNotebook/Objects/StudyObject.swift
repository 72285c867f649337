import SSREval

/// The result of `tune`: every trial of a study, the best configuration, and the best model.
final class StudyObject: NotebookObject {
  /// The study, with its trials.
  let study: Study
  /// The space as read from the cell (option values in the cell language's types).
  let space: TuneSpace
  /// The tuned model's display name, e.g. `SASRec`.
  let modelName: String
  /// The sampler used.
  let sampler: SamplerKind
  /// The metric maximised, e.g. `mrr10`.
  let objective: String
  /// The part of the split it is measured on.
  let part: String
  /// Epochs trained by each trial.
  let epochs: [Int: Int]
  /// The best complete trial's trained model.
  let bestModel: ModelObject?

  init(
    study: Study, space: TuneSpace, modelName: String, sampler: SamplerKind, objective: String, part: String, epochs: [Int: Int],
    bestModel: ModelObject?
  ) {
    self.study = study
    self.space = space
    self.modelName = modelName
    self.sampler = sampler
    self.objective = objective
    self.part = part
    self.epochs = epochs
    self.bestModel = bestModel
  }

  var typeName: String { "Study" }

  /// A trial's objective: the value of a complete trial, the best reported value of a pruned one.
  private func objectiveValue(_ trial: Trial) -> Value {
    switch trial.state {
    case .complete: return trial.value.map(Value.double) ?? .nothing
    case .pruned: return trial.bestIntermediateValue(.maximize).map(Value.double) ?? .nothing
    case .failed: return .nothing
    }
  }

  /// One record per trial: its number, each option, the objective, state, epochs and seconds.
  var trialRows: [Record] {
    study.trials.map { trial in
      var fields: [(String, Value)] = [("trial", .int(trial.number))]
      fields += space.names.map { ($0, space.value($0, in: trial.configuration)) }
      fields += [
        (objective, objectiveValue(trial)), ("state", .string(trial.state.rawValue)), ("epochs", .int(epochs[trial.number] ?? 0)),
        ("seconds", .double(trial.seconds)),
      ]
      return Record(fields)
    }
  }

  /// The best complete trial's options, in the space's order.
  var best: Value {
    guard let trial = study.bestTrial else { return .nothing }
    return .record(Record(space.names.map { ($0, space.value($0, in: trial.configuration)) }))
  }

  /// From the first complete trial on, one record per complete or pruned trial: its number, its
  /// objective and the best complete value so far.
  var history: [Record] {
    zip(study.trials, study.bestValueHistory).compactMap { trial, best in
      guard let best, trial.state != .failed, case .double(let value) = objectiveValue(trial) else { return nil }
      return Record([("trial", .int(trial.number)), ("value", .double(value)), ("best", .double(best))])
    }
  }

  func render(style: RenderStyle) -> String {
    let trials = study.trials
    let counts = [TrialState.complete, .pruned, .failed].compactMap { state -> String? in
      let n = trials.filter { $0.state == state }.count
      return n == 0 ? nil : "\(n) \(state.rawValue)"
    }
    var title = "\(sampler == .tpe ? "TPE" : sampler.rawValue) study of \(modelName), \(objective) on the \(part) part: "
      + "\(trials.count) trial(s) (\(counts.joined(separator: ", ")))"
    if let best = study.bestTrial, let value = best.value {
      title += "; best: trial \(best.number), \(objective) \(NumberFormat.significant(value, digits: 4))"
    }
    let table = TableRenderer.render(ValueDisplay.tableData(trialRows), style: style, digits: 4)
    return title + "\n\n" + table
  }

  var memberNames: [String] { ["trials", "best", "bestValue", "bestTrial", "history", "model", "objective"] }

  func member(_ name: String) throws(BuiltinError) -> Value? {
    switch name {
    case "trials": return .list(trialRows.map(Value.record))
    case "best": return best
    case "bestValue": return study.bestTrial?.value.map(Value.double) ?? .nothing
    case "bestTrial": return study.bestTrial.map { .int($0.number) } ?? .nothing
    case "history": return .list(history.map(Value.record))
    case "model": return bestModel.map { .object($0) } ?? .nothing
    case "objective": return .symbol(objective)
    default: return nil
    }
  }
}
