import SSRNN
import SSRTensor

/// Settings shared by the spiking twins: time steps and neuron parameters. The defaults are the
/// reference's (T = 4, τ = 2, V_th = 1); each model keeps the reference's own reset mode and
/// surrogate per neuron unless overridden here.
public struct SpikingConfig: Sendable, Hashable, Codable {
  /// Simulation time steps T (inputs are repeated T times — direct encoding — and outputs
  /// averaged over T).
  public var timeSteps: Int = 4
  /// Membrane time constant τ.
  public var tau: Float = 2
  /// Firing threshold V_th (SFSRec's attention neuron keeps its own 0.5).
  public var threshold: Float = 1
  /// Overrides every neuron's surrogate when set.
  public var surrogate: Surrogate? = nil
  /// Overrides every neuron's reset mode when set.
  public var reset: ResetMode? = nil

  /// The reference defaults.
  public init(timeSteps: Int = 4, tau: Float = 2, threshold: Float = 1, surrogate: Surrogate? = nil, reset: ResetMode? = nil) {
    self.timeSteps = timeSteps
    self.tau = tau
    self.threshold = threshold
    self.surrogate = surrogate
    self.reset = reset
  }

  /// The reference defaults: the one place they are read from.
  public static let defaults = SpikingConfig()

  /// Throws unless T, τ and V_th are in their valid ranges.
  public func validate() throws(ConfigurationError) {
    try ConfigurationError.require((1...64).contains(timeSteps), "T", "must be 1...64, got \(timeSteps)")
    try ConfigurationError.require(tau > 1 && tau.isFinite, "tau", "must be greater than 1, got \(tau)")
    try ConfigurationError.require(threshold > 0 && threshold.isFinite, "threshold", "must be positive, got \(threshold)")
  }

  /// A neuron with the reference's settings for its place in a model, adjusted by the overrides.
  public func neuron(
    surrogate defaultSurrogate: Surrogate, reset defaultReset: ResetMode = .hard(), threshold defaultThreshold: Float? = nil,
    detachReset: Bool = true
  ) -> LIFConfig {
    LIFConfig(
      tau: tau, threshold: defaultThreshold ?? threshold, reset: reset ?? defaultReset,
      surrogate: surrogate ?? defaultSurrogate, detachReset: detachReset)
  }
}

/// Direct encoding: `x` repeated `steps` times along a new leading time axis.
public func repeatOverTime(_ x: Tensor, steps: Int) -> Tensor {
  x.expandedDimensions(axis: 0).broadcast(to: [steps] + x.shape)
}
