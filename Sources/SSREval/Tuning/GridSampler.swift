import SSRCore

/// Tries every combination of the parameters' grid values once, in a seeded random order (as
/// Optuna's `GridSampler`), so that a study shorter than the grid still covers it evenly.
///
/// Integer parameters contribute every step, categorical ones every choice, and real ones
/// `pointsPerFloat` evenly spaced values (log-spaced on a log scale), ends included.
public struct GridSampler: Sampler {
  /// The space searched.
  public let space: SearchSpace
  /// The values of each parameter, in the space's order.
  public let axes: [[ParameterValue]]
  /// The number of combinations (saturates at `Int.max`).
  public let count: Int
  private var generator: SeededGenerator

  /// A grid over `space` with `pointsPerFloat` values for each real parameter.
  public init(space: SearchSpace, seed: UInt64, pointsPerFloat: Int = 5) {
    self.space = space
    axes = space.parameters.map { $0.gridValues(points: max(1, pointsPerFloat)) }
    var total = 1
    for axis in axes {
      let (product, overflow) = total.multipliedReportingOverflow(by: axis.count)
      total = overflow ? Int.max : product
    }
    count = total
    generator = SeededGenerator(seed: SeededGenerator.derive(seed: seed, label: "grid"))
  }

  /// The combination at `index` (mixed radix over ``axes``, the first parameter fastest).
  public func configuration(at index: Int) -> Configuration {
    var rest = index
    var values: [String: ParameterValue] = [:]
    for (parameter, axis) in zip(space.parameters, axes) {
      values[parameter.name] = axis[rest % axis.count]
      rest /= axis.count
    }
    return Configuration(values)
  }

  /// The index of a configuration on the grid, or nil when it is not on it.
  public func index(of configuration: Configuration) -> Int? {
    var index = 0
    var radix = 1
    for (parameter, axis) in zip(space.parameters, axes) {
      guard let value = configuration[parameter.name], let position = axis.firstIndex(of: value) else { return nil }
      index += position * radix
      radix = radix.multipliedReportingOverflow(by: axis.count).partialValue
    }
    return index
  }

  /// A combination not tried yet, at random; nil once every combination has been tried.
  public mutating func next(after trials: [Trial]) -> Configuration? {
    next(after: trials, pending: [])
  }

  /// A combination neither tried nor running, at random; nil once every combination has been
  /// tried or is running.
  public mutating func next(after trials: [Trial], pending: [Configuration]) -> Configuration? {
    let visited = Set(trials.map(\.configuration) + pending).compactMap { index(of: $0) }.reduce(into: Set<Int>()) { $0.insert($1) }
    guard visited.count < count else { return nil }
    if visited.count < count / 2 {
      // Mostly unvisited: draw until an unvisited combination comes up (expected < 2 draws).
      while true {
        let index = generator.next(upperBound: count)
        if !visited.contains(index) { return configuration(at: index) }
      }
    }
    let remaining = (0..<count).filter { !visited.contains($0) }
    return configuration(at: remaining[generator.next(upperBound: remaining.count)])
  }
}
