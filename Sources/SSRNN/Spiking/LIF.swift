import SSRTensor

/// How the membrane potential is reset after a spike.
public enum ResetMode: Sendable, Hashable {
  /// `V = H·(1 − S) + V_reset·S` (SpikingJelly with `v_reset` a number).
  case hard(reset: Float = 0)
  /// `V = H − V_th·S` (SpikingJelly with `v_reset=None`).
  case soft
}

/// Settings of a leaky integrate-and-fire neuron, with SpikingJelly's defaults.
public struct LIFConfig: Sendable, Hashable {
  /// The membrane time constant τ.
  public var tau: Float = 2
  /// The firing threshold V_th.
  public var threshold: Float = 1
  /// Hard (to V_reset) or soft (subtract V_th) reset.
  public var reset: ResetMode = .hard()
  /// The surrogate gradient of the firing step.
  public var surrogate: Surrogate = .sigmoid()
  /// Whether the spike used in the reset is detached from the graph (`detach_reset`).
  public var detachReset = false

  /// SpikingJelly's `LIFNode()` defaults: τ 2, V_th 1, hard reset to 0, Sigmoid(α=4), attached reset.
  public init(tau: Float = 2, threshold: Float = 1, reset: ResetMode = .hard(), surrogate: Surrogate = .sigmoid(), detachReset: Bool = false) {
    self.tau = tau
    self.threshold = threshold
    self.reset = reset
    self.surrogate = surrogate
    self.detachReset = detachReset
  }
}

/// Multi-step leaky integrate-and-fire neurons over inputs `[T, …]` (time first), as SpikingJelly's
/// `LIFNode` with `decay_input=True` in multi-step mode:
///
///     H[t] = V[t−1] + (X[t] − (V[t−1] − V_reset)) / τ
///     S[t] = Θ(H[t] − V_th)
///     V[t] = H[t]·(1 − S[t]) + V_reset·S[t]      (hard)   or   H[t] − V_th·S[t]   (soft)
///
/// starting from V[−1] = V_reset (0 for a soft reset). Forward and backward are fused loops over
/// T (backpropagation through the membrane potential, surrogate gradient for Θ); the state is not
/// kept between calls, so every batch starts from rest (SpikingJelly's `reset_net`).
/// When `name` is given and a ``SpikeRecorder`` is recording, the output spikes are counted
/// under that name (for firing rates and energy).
public func lif(_ x: Tensor, config: LIFConfig = LIFConfig(), name: String? = nil) -> Tensor {
  precondition(x.rank >= 2, "lif expects [T, …] input, got \(x.shape)")
  let steps = x.shape[0]
  let width = x.count / max(steps, 1)
  let kernel = LIFKernel(config)
  // Forward once; H is kept for the backward pass only when a gradient will be asked for (the
  // spikes are recomputed from it there, so the backward pass reads two arrays, not three).
  let keepCharge = isGradEnabled && x.requiresGrad
  var charge: Tensor?
  let spikes = x.withUnsafeBufferPointer { input in
    Tensor(unsafeUninitializedShape: x.shape) { s in
      if keepCharge {
        charge = Tensor(unsafeUninitializedShape: x.shape) { h in
          kernel.forward(input.baseAddress!, spikes: s.baseAddress!, charge: h.baseAddress!, steps: steps, width: width)
        }
      } else {
        kernel.forward(input.baseAddress!, spikes: s.baseAddress!, charge: nil, steps: steps, width: width)
      }
    }
  }
  if let name, let recorder = SpikeRecorder.current { recorder.add(name, spikes: spikes) }
  guard let charge else { return spikes }
  return customOp([x], forward: { _ in spikes }) { inputs, _, gradient in
    let gx = gradient.withUnsafeBufferPointer { gs in
      charge.withUnsafeBufferPointer { h in
        Tensor(unsafeUninitializedShape: inputs[0].shape) { g in
          kernel.backward(gs.baseAddress!, charge: h.baseAddress!, into: g.baseAddress!, steps: steps, width: width)
        }
      }
    }
    return [gx]
  }
}

/// The fused LIF loops over T, eight neurons at a time (a scalar tail handles the rest with the
/// same arithmetic, so every neuron gets bit-identical results wherever it sits in a row).
struct LIFKernel {
  let decay: Float, gain: Float, threshold: Float, vReset: Float
  let hard: Bool, detach: Bool
  let surrogate: Surrogate

  init(_ config: LIFConfig) {
    switch config.reset {
    case .hard(let value): (vReset, hard) = (value, true)
    case .soft: (vReset, hard) = (0, false)
    }
    decay = 1 - 1 / config.tau
    gain = 1 / config.tau
    threshold = config.threshold
    detach = config.detachReset
    surrogate = config.surrogate
  }

  /// Neurons per block: the loops run over T for one block at a time, with the block's membrane
  /// potentials in a stack buffer (L1-resident), and over the block's neurons inside, so the
  /// innermost loop is a long run of independent vector operations.
  static let block = 512

  /// Spikes for `steps × width` inputs, time first; writes H[t] to `charge` when it is given.
  func forward(_ x: UnsafePointer<Float>, spikes: UnsafeMutablePointer<Float>, charge: UnsafeMutablePointer<Float>?, steps: Int, width: Int) {
    let out = SendablePointer(spikes), saved = charge.map(SendablePointer.init)
    forEachBlock(width: width, steps: steps) { start, count in
      withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: Self.block / 8) { potential in
        let v = potential.baseAddress!, spikes = out.pointer, charge = saved?.pointer
        let vectors = (count + 7) / 8, tail = count % 8
        for j in 0..<vectors { v[j] = SIMD8(repeating: vReset) }
        for t in 0..<steps {
          let base = t * width + start
          for j in 0..<vectors {
            let offset = base + j * 8
            let lanes = j == vectors - 1 && tail != 0 ? tail : 8
            let input = lanes == 8 ? load(x + offset) : partialLoad(x + offset, lanes)
            let h = decay * v[j] + gain * input + gain * vReset
            let s = SIMD8<Float>(repeating: 0).replacing(with: 1, where: h - threshold .>= 0)
            v[j] = hard ? h * (1 - s) + vReset * s : h - threshold * s
            if lanes == 8 {
              store(s, spikes + offset)
              if let charge { store(h, charge + offset) }
            } else {
              partialStore(s, spikes + offset, lanes)
              if let charge { partialStore(h, charge + offset, lanes) }
            }
          }
        }
      }
    }
  }

  /// Calls `body(start, count)` for each block of neurons, blocks spread over the compute threads
  /// (neurons are independent, so the results do not depend on the thread count).
  private func forEachBlock(width: Int, steps: Int, _ body: (Int, Int) -> Void) {
    let blocks = (width + Self.block - 1) / Self.block
    parallelFor(blocks, grain: Swift.max(1, (1 << 15) / (Self.block * Swift.max(steps, 1)))) { range in
      for b in range {
        let start = b * Self.block
        body(start, Swift.min(Self.block, width - start))
      }
    }
  }

  /// dL/dX from dL/dS, backpropagating through the membrane potential from the last step.
  func backward(
    _ gradient: UnsafePointer<Float>, charge: UnsafePointer<Float>,
    into gx: UnsafeMutablePointer<Float>, steps: Int, width: Int
  ) {
    let out = SendablePointer(gx)
    forEachBlock(width: width, steps: steps) { start, count in
      withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 2 * Self.block / 8) { buffer in
        let gv = buffer.baseAddress!  // dL/dV[t] flowing back from step t+1
        let sg = gv + Self.block / 8  // g′(H[t] − V_th) for the block at step t
        let gx = out.pointer
        let vectors = (count + 7) / 8, tail = count % 8
        for j in 0..<vectors { gv[j] = SIMD8(repeating: 0) }
        var t = steps
        while t > 0 {
          t -= 1
          let base = t * width + start
          surrogateRow(charge + base, count, into: sg)
          for j in 0..<vectors {
            let offset = base + j * 8
            let lanes = j == vectors - 1 && tail != 0 ? tail : 8
            let (h, up) = lanes == 8
              ? (load(charge + offset), load(gradient + offset))
              : (partialLoad(charge + offset, lanes), partialLoad(gradient + offset, lanes))
            let s = SIMD8<Float>(repeating: 0).replacing(with: 1, where: h - threshold .>= 0)
            let dVdH: SIMD8<Float>
            if hard {
              dVdH = detach ? 1 - s : (1 - s) + (vReset - h) * sg[j]
            } else {
              dVdH = detach ? SIMD8(repeating: 1) : 1 - threshold * sg[j]
            }
            let gh = up * sg[j] + gv[j] * dVdH
            if lanes == 8 { store(gh * gain, gx + offset) } else { partialStore(gh * gain, gx + offset, lanes) }
            gv[j] = gh * decay
          }
        }
      }
    }
  }

  /// g′(H − V_th) for `count` charges, written as vectors to `out` (the last one zero-padded).
  private func surrogateRow(_ charge: UnsafePointer<Float>, _ count: Int, into out: UnsafeMutablePointer<SIMD8<Float>>) {
    switch surrogate {
    case .sigmoid(let alpha): derivativeRow(SigmoidDerivative(alpha: alpha), charge, threshold, count, out)
    case .atan(let alpha): derivativeRow(ATanDerivative(alpha: alpha), charge, threshold, count, out)
    case .erf(let alpha): derivativeRow(ErfDerivative(alpha: alpha), charge, threshold, count, out)
    }
  }
}

/// `out[j] = g′(x[8j…8j+7] − shift)`, one small specialisation per surrogate so that its
/// exponential is inlined (inside a larger loop body the optimiser leaves it as a call per vector).
@inline(never)
private func derivativeRow<D: SurrogateDerivative>(
  _ derivative: D, _ x: UnsafePointer<Float>, _ shift: Float, _ count: Int, _ out: UnsafeMutablePointer<SIMD8<Float>>
) {
  var j = 0
  while (j + 1) * 8 <= count {
    out[j] = derivative(load(x + j * 8) - shift)
    j += 1
  }
  if j * 8 < count { out[j] = derivative(partialLoad(x + j * 8, count - j * 8) - shift) }
}

/// The first `lanes` floats at `p`, zeros after.
@inline(__always) private func partialLoad(_ p: UnsafePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
  var v = SIMD8<Float>(repeating: 0)
  for j in 0..<lanes { v[j] = p[j] }
  return v
}

/// Writes the first `lanes` floats of `v` to `p`.
@inline(__always) private func partialStore(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ lanes: Int) {
  for j in 0..<lanes { p[j] = v[j] }
}

/// A layer of multi-step LIF neurons (no parameters); see ``lif(_:config:)``.
public final class LIFNode: Layer {
  /// The neuron settings.
  public let config: LIFConfig
  /// Training mode (no effect).
  public var isTraining = true

  /// Neurons with the given settings.
  public init(_ config: LIFConfig = LIFConfig()) {
    self.config = config
  }

  /// Spikes `[T, …]` for inputs `[T, …]`.
  public func callAsFunction(_ x: Tensor) -> Tensor { lif(x, config: config) }
}
