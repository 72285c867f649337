import Foundation
import SSRCore

/// Draws every parameter independently and uniformly: real numbers uniformly (in log space on a
/// log scale), integers uniformly among their steps, choices with equal probability.
public struct RandomSampler: Sampler {
  /// The space searched.
  public let space: SearchSpace
  private var generator: SeededGenerator

  /// A sampler for `space` whose draws are fixed by `seed`.
  public init(space: SearchSpace, seed: UInt64) {
    self.space = space
    generator = SeededGenerator(seed: SeededGenerator.derive(seed: seed, label: "random"))
  }

  /// Independent uniform draws of every parameter (the trials are not looked at).
  public mutating func next(after trials: [Trial]) -> Configuration? {
    var values: [String: ParameterValue] = [:]
    for parameter in space.parameters {
      values[parameter.name] = Self.draw(parameter, using: &generator)
    }
    return Configuration(values)
  }

  /// One uniform draw of `parameter`.
  ///
  /// As Optuna's random sampler: an integer is a uniform real number over the range widened by
  /// half a step on each side (in log space on a log scale), rounded to the nearest step.
  public static func draw(_ parameter: SearchParameter, using generator: inout SeededGenerator) -> ParameterValue {
    switch parameter.domain {
    case .int(let low, let high, let step, let log):
      if low == high { return .int(low) }
      let half = 0.5 * Double(step)
      if log {
        let x = exp(uniform(Foundation.log(Double(low) - half), Foundation.log(Double(high) + half), &generator))
        return .int(min(max(Int(x.rounded()), low), high))
      }
      let x = uniform(Double(low) - half, Double(high) + half, &generator)
      let index = Int(((x - Double(low)) / Double(step) + 0.5).rounded(.down))
      return .int(min(max(low + index * step, low), high))
    case .float(let low, let high, let log):
      if low == high { return .double(low) }
      let x = log ? exp(uniform(Foundation.log(low), Foundation.log(high), &generator)) : uniform(low, high, &generator)
      // Half-open like Optuna's: never the upper bound itself.
      return .double(min(max(x, low), high.nextDown))
    case .categorical(let choices):
      return choices[generator.next(upperBound: choices.count)]
    }
  }

  private static func uniform(_ low: Double, _ high: Double, _ generator: inout SeededGenerator) -> Double {
    low + (high - low) * generator.nextDouble()
  }
}
