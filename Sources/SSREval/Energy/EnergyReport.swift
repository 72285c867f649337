import SSRData
import SSRModels

/// How a row's operations were costed.
public enum OperationKind: String, Sendable, Hashable {
  /// Multiply–accumulates at E_MAC each.
  case multiplyAccumulate = "MAC"
  /// Accumulates at E_AC each.
  case accumulate = "AC"
}

/// One layer of an energy breakdown.
public struct EnergyRow: Sendable, Hashable {
  /// The layer's name.
  public var layer: String
  /// What the layer computes.
  public var operation: String
  /// Shared, modified or fusion (server).
  public var component: EnergyComponent
  /// What the layer consumes.
  public var input: LayerInput
  /// How its operations were costed.
  public var kind: OperationKind
  /// MACs of the equivalent ANN layer per time step.
  public var macs: Int
  /// Time steps the layer runs.
  public var timeSteps: Int
  /// For accumulate rows: the input's spikes per element and step — the firing rate of the
  /// input neuron, or for a spike sum costed per spike, `Σ rate × trains` (which can exceed 1).
  /// Nil for multiply–accumulate rows.
  public var rate: Double?
  /// Operations performed per inference: `MACs × steps`, or `rate × steps × MACs` accumulates.
  public var operations: Double
  /// Energy per inference in picojoules.
  public var energy: Double
}

/// The estimated inference energy of a model: per-layer breakdown and totals, per inference (one
/// sample with its full history window).
///
/// `energy = Σ_float-input (MACs × steps × E_MAC) + Σ_spike-input (rate × T × MACs × E_AC)`, with the
/// rates measured on evaluation data and the rule table of ``EnergyRules``.
public struct EnergyReport: Sendable, Hashable {
  /// The model's name.
  public var model: String
  /// The spiking time steps T, or nil for an ANN.
  public var timeSteps: Int?
  /// One row per layer, in forward order.
  public var rows: [EnergyRow]
  /// The constants used.
  public var constants: EnergyConstants
  /// The rules used.
  public var rules: EnergyRules
  /// The rates used (nil for an ANN, whose energy needs none).
  public var rates: FiringRates?

  /// Costs `table` with `rates` (needed when a layer is costed by its input's spikes).
  ///
  /// - Throws: ``EnergyError/missingFiringRate(model:layer:neuron:)`` when a spike-input layer's
  ///   neuron has no measured rate, ``EnergyError/invalidConstant(name:value:)`` for bad constants,
  ///   ``EnergyError/invalidConfiguration(model:reason:)`` for a row with negative MACs or no time step.
  public init(
    table: OperationTable, rates: FiringRates? = nil, constants: EnergyConstants = .horowitz45nm, rules: EnergyRules = .standard
  ) throws(EnergyError) {
    try constants.validate()
    var rows: [EnergyRow] = []
    for layer in table.layers {
      var trains: [Int] = []
      if case .spikeSum(let sources) = layer.input { trains = sources.map(\.trains) }
      guard layer.macs >= 0, layer.timeSteps >= 1, trains.allSatisfy({ $0 >= 1 }) else {
        throw EnergyError.invalidConfiguration(
          model: table.model, reason: "layer \(layer.name) needs MACs ≥ 0, time steps ≥ 1 and spike trains ≥ 1")
      }
      func rate(_ neuron: String) throws(EnergyError) -> Double {
        guard let value = rates?.rate(neuron) else {
          throw EnergyError.missingFiringRate(model: table.model, layer: layer.name, neuron: neuron)
        }
        return value
      }
      let spikesPerElement: Double?
      switch layer.input {
      case .float:
        spikesPerElement = nil
      case .spikes(let neuron):
        spikesPerElement = try rate(neuron)
      case .spikeSum(let sources):
        switch rules.spikeSums {
        case .multiplyAccumulate:
          spikesPerElement = nil
        case .accumulatePerSpike:
          var sum = 0.0
          for source in sources { sum += try rate(source.neuron) * Double(source.trains) }
          spikesPerElement = sum
        }
      }
      let macs = Double(layer.macs) * Double(layer.timeSteps)
      let row: EnergyRow
      if let spikesPerElement {
        let operations = spikesPerElement * macs
        row = EnergyRow(
          layer: layer.name, operation: layer.operation, component: layer.component, input: layer.input, kind: .accumulate,
          macs: layer.macs, timeSteps: layer.timeSteps, rate: spikesPerElement, operations: operations,
          energy: operations * constants.accumulate)
      } else {
        row = EnergyRow(
          layer: layer.name, operation: layer.operation, component: layer.component, input: layer.input,
          kind: .multiplyAccumulate, macs: layer.macs, timeSteps: layer.timeSteps, rate: nil, operations: macs,
          energy: macs * constants.mac)
      }
      rows.append(row)
    }
    model = table.model
    timeSteps = table.timeSteps
    self.rows = rows
    self.constants = constants
    self.rules = rules
    self.rates = table.isSpiking ? rates : nil
  }

  /// Measures the energy of `model`, built for `context` as the registry's `spec` builds it, on
  /// `part` of `split`: the spec's layer table for the context, costed with firing rates measured
  /// on the first `batches` batches (all when nil) of `batchSize` samples. An ANN's energy needs no
  /// data, so no batch runs for it.
  ///
  /// - Throws: ``EnergyError`` when the spec has no energy table or the split's window is not the
  ///   model's, ``DataError`` for bad batch options, ``Interrupted`` when the user stops it.
  public static func measure(
    _ model: any SequentialRecommender, spec: ModelSpec, context: ModelContext, on split: DatasetSplit,
    part: SplitPart = .test, batches: Int? = nil, batchSize: Int = 256, constants: EnergyConstants = .horowitz45nm,
    rules: EnergyRules = .standard
  ) throws -> EnergyReport {
    guard let accounting = spec.energy else { throw EnergyError.noOperationTable(model: model.name) }
    guard split.dataset.maxLen == context.config.maxLen else {
      throw EnergyError.windowMismatch(model: model.name, window: split.dataset.maxLen, expected: "exactly \(context.config.maxLen)")
    }
    let table = try accounting.table(context)
    try constants.validate()
    var rates: FiringRates? = nil
    if table.isSpiking {
      rates = try FiringRates.measure(
        model, context: context, accounting: accounting, on: split, part: part, batches: batches, batchSize: batchSize)
    }
    return try EnergyReport(table: table, rates: rates, constants: constants, rules: rules)
  }

  /// The energy per inference in picojoules, of `component` only when given.
  public func energy(_ component: EnergyComponent? = nil) -> Double {
    rows.filter { component == nil || $0.component == component }.reduce(0) { $0 + $1.energy }
  }

  /// The energy per inference in picojoules.
  public var total: Double { energy() }
  /// The energy of the modified components per inference, in picojoules.
  public var modified: Double { energy(.modified) }
  /// The energy of the shared components (embedding lookup, scoring) per inference, in picojoules.
  public var shared: Double { energy(.shared) }
  /// The energy of the feature-fusion layers per inference, in picojoules (0 without side
  /// features); they run on the server.
  public var fusion: Double { energy(.fusion) }
  /// The energy per inference on the device: everything but the server's fusion layers.
  public var device: Double { total - fusion }
  /// This report without the server's fusion rows (the device's share alone).
  public func excludingFusion() -> EnergyReport {
    var report = self
    report.rows.removeAll { $0.component == .fusion }
    return report
  }
  /// The energy per inference in microjoules.
  public var totalMicrojoules: Double { total / 1e6 }

  /// The multiply–accumulates per inference, of `component` only when given.
  public func multiplyAccumulates(_ component: EnergyComponent? = nil) -> Double {
    rows.filter { $0.kind == .multiplyAccumulate && (component == nil || $0.component == component) }.reduce(0) { $0 + $1.operations }
  }

  /// The accumulates (synaptic operations) per inference, of `component` only when given.
  public func accumulates(_ component: EnergyComponent? = nil) -> Double {
    rows.filter { $0.kind == .accumulate && (component == nil || $0.component == component) }.reduce(0) { $0 + $1.operations }
  }
}

/// The SNN-versus-ANN energy saving of a spiking twin, as a fraction of the ANN's energy
/// (negative when the SNN needs more).
public struct EnergySaving: Sendable, Hashable {
  /// The ANN's report.
  public var ann: EnergyReport
  /// The spiking twin's report.
  public var snn: EnergyReport

  /// Compares `snn` with its ANN twin `ann`.
  ///
  /// - Throws: ``EnergyError/zeroReferenceEnergy(model:)`` when the ANN's modified components
  ///   cost nothing.
  public init(ann: EnergyReport, snn: EnergyReport) throws(EnergyError) {
    guard ann.modified > 0 else { throw EnergyError.zeroReferenceEnergy(model: ann.model) }
    self.ann = ann
    self.snn = snn
  }

  /// `1 − E_snn / E_ann` over the modified components only (the paper's comparison).
  public var modified: Double { 1 - snn.modified / ann.modified }
  /// `1 − E_snn / E_ann` over the whole model, embedding lookup and scoring product included.
  public var wholeModel: Double { 1 - snn.total / ann.total }
}
