import SSRModels

/// A model whose inference energy can be estimated: it gives its layer table (operations per
/// inference, input kind, component) for a history window, and measures any binary layer inputs
/// that are not the output of a named neuron.
///
/// A new model joins the energy accounting with one conformance, usually one line calling its
/// closed-form table:
///
///     extension SCaser: EnergyAccountable {
///       public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
///         try .scaser(energyConfig(window: window), spiking: spiking)
///       }
///     }
public protocol EnergyAccountable: SequentialRecommender {
  /// The layer table for inference on histories `window` items wide.
  ///
  /// - Throws: ``EnergyError`` when the model cannot run on that window or its sizes are invalid.
  func operationTable(window: Int) throws(EnergyError) -> OperationTable

  /// Spike tallies, on `batch`, of binary tensors that feed a layer of the table but are not the
  /// output of a named neuron (recorded by ``SSRNN/SpikeRecorder``). None by default.
  func unrecordedSpikes(_ batch: SequenceBatch) -> [String: SpikeTally]
}

extension EnergyAccountable {
  /// None: every spiking input is a named neuron's output.
  public func unrecordedSpikes(_ batch: SequenceBatch) -> [String: SpikeTally] { [:] }

  /// A configuration with the model's item count and width (from its item table) and `window` as
  /// `maxLen`; other fields keep their defaults.
  public func energyConfig(window: Int) -> ModelConfig {
    let shape = itemEmbeddings.shape
    var config = ModelConfig(itemCount: shape[0] - 1)
    config.maxLen = window
    config.embeddingSize = shape.count > 1 ? shape[1] : 0
    return config
  }

  /// Throws unless `window` is at most the `positions` the model's position table holds.
  func requireWindow(_ window: Int, atMost positions: Int) throws(EnergyError) {
    guard window <= positions else { throw EnergyError.windowMismatch(model: name, window: window, expected: "at most \(positions)") }
  }

  /// Throws unless `window` is exactly `width`.
  func requireWindow(_ window: Int, exactly width: Int) throws(EnergyError) {
    guard window == width else { throw EnergyError.windowMismatch(model: name, window: window, expected: "exactly \(width)") }
  }
}

extension OperationTable {
  /// The layer table of `model` for histories `window` items wide.
  ///
  /// - Throws: ``EnergyError/noOperationTable(model:)`` when the model does not conform to
  ///   ``EnergyAccountable`` (e.g. the popularity baseline), or the model's own errors.
  public init(for model: any SequentialRecommender, window: Int) throws(EnergyError) {
    guard let accountable = model as? any EnergyAccountable else { throw EnergyError.noOperationTable(model: model.name) }
    self = try accountable.operationTable(window: window)
  }
}

extension GRU4Rec: EnergyAccountable {
  /// ``OperationTable/gru4rec(_:)`` for this model's sizes.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try .gru4rec(energyConfig(window: window))
  }
}

extension SASRec: EnergyAccountable {
  /// ``OperationTable/sasrec(_:)`` for this model's sizes; the window must fit its position table.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try requireWindow(window, atMost: positionEmbedding.weight.shape[0])
    var config = energyConfig(window: window)
    config.layers = attention.count
    config.innerSize = feedForward.first?.dense1.weight.shape[0] ?? 0
    return try .sasrec(config)
  }
}

extension Caser: EnergyAccountable {
  /// ``OperationTable/caser(_:verticalFilters:horizontalFilters:)`` for this model's sizes; the
  /// window must be the one it was built for.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try requireWindow(window, exactly: convolutions.length)
    return try .caser(
      energyConfig(window: window), verticalFilters: convolutions.vertical.filters,
      horizontalFilters: convolutions.horizontal.first?.filters ?? 0)
  }
}

extension SRGNN: EnergyAccountable {
  /// ``OperationTable/srgnn(_:steps:)`` for this model's sizes.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try .srgnn(energyConfig(window: window), steps: gnn.steps)
  }
}

extension FMLPRec: EnergyAccountable {
  /// ``OperationTable/fmlpRec(_:innerSize:)`` for this model's sizes; the window must be the one
  /// it was built for.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try requireWindow(window, exactly: maxLen)
    var config = energyConfig(window: window)
    config.layers = filters.count
    return try .fmlpRec(config, innerSize: intermediates.first?.dense1.weight.shape[0])
  }
}

extension SFSRec: EnergyAccountable {
  /// ``OperationTable/sfsrec(_:spiking:)`` for this model's sizes; the window must fit its
  /// position table.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try requireWindow(window, atMost: positionEmbedding.weight.shape[0])
    var config = energyConfig(window: window)
    config.layers = blocks.count
    let fc1 = namedParameters().first { $0.name == "blocks.0.mlp.fc1_linear.weight" }
    config.innerSize = fc1?.parameter.shape[0] ?? 0
    return try .sfsrec(config, spiking: spiking)
  }
}

extension SGRU4Rec: EnergyAccountable {
  /// ``OperationTable/sgru4rec(_:spiking:)`` for this model's sizes.
  public func operationTable(window: Int) throws(EnergyError) -> OperationTable {
    try .sgru4rec(energyConfig(window: window), spiking: spiking)
  }

  /// The spiking GRU's binary state, which feeds the gates and the dense layer but is not a
  /// neuron's output: ``SGRU4RecSpikes``.
  public func unrecordedSpikes(_ batch: SequenceBatch) -> [String: SpikeTally] {
    SGRU4RecSpikes.replay(self, batch).tallies
  }
}
