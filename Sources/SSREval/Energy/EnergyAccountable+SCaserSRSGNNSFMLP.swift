import SSRModels
import SSRTensor

extension SFMLP: EnergyAccountable {
  /// ``OperationTable/sfmlp(_:innerSize:spiking:)`` for this model's sizes; the window must be the
  /// one it was built for.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try requireWindow(window, exactly: maxLen)
    var config = energyConfig(window: window)
    config.layers = intermediates.count
    return try .sfmlp(config, innerSize: intermediates.first?.dense1.weight.shape[0], spiking: spiking)
  }
}

extension SCaser: EnergyAccountable {
  /// ``OperationTable/scaser(_:verticalFilters:horizontalFilters:spiking:)`` for this model's
  /// sizes; the window must be the one it was built for.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try requireWindow(window, exactly: vertical.length)
    return try .scaser(
      energyConfig(window: window), verticalFilters: vertical.filters, horizontalFilters: horizontal.first?.filters ?? 0,
      spiking: spiking)
  }

  /// The max-pooled spikes that `fc_h` reads: ``SCaserSpikes``.
  public func unrecordedSpikes(_ batch: SequenceBatch) -> [String: SpikeTally] {
    return SCaserSpikes.replay(self, batch).tallies
  }
}

extension SRSGNN: EnergyAccountable {
  /// ``OperationTable/srsgnn(_:steps:spiking:)`` for this model's sizes.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try .srsgnn(energyConfig(window: window), steps: gnn.steps, spiking: spiking)
  }

  /// The last position's spikes that `linear_one` and `linear_transform` read: ``SRSGNNSpikes``.
  public func unrecordedSpikes(_ batch: SequenceBatch) -> [String: SpikeTally] {
    SRSGNNSpikes.replay(self, batch).tallies
  }
}

/// The binary input of SCaser's `fc_h` — the max over positions of each horizontal convolution's
/// spikes, which no neuron outputs — tallied from the model's ``SCaser/forward(_:observe:)``.
public enum SCaserSpikes {
  /// `act_conv.pooled`: the concatenated max-pooled spikes `[T, B, n_h·L]`.
  public static let pooled = SCaser.pooledSpikesName

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

  /// The model's output on `batch` and the tally of s₁.
  static func replay(_ model: SRSGNN, _ batch: SequenceBatch) -> (output: Tensor, tallies: [String: SpikeTally]) {
    observedTallies(of: [lastSpikes]) { model.forward(batch, observe: $0) }
  }
}
