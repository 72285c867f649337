import SSRModels

/// Whether a layer is part of what the spiking twin changes or of what both twins share.
public enum EnergyComponent: String, Sendable, Hashable, CaseIterable {
  /// The embedding lookup and the final scoring product `h · Eᵀ`, identical in both twins.
  case shared
  /// Everything between them: the layers the spiking twin replaces (the paper's comparison).
  case modified
  /// The feature-transformation layers of a model with side features (projection of the frozen
  /// text/image vectors and their combination with the ID embedding). They run on the server,
  /// which holds the encoders' features and sends the device the fused item vectors of a history
  /// (SPEC §9), so reports show them as their own group that can be left out for the device alone.
  case fusion = "fusion (server)"
}

/// One spike train feeding a layer: the neuron that fires it and how many of its trains are
/// summed into each input element per time step of the layer.
public struct SpikeSource: Sendable, Hashable {
  /// The neuron's recorded name, e.g. `rpe_lif`.
  public var neuron: String
  /// How many of the neuron's spike trains add up in one input element: 1 for a residual term,
  /// T for a sum (or mean) over the time steps feeding a layer that runs once.
  public var trains: Int

  /// A source of `trains` spike trains of `neuron`.
  public init(_ neuron: String, trains: Int = 1) {
    self.neuron = neuron
    self.trains = trains
  }
}

/// What a layer consumes, which decides whether its operations are MACs or ACs.
public enum LayerInput: Sendable, Hashable {
  /// Real numbers: every operation is a multiply–accumulate.
  case float
  /// Binary spikes of one recorded neuron: an operation happens only where a spike arrives, and
  /// it is an accumulate.
  case spikes(neuron: String)
  /// A sum of spike trains: a residual connection adding spikes of several neurons (values
  /// 0, 1, 2, …), or the mean over time steps of one neuron's spikes. Costed by
  /// ``EnergyRules/spikeSums``: as float input by default.
  case spikeSum([SpikeSource])

  /// The neurons whose rates this input needs under some rule.
  public var neurons: [String] {
    switch self {
    case .float: return []
    case .spikes(let neuron): return [neuron]
    case .spikeSum(let sources): return sources.map(\.neuron)
    }
  }

  /// A short label: `float`, `spikes ← rpe_lif`, `Σ spikes ← rpe_lif + blocks.0.attn.proj_lif`,
  /// `Σ spikes ← 4×rpe_lif + 4 more` (sums of more than two terms name the first).
  public var label: String {
    switch self {
    case .float: return "float"
    case .spikes(let neuron): return "spikes ← \(neuron)"
    case .spikeSum(let sources):
      let terms = sources.map { $0.trains == 1 ? $0.neuron : "\($0.trains)×\($0.neuron)" }
      guard terms.count > 2 else { return "Σ spikes ← " + terms.joined(separator: " + ") }
      return "Σ spikes ← \(terms[0]) + \(terms.count - 1) more"
    }
  }
}

/// The operations of one layer of a model for one inference: one sample with its full history
/// window (every position is computed, padding included, as the models do).
///
/// `macs` counts one multiply–accumulate per multiply–add of a matrix product (linear layers,
/// convolutions, attention products, the DFT products, weighted sums) of the equivalent ANN layer
/// for one time step; a linear map `in → out` over `L` positions is `L·in·out`. Biases and
/// element-wise operations are not counted (see ``EnergyRules``).
public struct LayerOperations: Sendable, Hashable {
  /// The layer's name, after the reference code's module names, e.g. `blocks.0.attn.q_linear`.
  public var name: String
  /// What the layer computes, e.g. `Linear 64→64 × 20 positions`.
  public var operation: String
  /// Multiply–accumulates of the equivalent ANN layer per time step and inference.
  public var macs: Int
  /// How many time steps the layer runs per inference: T inside the spiking simulation, 1 outside.
  public var timeSteps: Int
  /// What the layer consumes.
  public var input: LayerInput
  /// Shared (embedding lookup, scoring), modified, or fusion (server).
  public var component: EnergyComponent

  /// A layer record.
  public init(name: String, operation: String, macs: Int, timeSteps: Int = 1, input: LayerInput = .float, component: EnergyComponent = .modified) {
    self.name = name
    self.operation = operation
    self.macs = macs
    self.timeSteps = timeSteps
    self.input = input
    self.component = component
  }
}

/// The layer table of a model: every layer's operations per inference, in forward order.
public struct OperationTable: Sendable, Hashable {
  /// The model's name, e.g. `SFSRec`.
  public var model: String
  /// The spiking time steps T, or nil for an ANN.
  public var timeSteps: Int?
  /// The layers, shared ones included.
  public var layers: [LayerOperations]

  /// A table.
  public init(model: String, timeSteps: Int?, layers: [LayerOperations]) {
    self.model = model
    self.timeSteps = timeSteps
    self.layers = layers
  }

  /// The neurons whose firing rates some layer's input needs, in first-use order.
  public var neurons: [String] {
    var seen = Set<String>()
    return layers.flatMap(\.input.neurons).filter { seen.insert($0).inserted }
  }

  /// Whether any layer consumes spikes.
  public var isSpiking: Bool { !neurons.isEmpty }

  /// The MACs of the equivalent ANN layers, per time step, summed over `component` (all layers when nil).
  public func macs(_ component: EnergyComponent? = nil) -> Double {
    layers.filter { component == nil || $0.component == component }.reduce(0) { $0 + Double($1.macs) }
  }
}

/// Builds layer records with checked arithmetic (counts come from user-chosen sizes).
struct OperationCounter {
  /// The model being counted, for error messages.
  let model: String

  /// The product of `factors`, or ``EnergyError/countOverflow(model:layer:)``.
  func product(_ factors: [Int], layer: String) throws(EnergyError) -> Int {
    var result = 1
    for factor in factors {
      let (value, overflow) = result.multipliedReportingOverflow(by: factor)
      guard !overflow else { throw EnergyError.countOverflow(model: model, layer: layer) }
      result = value
    }
    return result
  }

  /// The sum of `terms`, or ``EnergyError/countOverflow(model:layer:)``.
  func sum(_ terms: [Int], layer: String) throws(EnergyError) -> Int {
    var result = 0
    for term in terms {
      let (value, overflow) = result.addingReportingOverflow(term)
      guard !overflow else { throw EnergyError.countOverflow(model: model, layer: layer) }
      result = value
    }
    return result
  }

  /// A linear map `inputs → outputs` at `positions` positions: `positions·inputs·outputs` MACs.
  func linear(
    _ name: String, _ inputs: Int, _ outputs: Int, positions: Int, input: LayerInput = .float, timeSteps: Int = 1, note: String = ""
  ) throws(EnergyError) -> LayerOperations {
    let span = positions == 1 ? "1 position" : "\(positions) positions"
    return LayerOperations(
      name: name, operation: "Linear \(inputs)→\(outputs) × \(span)\(note)",
      macs: try product([positions, inputs, outputs], layer: name), timeSteps: timeSteps, input: input)
  }

  /// A batched matrix product `[rows, inner] × [inner, columns]`: `rows·inner·columns` MACs.
  func matmul(
    _ name: String, _ what: String, rows: Int, inner: Int, columns: Int, input: LayerInput = .float, timeSteps: Int = 1
  ) throws(EnergyError) -> LayerOperations {
    LayerOperations(
      name: name, operation: "\(what) [\(rows)×\(inner)]·[\(inner)×\(columns)]",
      macs: try product([rows, inner, columns], layer: name), timeSteps: timeSteps, input: input)
  }

  /// The embedding lookup: `window` rows read (plus position rows), no arithmetic counted.
  func embeddingLookup(window: Int, positions: Bool) -> LayerOperations {
    LayerOperations(
      name: positions ? "item_embedding + position_embedding" : "item_embedding",
      operation: "lookup of \(window) rows (no arithmetic counted)", macs: 0, component: .shared)
  }

  /// The scoring product `h · Eᵀ` over every item row, padding included: `(N + 1)·D` MACs.
  func scoring(itemCount: Int, width: Int) throws(EnergyError) -> LayerOperations {
    LayerOperations(
      name: "scores", operation: "h·Eᵀ [1×\(width)]·[\(width)×\(itemCount + 1)]",
      macs: try product([itemCount + 1, width], layer: "scores"), component: .shared)
  }

  /// Throws unless `value` is in `range`.
  func require(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws(EnergyError) {
    guard range.contains(value) else {
      let bound = range.upperBound == Int.max ? "≥ \(range.lowerBound)" : "in \(range.lowerBound)...\(range.upperBound)"
      throw EnergyError.invalidConfiguration(model: model, reason: "\(name) must be \(bound), got \(value)")
    }
  }

  /// Checks the sizes every model uses: items, window and width at least 1.
  func requireBasics(_ config: ModelConfig) throws(EnergyError) {
    try require("itemCount", config.itemCount, 1...Int.max - 1)
    try require("maxLen (the history window)", config.maxLen, 1...Int.max)
    try require("embeddingSize", config.embeddingSize, 1...Int.max)
  }
}
