import SSRTensor

/// Dropout with its own Philox stream; active only in training mode.
public final class Dropout: StochasticLayer {
  /// The probability of zeroing an element.
  public let probability: Float
  /// The random stream the masks come from.
  public var generator: PhiloxGenerator
  /// Training mode: drop; evaluation: identity.
  public var isTraining = true

  /// Dropout with probability `p`, masks drawn from stream `stream` of `seed`.
  public init(_ p: Float, seed: UInt64, stream: UInt64 = 0) {
    precondition(p >= 0 && p < 1, "dropout probability must be in [0, 1), got \(p)")
    probability = p
    generator = PhiloxGenerator(seed: seed, stream: stream)
  }

  /// Applies dropout in training mode; returns `x` unchanged in evaluation mode.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    isTraining ? dropout(x, p: probability, generator: &generator) : x
  }
}
