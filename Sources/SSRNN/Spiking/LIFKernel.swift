import SSRTensor

/// The fused LIF loops of ``lif(_:config:name:)`` over T, eight neurons at a time (the last partial
/// vector of a row is zero-padded and goes through the same arithmetic, so every neuron gets the
/// same result wherever it sits in a row, and whichever thread runs its block).
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
  /// `inputStride` is the distance between two steps' inputs: `width` (the default), or 0 when
  /// every step reads the same `width` inputs (a constant input current).
  func forward(
    _ x: UnsafePointer<Float>, spikes: UnsafeMutablePointer<Float>, charge: UnsafeMutablePointer<Float>?, steps: Int, width: Int,
    inputStride: Int? = nil
  ) {
    let xStride = inputStride ?? width
    let out = SendablePointer(spikes), saved = charge.map(SendablePointer.init)
    forEachBlock(width: width, steps: steps) { start, count in
      withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: Self.block / 8) { potential in
        let v = potential.baseAddress!, spikes = out.pointer, charge = saved?.pointer
        let vectors = (count + 7) / 8, tail = count % 8
        for j in 0..<vectors { v[j] = SIMD8(repeating: vReset) }
        for t in 0..<steps {
          let base = t * width + start, inputBase = t * xStride + start
          for j in 0..<vectors {
            let offset = base + j * 8, inputOffset = inputBase + j * 8
            let lanes = j == vectors - 1 && tail != 0 ? tail : 8
            let input = lanes == 8 ? load(x + inputOffset) : load(x + inputOffset, lanes: lanes)
            let h = decay * v[j] + gain * input + gain * vReset
            let s = SIMD8<Float>(repeating: 0).replacing(with: 1, where: h - threshold .>= 0)
            v[j] = hard ? h * (1 - s) + vReset * s : h - threshold * s
            if lanes == 8 {
              store(s, spikes + offset)
              if let charge { store(h, charge + offset) }
            } else {
              store(s, spikes + offset, lanes: lanes)
              if let charge { store(h, charge + offset, lanes: lanes) }
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
      backwardBlock(gradient, charge: charge, start: start, count: count, steps: steps, width: width) { t, j, lanes, value in
        let offset = t * width + start + j * 8
        if lanes == 8 { store(value, out.pointer + offset) } else { store(value, out.pointer + offset, lanes: lanes) }
      }
    }
  }

  /// dL/dX summed over the steps, `width` values, for a constant input current (the forward pass
  /// ran with `inputStride` 0): each step's dL/dX[t] as ``backward(_:charge:into:steps:width:)``
  /// computes it, added in step order to zero — the bits of that backward pass followed by a sum
  /// over the time axis.
  func backwardSummedOverTime(
    _ gradient: UnsafePointer<Float>, charge: UnsafePointer<Float>,
    into gx: UnsafeMutablePointer<Float>, steps: Int, width: Int
  ) {
    let out = SendablePointer(gx)
    forEachBlock(width: width, steps: steps) { start, count in
      withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: Swift.max(steps, 1) * Self.block / 8) { buffer in
        let perStep = buffer.baseAddress!, stride = Self.block / 8
        backwardBlock(gradient, charge: charge, start: start, count: count, steps: steps, width: width) { t, j, _, value in
          perStep[t * stride + j] = value
        }
        let vectors = (count + 7) / 8, tail = count % 8
        for j in 0..<vectors {
          var total = SIMD8<Float>(repeating: 0)
          for t in 0..<steps { total += perStep[t * stride + j] }
          let lanes = j == vectors - 1 && tail != 0 ? tail : 8
          if lanes == 8 { store(total, out.pointer + start + j * 8) } else { store(total, out.pointer + start + j * 8, lanes: lanes) }
        }
      }
    }
  }

  /// The backward recurrence for the block of `count` neurons from `start`, handing each step's
  /// dL/dX to `emit(t, j, lanes, value)`: vector `j` of the block at step `t`, `lanes` of it real.
  @inline(__always)
  private func backwardBlock(
    _ gradient: UnsafePointer<Float>, charge: UnsafePointer<Float>, start: Int, count: Int, steps: Int, width: Int,
    emit: (Int, Int, Int, SIMD8<Float>) -> Void
  ) {
    withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 2 * Self.block / 8) { buffer in
      let gv = buffer.baseAddress!  // dL/dV[t] flowing back from step t+1
      let sg = gv + Self.block / 8  // g′(H[t] − V_th) for the block at step t
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
            : (load(charge + offset, lanes: lanes), load(gradient + offset, lanes: lanes))
          let s = SIMD8<Float>(repeating: 0).replacing(with: 1, where: h - threshold .>= 0)
          let dVdH: SIMD8<Float>
          if hard {
            dVdH = detach ? 1 - s : (1 - s) + (vReset - h) * sg[j]
          } else {
            dVdH = detach ? SIMD8(repeating: 1) : 1 - threshold * sg[j]
          }
          let gh = up * sg[j] + gv[j] * dVdH
          emit(t, j, lanes, gh * gain)
          gv[j] = gh * decay
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
  if j * 8 < count { out[j] = derivative(load(x + j * 8, lanes: count - j * 8) - shift) }
}
