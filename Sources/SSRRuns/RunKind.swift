/// What produced a run: the builtin that trained or evaluated the model.
public enum RunKind: String, Sendable, Codable, CaseIterable {
  /// `train`.
  case train
  /// `evaluate` of a model (a measurement, no training).
  case evaluate
  /// One model of a `compare`.
  case compare
  /// One seed of one point of a `sweep`.
  case sweep
  /// One trial of a `tune` study.
  case trial
}

/// Where a run is.
public enum RunState: String, Sendable, Codable, CaseIterable {
  /// Started and not finished: the process is training it, or died before it could say.
  case running
  /// Finished normally.
  case complete
  /// Stopped by an error (a diverging training, bad options).
  case failed
  /// A tuning trial stopped early by the pruner.
  case pruned
  /// Stopped by Ctrl-C, or found running after its process had died.
  case interrupted

  /// Whether the run is over with a result a study counts (complete, failed or pruned).
  public var isFinishedTrial: Bool { self == .complete || self == .failed || self == .pruned }
}
