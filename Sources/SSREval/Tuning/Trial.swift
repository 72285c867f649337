/// Whether a study looks for the largest or the smallest objective value.
public enum OptimizationDirection: String, Sendable, Codable {
  /// Larger values are better (ranking metrics).
  case maximize
  /// Smaller values are better (losses, test functions).
  case minimize

  /// Whether `a` is strictly better than `b` in this direction.
  public func isBetter(_ a: Double, than b: Double) -> Bool {
    self == .maximize ? a > b : a < b
  }
}

/// How a trial ended.
public enum TrialState: String, Sendable, Codable {
  /// It ran to the end and has an objective value.
  case complete
  /// The pruner stopped it early; it has intermediate values only.
  case pruned
  /// It could not be evaluated (the training diverged, say); samplers ignore it.
  case failed
}

/// One evaluated configuration of a study.
public struct Trial: Sendable {
  /// 1-based position in the study.
  public var number: Int
  /// The parameter values tried.
  public var configuration: Configuration
  /// How it ended.
  public var state: TrialState
  /// The objective value of a complete trial (nil for a pruned or failed one).
  public var value: Double?
  /// The values reported while it ran, by step (epoch).
  public var intermediateValues: [Int: Double]
  /// Wall time.
  public var seconds: Double

  /// A finished trial.
  public init(
    number: Int, configuration: Configuration, state: TrialState, value: Double?, intermediateValues: [Int: Double] = [:],
    seconds: Double = 0
  ) {
    self.number = number
    self.configuration = configuration
    self.state = state
    self.value = value
    self.intermediateValues = intermediateValues
    self.seconds = seconds
  }

  /// The last reported step and its value, if any.
  public var lastIntermediate: (step: Int, value: Double)? {
    intermediateValues.max { $0.key < $1.key }.map { (step: $0.key, value: $0.value) }
  }

  /// The best of the reported values in `direction` (NaN values ignored), or nil.
  public func bestIntermediateValue(_ direction: OptimizationDirection) -> Double? {
    let values = intermediateValues.values.filter { !$0.isNaN }
    return direction == .maximize ? values.max() : values.min()
  }
}
