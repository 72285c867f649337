/// A hyperparameter search: a space, a sampler, an optional pruner and the trials so far.
///
/// Drive it with ``optimize(trials:_:)`` for an objective that is a plain function, or step by
/// step: ``ask()`` for a configuration, ``shouldPrune(_:)`` after each intermediate report, and
/// ``tell(_:state:value:intermediateValues:seconds:)`` when the trial has ended.
///
///     var study = Study(space: space, sampler: .tpe, direction: .minimize, seed: 1)
///     try study.optimize(trials: 50) { configuration in (configuration.double("x") - 2) ** 2 }
///     study.bestTrial?.configuration
public struct Study: Sendable {
  /// The space searched.
  public let space: SearchSpace
  /// Whether larger or smaller objective values are better.
  public let direction: OptimizationDirection
  /// The pruner consulted by ``shouldPrune(_:)``, if any.
  public let pruner: MedianPruner?
  /// The finished trials, in order.
  public private(set) var trials: [Trial] = []
  private var sampler: any Sampler

  /// A study with a sampler of your own.
  public init(space: SearchSpace, sampler: any Sampler, direction: OptimizationDirection, pruner: MedianPruner? = nil) {
    self.space = space
    self.sampler = sampler
    self.direction = direction
    self.pruner = pruner
  }

  /// A study with one of SSR's samplers, seeded.
  public init(
    space: SearchSpace, sampler kind: SamplerKind = .tpe, direction: OptimizationDirection, seed: UInt64, pruner: MedianPruner? = nil
  ) {
    self.init(space: space, sampler: kind.make(space: space, direction: direction, seed: seed), direction: direction, pruner: pruner)
  }

  /// The configuration of the next trial, or nil when the sampler has nothing left.
  public mutating func ask() -> Configuration? {
    sampler.next(after: trials)
  }

  /// The configuration of the next trial while the `pending` ones are still running (parallel
  /// trials), or nil when the sampler has nothing left. A grid skips the running combinations;
  /// random and TPE sampling condition on the finished trials only (Optuna's default, without
  /// `constant_liar`).
  public mutating func ask(pending: [Configuration]) -> Configuration? {
    sampler.next(after: trials, pending: pending)
  }

  /// Whether the running trial, which has reported `intermediateValues` by step, should stop
  /// (always false without a pruner).
  public func shouldPrune(_ intermediateValues: [Int: Double]) -> Bool {
    pruner?.shouldPrune(intermediateValues, trials: trials, direction: direction) ?? false
  }

  /// Records a finished trial and returns it (numbered from 1).
  @discardableResult
  public mutating func tell(
    _ configuration: Configuration, state: TrialState, value: Double?, intermediateValues: [Int: Double] = [:], seconds: Double = 0
  ) -> Trial {
    let trial = Trial(
      number: trials.count + 1, configuration: configuration, state: state, value: state == .complete ? value : nil,
      intermediateValues: intermediateValues, seconds: seconds)
    trials.append(trial)
    return trial
  }

  /// The complete trial with the best value (the earliest on ties), if any.
  public var bestTrial: Trial? {
    var best: Trial?
    for trial in trials where trial.state == .complete {
      guard let value = trial.value, !value.isNaN else { continue }
      if let current = best?.value, !direction.isBetter(value, than: current) { continue }
      best = trial
    }
    return best
  }

  /// The best complete value after each trial (nil until a trial completes).
  public var bestValueHistory: [Double?] {
    var best: Double?
    return trials.map { trial in
      if trial.state == .complete, let value = trial.value, !value.isNaN {
        if best.map({ direction.isBetter(value, than: $0) }) ?? true { best = value }
      }
      return best
    }
  }

  /// Runs up to `count` more trials of `objective` (fewer when the sampler runs out); each trial is
  /// complete with the value returned.
  public mutating func optimize(trials count: Int, _ objective: (Configuration) throws -> Double) rethrows {
    for _ in 0..<max(0, count) {
      guard let configuration = ask() else { return }
      tell(configuration, state: .complete, value: try objective(configuration))
    }
  }
}
