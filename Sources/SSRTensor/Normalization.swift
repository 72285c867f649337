import Synchronization

@inline(__always) private func load8(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
  UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
  UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// Layer normalisation over the last axis, fused: `(x − mean) / sqrt(var + eps) · weight + bias`
/// with the biased variance (as PyTorch's `layer_norm`). `weight` and `bias` have the size of the
/// last axis. Forward and backward are one pass over each row (after the statistics).
public func layerNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, eps: Float = 1e-5) -> Tensor {
  let d = x.shape.last ?? 1
  let rows = x.count / Swift.max(d, 1)
  if let weight { precondition(weight.shape == [d], "layerNorm weight must be [\(d)], got \(weight.shape)") }
  if let bias { precondition(bias.shape == [d], "layerNorm bias must be [\(d)], got \(bias.shape)") }
  let y = Tensor(uninitializedShape: x.shape)
  // Row statistics: mean and 1/std.
  let stats = Tensor(uninitializedShape: [rows, 2])
  let px = x.storage.pointer
  let py = SendablePointer(y.storage.pointer), ps = SendablePointer(stats.storage.pointer)
  let ones = Tensor.ones([d]), zeros = Tensor.zeros([d])
  let pw = (weight ?? ones).storage.pointer, pb = (bias ?? zeros).storage.pointer
  let vectorEnd = d - d % 8
  parallelFor(rows, grain: Swift.max(1, (1 << 14) / Swift.max(d, 1))) { range in
    for r in range {
      let src = px + r * d, dst = py.pointer + r * d
      let mean = vectorSum(src, d) / Float(d)
      let m = SIMD8<Float>(repeating: mean)
      var acc = SIMD8<Float>(repeating: 0)
      var j = 0
      while j < vectorEnd {
        let c = load8(src, j) - m
        acc += c * c
        j += 8
      }
      var v = acc.sum()
      while j < d {
        let c = src[j] - mean
        v += c * c
        j += 1
      }
      let rstd = 1 / (v / Float(d) + eps).squareRoot()
      ps.pointer[2 * r] = mean
      ps.pointer[2 * r + 1] = rstd
      let s = SIMD8<Float>(repeating: rstd)
      j = 0
      while j < vectorEnd {
        store8((load8(src, j) - m) * s * load8(pw, j) + load8(pb, j), dst, j)
        j += 8
      }
      while j < d {
        dst[j] = (src[j] - mean) * rstd * pw[j] + pb[j]
        j += 1
      }
    }
  }
  var inputs = [x]
  if let weight { inputs.append(weight) }
  if let bias { inputs.append(bias) }
  let needX = x.node != nil
  let needW = weight?.node != nil, needB = bias?.node != nil
  return y.recorded(inputs) { g in
    let pg = g.storage.pointer, px = x.storage.pointer, ps = stats.storage.pointer
    let pw = (weight ?? ones).storage.pointer
    let gx = needX ? Tensor(uninitializedShape: x.shape) : nil
    let pgx = gx.map { SendablePointer($0.storage.pointer) }
    // Partial sums of the weight and bias gradients per chunk of `chunkRows` rows, added in chunk
    // order: the chunks depend on the row count only, so the sums do not depend on the thread count.
    let chunkRows = 64
    let chunks = (rows + chunkRows - 1) / chunkRows
    let partials = Tensor(shape: [Swift.max(chunks, 1), 2 * d], repeating: 0)
    let pp = SendablePointer(partials.storage.pointer)
    parallelFor(chunks, grain: Swift.max(1, (1 << 14) / Swift.max(d * chunkRows, 1))) { chunkRange in
      for chunk in chunkRange {
        // Local sums of g·x̂ (weight gradient) and g (bias gradient) for this chunk's rows.
        let lw = pp.pointer + chunk * 2 * d, lbias = lw + d
        for r in (chunk * chunkRows)..<Swift.min(rows, (chunk + 1) * chunkRows) {
          let mean = ps[2 * r], rstd = ps[2 * r + 1]
          let m = SIMD8<Float>(repeating: mean), s = SIMD8<Float>(repeating: rstd)
          let src = px + r * d, gr = pg + r * d
          var sumD = SIMD8<Float>(repeating: 0), sumDX = SIMD8<Float>(repeating: 0)
          var j = 0
          while j < vectorEnd {
            let gv = load8(gr, j)
            let xhat = (load8(src, j) - m) * s
            let dxhat = gv * load8(pw, j)
            sumD += dxhat
            sumDX += dxhat * xhat
            store8(load8(lw, j) + gv * xhat, lw, j)
            store8(load8(lbias, j) + gv, lbias, j)
            j += 8
          }
          var sd = sumD.sum(), sdx = sumDX.sum()
          while j < d {
            let xhat = (src[j] - mean) * rstd
            let dxhat = gr[j] * pw[j]
            sd += dxhat
            sdx += dxhat * xhat
            lw[j] += gr[j] * xhat
            lbias[j] += gr[j]
            j += 1
          }
          guard let pgx else { continue }
          let dst = pgx.pointer + r * d
          let meanD = SIMD8<Float>(repeating: sd / Float(d)), meanDX = SIMD8<Float>(repeating: sdx / Float(d))
          j = 0
          while j < vectorEnd {
            let xhat = (load8(src, j) - m) * s
            store8(s * (load8(gr, j) * load8(pw, j) - meanD - xhat * meanDX), dst, j)
            j += 8
          }
          while j < d {
            let xhat = (src[j] - mean) * rstd
            dst[j] = rstd * (gr[j] * pw[j] - sd / Float(d) - xhat * sdx / Float(d))
            j += 1
          }
        }
      }
    }
    var sums = [Float](repeating: 0, count: 2 * d)
    if needW || needB {
      for chunk in 0..<chunks {
        let local = pp.pointer + chunk * 2 * d
        for j in 0..<(2 * d) { sums[j] += local[j] }
      }
    }
    var result: [Tensor?] = [gx]
    if weight != nil { result.append(needW ? Tensor(Array(sums[0..<d]), shape: [d]) : nil) }
    if bias != nil { result.append(needB ? Tensor(Array(sums[d...]), shape: [d]) : nil) }
    return result
  }
}

/// Batch normalisation over axis 1 of `[N, C]`, `[N, C, L]` or `[N, C, H, W]` input (PyTorch's
/// `BatchNorm1d`/`BatchNorm2d`): statistics per channel over every other axis.
///
/// In training mode the batch statistics normalise the input (biased variance), and the returned
/// `mean`/`variance` are the batch mean and the *unbiased* variance for updating running
/// statistics. In evaluation mode `runningMean`/`runningVariance` normalise the input.
public func batchNorm(
  _ x: Tensor, weight: Tensor?, bias: Tensor?, runningMean: Tensor, runningVariance: Tensor,
  training: Bool, eps: Float = 1e-5
) -> (output: Tensor, mean: Tensor, variance: Tensor) {
  precondition(x.rank >= 2 && x.rank <= 4, "batchNorm expects [N, C], [N, C, L] or [N, C, H, W], got \(x.shape)")
  let c = x.shape[1]
  let statShape = [1, c] + [Int](repeating: 1, count: x.rank - 2)
  let axes = [0] + Array(2..<x.rank)
  let n = x.count / Swift.max(c, 1)
  if training, x.rank == 2, n > 0, let weight, let bias {
    return batchNormRows(x, weight: weight, bias: bias, eps: eps)
  }
  if !training, x.rank == 2, let weight, let bias, !(isGradEnabled && (x.requiresGrad || weight.requiresGrad || bias.requiresGrad)) {
    return (batchNormRowsInference(x, weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance, eps: eps),
      runningMean, runningVariance)
  }
  let mean: Tensor, variance: Tensor, normalized: Tensor
  if training {
    mean = x.mean(axes: axes, keepDims: true)
    let centered = x - mean
    let biased = centered.square().mean(axes: axes, keepDims: true)
    normalized = centered / (biased + eps).sqrt()
    variance = biased.detached() * (Float(n) / Float(Swift.max(n - 1, 1)))
  } else {
    mean = runningMean.reshaped(statShape)
    variance = runningVariance.reshaped(statShape)
    normalized = (x - mean) / (variance + eps).sqrt()
  }
  var y = normalized
  if let weight { y = y * weight.reshaped(statShape) }
  if let bias { y = y + bias.reshaped(statShape) }
  return (y, mean.detached().reshaped([c]), variance.detached().reshaped([c]))
}
