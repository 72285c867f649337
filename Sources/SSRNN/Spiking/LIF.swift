import SSRTensor

/// How the membrane potential is reset after a spike.
public enum ResetMode: Sendable, Hashable, Codable {
  /// `V = H·(1 − S) + V_reset·S` (SpikingJelly with `v_reset` a number).
  case hard(reset: Float = 0)
  /// `V = H − V_th·S` (SpikingJelly with `v_reset=None`).
  case soft
}

/// Settings of a leaky integrate-and-fire neuron, with SpikingJelly's defaults.
public struct LIFConfig: Sendable, Hashable {
  /// The membrane time constant τ.
  public var tau: Float = 2
  /// The firing threshold V_th.
  public var threshold: Float = 1
  /// Hard (to V_reset) or soft (subtract V_th) reset.
  public var reset: ResetMode = .hard()
  /// The surrogate gradient of the firing step.
  public var surrogate: Surrogate = .sigmoid()
  /// Whether the spike used in the reset is detached from the graph (`detach_reset`).
  public var detachReset = false

  /// SpikingJelly's `LIFNode()` defaults: τ 2, V_th 1, hard reset to 0, Sigmoid(α=4), attached reset.
  public init(tau: Float = 2, threshold: Float = 1, reset: ResetMode = .hard(), surrogate: Surrogate = .sigmoid(), detachReset: Bool = false) {
    self.tau = tau
    self.threshold = threshold
    self.reset = reset
    self.surrogate = surrogate
    self.detachReset = detachReset
  }
}

/// Multi-step leaky integrate-and-fire neurons over inputs `[T, …]` (time first), as SpikingJelly's
/// `LIFNode` with `decay_input=True` in multi-step mode:
///
///     H[t] = V[t−1] + (X[t] − (V[t−1] − V_reset)) / τ
///     S[t] = Θ(H[t] − V_th)
///     V[t] = H[t]·(1 − S[t]) + V_reset·S[t]      (hard)   or   H[t] − V_th·S[t]   (soft)
///
/// starting from V[−1] = V_reset (0 for a soft reset). Forward and backward are fused loops over
/// T (backpropagation through the membrane potential, surrogate gradient for Θ); the state is not
/// kept between calls, so every batch starts from rest (SpikingJelly's `reset_net`).
/// When `name` is given and a ``SpikeRecorder`` is recording, the output spikes are counted
/// under that name (for firing rates and energy).
public func lif(_ x: Tensor, config: LIFConfig = LIFConfig(), name: String? = nil) -> Tensor {
  precondition(x.rank >= 2, "lif expects [T, …] input, got \(x.shape)")
  let steps = x.shape[0]
  return lifNeurons(x, steps: steps, width: x.count / max(steps, 1), repeating: false, config: config, name: name)
}

/// The forward pass of ``lif(_:config:name:)`` (`repeating` false: `x` is `[T, …]`) or of
/// ``lif(repeating:steps:config:name:)`` (`repeating` true: `x` is one step's `width` inputs, read
/// at every step, and its gradient is the sum over the steps), and its backward pass.
func lifNeurons(_ x: Tensor, steps: Int, width: Int, repeating: Bool, config: LIFConfig, name: String?) -> Tensor {
  let kernel = LIFKernel(config)
  let shape = repeating ? [steps] + x.shape : x.shape
  let inputStride = repeating ? 0 : width
  // Forward once; H is kept for the backward pass only when a gradient will be asked for (the
  // spikes are recomputed from it there, so the backward pass reads two arrays, not three).
  let keepCharge = isGradEnabled && x.requiresGrad
  var charge: Tensor?
  let spikes = x.withUnsafeBufferPointer { input in
    Tensor(unsafeUninitializedShape: shape) { s in
      if keepCharge {
        charge = Tensor(unsafeUninitializedShape: shape) { h in
          kernel.forward(input.baseAddress!, spikes: s.baseAddress!, charge: h.baseAddress!, steps: steps, width: width, inputStride: inputStride)
        }
      } else {
        kernel.forward(input.baseAddress!, spikes: s.baseAddress!, charge: nil, steps: steps, width: width, inputStride: inputStride)
      }
    }
  }
  if let name, let recorder = SpikeRecorder.current { recorder.add(name, spikes: spikes) }
  guard let charge else { return spikes }
  return customOp([x], forward: { _ in spikes }) { inputs, _, gradient in
    let gx = gradient.withUnsafeBufferPointer { gs in
      charge.withUnsafeBufferPointer { h in
        Tensor(unsafeUninitializedShape: inputs[0].shape) { g in
          if repeating {
            kernel.backwardSummedOverTime(gs.baseAddress!, charge: h.baseAddress!, into: g.baseAddress!, steps: steps, width: width)
          } else {
            kernel.backward(gs.baseAddress!, charge: h.baseAddress!, into: g.baseAddress!, steps: steps, width: width)
          }
        }
      }
    }
    return [gx]
  }
}

/// A layer of multi-step LIF neurons (no parameters); see ``lif(_:config:)``.
public final class LIFNode: Layer {
  /// The neuron settings.
  public let config: LIFConfig
  /// Training mode (no effect).
  public var isTraining = true

  /// Neurons with the given settings.
  public init(_ config: LIFConfig = LIFConfig()) {
    self.config = config
  }

  /// Spikes `[T, …]` for inputs `[T, …]`.
  public func callAsFunction(_ x: Tensor) -> Tensor { lif(x, config: config) }
}
