/// Proposes the configurations a study tries.
///
/// A sampler is a value made for one search space and seed: the same seed and the same finished
/// trials give the same proposals on every platform.
public protocol Sampler: Sendable {
  /// The next configuration to try, given the study's finished trials in order; nil when the
  /// sampler has nothing left to propose (a grid that has been covered).
  mutating func next(after trials: [Trial]) -> Configuration?

  /// The next configuration while `pending` configurations are still running (parallel trials).
  /// The default ignores them: it proposes from the finished trials only, as Optuna's samplers do
  /// without `constant_liar`.
  mutating func next(after trials: [Trial], pending: [Configuration]) -> Configuration?
}

extension Sampler {
  /// Proposes from the finished trials only.
  public mutating func next(after trials: [Trial], pending: [Configuration]) -> Configuration? {
    next(after: trials)
  }
}

/// The samplers SSR provides, by name.
public enum SamplerKind: String, Sendable, CaseIterable {
  /// Every combination of ``SearchParameter/gridValues(points:)``, in a seeded random order.
  case grid
  /// Independent uniform draws (log-uniform on a log scale).
  case random
  /// The tree-structured Parzen estimator (Bergstra et al. 2011) with Optuna's defaults.
  case tpe

  /// A sampler of this kind for `space`.
  public func make(space: SearchSpace, direction: OptimizationDirection, seed: UInt64) -> any Sampler {
    switch self {
    case .grid: return GridSampler(space: space, seed: seed)
    case .random: return RandomSampler(space: space, seed: seed)
    case .tpe: return TPESampler(space: space, direction: direction, seed: seed)
    }
  }
}
