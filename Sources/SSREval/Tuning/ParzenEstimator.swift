import Foundation
import SSRCore

/// A Parzen estimator of one parameter: a mixture with one kernel per observed value plus a
/// prior kernel, as in Optuna's independent TPE.
///
/// - Numbers: a Gaussian at each observation (in log space on a log scale), truncated to the
///   range — widened by half a step on each side for integers, whose density is then the kernel's
///   mass over the step around the value. A kernel's width is the larger gap to its sorted
///   neighbours (the range's ends count as neighbours, except that the outermost observations use
///   their inner gap), clipped to `[range / min(100, 1 + kernels), range]` ("magic clip"). The
///   prior kernel sits at the middle with the range as width.
/// - Choices: each observation's kernel puts mass 1 on its choice plus `priorWeight / kernels` on
///   every choice; the prior kernel is uniform.
///
/// The mixture weights are 1 for each observation, ramped down linearly for all but the 25
/// newest when there are more than 25, plus `priorWeight` for the prior, normalised.
struct ParzenEstimator {
  private enum Kernels {
    /// Means and widths in the sampled space (log space on a log scale), and the sampled range.
    case numeric(mus: [Double], sigmas: [Double], low: Double, high: Double)
    /// Each kernel's probabilities of the choices.
    case categorical([[Double]])
  }

  let parameter: SearchParameter
  private let weights: [Double]
  private let logWeights: [Double]
  private let kernels: Kernels

  /// An estimator of `parameter` from observed values (internal representation, in trial order).
  init(parameter: SearchParameter, observations: [Double], priorWeight: Double, magicClip: Bool, considerEndpoints: Bool) {
    self.parameter = parameter
    var weights = Self.observationWeights(observations.count)
    weights.append(observations.isEmpty ? 1 : priorWeight)
    let total = weights.reduce(0, +)
    self.weights = weights.map { $0 / total }
    logWeights = self.weights.map { log($0) }
    switch parameter.domain {
    case .categorical(let choices):
      let count = observations.count + 1
      var rows: [[Double]] = observations.map { observed in
        var row = [Double](repeating: priorWeight / Double(count), count: choices.count)
        row[Int(observed)] += 1
        let sum = row.reduce(0, +)
        return row.map { $0 / sum }
      }
      rows.append([Double](repeating: 1 / Double(choices.count), count: choices.count))
      kernels = .categorical(rows)
    case .int, .float:
      let (low, high) = Self.sampledRange(parameter)
      let mus = observations.map { parameter.isLog ? log($0) : $0 }
      var sigmas = Self.widths(mus, low: low, high: high, considerEndpoints: considerEndpoints)
      let minimum = magicClip ? (high - low) / min(100, 1 + Double(observations.count + 1)) : 1e-12
      sigmas = sigmas.map { min(max($0, minimum), high - low) }
      kernels = .numeric(mus: mus + [0.5 * (low + high)], sigmas: sigmas + [high - low], low: low, high: high)
    }
  }

  /// Optuna's default weights of `n` observations in trial order: all 1 up to 25; beyond, the
  /// oldest `n − 25` rise linearly from 1/n to 1 and the newest 25 weigh 1.
  static func observationWeights(_ n: Int) -> [Double] {
    guard n >= 25 else { return [Double](repeating: 1, count: n) }
    let ramp = n - 25
    let start = 1 / Double(n)
    let rising: [Double] = (0..<ramp).map { i -> Double in
      guard ramp > 1 else { return start }
      let fraction = Double(i) / Double(ramp - 1)
      return start + (1 - start) * fraction
    }
    return rising + [Double](repeating: 1, count: 25)
  }

  /// The range kernels live on: an integer range widened by half a step each side; log space on a
  /// log scale.
  private static func sampledRange(_ parameter: SearchParameter) -> (Double, Double) {
    var low: Double
    var high: Double
    switch parameter.domain {
    case .int(let l, let h, let step, _):
      low = Double(l) - 0.5 * Double(step)
      high = Double(h) + 0.5 * Double(step)
    case .float(let l, let h, _):
      low = l
      high = h
    case .categorical:
      preconditionFailure("a categorical parameter has no numeric range")
    }
    if parameter.isLog {
      low = log(low)
      high = log(high)
    }
    return (low, high)
  }

  /// Each kernel's width: the larger distance to its neighbours among the sorted means and the
  /// range's ends (unclipped).
  private static func widths(_ mus: [Double], low: Double, high: Double, considerEndpoints: Bool) -> [Double] {
    guard !mus.isEmpty else { return [] }
    let order = mus.indices.sorted { mus[$0] == mus[$1] ? $0 < $1 : mus[$0] < mus[$1] }
    var points: [Double] = [low]
    points += order.map { mus[$0] }
    points.append(high)
    var sorted: [Double] = []
    for i in 1..<points.count - 1 {
      let left: Double = points[i] - points[i - 1]
      let right: Double = points[i + 1] - points[i]
      sorted.append(max(left, right))
    }
    if !considerEndpoints, sorted.count >= 2 {
      sorted[0] = points[2] - points[1]
      sorted[sorted.count - 1] = points[points.count - 2] - points[points.count - 3]
    }
    var widths = [Double](repeating: 0, count: mus.count)
    for (rank, index) in order.enumerated() { widths[index] = sorted[rank] }
    return widths
  }

  /// `count` draws from the mixture, in the internal representation.
  func sample(count: Int, using generator: inout SeededGenerator) -> [Double] {
    (0..<count).map { _ in
      let component = pick(weights, generator.nextDouble())
      switch kernels {
      case .categorical(let rows):
        return Double(pick(rows[component], generator.nextDouble()))
      case .numeric(let mus, let sigmas, let low, let high):
        let mu = mus[component]
        let sigma = sigmas[component]
        let z = TruncatedNormal.quantile(generator.nextDouble(), (low - mu) / sigma, (high - mu) / sigma)
        let y = z * sigma + mu
        return snapped(parameter.isLog ? exp(y) : y)
      }
    }
  }

  /// A sampled real number moved onto the parameter's values: the nearest step of an integer
  /// (ties to even, as NumPy rounds), inside the bounds.
  private func snapped(_ x: Double) -> Double {
    switch parameter.domain {
    case .int(let low, let high, let step, _):
      let steps = ((x - Double(low)) / Double(step)).rounded(.toNearestOrEven)
      return min(max(Double(low) + steps * Double(step), Double(low)), Double(high))
    case .float(let low, let high, _):
      return min(max(x, low), high)
    case .categorical:
      return x
    }
  }

  /// The index whose cumulative probability first exceeds `u` (the last one at worst).
  private func pick(_ probabilities: [Double], _ u: Double) -> Int {
    var cumulative = 0.0
    for (index, p) in probabilities.enumerated() {
      cumulative += p
      if u < cumulative { return index }
    }
    return probabilities.count - 1
  }

  /// The log density (log probability for integers and choices) of `x`, internal representation.
  func logDensity(_ x: Double) -> Double {
    var terms = [Double](repeating: 0, count: weights.count)
    switch kernels {
    case .categorical(let rows):
      let index = Int(x)
      for k in rows.indices { terms[k] = logWeights[k] + log(rows[k][index]) }
    case .numeric(let mus, let sigmas, let low, let high):
      let transform: (Double) -> Double = parameter.isLog ? { log($0) } : { $0 }
      if case .int(_, _, let step, _) = parameter.domain {
        let left = transform(x - 0.5 * Double(step))
        let right = transform(x + 0.5 * Double(step))
        for k in mus.indices {
          let (mu, sigma) = (mus[k], sigmas[k])
          terms[k] =
            logWeights[k] + TruncatedNormal.logMass((left - mu) / sigma, (right - mu) / sigma)
            - TruncatedNormal.logMass((low - mu) / sigma, (high - mu) / sigma)
        }
      } else {
        let y = transform(x)
        for k in mus.indices {
          let (mu, sigma) = (mus[k], sigmas[k])
          terms[k] = logWeights[k] + TruncatedNormal.logPDF((y - mu) / sigma, (low - mu) / sigma, (high - mu) / sigma) - log(sigma)
        }
      }
    }
    guard let largest = terms.max(), largest > -.infinity else { return -.infinity }
    return largest + log(terms.reduce(0) { $0 + exp($1 - largest) })
  }
}
