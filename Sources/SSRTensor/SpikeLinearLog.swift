/// Records the calls of ``spikeLinear(_:weight:bias:activation:path:)`` while installed
/// (``withRecording(_:)``): each call's shape, the non-zero fraction of its input and the path it
/// took, for measuring firing rates per layer and comparing the paths at those rates.
public final class SpikeLinearLog: @unchecked Sendable {
  /// One call of ``spikeLinear(_:weight:bias:activation:path:)``.
  public struct Call {
    /// Input rows (every leading axis folded in).
    public let rows: Int
    /// Input features.
    public let inFeatures: Int
    /// Output features.
    public let outFeatures: Int
    /// The fraction of non-zero inputs.
    public let nonZeroFraction: Double
    /// Whether the event-driven path ran.
    public let eventDriven: Bool
    /// The input `[rows, inFeatures]`, kept when the log was made with `keepInputs`.
    public let input: Tensor?
  }

  /// The calls so far, in order.
  public private(set) var calls: [Call] = []
  /// Whether each call's input is kept.
  public let keepInputs: Bool

  /// An empty log; `keepInputs` keeps every input tensor (for replaying the calls).
  public init(keepInputs: Bool = false) {
    self.keepInputs = keepInputs
  }

  func add(rows: Int, inFeatures: Int, outFeatures: Int, x: Tensor, eventDriven: Bool) {
    let rate = SpikeRows(x.storage.pointer, rows: rows, columns: inFeatures).nonZeroFraction
    calls.append(Call(
      rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, nonZeroFraction: rate, eventDriven: eventDriven,
      input: keepInputs ? x.detached() : nil))
  }

  /// The log in effect on this task, if any.
  @TaskLocal public static var current: SpikeLinearLog?

  /// Runs `body` with `self` recording every ``spikeLinear(_:weight:bias:activation:path:)`` call.
  public func withRecording<R>(_ body: () throws -> R) rethrows -> R {
    try SpikeLinearLog.$current.withValue(self, operation: body)
  }
}
