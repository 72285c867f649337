import SSRTensor

/// Multi-step LIF neurons driven by the same input at every one of `steps` time steps (direct
/// encoding): `lif(repeatOverTime(x, steps: steps), config:, name:)` without building the repeated
/// input, spikes `[steps, …x.shape]`. The gradient reaching `x` is the sum over the steps of the
/// per-step gradients, added in step order, so values and gradients are bit for bit those of the
/// repeated form.
public func lif(repeating x: Tensor, steps: Int, config: LIFConfig = LIFConfig(), name: String? = nil) -> Tensor {
  precondition(steps >= 1, "lif(repeating:) needs at least one time step, got \(steps)")
  let width = x.count
  let kernel = LIFKernel(config)
  let shape = [steps] + x.shape
  let keepCharge = isGradEnabled && x.requiresGrad
  var charge: Tensor?
  let spikes = x.withUnsafeBufferPointer { input in
    Tensor(unsafeUninitializedShape: shape) { s in
      if keepCharge {
        charge = Tensor(unsafeUninitializedShape: shape) { h in
          kernel.forward(input.baseAddress!, spikes: s.baseAddress!, charge: h.baseAddress!, steps: steps, width: width, inputStride: 0)
        }
      } else {
        kernel.forward(input.baseAddress!, spikes: s.baseAddress!, charge: nil, steps: steps, width: width, inputStride: 0)
      }
    }
  }
  if let name, let recorder = SpikeRecorder.current { recorder.add(name, spikes: spikes) }
  guard let charge else { return spikes }
  return customOp([x], forward: { _ in spikes }) { inputs, _, gradient in
    let gx = gradient.withUnsafeBufferPointer { gs in
      charge.withUnsafeBufferPointer { h in
        Tensor(unsafeUninitializedShape: inputs[0].shape) { g in
          kernel.backwardSummedOverTime(gs.baseAddress!, charge: h.baseAddress!, into: g.baseAddress!, steps: steps, width: width)
        }
      }
    }
    return [gx]
  }
}
