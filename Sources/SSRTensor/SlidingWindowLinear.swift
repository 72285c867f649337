/// `activation(windows · weightᵀ + bias)` over the windows of `size` consecutive rows of spikes
/// `x: [N, L, D]` (or other mostly-zero input), `[N, L − size + 1, out]` — what
/// `linear(slidingWindows(x, size), weight:, bias:, activation:)` computes, without building the
/// `[N, L − size + 1, size·D]` windows (Caser's horizontal convolutions on spikes).
///
/// The forward pass and the weight gradient are event-driven: the non-zero entries of `x` are
/// listed once, and each adds its weight row `weight[:, k·D + j]` to every window that covers it
/// (forward) or the window's output gradient to that row of the weight gradient. The input
/// gradient is dense (a surrogate gradient reaches every neuron) and is accumulated one input row
/// at a time in registers. Results equal the windowed product's up to float rounding (the terms
/// are added in another order); the weight gradient is summed in chunks of samples fixed by `N`,
/// so it does not depend on the thread count.
///
/// - Parameters:
///   - x: `[N, L, D]` with `L ≥ size`.
///   - size: the window height (a kernel covers `size` consecutive rows).
///   - weight: `[out, size·D]`, PyTorch's layout (a window is its rows one after another).
public func slidingWindowLinear(
  _ x: Tensor, size: Int, weight: Tensor, bias: Tensor? = nil, activation: Activation = .identity
) -> Tensor {
  slidingWindowLinear(x, sizes: [size], weights: [weight], biases: [bias], activation: activation)[0]
}

/// ``slidingWindowLinear(_:size:weight:bias:activation:)`` for several kernels over the same input
/// at once — window heights `sizes[i]`, `weights[i]: [out_i, sizes[i]·D]`, `biases[i]` (nil or
/// absent: none) — listing the input's non-zero entries once for all of them (Caser's horizontal
/// convolutions of every height). Output `i` is `[N, L − sizes[i] + 1, out_i]`.
public func slidingWindowLinear(
  _ x: Tensor, sizes: [Int], weights: [Tensor], biases: [Tensor?]? = nil, activation: Activation = .identity
) -> [Tensor] {
  precondition(sizes.count == weights.count && (biases == nil || biases!.count == sizes.count),
    "slidingWindowLinear needs one weight (and bias, if any) per size, got \(sizes.count) sizes and \(weights.count) weights")
  precondition(x.rank == 3, "slidingWindowLinear expects [N, L, D], got \(x.shape)")
  let (n, length, width) = (x.shape[0], x.shape[1], x.shape[2])
  let x2 = x.detached()
  let spikes = SpikeRows(x2.storage.pointer, rows: n * length, columns: width)
  spikes.fill()
  return sizes.indices.map { i in
    windowProduct(x, x2, spikes, size: sizes[i], weight: weights[i], bias: biases?[i], activation: activation)
  }
}

/// One kernel of ``slidingWindowLinear(_:sizes:weights:biases:activation:)``, given the listed entries of `x2` (`x` detached).
private func windowProduct(
  _ x: Tensor, _ x2: Tensor, _ spikes: SpikeRows, size: Int, weight: Tensor, bias: Tensor?, activation: Activation
) -> Tensor {
  let (n, length, width) = (x.shape[0], x.shape[1], x.shape[2])
  precondition(size >= 1 && size <= length, "slidingWindowLinear(size: \(size)) expects [N, L ≥ \(size), D], got \(x.shape)")
  let span = size * width, positions = length - size + 1
  precondition(weight.rank == 2 && weight.shape[1] == span, "slidingWindowLinear weight must be [out, \(span)], got \(weight.shape)")
  let outFeatures = weight.shape[0]
  if let bias { precondition(bias.shape == [outFeatures], "slidingWindowLinear bias must be [\(outFeatures)], got \(bias.shape)") }
  let geometry = WindowGeometry(samples: n, length: length, width: width, size: size, outer: outFeatures)

  let transposedWeight = weight.detached().transposed()  // [size·D, out]: one contiguous row per window entry
  let z = Tensor(uninitializedShape: [n * positions, outFeatures])
  SlidingWindowKernels.forward(spikes, transposedWeight: transposedWeight.storage.pointer, geometry, into: z.storage.pointer)
  if let bias { addBiasToRows(z, bias) }
  let (y, saved) = activationForward(z, activation)
  let out = y.reshaped([n, positions, outFeatures]).detached()
  var inputs = [x, weight]
  if let bias { inputs.append(bias) }
  return out.recorded(inputs) { g in
    let gz = activationBackward(g.reshaped([n * positions, outFeatures]), z, y, saved, activation)
    var gx: Tensor? = nil
    if x.node != nil {
      let result = Tensor(uninitializedShape: [n, length, width])
      withExtendedLifetime(weight) {
        SlidingWindowKernels.inputGradient(gz.storage.pointer, weight: weight.storage.pointer, geometry, into: result.storage.pointer)
      }
      gx = result
    }
    var gw: Tensor? = nil
    if weight.node != nil {
      let transposedGradient = Tensor(uninitializedShape: [span, outFeatures])
      withExtendedLifetime(x2) {
        SlidingWindowKernels.weightGradient(spikes, outputGradient: gz.storage.pointer, geometry, into: transposedGradient.storage.pointer)
      }
      gw = transposedGradient.transposed()
    }
    var result: [Tensor?] = [gx, gw]
    if let bias { result.append(bias.node == nil ? nil : gz.sum(axis: 0)) }
    return result
  }
}

/// The sizes of a ``slidingWindowLinear(_:size:weight:bias:activation:)``.
struct WindowGeometry {
  /// N, L, D, the window height, and the number of outputs.
  let samples: Int, length: Int, width: Int, size: Int, outer: Int
  /// Windows per sample, `L − size + 1`.
  var positions: Int { length - size + 1 }
  /// Entries per window, `size·D`.
  var span: Int { size * width }
}
