/// Stops a trial whose best intermediate value so far is worse than the median of the complete
/// trials' values at the same step (Optuna's `MedianPruner`, with its defaults).
///
/// Nothing is pruned until ``startupTrials`` trials are complete, nor before step
/// ``warmupSteps``; complete trials that reported nothing at the step are left out of the median,
/// and with none left the trial goes on. The median interpolates linearly between the middle
/// values, as NumPy's `percentile`.
public struct MedianPruner: Sendable, Hashable {
  /// Complete trials needed before anything is pruned.
  public var startupTrials: Int
  /// Steps before which nothing is pruned (a trial can be pruned from step `warmupSteps` on).
  public var warmupSteps: Int

  /// A pruner with Optuna's defaults: 5 start-up trials, no warm-up.
  public init(startupTrials: Int = 5, warmupSteps: Int = 0) {
    self.startupTrials = startupTrials
    self.warmupSteps = warmupSteps
  }

  /// Whether a running trial that has reported `intermediateValues` (by step; the largest step is
  /// the one just reported) should stop, given the study's finished `trials`.
  public func shouldPrune(_ intermediateValues: [Int: Double], trials: [Trial], direction: OptimizationDirection) -> Bool {
    let complete = trials.filter { $0.state == .complete }
    guard !complete.isEmpty, complete.count >= startupTrials else { return false }
    guard let step = intermediateValues.keys.max(), step >= warmupSteps else { return false }
    let reported = intermediateValues.values.filter { !$0.isNaN }
    // A trial that reported only NaN is hopeless.
    guard let best = direction == .maximize ? reported.max() : reported.min() else { return true }
    let others = complete.compactMap { $0.intermediateValues[step] }.filter { !$0.isNaN }
    guard let median = Self.median(others) else { return false }
    return direction.isBetter(median, than: best)
  }

  /// The median with linear interpolation, or nil for no values.
  static func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
  }
}
