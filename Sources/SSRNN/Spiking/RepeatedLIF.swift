import SSRTensor

/// Multi-step LIF neurons driven by the same input at every one of `steps` time steps (direct
/// encoding): `lif(repeatOverTime(x, steps: steps), config:, name:)` without building the repeated
/// input, spikes `[steps, …x.shape]`. The gradient reaching `x` is the sum over the steps of the
/// per-step gradients, added in step order, so values and gradients are bit for bit those of the
/// repeated form.
public func lif(repeating x: Tensor, steps: Int, config: LIFConfig = LIFConfig(), name: String? = nil) -> Tensor {
  precondition(steps >= 1, "lif(repeating:) needs at least one time step, got \(steps)")
  return lifNeurons(x, steps: steps, width: x.count, repeating: true, config: config, name: name)
}
