import SSRTensor

/// How a GRU-style update gate z mixes the candidate state n with the previous state h.
public enum GateMixing: Sendable, Hashable {
  /// `h′ = n + z ⊙ (h − n)`, i.e. `(1 − z) ⊙ n + z ⊙ h` (PyTorch's `nn.GRU`): z keeps the state.
  case keepsState
  /// `h′ = h + z ⊙ (n − h)`, i.e. `(1 − z) ⊙ h + z ⊙ n` (RecBole's SR-GNN cell): z takes the candidate.
  case takesCandidate
}

/// The gate arithmetic of a GRU step as one operation, from the two projections
/// `input = W_i x + b_i` and `hidden = W_h h + b_h` (both `[…, 3D]`, gates in the order r, z, n)
/// and the previous state `state: […, D]`:
///
///     r = σ(input_r + hidden_r),  z = σ(input_z + hidden_z),  n = tanh(input_n + r ⊙ hidden_n)
///
/// mixed into the new state as `mixing` says (Cho et al. 2014, "Learning Phrase Representations
/// using RNN Encoder–Decoder", eq. 5–8). The forward pass computes each element with the same
/// operations as the composite form (`split`, `+`, `sigmoid`, `tanh`, `*`), so its values are
/// identical; the backward pass writes the three input gradients in one sweep instead of the
/// dozen elementwise passes and zero-padded slices the composite form records.
public func gatedUpdate(input: Tensor, hidden: Tensor, state: Tensor, mixing: GateMixing) -> Tensor {
  let d = state.shape.last ?? 0
  precondition(
    input.shape == hidden.shape && input.shape.dropLast() == state.shape.dropLast() && input.shape.last == 3 * d,
    "gatedUpdate expects [..., 3D] projections and a [..., D] state, got \(input.shape), \(hidden.shape), \(state.shape)")
  let rows = state.count / Swift.max(d, 1)
  // r, z, n per row, as the projections lay them out (kept for the backward pass).
  var gates = [Float](unsafeUninitializedCapacity: rows * 3 * d) { _, count in count = rows * 3 * d }
  let output = input.withUnsafeBufferPointer { gi in
    hidden.withUnsafeBufferPointer { gh in
      state.withUnsafeBufferPointer { h in
        gates.withUnsafeMutableBufferPointer { saved in
          Tensor(unsafeUninitializedShape: state.shape) { out in
            GatedUpdateKernel(rows: rows, width: d, mixing: mixing).forward(
              gi.baseAddress!, gh.baseAddress!, h.baseAddress!, gates: saved.baseAddress!, out: out.baseAddress!)
          }
        }
      }
    }
  }
  guard isGradEnabled && (input.requiresGrad || hidden.requiresGrad || state.requiresGrad) else { return output }
  let savedGates = gates
  return customOp([input, hidden, state], forward: { _ in output }) { inputs, _, gradient in
    var dInput: Tensor?, dHidden: Tensor?
    let dState = gradient.withUnsafeBufferPointer { g in
      inputs[1].withUnsafeBufferPointer { hiddenProjection in
        inputs[2].withUnsafeBufferPointer { h in
          savedGates.withUnsafeBufferPointer { gates in
            Tensor(unsafeUninitializedShape: inputs[2].shape) { ds in
              dInput = Tensor(unsafeUninitializedShape: inputs[0].shape) { di in
                dHidden = Tensor(unsafeUninitializedShape: inputs[1].shape) { dh in
                  GatedUpdateKernel(rows: rows, width: d, mixing: mixing).backward(
                    g.baseAddress!, hiddenProjection: hiddenProjection.baseAddress!, state: h.baseAddress!,
                    gates: gates.baseAddress!, dInput: di.baseAddress!, dHidden: dh.baseAddress!, dState: ds.baseAddress!)
                }
              }
            }
          }
        }
      }
    }
    return [dInput, dHidden, dState]
  }
}

/// The loops of ``gatedUpdate(input:hidden:state:mixing:)``, eight elements at a time.
struct GatedUpdateKernel {
  let rows: Int, width: Int, mixing: GateMixing

  /// Calls `body` for every row, rows spread over the compute threads when there are enough
  /// (rows are independent, so the results do not depend on the thread count).
  private func forEachRow(_ body: (Int) -> Void) {
    parallelFor(rows, grain: Swift.max(1, (1 << 15) / Swift.max(3 * width, 1))) { range in
      for row in range { body(row) }
    }
  }

  func forward(
    _ gi: UnsafePointer<Float>, _ gh: UnsafePointer<Float>, _ h: UnsafePointer<Float>,
    gates: UnsafeMutablePointer<Float>, out: UnsafeMutablePointer<Float>
  ) {
    let d = width
    let (gates, out) = (SendablePointer(gates), SendablePointer(out))
    forEachRow { row in
      let gates = gates.pointer, out = out.pointer
      let i = gi + row * 3 * d, hp = gh + row * 3 * d, g = gates + row * 3 * d
      // r and z: one sigmoid over the first 2D columns.
      sigmoidOfSum(i, hp, into: g, count: 2 * d)
      candidate(i + 2 * d, hp + 2 * d, reset: g, into: g + 2 * d, count: d)
      let update = g + d, n = g + 2 * d, hr = h + row * d, o = out + row * d
      vectorLoop(d) { j, lanes in
        let (z, c, s) = (load(update + j, lanes: lanes), load(n + j, lanes: lanes), load(hr + j, lanes: lanes))
        let mixed = mixing == .keepsState ? c + z * (s - c) : s + z * (c - s)
        store(mixed, o + j, lanes: lanes)
      }
    }
  }

  func backward(
    _ gradient: UnsafePointer<Float>, hiddenProjection gh: UnsafePointer<Float>, state h: UnsafePointer<Float>,
    gates: UnsafePointer<Float>, dInput: UnsafeMutablePointer<Float>, dHidden: UnsafeMutablePointer<Float>,
    dState: UnsafeMutablePointer<Float>
  ) {
    let d = width
    let (dInput, dHidden, dState) = (SendablePointer(dInput), SendablePointer(dHidden), SendablePointer(dState))
    forEachRow { row in
      let (dInput, dHidden, dState) = (dInput.pointer, dHidden.pointer, dState.pointer)
      let g = gates + row * 3 * d, hp = gh + row * 3 * d, hr = h + row * d, up = gradient + row * d
      let di = dInput + row * 3 * d, dh = dHidden + row * 3 * d, ds = dState + row * d
      vectorLoop(d) { j, lanes in
        let r = load(g + j, lanes: lanes), z = load(g + d + j, lanes: lanes), n = load(g + 2 * d + j, lanes: lanes)
        let s = load(hr + j, lanes: lanes), u = load(up + j, lanes: lanes), hn = load(hp + 2 * d + j, lanes: lanes)
        let dn: SIMD8<Float>, dz: SIMD8<Float>, dPrevious: SIMD8<Float>
        switch mixing {
        case .keepsState:  // n + z(h − n); u − u·z is what the composite form accumulates
          (dn, dz, dPrevious) = (u - u * z, u * (s - n), u * z)
        case .takesCandidate:  // h + z(n − h)
          (dn, dz, dPrevious) = (u * z, u * (n - s), u - u * z)
        }
        let preN = dn * (1 - n * n)
        let dr = preN * hn
        let preR = dr * r * (1 - r), preZ = dz * z * (1 - z)
        store(preR, di + j, lanes: lanes)
        store(preZ, di + d + j, lanes: lanes)
        store(preN, di + 2 * d + j, lanes: lanes)
        store(preR, dh + j, lanes: lanes)
        store(preZ, dh + d + j, lanes: lanes)
        store(preN * r, dh + 2 * d + j, lanes: lanes)
        store(dPrevious, ds + j, lanes: lanes)
      }
    }
  }
}

/// `out = σ(a + b)` over `count` floats.
private func sigmoidOfSum(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
  withPaddedTail(count, a, b, b, out) { a, b, _, out, count in sigmoidOfSumVectors(a, b, into: out, count: count) }
}

/// `out = tanh(a + reset ⊙ b)` over `count` floats.
private func candidate(
  _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, reset: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int
) {
  withPaddedTail(count, a, b, reset, out) { a, b, reset, out, count in candidateVectors(a, b, reset: reset, into: out, count: count) }
}

/// Runs `kernel` (which takes a multiple of 8 elements) over the whole vectors of `count`, then over
/// the last `count % 8` elements copied into zero-padded buffers of 8. Each kernel then has a
/// single copy of its transcendental function, which the optimiser inlines; a second copy for the
/// tail would be left as a call per vector.
@inline(__always)
private func withPaddedTail(
  _ count: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
  _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
) {
  let full = count & ~7
  if full > 0 { kernel(a, b, c, out, full) }
  let rest = count - full
  guard rest > 0 else { return }
  withUnsafeTemporaryAllocation(of: Float.self, capacity: 32) { buffer in
    let p = buffer.baseAddress!
    p.initialize(repeating: 0, count: 32)
    (p + 0).update(from: a + full, count: rest)
    (p + 8).update(from: b + full, count: rest)
    (p + 16).update(from: c + full, count: rest)
    kernel(p, p + 8, p + 16, p + 24, 8)
    (out + full).update(from: p + 24, count: rest)
  }
}

@inline(never)
private func sigmoidOfSumVectors(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
  var j = 0
  while j < count {
    store(VectorMath.sigmoid(load(a + j) + load(b + j)), out + j)
    j += 8
  }
}

@inline(never)
private func candidateVectors(
  _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, reset: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int
) {
  var j = 0
  while j < count {
    store(VectorMath.tanh(load(a + j) + load(reset + j) * load(b + j)), out + j)
    j += 8
  }
}
