import Dispatch
import SSRModels
import SSRTensor

/// The on-device inference runtime: loads an exported model once and ranks the whole catalogue
/// for one history at a time, without the autograd tape, reusing buffers allocated at load time
/// (the representation, every item's score, the best-k heap and, for GRU4Rec and SGRU4Rec, every
/// intermediate vector).
///
/// Not thread-safe: one request at a time, as on a device.
public final class DeviceRuntime {
  /// The export's config.
  public let config: ExportedModelConfig
  private let encoder: any HistoryEncoder
  private let scorer: ItemScorer
  private let representation: DeviceBuffer
  private var window: [Int32]

  /// Loads the export in `directory` (see ``ModelExport``).
  ///
  /// - Throws: ``DeviceError`` for an unreadable export, a model the runtime does not run, or
  ///   weights that do not fit the config.
  public convenience init(directory: String) throws(DeviceError) {
    let (config, tensors) = try ModelExport.read(from: directory)
    try self.init(config: config, tensors: tensors, origin: directory)
  }

  /// A runtime for weights already in memory (`origin` names them in errors).
  ///
  /// - Throws: ``DeviceError/unsupportedModel(name:supported:)`` or ``DeviceError/weights(path:reason:)``.
  public init(config: ExportedModelConfig, tensors: [String: Tensor], origin: String = "the exported model") throws(DeviceError) {
    guard let model = DeviceModels.make(config.model, config: config.config, spiking: config.spiking) else {
      throw .unsupportedModel(name: config.model, supported: DeviceModels.names)
    }
    do throws(TensorError) {
      try model.load(tensors)
    } catch {
      throw .weights(path: origin, reason: error.description)
    }
    self.config = config
    switch model {
    case let gru as GRU4Rec: encoder = GRU4RecEncoder(gru)
    case let sgru as SGRU4Rec: encoder = SGRU4RecEncoder(sgru)
    default: encoder = LayerEncoder(model, maxLen: config.maxLen)
    }
    representation = DeviceBuffer(count: encoder.width)
    scorer = ItemScorer(table: encoder.itemTable, itemCount: config.itemCount, width: encoder.width)
    window = []
    window.reserveCapacity(config.maxLen)
  }

  /// Whether every intermediate vector lives in buffers allocated at load time (GRU4Rec and
  /// SGRU4Rec); the other models allocate their intermediate tensors per request.
  public var isPreallocated: Bool { encoder.isPreallocated }

  /// Spikes and neuron-steps per named spiking layer in the last request (empty for an ANN), for
  /// energy estimates: over the history's positions for SGRU4Rec (which reads only those), over
  /// the whole right-padded window for the other spiking models (as the training stack counts).
  public var lastSpikeCounts: [String: SpikeCount] { encoder.spikeCounts }

  /// The `k` best items (1…N) for `history` (ids oldest first; only the last `maxLen` are read),
  /// best first. Items of the history are ranked too, as in the training stack's evaluation.
  ///
  /// - Throws: ``DeviceError/invalidHistory(_:)`` for an empty history, an id outside 1…N or a
  ///   `k` outside 1…N.
  public func recommend(history: [Int32], k: Int = 10) throws(DeviceError) -> [RankedItem] {
    try validate(history: history, k: k)
    window.removeAll(keepingCapacity: true)
    window.append(contentsOf: history.suffix(config.maxLen))
    let start = DispatchTime.now().uptimeNanoseconds
    window.withUnsafeBufferPointer { encoder.encode($0, into: representation.pointer) }
    let encoded = DispatchTime.now().uptimeNanoseconds
    let ranked = scorer.rank(representation.pointer, k: k)
    lastTimes = (encoded - start, DispatchTime.now().uptimeNanoseconds - encoded)
    return ranked
  }

  /// Where the last request's time went, in nanoseconds: encoding the history into the
  /// representation, and scoring every item and keeping the best k.
  public private(set) var lastTimes: (encode: UInt64, rank: UInt64) = (0, 0)

  /// The representation of the last request (`D` floats).
  public var lastRepresentation: [Float] { Array(UnsafeBufferPointer(start: representation.pointer, count: encoder.width)) }

  /// The scores of every item in the last request (entry 0, the padding, is not set).
  public var lastScores: [Float] { Array(UnsafeBufferPointer(start: scorer.scores.pointer, count: config.itemCount + 1)) }

  /// Throws unless `history` and `k` can be ranked.
  public func validate(history: [Int32], k: Int) throws(DeviceError) {
    guard !history.isEmpty else { throw .invalidHistory("the history is empty; give at least one item id (1…\(config.itemCount))") }
    if let bad = history.firstIndex(where: { $0 < 1 || Int($0) > config.itemCount }) {
      throw .invalidHistory("history[\(bad)] = \(history[bad]) is not an item id; ids are 1…\(config.itemCount)")
    }
    guard k >= 1 && k <= config.itemCount else { throw .invalidHistory("k = \(k) must be 1…\(config.itemCount)") }
  }
}
