/// An activation applied elementwise after a linear map (fused with the bias in ``linear(_:weight:bias:activation:)``).
public enum Activation: Sendable {
  /// No activation.
  case identity
  /// max(x, 0).
  case relu
  /// Exact (erf) GELU.
  case gelu
  /// tanh.
  case tanh
  /// The logistic sigmoid.
  case sigmoid

  @inline(__always) func forward(_ z: SIMD8<Float>) -> SIMD8<Float> {
    switch self {
    case .identity: return z
    case .relu: return z.replacing(with: 0, where: z .< 0)
    case .gelu: return z * VectorMath.normalCDF(z)
    case .tanh: return VectorMath.tanh(z)
    case .sigmoid: return VectorMath.sigmoid(z)
    }
  }
}

/// Applies `activation` to `z` and returns what its derivative needs: the output, and for GELU
/// the normal CDF Φ(z) (so that backward needs one exponential instead of two).
func activationForward(_ z: Tensor, _ activation: Activation) -> (output: Tensor, saved: Tensor?) {
  // One small function per activation: with all of them inlined into one body, the optimiser
  // leaves the transcendental functions as a call per vector (or scalarises them).
  switch activation {
  case .identity: return (z, nil)
  case .relu: return (reluForward(z), nil)
  case .gelu: return geluForward(z)
  case .tanh: return (tanhForward(z), nil)
  case .sigmoid: return (sigmoidForward(z), nil)
  }
}

@inline(never) private func reluForward(_ z: Tensor) -> Tensor { unaryMap(z) { $0.replacing(with: 0, where: $0 .< 0) } }
@inline(never) private func tanhForward(_ z: Tensor) -> Tensor { unaryMap(z) { VectorMath.tanh($0) } }
@inline(never) private func sigmoidForward(_ z: Tensor) -> Tensor { unaryMap(z) { VectorMath.sigmoid($0) } }

/// x·Φ(x), and Φ(x) for the backward pass.
@inline(never) private func geluForward(_ z: Tensor) -> (output: Tensor, saved: Tensor?) {
  let cdf = unaryMap(z) { VectorMath.normalCDF($0) }
  return (zipMap(z, cdf) { $0 * $1 }, cdf)
}

/// g · act′(z), given the pre-activation `z`, the output `y` and what the forward pass saved.
func activationBackward(_ g: Tensor, _ z: Tensor, _ y: Tensor, _ saved: Tensor?, _ activation: Activation) -> Tensor {
  switch activation {
  case .identity:
    return g
  case .relu:
    return zipMap(g, z) { g, z in g.replacing(with: 0, where: z .<= 0) }
  case .gelu:
    return geluBackward(g, z, saved!)
  case .tanh:
    return zipMap(g, y) { $0 * (1 - $1 * $1) }
  case .sigmoid:
    return zipMap(g, y) { $0 * $1 * (1 - $1) }
  }
}

/// g · (Φ(z) + z·φ(z)).
@inline(never) private func geluBackward(_ g: Tensor, _ z: Tensor, _ cdf: Tensor) -> Tensor {
  let d = zipMap(z, cdf) { Tensor.geluDerivative($0, cdf: $1) }
  return zipMap(g, d) { $0 * $1 }
}

/// `activation(x · weightᵀ + bias)` with PyTorch's weight layout (`[out, in]`); the bias add and the
/// activation run as one pass over the product, and their gradients as one pass in backward.
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, activation: Activation = .identity) -> Tensor {
  precondition(weight.rank == 2, "linear weight must be [out, in], got \(weight.shape)")
  let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
  precondition(x.shape.last == inFeatures, "linear: input \(x.shape) does not end in \(inFeatures)")
  if let bias { precondition(bias.shape == [outFeatures], "linear bias must be [\(outFeatures)], got \(bias.shape)") }
  let batchShape = Array(x.shape.dropLast())
  let x2 = x.detached().reshaped([-1, inFeatures])
  let rows = x2.shape[0]
  let z = gemmBatched(x2, weight.detached(), transposeA: false, transposeB: true, m: rows, n: outFeatures, k: inFeatures)
  if let bias { addBiasToRows(z, bias) }
  let (y, saved) = activationForward(z, activation)
  let out = y.reshaped(batchShape + [outFeatures]).detached()
  var inputs = [x, weight]
  if let bias { inputs.append(bias) }
  return out.recorded(inputs) { g in
    let g2 = g.reshaped([rows, outFeatures])
    let gz = activationBackward(g2, z, y, saved, activation)
    let gx = x.node == nil ? nil : gemmBatched(gz, weight, transposeA: false, transposeB: false, m: rows, n: inFeatures, k: outFeatures)
      .reshaped(x.shape)
    let gw = weight.node == nil ? nil : gemmBatched(gz, x2, transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: rows)
      .reshaped([outFeatures, inFeatures])
    var result: [Tensor?] = [gx, gw]
    if let bias { result.append(bias.node == nil ? nil : gz.sum(axis: 0)) }
    return result
  }
}

/// Adds `bias: [n]` to every row of the contiguous `z: [rows, n]` in place (rows split across threads).
func addBiasToRows(_ z: Tensor, _ bias: Tensor) {
  let outFeatures = bias.count, rows = z.count / Swift.max(outFeatures, 1)
  let pz = SendablePointer(z.storage.pointer), pb = bias.storage.pointer
  parallelFor(rows, grain: Swift.max(1, (1 << 15) / Swift.max(outFeatures, 1))) { range in
    for r in range {
      let row = pz.pointer + r * outFeatures
      mapVector2(row, pb, row, outFeatures) { $0 + $1 }
    }
  }
}
