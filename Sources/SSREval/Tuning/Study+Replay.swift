/// A recorded trial that does not fit a study being resumed.
public struct StudyReplayError: Error, Sendable, CustomStringConvertible {
  /// The trial's number.
  public let trial: Int
  /// What is wrong with it.
  public let description: String
}

extension Study {
  /// Takes in trials recorded by an earlier run of the same study (same space, sampler, direction
  /// and seed), in order, so that the study goes on as if it had never stopped.
  ///
  /// The sampler is asked for each trial's configuration exactly as the first run asked it, which
  /// brings it to the state it had after those trials: the trials proposed next are the ones an
  /// uninterrupted study would have proposed. Each proposal must equal the recorded configuration.
  ///
  /// - Throws: ``StudyReplayError`` when the trials are not numbered 1, 2, … after the study's own,
  ///   or when the sampler proposes another configuration (the space or the sampler changed).
  public mutating func replay(_ recorded: [Trial]) throws(StudyReplayError) {
    for trial in recorded {
      let expected = trials.count + 1
      guard trial.number == expected else {
        throw StudyReplayError(trial: trial.number, description: "trial \(expected) is missing before trial \(trial.number)")
      }
      guard let proposed = ask() else {
        throw StudyReplayError(trial: trial.number, description: "the sampler has no configuration left for trial \(trial.number)")
      }
      guard proposed == trial.configuration else {
        throw StudyReplayError(
          trial: trial.number,
          description: "trial \(trial.number) was \(Self.describe(trial.configuration)), but the sampler now proposes "
            + "\(Self.describe(proposed)): the search space or the sampler is not the one the study was run with")
      }
      tell(trial.configuration, state: trial.state, value: trial.value, intermediateValues: trial.intermediateValues, seconds: trial.seconds)
    }
  }

  private static func describe(_ configuration: Configuration) -> String {
    "{" + configuration.values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
  }
}
