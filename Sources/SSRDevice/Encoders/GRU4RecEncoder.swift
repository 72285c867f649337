import SSRModels
import SSRTensor

/// GRU4Rec's forward pass for one history over preallocated buffers: embedding → GRU → dense at
/// the last position (dropout is off at inference), with the training stack's gate functions.
final class GRU4RecEncoder: HistoryEncoder {
  let width: Int
  let itemTable: DeviceBuffer
  let isPreallocated = true
  var spikeCounts: [String: SpikeCount] { [:] }
  private let weightIH: DeviceBuffer, weightHH: DeviceBuffer, biasIH: DeviceBuffer?, biasHH: DeviceBuffer?
  private let denseWeight: DeviceBuffer, denseBias: DeviceBuffer?
  /// Scratch: input and hidden projections per gate (r, z, n), the state.
  private let gx: [DeviceBuffer], gh: [DeviceBuffer], state: DeviceBuffer

  init(_ model: GRU4Rec) {
    width = model.gru.hiddenSize
    itemTable = DeviceBuffer(model.itemEmbedding.weight.value)
    weightIH = DeviceBuffer(model.gru.weightIH.value)
    weightHH = DeviceBuffer(model.gru.weightHH.value)
    biasIH = model.gru.biasIH.map { DeviceBuffer($0.value) }
    biasHH = model.gru.biasHH.map { DeviceBuffer($0.value) }
    denseWeight = DeviceBuffer(model.dense.weight.value)
    denseBias = model.dense.bias.map { DeviceBuffer($0.value) }
    gx = (0..<3).map { _ in DeviceBuffer(count: model.gru.hiddenSize) }
    gh = (0..<3).map { _ in DeviceBuffer(count: model.gru.hiddenSize) }
    state = DeviceBuffer(count: model.gru.hiddenSize)
  }

  func encode(_ history: UnsafeBufferPointer<Int32>, into representation: UnsafeMutablePointer<Float>) {
    let d = width, h = state.pointer
    state.fill(0)
    for item in history {
      let x = itemTable.pointer + Int(item) * d
      for g in 0..<3 {
        DenseKernels.matvec(weightIH.pointer, rowOffset: g * d, rows: d, columns: d, x, bias: biasIH?.pointer, into: gx[g].pointer)
        DenseKernels.matvec(weightHH.pointer, rowOffset: g * d, rows: d, columns: d, h, bias: biasHH?.pointer, into: gh[g].pointer)
      }
      // The padded lanes past d hold zeros in every buffer, so they stay zero in the state.
      let (xr, xz, xn) = (gx[0].pointer, gx[1].pointer, gx[2].pointer)
      let (hr, hz, hn) = (gh[0].pointer, gh[1].pointer, gh[2].pointer)
      var j = 0
      while j < d {
        let r = VectorMath.sigmoid(load(xr + j) + load(hr + j))
        let z = VectorMath.sigmoid(load(xz + j) + load(hz + j))
        let n = VectorMath.tanh(load(xn + j) + r * load(hn + j))
        let previous = load(h + j)
        store(n + z * (previous - n), h + j)  // (1 − z) n + z h, in the training kernel's form
        j += 8
      }
      for p in d..<((d + 7) / 8 * 8) { h[p] = 0 }
    }
    DenseKernels.matvec(denseWeight.pointer, rows: d, columns: d, h, bias: denseBias?.pointer, into: representation)
  }
}

@inline(__always) func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
