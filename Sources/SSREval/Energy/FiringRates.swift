import SSRCore
import SSRData
import SSRModels
import SSRNN
import SSRTensor

/// Spikes counted on one neuron (or one binary tensor): how many of its neuron-steps fired.
public struct SpikeTally: Sendable, Hashable {
  /// The number of spikes.
  public var spikes: Double
  /// The number of neuron-steps observed.
  public var count: Double

  /// A tally of `spikes` out of `count` neuron-steps.
  public init(spikes: Double = 0, count: Double = 0) {
    self.spikes = spikes
    self.count = count
  }

  /// The tally of a binary tensor: the sum of its elements out of its element count.
  public init(_ spikes: Tensor) {
    let sum = spikes.withUnsafeBufferPointer { $0.reduce(0.0) { $0 + Double($1) } }
    self.init(spikes: sum, count: Double(spikes.count))
  }

  /// Spikes per neuron-step, or nil when nothing was observed.
  public var rate: Double? { count > 0 ? spikes / count : nil }

  /// Both tallies together.
  public static func + (a: SpikeTally, b: SpikeTally) -> SpikeTally {
    SpikeTally(spikes: a.spikes + b.spikes, count: a.count + b.count)
  }
}

/// Firing rates of a model's neurons measured on evaluation data: per neuron, the fraction of its
/// outputs (over neurons, positions, samples and time steps) that are spikes.
///
/// The rates of named neurons come from a ``SpikeRecorder``; models that feed layers with binary
/// tensors that are not a named neuron's output add those through their registry entry's
/// ``EnergyAccounting/unrecordedSpikes``.
public struct FiringRates: Sendable, Hashable {
  /// Spike tallies by neuron name.
  public var tallies: [String: SpikeTally]
  /// The number of samples the rates were measured on.
  public var samples: Int

  /// Rates from tallies (empty by default).
  public init(tallies: [String: SpikeTally] = [:], samples: Int = 0) {
    self.tallies = tallies
    self.samples = samples
  }

  /// The firing rate of `neuron` in [0, 1], or nil if it was not observed.
  public func rate(_ neuron: String) -> Double? { tallies[neuron]?.rate }

  /// The observed neuron names, sorted.
  public var names: [String] { tallies.keys.sorted() }

  /// Every observed neuron with its rate, sorted by name.
  public var rates: [(neuron: String, rate: Double)] {
    names.compactMap { name in rate(name).map { (name, $0) } }
  }

  /// Adds tallies (e.g. of another batch).
  public mutating func add(_ more: [String: SpikeTally]) {
    for (name, tally) in more { tallies[name, default: SpikeTally()] = tallies[name, default: SpikeTally()] + tally }
  }

  /// Runs `model` (in evaluation mode, without gradients) on one batch and adds the spikes of its
  /// neurons and those `accounting` tallies beside them.
  public mutating func record(_ model: any SequentialRecommender, on batch: SequenceBatch, accounting: EnergyAccounting? = nil) {
    let recorder = SpikeRecorder()
    withoutGrad { recorder.withRecording { _ = model(batch) } }
    add(recorder.totals.mapValues { SpikeTally(spikes: $0.spikes, count: $0.count) })
    if let accounting { add(withoutGrad { accounting.unrecordedSpikes(model, batch) }) }
    samples += batch.size
  }

  /// Measures the firing rates of `model`, built for `context`, on `part` of `split` (the test
  /// part by default), in evaluation mode, over the first `batches` batches (all when nil) of
  /// `batchSize` samples, with the tallies of `accounting` (the model's registry entry) beside its
  /// neurons'. An ANN gives empty rates.
  ///
  /// - Throws: ``EnergyError`` when the part is empty, `batches < 1` or the split's history window
  ///   is not the model's, ``DataError`` for a bad batch size, ``Interrupted`` when the user stops it.
  public static func measure(
    _ model: any SequentialRecommender, context: ModelContext, accounting: EnergyAccounting? = nil, on split: DatasetSplit,
    part: SplitPart = .test, batches: Int? = nil, batchSize: Int = 256
  ) throws -> FiringRates {
    if let batches, batches < 1 {
      throw EnergyError.invalidOption(name: "batches", value: "\(batches)", reason: "must be at least 1 (or nil for every batch)")
    }
    guard split.samples(part).count > 0 else { throw EnergyError.noSamples(part: part.rawValue) }
    guard split.dataset.maxLen == context.config.maxLen else {
      throw EnergyError.windowMismatch(model: model.name, window: split.dataset.maxLen, expected: "exactly \(context.config.maxLen)")
    }
    var iterator = try split.evaluationBatches(part, batchSize: batchSize, maxLen: split.dataset.maxLen)
    let wasTraining = model.isTraining
    model.eval()
    defer { model.train(wasTraining) }
    var rates = FiringRates()
    var taken = 0
    while taken < batches ?? Int.max, let batch = iterator.next() {
      try Cancellation.checkpoint()
      rates.record(model, on: SequenceBatch(batch), accounting: accounting)
      taken += 1
    }
    return rates
  }
}
