/// Why an energy estimate cannot be made.
public enum EnergyError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The model has no operation table (its registry entry has no ``EnergyAccounting``).
  case noOperationTable(model: String)
  /// A hyperparameter cannot describe a model.
  case invalidConfiguration(model: String, reason: String)
  /// The evaluation histories do not have the width the model was built for.
  case windowMismatch(model: String, window: Int, expected: String)
  /// A layer's input rate was needed but its neuron did not record any spikes.
  case missingFiringRate(model: String, layer: String, neuron: String)
  /// An energy constant is negative, infinite or NaN.
  case invalidConstant(name: String, value: Double)
  /// A measurement option is out of range.
  case invalidOption(name: String, value: String, reason: String)
  /// The split part has no samples to measure firing rates on.
  case noSamples(part: String)
  /// An operation count does not fit in a 64-bit integer.
  case countOverflow(model: String, layer: String)
  /// The ANN's energy is zero, so a saving relative to it is undefined.
  case zeroReferenceEnergy(model: String)

  /// A message for the user: what happened and what to do.
  public var description: String {
    switch self {
    case let .noOperationTable(model):
      return "\(model) has no energy table; energy is defined for GRU4Rec, SASRec, Caser, SRGNN, FMLP-Rec and their spiking twins"
    case let .invalidConfiguration(model, reason):
      return "cannot count the operations of \(model): \(reason)"
    case let .windowMismatch(model, window, expected):
      return "\(model) was built for histories of another width than \(window) items (it needs \(expected)); measure it on the data it was built for"
    case let .missingFiringRate(model, layer, neuron):
      return "\(model): layer \(layer) needs the firing rate of neuron \(neuron), which was not measured; "
        + "measure the rates on evaluation data first (FiringRates.measure) and pass them to the report"
    case let .invalidConstant(name, value):
      return "energy constant \(name) is \(value); it must be a finite number of picojoules ≥ 0"
    case let .invalidOption(name, value, reason):
      return "\(name) = \(value) \(reason)"
    case let .noSamples(part):
      return "the \(part) part of the split has no samples to measure firing rates on; measure on another part (e.g. test)"
    case let .countOverflow(model, layer):
      return "\(model): the operation count of \(layer) does not fit in 64 bits; use a smaller configuration"
    case let .zeroReferenceEnergy(model):
      return "\(model) has zero estimated energy, so a saving relative to it is undefined"
    }
  }
}
