import Foundation
import SSRCore

/// The settings of ``TPESampler``; the defaults are Optuna's `TPESampler()` with
/// `multivariate=False`.
public struct TPEOptions: Sendable, Hashable {
  /// Trials drawn at random before the estimators take over.
  public var startupTrials = 10
  /// Candidates drawn from the good trials' estimator, of which the one with the highest
  /// expected improvement (the largest l(x)/g(x)) is proposed.
  public var candidates = 24
  /// The weight of each estimator's prior kernel.
  public var priorWeight = 1.0
  /// Whether kernel widths are kept at least range / min(100, 1 + kernels).
  public var magicClip = true
  /// Whether the range's ends count as neighbours of the outermost observations when sizing
  /// their kernels.
  public var considerEndpoints = false

  /// Optuna's defaults.
  public init() {}

  /// The number of good trials among `n` finished ones: γ(n) = min(⌈0.1 n⌉, 25).
  public static func gamma(_ n: Int) -> Int { min((n + 9) / 10, 25) }
}

/// The tree-structured Parzen estimator (Bergstra et al., "Algorithms for Hyper-Parameter
/// Optimization", NeurIPS 2011), one parameter at a time, as Optuna's `TPESampler` does with its
/// defaults and `multivariate=False`.
///
/// After ``TPEOptions/startupTrials`` random trials, the finished trials are split into the γ(n)
/// best ("below") and the rest ("above"): complete trials by value, then pruned trials by how far
/// they got and their last reported value; failed trials are left out. For each parameter, a
/// ``ParzenEstimator`` l(x) is fitted to the good trials' values and g(x) to the others';
/// ``TPEOptions/candidates`` draws from l are scored by log l(x) − log g(x) and the best is kept.
public struct TPESampler: Sampler {
  /// The space searched.
  public let space: SearchSpace
  /// Whether larger or smaller objective values are better.
  public let direction: OptimizationDirection
  /// The settings.
  public let options: TPEOptions
  private var startup: RandomSampler
  private var generator: SeededGenerator

  /// A sampler for `space` whose draws are fixed by `seed`.
  public init(space: SearchSpace, direction: OptimizationDirection, seed: UInt64, options: TPEOptions = TPEOptions()) {
    self.space = space
    self.direction = direction
    self.options = options
    startup = RandomSampler(space: space, seed: seed)
    generator = SeededGenerator(seed: SeededGenerator.derive(seed: seed, label: "tpe"))
  }

  /// A random configuration during start-up, then the per-parameter TPE proposal.
  public mutating func next(after trials: [Trial]) -> Configuration? {
    let finished = trials.filter { $0.state == .complete || $0.state == .pruned }
    guard finished.count >= options.startupTrials else { return startup.next(after: trials) }
    let (below, above) = Self.split(finished, good: TPEOptions.gamma(finished.count), direction: direction)
    var values: [String: ParameterValue] = [:]
    for parameter in space.parameters {
      values[parameter.name] = propose(parameter, below: below, above: above)
    }
    return Configuration(values)
  }

  /// The candidate with the largest log l(x) − log g(x) for one parameter (the first on ties).
  private mutating func propose(_ parameter: SearchParameter, below: [Trial], above: [Trial]) -> ParameterValue {
    if parameter.isSingle { return parameter.gridValues(points: 1)[0] }
    func observations(_ trials: [Trial]) -> [Double] {
      trials.compactMap { trial in trial.configuration[parameter.name].map(parameter.internalValue) }
    }
    let good = ParzenEstimator(
      parameter: parameter, observations: observations(below), priorWeight: options.priorWeight, magicClip: options.magicClip,
      considerEndpoints: options.considerEndpoints)
    let bad = ParzenEstimator(
      parameter: parameter, observations: observations(above), priorWeight: options.priorWeight, magicClip: options.magicClip,
      considerEndpoints: options.considerEndpoints)
    let candidates = good.sample(count: options.candidates, using: &generator)
    var best = candidates[0]
    var bestScore = -Double.infinity
    for candidate in candidates {
      let score = good.logDensity(candidate) - bad.logDensity(candidate)
      if score > bestScore {
        best = candidate
        bestScore = score
      }
    }
    return parameter.value(internal: best)
  }

  /// The `good` best of `trials` and the rest, each in trial order: complete trials ranked by value,
  /// then pruned ones by their last step (further is better) and last reported value.
  static func split(_ trials: [Trial], good: Int, direction: OptimizationDirection) -> (below: [Trial], above: [Trial]) {
    let complete = trials.filter { $0.state == .complete && $0.value != nil }
      .sorted { a, b in a.value! == b.value! ? a.number < b.number : direction.isBetter(a.value!, than: b.value!) }
    let pruned = trials.filter { $0.state == .pruned }.sorted { a, b in
      let (x, y) = (a.lastIntermediate, b.lastIntermediate)
      // A pruned trial without reports ranks last.
      guard let x else { return false }
      guard let y else { return true }
      if x.step != y.step { return x.step > y.step }
      if x.value.isNaN || y.value.isNaN || x.value == y.value {
        return x.value.isNaN == y.value.isNaN ? a.number < b.number : y.value.isNaN
      }
      return direction.isBetter(x.value, than: y.value)
    }
    let goodComplete = min(good, complete.count)
    let goodPruned = min(good - goodComplete, pruned.count)
    let below = Array(complete.prefix(goodComplete)) + Array(pruned.prefix(goodPruned))
    let above = Array(complete.dropFirst(goodComplete)) + Array(pruned.dropFirst(goodPruned))
    return (below.sorted { $0.number < $1.number }, above.sorted { $0.number < $1.number })
  }
}
