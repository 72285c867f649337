import SSRModels
import SSRNN
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
/// spikes, which no neuron outputs — measured by replaying the model with its own layers (the
/// replay's output equals the model's, which the tests check).
public enum SCaserSpikes {
  /// `act_conv.pooled`: the concatenated max-pooled spikes `[T, B, n_h·L]`.
  public static let pooled = "act_conv.pooled"

  /// The model's output on `batch` and the tally of the pooled spikes.
  static func replay(_ model: SCaser, _ batch: SequenceBatch) -> (output: Tensor, tallies: [String: SpikeTally]) {
    let steps = model.spiking.timeSteps, size = batch.size
    let neuron = model.spiking.neuron(surrogate: .atan())
    let spikes = lif(repeatOverTime(model.norm(model.itemEmbedding(batch.histories)), steps: steps), config: neuron)
    let outV = model.vertical(spikes).reshaped([steps, size, -1])
    let pooled = zip(model.horizontal, model.horizontalNorms).map { convolution, norm in
      lif(norm.normalizingLastAxis(convolution(spikes)), config: neuron).max(axis: 2)
    }
    let outH = concatenated(pooled, axis: 2)
    return (model.fcH(outH).mean(axis: 0) + model.fcV(outV.mean(axis: 0)), [Self.pooled: SpikeTally(outH)])
  }
}

/// The binary input s₁ of SRSGNN's `linear_one` and of the s₁ half of `linear_transform` — the
/// spikes of `seq_lif` at each history's last position — measured by replaying the model with its
/// own layers (the replay's output equals the model's, which the tests check).
public enum SRSGNNSpikes {
  /// `seq_lif.last`: the spikes at position length − 1, `[T, B, D]`.
  public static let lastSpikes = "seq_lif.last"

  /// The model's output on `batch` and the tally of s₁.
  static func replay(_ model: SRSGNN, _ batch: SequenceBatch) -> (output: Tensor, tallies: [String: SpikeTally]) {
    let steps = model.spiking.timeSteps, size = batch.size, length = batch.maxLen
    let graph = SessionGraph(histories: batch.histories)
    let states = model.norm(graph.inSequenceOrder(model.gnn((graph, model.itemEmbedding(graph.items)))))
    let width = states.shape[2]
    let masked = states * graph.mask.expandedDimensions(axis: 2)
    let spikes = lif(repeatOverTime(states, steps: steps), config: model.spiking.neuron(surrogate: .sigmoid()))
    let lengths = Array([[Int32]](repeating: batch.lengths, count: steps).joined())
    let last = gatherLast(spikes.reshaped([steps * size, length, width]), lengths: lengths).reshaped([steps, size, width])
    let q = spike(model.linearOne(last).expandedDimensions(axis: 2) + model.linearTwo(spikes), surrogate: model.spiking.surrogate ?? .atan())
    let pooled = (model.linearThree(q) * masked).sum(axis: 2)
    let output = model.linearTransform(concatenated([pooled, last], axis: 2)).mean(axis: 0)
    return (output, [lastSpikes: SpikeTally(last)])
  }
}
