import SSRModels
import SSRNN
import SSRTensor

/// SGRU4Rec's forward pass for one history over preallocated buffers: embedding → layer norm →
/// LIF over T steps of the same input (rates) → spiking GRU (binary gates and state) → dense at
/// the last position; counts the spikes of every spiking layer for the energy estimate.
final class SGRU4RecEncoder: HistoryEncoder {
  let width: Int
  let itemTable: DeviceBuffer
  let isPreallocated = true
  private(set) var spikeCounts: [String: SpikeCount] = [:]
  private let normWeight: DeviceBuffer, normBias: DeviceBuffer, eps: Float
  private let reset: DeviceBuffer, update: DeviceBuffer, candidate: DeviceBuffer
  private let denseWeight: DeviceBuffer, denseBias: DeviceBuffer?
  private let neuron: LIFConfig, timeSteps: Int
  /// Scratch: the normalised input, the rates, the gates' pre-activations and spikes, the state.
  private let normalised: DeviceBuffer, rates: DeviceBuffer, potential: DeviceBuffer
  private let r: DeviceBuffer, z: DeviceBuffer, n: DeviceBuffer, gated: DeviceBuffer, state: DeviceBuffer

  init(_ model: SGRU4Rec) {
    let d = model.norm.weight.value.count
    width = d
    itemTable = DeviceBuffer(model.itemEmbedding.weight.value)
    normWeight = DeviceBuffer(model.norm.weight.value)
    normBias = DeviceBuffer(model.norm.bias.value)
    eps = model.norm.eps
    reset = DeviceBuffer(model.resetGate.weight.value)
    update = DeviceBuffer(model.updateGate.weight.value)
    candidate = DeviceBuffer(model.candidate.weight.value)
    denseWeight = DeviceBuffer(model.dense.weight.value)
    denseBias = model.dense.bias.map { DeviceBuffer($0.value) }
    neuron = model.spiking.neuron(surrogate: .atan(), reset: .soft)
    timeSteps = model.spiking.timeSteps
    normalised = DeviceBuffer(count: d)
    rates = DeviceBuffer(count: d)
    potential = DeviceBuffer(count: d)
    r = DeviceBuffer(count: d)
    z = DeviceBuffer(count: d)
    n = DeviceBuffer(count: d)
    gated = DeviceBuffer(count: d)
    state = DeviceBuffer(count: d)
  }

  func encode(_ history: UnsafeBufferPointer<Int32>, into representation: UnsafeMutablePointer<Float>) {
    let d = width, h = state.pointer
    var inputSpikes = 0.0, resetSpikes = 0.0, updateSpikes = 0.0, candidateSpikes = 0.0, stateSpikes = 0.0, gatedSpikes = 0.0
    state.fill(0)
    for item in history {
      normalise(itemTable.pointer + Int(item) * d)
      inputSpikes += fireRates()
      let x = rates.pointer
      DenseKernels.matvec(reset.pointer, rows: d, columns: 2 * d, split: d, x, h, into: r.pointer)
      DenseKernels.matvec(update.pointer, rows: d, columns: 2 * d, split: d, x, h, into: z.pointer)
      for j in 0..<d {
        r.pointer[j] = r.pointer[j] >= 0 ? 1 : 0
        z.pointer[j] = z.pointer[j] >= 0 ? 1 : 0
        gated.pointer[j] = r.pointer[j] * h[j]
        stateSpikes += Double(h[j])
        gatedSpikes += Double(gated.pointer[j])
      }
      DenseKernels.matvec(candidate.pointer, rows: d, columns: 2 * d, split: d, x, gated.pointer, into: n.pointer)
      for j in 0..<d {
        let spike: Float = n.pointer[j] >= 0 ? 1 : 0
        let zj = z.pointer[j]
        resetSpikes += Double(r.pointer[j])
        updateSpikes += Double(zj)
        candidateSpikes += Double(spike)
        h[j] = zj * h[j] + (1 - zj) * spike
      }
    }
    let positions = Double(history.count), neurons = Double(d)
    spikeCounts = [
      "input_lif": SpikeCount(spikes: inputSpikes, steps: positions * neurons * Double(timeSteps)),
      "sgru.r": SpikeCount(spikes: resetSpikes, steps: positions * neurons),
      "sgru.z": SpikeCount(spikes: updateSpikes, steps: positions * neurons),
      "sgru.n": SpikeCount(spikes: candidateSpikes, steps: positions * neurons),
      SGRU4Rec.previousStateName: SpikeCount(spikes: stateSpikes, steps: positions * neurons),
      SGRU4Rec.gatedStateName: SpikeCount(spikes: gatedSpikes, steps: positions * neurons),
      SGRU4Rec.lastStateName: SpikeCount(spikes: (0..<d).reduce(0.0) { $0 + Double(h[$1]) }, steps: neurons),
    ]
    DenseKernels.matvec(denseWeight.pointer, rows: d, columns: d, h, bias: denseBias?.pointer, into: representation)
  }

  /// Layer normalisation of one embedding into `normalised` (biased variance, as the training stack).
  private func normalise(_ x: UnsafePointer<Float>) {
    let d = width
    var sum: Float = 0
    for j in 0..<d { sum += x[j] }
    let mean = sum / Float(d)
    var variance: Float = 0
    for j in 0..<d {
      let c = x[j] - mean
      variance += c * c
    }
    let rstd = 1 / (variance / Float(d) + eps).squareRoot()
    for j in 0..<d { normalised.pointer[j] = (x[j] - mean) * rstd * normWeight.pointer[j] + normBias.pointer[j] }
  }

  /// The LIF neurons' firing rates over T steps of the same input (direct encoding), into
  /// `rates`; returns the number of spikes.
  private func fireRates() -> Double {
    let d = width, x = normalised.pointer, v = potential.pointer, out = rates.pointer
    let tau = neuron.tau, decay = 1 - 1 / tau, gain = 1 / tau, threshold = neuron.threshold
    let (vReset, hard): (Float, Bool)
    switch neuron.reset {
    case .hard(let value): (vReset, hard) = (value, true)
    case .soft: (vReset, hard) = (0, false)
    }
    var total: Float = 0
    for j in 0..<d {
      v[j] = vReset
      out[j] = 0
    }
    for _ in 0..<timeSteps {
      for j in 0..<d {
        let charge = decay * v[j] + gain * x[j] + gain * vReset
        let s: Float = charge - threshold >= 0 ? 1 : 0
        v[j] = hard ? charge * (1 - s) + vReset * s : charge - threshold * s
        out[j] += s
      }
    }
    for j in 0..<d {
      total += out[j]
      out[j] *= 1 / Float(timeSteps)  // as the training stack's mean: sum × (1/T)
    }
    return Double(total)
  }
}
