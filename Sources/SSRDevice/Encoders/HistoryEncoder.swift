import SSRModels

/// Turns one history into the representation whose dot products with the item table score
/// every item; holds its weights and scratch buffers, so encoding allocates nothing.
protocol HistoryEncoder: AnyObject {
  /// The representation's width D.
  var width: Int { get }
  /// The item table `[N + 1, D]`.
  var itemTable: DeviceBuffer { get }
  /// Whether the encoder runs dedicated kernels over preallocated buffers (false: the model's
  /// own forward pass without the tape, which allocates its intermediate tensors).
  var isPreallocated: Bool { get }
  /// Writes the representation of `history` (ids 1…N, oldest first, at most maxLen) to
  /// `representation` (`width` floats).
  func encode(_ history: UnsafeBufferPointer<Int32>, into representation: UnsafeMutablePointer<Float>)
  /// Spikes and neuron-steps per named spiking layer in the last `encode` (empty for an ANN).
  var spikeCounts: [String: SpikeCount] { get }
  /// Adds `counter`'s tallies, on the last `encode`'s model and batch, to ``spikeCounts``.
  func countUnrecordedSpikes(_ counter: UnrecordedSpikeCounter)
}

/// How many of a layer's neuron-steps fired.
public struct SpikeCount: Sendable, Hashable, Codable {
  /// The number of spikes.
  public var spikes: Double
  /// The number of neuron-steps (neurons × time steps × positions).
  public var steps: Double

  /// A count.
  public init(spikes: Double, steps: Double) {
    self.spikes = spikes
    self.steps = steps
  }

  /// The firing rate, spikes per neuron-step.
  public var rate: Double { steps > 0 ? spikes / steps : 0 }
}

/// Counts, on a model and a batch, the spikes of binary tensors that feed a layer but are not the
/// output of a named neuron (SCaser's and SRSGNN's; see `SSREval.EnergyAccounting`).
public typealias UnrecordedSpikeCounter = (any SequentialRecommender, SequenceBatch) -> [String: SpikeCount]

extension HistoryEncoder {
  /// Nothing to add: the dedicated kernels' models have no such tensors.
  func countUnrecordedSpikes(_ counter: UnrecordedSpikeCounter) {}
}
