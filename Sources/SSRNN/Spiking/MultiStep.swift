import SSRTensor

/// Dropout for multi-step inputs `[T, …]` (time first) with one mask shared by all T steps, as
/// SpikingJelly's `layer.Dropout` in multi-step mode: the mask is drawn once per simulation over
/// the shape of one step, `x.shape[1…]`, and every time step reuses it, so a dropped unit stays
/// silent for the whole simulation instead of flickering from step to step. Each call is one
/// simulation (the neurons here start from rest on every call), so each call draws a new mask —
/// SpikingJelly draws a new one after every `reset_net`, i.e. every batch.
///
/// Inverted dropout: kept units are scaled by 1/(1 − p). Identity in evaluation mode.
public final class MultiStepDropout: StochasticLayer {
  /// The probability of zeroing a unit.
  public let probability: Float
  /// The random stream the masks come from.
  public var generator: PhiloxGenerator
  /// Training mode: drop; evaluation: identity.
  public var isTraining = true

  /// Dropout with probability `p`, masks drawn from stream `stream` of `seed`.
  ///
  /// - Precondition: `0 <= p < 1`.
  public init(_ p: Float, seed: UInt64, stream: UInt64 = 0) {
    precondition(p >= 0 && p < 1, "dropout probability must be in [0, 1), got \(p)")
    probability = p
    generator = PhiloxGenerator(seed: seed, stream: stream)
  }

  /// Applies one mask of shape `x.shape[1…]` to every time step of `x: [T, …]` in training mode;
  /// returns `x` unchanged in evaluation mode.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    precondition(x.rank >= 2, "MultiStepDropout expects [T, …] input, got \(x.shape)")
    guard isTraining, probability > 0 else { return x }
    let mask = dropout(Tensor.ones(Array(x.shape.dropFirst())), p: probability, generator: &generator)
    return x * mask
  }
}

extension BatchNorm {
  /// Batch normalisation of channels-last input `[…, C]`: per channel, statistics over every other
  /// axis. This is what the reference computes with `bn(x.transpose(-1, -2)).transpose(-1, -2)` on
  /// `[B, L, C]` (`BatchNorm1d` over `[B, C, L]`) and, for a leading time axis `[T, B, L, C]`, what
  /// SpikingJelly's multi-step `layer.BatchNorm1d`/`BatchNorm2d` computes after folding T into the
  /// batch (`[T·B, C, L]`): in both cases every position of every step and sample is one
  /// observation of each channel. Running statistics are updated in training mode as usual.
  public func normalizingLastAxis(_ x: Tensor) -> Tensor {
    let channels = weight.shape[0]
    precondition(x.rank >= 1 && x.shape[x.rank - 1] == channels,
      "normalizingLastAxis expects […, \(channels)] input, got \(x.shape)")
    return self(x.reshaped([-1, channels])).reshaped(x.shape)
  }
}
