/// Training-mode batch normalisation of rows `[N, C]` (statistics per column) as one fused
/// operation: two passes over the input forward (statistics, then the affine output) and two
/// backward (the per-channel sums, then the input gradient), instead of the dozen elementwise
/// passes of the composite form. This is the shape every channels-last use takes
/// (``BatchNorm/normalizingLastAxis(_:)`` folds all leading axes into N), so SFMLP's and SCaser's
/// batch norms run here. Ioffe & Szegedy (2015), "Batch Normalization", §3 gives the gradient:
///
///     x̂ = (x − μ)·σ⁻¹,   y = γ·x̂ + β
///     ∂L/∂x = γ·σ⁻¹/N · (N·∂L/∂y − Σ∂L/∂y − x̂·Σ(∂L/∂y·x̂))
///
/// with σ = √(biased variance + ε). Sums are accumulated in blocks of `Float` rows added into
/// `Double` totals, so a column of 10⁵ rows keeps about seven significant digits.
func batchNormRows(_ x: Tensor, weight: Tensor, bias: Tensor, eps: Float) -> (output: Tensor, mean: Tensor, variance: Tensor) {
  let n = x.shape[0], c = x.shape[1]
  precondition(x.rank == 2 && weight.shape == [c] && bias.shape == [c], "batchNormRows expects [N, C] with [C] weight and bias")
  let (mean, inverseStd, biased) = columnStatistics(x, eps: eps)
  let output = Tensor(uninitializedShape: [n, c])
  let px = x.storage.pointer, py = output.storage.pointer
  let w = weight.storage.pointer, b = bias.storage.pointer
  mean.withUnsafeBufferPointer { mu in
    inverseStd.withUnsafeBufferPointer { s in
      for row in 0..<n {
        let xr = px + row * c, yr = py + row * c
        for j in 0..<c { yr[j] = (xr[j] - mu[j]) * s[j] * w[j] + b[j] }
      }
    }
  }
  let unbiased = biased.map { Float($0 * Double(n) / Double(Swift.max(n - 1, 1))) }
  let savedX = x.detached(), savedWeight = weight.detached()
  let result = output.recorded([x, weight, bias]) { gradient in
    batchNormRowsBackward(gradient, x: savedX, weight: savedWeight, mean: mean, inverseStd: inverseStd)
  }
  return (result, Tensor(mean), Tensor(unbiased))
}

/// Evaluation-mode batch normalisation of `[N, C]` with running statistics, in one pass and
/// without recording (for inference; the composite form handles gradients in evaluation mode).
func batchNormRowsInference(
  _ x: Tensor, weight: Tensor, bias: Tensor, runningMean: Tensor, runningVariance: Tensor, eps: Float
) -> Tensor {
  let n = x.shape[0], c = x.shape[1]
  precondition(runningMean.count == c && runningVariance.count == c, "running statistics must have \(c) channels")
  let mu = runningMean.storage.pointer, variance = runningVariance.storage.pointer
  let w = weight.storage.pointer, b = bias.storage.pointer
  let sd = (0..<c).map { (variance[$0] + eps).squareRoot() }
  let output = Tensor(uninitializedShape: [n, c])
  let px = x.storage.pointer, py = output.storage.pointer
  sd.withUnsafeBufferPointer { sd in
    for row in 0..<n {
      let xr = px + row * c, yr = py + row * c
      for j in 0..<c { yr[j] = (xr[j] - mu[j]) / sd[j] * w[j] + b[j] }
    }
  }
  return output
}

/// Per-column mean, 1/√(biased variance + ε) and biased variance of `[N, C]`.
private func columnStatistics(_ x: Tensor, eps: Float) -> (mean: [Float], inverseStd: [Float], biased: [Double]) {
  let n = x.shape[0], c = x.shape[1]
  let px = x.storage.pointer
  let mean = columnSums(rows: n, columns: c) { row, j, lanes in vector(px + row * c + j, lanes) }
    .map { Float($0 / Double(Swift.max(n, 1))) }
  let biased = mean.withUnsafeBufferPointer { mu in
    columnSums(rows: n, columns: c) { row, j, lanes in
      let d = vector(px + row * c + j, lanes) - vector(mu.baseAddress! + j, lanes)
      return d * d
    }
  }.map { $0 / Double(Swift.max(n, 1)) }
  let inverseStd = biased.map { 1 / (Float($0) + eps).squareRoot() }
  return (mean, inverseStd, biased)
}

/// Σ over rows of `value(row, column, lanes)` for every column, eight columns at a time (`lanes`
/// is 8, or fewer for the last columns, whose unused lanes must be 0): `Float` partial sums over
/// blocks of 256 rows, added into `Double` totals.
@inline(__always)
private func columnSums(rows: Int, columns: Int, _ value: (Int, Int, Int) -> SIMD8<Float>) -> [Double] {
  var totals = [Double](repeating: 0, count: columns)
  let vectors = (columns + 7) / 8, full = columns / 8
  withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: vectors) { partial in
    totals.withUnsafeMutableBufferPointer { total in
      var start = 0
      while start < rows {
        let end = Swift.min(start + 256, rows)
        for v in 0..<vectors { partial[v] = SIMD8(repeating: 0) }
        for row in start..<end {
          for v in 0..<full { partial[v] += value(row, v * 8, 8) }
          if full < vectors { partial[full] += value(row, full * 8, columns - full * 8) }
        }
        for j in 0..<columns { total[j] += Double(partial[j / 8][j % 8]) }
        start = end
      }
    }
  }
  return totals
}

/// Eight floats from `p`, or the first `lanes` of them and zeros.
@inline(__always) private func vector(_ p: UnsafePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
  if lanes == 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
  var v = SIMD8<Float>(repeating: 0)
  for k in 0..<lanes { v[k] = p[k] }
  return v
}

@inline(__always) private func vector(_ p: UnsafeMutablePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
  vector(UnsafePointer(p), lanes)
}

/// Gradients of ``batchNormRows(_:weight:bias:eps:)`` for its input, weight and bias.
private func batchNormRowsBackward(_ gradient: Tensor, x: Tensor, weight: Tensor, mean: [Float], inverseStd: [Float]) -> [Tensor?] {
  let n = x.shape[0], c = x.shape[1]
  let px = x.storage.pointer, pg = gradient.storage.pointer, w = weight.storage.pointer
  let count = Float(n)
  let gx = Tensor(uninitializedShape: [n, c])
  let po = gx.storage.pointer
  let (dy, dyXHat) = mean.withUnsafeBufferPointer { mu in
    inverseStd.withUnsafeBufferPointer { s in
      let sumGradient = columnSums(rows: n, columns: c) { row, j, lanes in vector(pg + row * c + j, lanes) }
      let sumGradientXHat = columnSums(rows: n, columns: c) { row, j, lanes in
        vector(pg + row * c + j, lanes)
          * ((vector(px + row * c + j, lanes) - vector(mu.baseAddress! + j, lanes)) * vector(s.baseAddress! + j, lanes))
      }
      let dy = sumGradient.map(Float.init), dyXHat = sumGradientXHat.map(Float.init)
      let scale = (0..<c).map { w[$0] * s[$0] / count }
      dy.withUnsafeBufferPointer { dy in
        dyXHat.withUnsafeBufferPointer { dyXHat in
          scale.withUnsafeBufferPointer { scale in
            for row in 0..<n {
              let xr = px + row * c, gr = pg + row * c, or = po + row * c
              for j in 0..<c {
                let xHat = (xr[j] - mu[j]) * s[j]
                or[j] = scale[j] * (count * gr[j] - dy[j] - xHat * dyXHat[j])
              }
            }
          }
        }
      }
      return (dy, dyXHat)
    }
  }
  return [gx, Tensor(dyXHat), Tensor(dy)]
}
