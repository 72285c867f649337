import SSRModels
import SSRTensor

/// The binary inputs of SGRU4Rec's layers that are not a named neuron's output, tallied from what
/// the model's own ``SGRU4Rec/forward(_:observe:)`` hands out:
///
/// - ``previousState``: the state h_{t−1} (h₋₁ = 0) that the h halves of `W_r` and `W_z` read;
/// - ``gatedState``: r_t ⊙ h_{t−1}, which the state half of `W_n` reads;
/// - ``lastState``: the state at position length − 1, which `dense` reads.
public enum SGRU4RecSpikes {
  /// `sgru.h_prev`.
  public static let previousState = SGRU4Rec.previousStateName
  /// `sgru.r_h_prev`.
  public static let gatedState = SGRU4Rec.gatedStateName
  /// `sgru.h_last`.
  public static let lastState = SGRU4Rec.lastStateName

  /// The tallies of the three state tensors on `batch`.
  @Sendable public static func tallies(_ model: SGRU4Rec, _ batch: SequenceBatch) -> [String: SpikeTally] {
    replay(model, batch).tallies
  }

  /// The model's output on `batch` and the tallies of the three state tensors.
  static func replay(_ model: SGRU4Rec, _ batch: SequenceBatch) -> (output: Tensor, tallies: [String: SpikeTally]) {
    observedTallies(of: [previousState, gatedState, lastState]) { model.forward(batch, observe: $0) }
  }
}

/// The binary input of SCaser's `fc_h` — the max over positions of each horizontal convolution's
/// spikes, which no neuron outputs — tallied from the model's ``SCaser/forward(_:observe:)``.
public enum SCaserSpikes {
  /// `act_conv.pooled`: the concatenated max-pooled spikes `[T, B, n_h·L]`.
  public static let pooled = SCaser.pooledSpikesName

  /// The tally of the pooled spikes on `batch`.
  @Sendable public static func tallies(_ model: SCaser, _ batch: SequenceBatch) -> [String: SpikeTally] {
    replay(model, batch).tallies
  }

  /// The model's output on `batch` and the tally of the pooled spikes.
  static func replay(_ model: SCaser, _ batch: SequenceBatch) -> (output: Tensor, tallies: [String: SpikeTally]) {
    observedTallies(of: [pooled]) { model.forward(batch, observe: $0) }
  }
}

/// The binary input s₁ of SRSGNN's `linear_one` and of the s₁ half of `linear_transform` — the
/// spikes of `seq_lif` at each history's last position — tallied from the model's
/// ``SRSGNN/forward(_:observe:)``.
public enum SRSGNNSpikes {
  /// `seq_lif.last`: the spikes at position length − 1, `[T, B, D]`.
  public static let lastSpikes = SRSGNN.lastSpikesName

  /// The tally of s₁ on `batch`.
  @Sendable public static func tallies(_ model: SRSGNN, _ batch: SequenceBatch) -> [String: SpikeTally] {
    replay(model, batch).tallies
  }

  /// The model's output on `batch` and the tally of s₁.
  static func replay(_ model: SRSGNN, _ batch: SequenceBatch) -> (output: Tensor, tallies: [String: SpikeTally]) {
    observedTallies(of: [lastSpikes]) { model.forward(batch, observe: $0) }
  }
}

/// Runs `forward`, summing a ``SpikeTally`` of every tensor it hands to its observer under one of
/// `names` (a name observed several times, once per position say, adds up).
func observedTallies(
  of names: Set<String>, _ forward: ((String, Tensor) -> Void) -> Tensor
) -> (output: Tensor, tallies: [String: SpikeTally]) {
  var tallies: [String: SpikeTally] = [:]
  let output = forward { name, spikes in
    if names.contains(name) { tallies[name] = tallies[name, default: SpikeTally()] + SpikeTally(spikes) }
  }
  return (output, tallies)
}
