import SSRModels
import SSRNN
import SSRTensor

/// Any model's own forward pass for one history, in evaluation mode and without the autograd
/// tape (`withoutGrad`): exact, but its intermediate tensors are allocated per request. Spiking
/// layers are counted with a ``SpikeRecorder``.
final class LayerEncoder: HistoryEncoder {
  let width: Int
  let itemTable: DeviceBuffer
  let isPreallocated = false
  private(set) var spikeCounts: [String: SpikeCount] = [:]
  private let model: any SequentialRecommender
  private let maxLen: Int
  private var window: [Int32]
  private var lastBatch: SequenceBatch?

  init(_ model: any SequentialRecommender, maxLen: Int) {
    model.eval()
    self.model = model
    self.maxLen = maxLen
    let table = model.itemEmbeddings
    width = table.shape[1]
    itemTable = DeviceBuffer(table)
    window = [Int32](repeating: 0, count: maxLen)
  }

  func encode(_ history: UnsafeBufferPointer<Int32>, into representation: UnsafeMutablePointer<Float>) {
    for i in 0..<maxLen { window[i] = i < history.count ? history[i] : 0 }
    let batch = SequenceBatch(
      histories: IndexTensor(window, shape: [1, maxLen]), lengths: [Int32(history.count)], targets: IndexTensor([Int32(1)]))
    lastBatch = batch
    let recorder = SpikeRecorder()
    let output = recorder.withRecording { withoutGrad { model(batch) } }
    output.withUnsafeBufferPointer { o in representation.update(from: o.baseAddress!, count: width) }
    spikeCounts = Dictionary(uniqueKeysWithValues: recorder.totals.map { ($0.key, SpikeCount(spikes: $0.value.spikes, steps: $0.value.count)) })
  }

  func countUnrecordedSpikes(_ counter: UnrecordedSpikeCounter) {
    guard let lastBatch else { return }
    for (name, count) in withoutGrad({ counter(model, lastBatch) }) {
      let known = spikeCounts[name] ?? SpikeCount(spikes: 0, steps: 0)
      spikeCounts[name] = SpikeCount(spikes: known.spikes + count.spikes, steps: known.steps + count.steps)
    }
  }
}
