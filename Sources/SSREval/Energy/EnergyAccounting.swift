import SSRModels

/// How the registry costs one model's inference: its closed-form layer table for a context, and
/// the binary layer inputs that are not a named neuron's output (measured on data).
///
/// When the context carries item features, the table also lists the feature-fusion layers
/// (``OperationTable/addingFusion(_:)``) as the ``EnergyComponent/fusion`` group, so every model
/// counts them without its own table knowing about side information.
///
/// A model joins the energy accounting with the `energy:` argument of its registry line:
///
///     ModelSpec("scaser", …, energy: EnergyAccounting(
///       table: { c throws(EnergyError) in try .scaser(c.config, spiking: c.spiking) },
///       unrecordedSpikes: SCaserSpikes.tallies))
public struct EnergyAccounting: Sendable {
  /// The layer table of the model a context builds, for histories `context.config.maxLen` wide,
  /// with the fusion layers when the context has item features.
  public let table: @Sendable (ModelContext) throws(EnergyError) -> OperationTable
  /// Spike tallies, on a batch, of binary tensors that feed a layer of the table but are not the
  /// output of a named neuron (recorded by ``SSRNN/SpikeRecorder``); none for most models.
  public let unrecordedSpikes: @Sendable (any SequentialRecommender, SequenceBatch) -> [String: SpikeTally]

  /// Costs a model whose spiking inputs are all named neurons' outputs.
  public init(table: @escaping @Sendable (ModelContext) throws(EnergyError) -> OperationTable) {
    self.table = { c throws(EnergyError) in try table(c).addingFusion(c) }
    self.unrecordedSpikes = { _, _ in [:] }
  }

  /// Costs a model of type `Model` that also feeds layers with binary tensors no neuron outputs,
  /// tallied by `unrecordedSpikes` (nothing is tallied for a model of another type).
  public init<Model: SequentialRecommender & SendableMetatype>(
    table: @escaping @Sendable (ModelContext) throws(EnergyError) -> OperationTable,
    unrecordedSpikes: @escaping @Sendable (Model, SequenceBatch) -> [String: SpikeTally]
  ) {
    self.table = { c throws(EnergyError) in try table(c).addingFusion(c) }
    self.unrecordedSpikes = { model, batch in (model as? Model).map { unrecordedSpikes($0, batch) } ?? [:] }
  }
}
