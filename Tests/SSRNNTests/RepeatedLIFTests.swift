import SSRNN
import SSRTensor
import SSRTestSupport
import Testing

/// `lif(repeating:steps:)` against `lif` of the input repeated over time: the same bits forward and
/// backward, for every reset, surrogate and a width spanning several kernel blocks.
@Suite("LIF with a constant input over time")
struct RepeatedLIFTests {
  static let configs: [LIFConfig] = [
    LIFConfig(), LIFConfig(tau: 1.5, threshold: 0.5, reset: .soft, surrogate: .atan()),
    LIFConfig(reset: .hard(reset: -0.2), surrogate: .atan(alpha: 2), detachReset: true),
    LIFConfig(tau: 4, surrogate: .erf()),
  ]

  @Test("Spikes and input gradients equal the repeated input's, bit for bit", arguments: 0..<configs.count)
  func matchesRepeated(config index: Int) {
    let config = Self.configs[index]
    for (shape, steps) in [([3, 5], 4), ([2, 7, 83], 1), ([1300], 3), ([4, 300], 6)] as [([Int], Int)] {
      let x = randomTensor(shape, seed: UInt64(index * 10 + steps), in: -1...3)
      let upstream = randomTensor([steps] + shape, seed: 77)
      let repeatedInput = x.requiringGrad()
      let reference = lif(repeatedInput.expandedDimensions(axis: 0).broadcast(to: [steps] + shape), config: config)
      reference.backward(upstream)
      let directInput = x.requiringGrad()
      let direct = lif(repeating: directInput, steps: steps, config: config)
      direct.backward(upstream)
      #expect(direct.shape == [steps] + shape)
      #expect(direct.scalars == reference.scalars, "spikes, \(shape) T \(steps)")
      #expect(directInput.grad!.scalars == repeatedInput.grad!.scalars, "gradient, \(shape) T \(steps)")
      #expect(withoutGrad { lif(repeating: x, steps: steps, config: config) }.scalars == reference.scalars)
    }
  }

  @Test("Recorded under its name like lif")
  func records() {
    let recorder = SpikeRecorder()
    let spikes = recorder.withRecording { lif(repeating: Tensor([2, 0, 0.9], shape: [3]), steps: 2, name: "encoder") }
    #expect(spikes.scalars == [1, 0, 0, 1, 0, 0])
    #expect(recorder.names == ["encoder"])
  }
}
