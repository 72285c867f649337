/// Sum of `n` contiguous floats with eight running lanes.
@inline(__always) func vectorSum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
  var acc0 = SIMD8<Float>(repeating: 0), acc1 = SIMD8<Float>(repeating: 0)
  var i = 0
  while i + 16 <= n {
    acc0 += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
    acc1 += UnsafeRawPointer(p + i + 8).loadUnaligned(as: SIMD8<Float>.self)
    i += 16
  }
  var total = (acc0 + acc1).sum()
  while i < n {
    total += p[i]
    i += 1
  }
  return total
}

/// Splits `shape` around the axes `first...last` into (outer, reduced, inner) sizes.
func splitShape(_ shape: [Int], first: Int, last: Int) -> (outer: Int, reduced: Int, inner: Int) {
  let outer = shape[..<first].reduce(1, *)
  let reduced = shape[first...last].reduce(1, *)
  let inner = shape[(last + 1)...].reduce(1, *)
  return (outer, reduced, inner)
}

/// Sums axes `first...last` (contiguous), keeping them as size 1.
func sumKernel(_ x: Tensor, first: Int, last: Int) -> Tensor {
  var outShape = x.shape
  for a in first...last { outShape[a] = 1 }
  let (outer, reduced, inner) = splitShape(x.shape, first: first, last: last)
  let out = Tensor(shape: outShape, repeating: 0)
  let px = x.storage.pointer
  let po = SendablePointer(out.storage.pointer)
  if inner == 1 {
    parallelFor(outer, grain: Swift.max(1, (1 << 16) / Swift.max(reduced, 1))) { rows in
      for o in rows { po.pointer[o] = vectorSum(px + o * reduced, reduced) }
    }
  } else if outer == 1 {
    parallelFor(inner, grain: Swift.max(4096, (1 << 16) / Swift.max(reduced, 1))) { cols in
      let dst = po.pointer + cols.lowerBound
      for r in 0..<reduced {
        let src = px + r * inner + cols.lowerBound
        for j in 0..<cols.count { dst[j] += src[j] }
      }
    }
  } else {
    parallelFor(outer, grain: Swift.max(1, (1 << 16) / Swift.max(reduced * inner, 1))) { rows in
      for o in rows {
        let dst = po.pointer + o * inner
        for r in 0..<reduced {
          let src = px + (o * reduced + r) * inner
          for j in 0..<inner { dst[j] += src[j] }
        }
      }
    }
  }
  return out
}

extension Tensor {
  /// Normalised, sorted, de-duplicated axes.
  func normalizedAxes(_ axes: [Int]) -> [Int] {
    Array(Set(axes.map { Tensor.normalize(axis: $0, rank: rank) })).sorted()
  }

  /// Shape after removing `axes` (when `keepDims` is false) or setting them to 1.
  func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
    var s: [Int] = []
    for (i, size) in shape.enumerated() {
      if axes.contains(i) {
        if keepDims { s.append(1) }
      } else {
        s.append(size)
      }
    }
    return s
  }

  /// The sum over `axes`.
  public func sum(axes: [Int], keepDims: Bool = false) -> Tensor {
    let axes = normalizedAxes(axes)
    if axes.isEmpty { return self }
    var result = self.detached()
    // Reduce runs of consecutive axes, last run first, keeping dimensions so indices stay valid.
    var runs: [(Int, Int)] = []
    for a in axes {
      if let last = runs.last, last.1 + 1 == a {
        runs[runs.count - 1].1 = a
      } else {
        runs.append((a, a))
      }
    }
    for (first, last) in runs.reversed() { result = sumKernel(result, first: first, last: last) }
    let input = self
    let out = result.reshaped(reducedShape(axes, keepDims: keepDims)).detached()
    return out.recorded([self]) { g in
      [g.reshaped(input.reducedShape(axes, keepDims: true)).broadcast(to: input.shape)]
    }
  }

  /// The sum over one axis.
  public func sum(axis: Int, keepDims: Bool = false) -> Tensor { sum(axes: [axis], keepDims: keepDims) }

  /// The sum of all elements, as a scalar tensor.
  public func sum() -> Tensor { rank == 0 ? self : sum(axes: Array(0..<rank)) }

  /// The mean over `axes`.
  public func mean(axes: [Int], keepDims: Bool = false) -> Tensor {
    let axes = normalizedAxes(axes)
    let n = axes.reduce(1) { $0 * shape[$1] }
    return sum(axes: axes, keepDims: keepDims) * (1 / Float(Swift.max(n, 1)))
  }

  /// The mean over one axis.
  public func mean(axis: Int, keepDims: Bool = false) -> Tensor { mean(axes: [axis], keepDims: keepDims) }

  /// The mean of all elements, as a scalar tensor.
  public func mean() -> Tensor { rank == 0 ? self : mean(axes: Array(0..<rank)) }

  /// Maximum values and their first indices along `axis`.
  func maxAndArgMax(axis: Int) -> (values: Tensor, indices: [Int32], keptShape: [Int]) {
    let a = Tensor.normalize(axis: axis, rank: rank)
    let (outer, reduced, inner) = splitShape(shape, first: a, last: a)
    precondition(reduced > 0, "max over an empty axis")
    var kept = shape
    kept[a] = 1
    let values = Tensor(uninitializedShape: kept)
    var indices = [Int32](repeating: 0, count: outer * inner)
    let px = storage.pointer, pv = values.storage.pointer
    indices.withUnsafeMutableBufferPointer { pi in
      for o in 0..<outer {
        for j in 0..<inner {
          var best = px[o * reduced * inner + j]
          var bestIndex = 0
          for r in 1..<Swift.max(reduced, 1) {
            let v = px[(o * reduced + r) * inner + j]
            if v > best || (best.isNaN == false && v.isNaN) {
              best = v
              bestIndex = r
            }
          }
          pv[o * inner + j] = best
          pi[o * inner + j] = Int32(bestIndex)
        }
      }
    }
    return (values, indices, kept)
  }

  /// The maximum along `axis`; the gradient flows to the first maximal element.
  public func max(axis: Int, keepDims: Bool = false) -> Tensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    let (values, indices, _) = maxAndArgMax(axis: a)
    let input = self
    let outShape = reducedShape([a], keepDims: keepDims)
    return values.reshaped(outShape).detached().recorded([self]) { g in
      let (outer, reduced, inner) = splitShape(input.shape, first: a, last: a)
      let gx = Tensor(shape: input.shape, repeating: 0)
      let pg = g.storage.pointer, px = gx.storage.pointer
      for o in 0..<outer {
        for j in 0..<inner {
          px[(o * reduced + Int(indices[o * inner + j])) * inner + j] = pg[o * inner + j]
        }
      }
      return [gx]
    }
  }

  /// The maximum of all elements (gradient to the first maximal element).
  public func max() -> Tensor { reshaped([count]).max(axis: 0) }

  /// The minimum along `axis`.
  public func min(axis: Int, keepDims: Bool = false) -> Tensor { -((-self).max(axis: axis, keepDims: keepDims)) }

  /// Indices of the maxima along `axis` (first on ties).
  public func argMax(axis: Int, keepDims: Bool = false) -> IndexTensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    let (_, indices, _) = maxAndArgMax(axis: a)
    return IndexTensor(indices, shape: reducedShape([a], keepDims: keepDims))
  }

  /// log Σ e^x along `axis`, computed stably.
  public func logSumExp(axis: Int, keepDims: Bool = false) -> Tensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    var shift = withoutGrad { self.max(axis: a, keepDims: true) }.detached()
    shift.withUnsafeMutableBufferPointer { p in
      for i in p.indices where !p[i].isFinite { p[i] = 0 }
    }
    let result = (self - shift).exp().sum(axis: a, keepDims: true).log() + shift
    return keepDims ? result : result.squeezed(axis: a)
  }
}
