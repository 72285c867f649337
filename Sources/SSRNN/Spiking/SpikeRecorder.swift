import SSRTensor

/// Measures firing rates: while a recorder is installed (``SpikeRecorder/withRecording(_:)``),
/// every named spiking neuron (``lif(_:config:name:)``, ``spike(_:surrogate:name:)``) adds its
/// output spikes, so the energy model can weigh each spike-driven layer by the measured rate of
/// its input (the standard SNN energy estimate, e.g. Spikformer and Spike-driven Transformer).
public final class SpikeRecorder: @unchecked Sendable {
  /// Per neuron name: number of spikes and number of neuron-steps seen.
  public private(set) var totals: [String: (spikes: Double, count: Double)] = [:]

  /// An empty recorder.
  public init() {}

  /// The firing rate (spikes per neuron per time step) of a named neuron, if it ran.
  public func rate(_ name: String) -> Double? {
    guard let total = totals[name], total.count > 0 else { return nil }
    return total.spikes / total.count
  }

  /// The names recorded, sorted.
  public var names: [String] { totals.keys.sorted() }

  func add(_ name: String, spikes: Tensor) {
    let sum = spikes.withUnsafeBufferPointer { $0.reduce(0.0) { $0 + Double($1) } }
    let previous = totals[name] ?? (0, 0)
    totals[name] = (previous.spikes + sum, previous.count + Double(spikes.count))
  }

  /// The recorder in effect on this task, if any.
  @TaskLocal public static var current: SpikeRecorder?

  /// Runs `body` with `self` recording every named spiking neuron.
  public func withRecording<R>(_ body: () throws -> R) rethrows -> R {
    try SpikeRecorder.$current.withValue(self, operation: body)
  }
}
