import SSRModels
import SSRNN
import SSRTensor

/// The binary inputs of SGRU4Rec's layers that are not a named neuron's output, measured by
/// replaying the model's recurrence with its own layers (the replay's output equals the model's,
/// which the tests check):
///
/// - ``previousState``: the state h_{t−1} (h₋₁ = 0) that the h halves of `W_r` and `W_z` read;
/// - ``gatedState``: r_t ⊙ h_{t−1}, which the state half of `W_n` reads;
/// - ``lastState``: the state at position length − 1, which `dense` reads.
public enum SGRU4RecSpikes {
  /// `sgru.h_prev`.
  public static let previousState = "sgru.h_prev"
  /// `sgru.r_h_prev`.
  public static let gatedState = "sgru.r_h_prev"
  /// `sgru.h_last`.
  public static let lastState = "sgru.h_last"

  /// The model's output on `batch` and the tallies of the three state tensors.
  static func replay(_ model: SGRU4Rec, _ batch: SequenceBatch) -> (output: Tensor, tallies: [String: SpikeTally]) {
    let spiking = model.spiking
    let neuron = spiking.neuron(surrogate: .atan(), reset: .soft)
    let embedded = model.norm(model.itemEmbedding(batch.histories))
    let rates = lif(repeatOverTime(embedded, steps: spiking.timeSteps), config: neuron).mean(axis: 0)
    let (size, length, width) = (rates.shape[0], rates.shape[1], rates.shape[2])
    var previous = SpikeTally(), gated = SpikeTally()
    var h = Tensor.zeros([size, width])
    var states: [Tensor] = []
    states.reserveCapacity(length)
    for t in 0..<length {
      let x = rates.sliced(axis: 1, t, t + 1).reshaped([size, width])
      let c = concatenated([x, h], axis: 1)
      let r = spike(model.resetGate(c), surrogate: spiking.surrogate ?? .erf())
      let z = spike(model.updateGate(c), surrogate: spiking.surrogate ?? .erf())
      let rh = r * h
      previous = previous + SpikeTally(h)
      gated = gated + SpikeTally(rh)
      let n = spike(model.candidate(concatenated([x, rh], axis: 1)), surrogate: spiking.surrogate ?? .atan())
      h = z * h + (1 - z) * n
      states.append(h)
    }
    let last = gatherLast(stacked(states, axis: 1), lengths: batch.lengths)
    return (model.dense(last), [previousState: previous, gatedState: gated, lastState: SpikeTally(last)])
  }
}
