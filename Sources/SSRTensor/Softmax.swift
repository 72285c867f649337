#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The largest of `n ≥ 1` contiguous floats (NaN if any is NaN).
@inline(__always) func vectorMax(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
  var best = p[0]
  var i = 0
  if n >= 8 {
    var acc = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    i = 8
    while i + 8 <= n {
      let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
      acc = acc.replacing(with: v, where: v .> acc)
      i += 8
    }
    best = acc.max()
  }
  while i < n {
    if p[i] > best { best = p[i] }
    i += 1
  }
  for j in 0..<n where p[j].isNaN { return .nan }
  return best
}

/// Writes e^(x − shift) for `n` floats and returns their sum.
@inline(__always) func expShiftSum(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int, _ shift: Float) -> Float {
  let s = SIMD8<Float>(repeating: shift)
  mapVector(x, out, n) { VectorMath.exp($0 - s) }
  return vectorSum(out, n)
}

/// Sum of e^(x − shift) for `n` floats, without storing them.
@inline(__always) func expShiftSumOnly(_ x: UnsafePointer<Float>, _ n: Int, _ shift: Float) -> Float {
  let s = SIMD8<Float>(repeating: shift)
  var acc = SIMD8<Float>(repeating: 0)
  var i = 0
  while i + 8 <= n {
    acc += VectorMath.exp(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - s)
    i += 8
  }
  var total = acc.sum()
  while i < n {
    total += VectorMath.exp(x[i] - shift)
    i += 1
  }
  return total
}

extension Tensor {
  /// Moves `axis` last, applies `f`, and moves it back (for row kernels on other axes).
  fileprivate func alongLastAxis(_ axis: Int, _ f: (Tensor) -> Tensor) -> Tensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    if a == rank - 1 { return f(self) }
    return f(transposed(a, -1)).transposed(a, -1)
  }

  /// Softmax along `axis` (default: the last).
  public func softmax(axis: Int = -1) -> Tensor {
    alongLastAxis(axis) { x in
      let px = x.storage.pointer
      let y = mapRows(x.shape) { offset, c, dst in
        let src = px + offset
        let total = expShiftSum(src, dst, c, vectorMax(src, c))
        let scale = SIMD8<Float>(repeating: 1 / total)
        mapVector(dst, dst, c) { $0 * scale }
      }
      return y.recorded([x]) { g in
        let (pg, py) = (g.storage.pointer, y.storage.pointer)
        return [mapRows(y.shape) { offset, c, out in
          let (gr, yr) = (pg + offset, py + offset)
          var dot: Float = 0
          for j in 0..<c { dot += gr[j] * yr[j] }
          let d = SIMD8<Float>(repeating: dot)
          mapVector2(gr, yr, out, c) { g, y in y * (g - d) }
        }]
      }
    }
  }

  /// log(softmax) along `axis` (default: the last), computed stably.
  public func logSoftmax(axis: Int = -1) -> Tensor {
    alongLastAxis(axis) { x in
      let px = x.storage.pointer
      let y = mapRows(x.shape) { offset, c, dst in
        let src = px + offset
        let m = vectorMax(src, c)
        let lse = m + logf(expShiftSumOnly(src, c, m))
        let s = SIMD8<Float>(repeating: lse)
        mapVector(src, dst, c) { $0 - s }
      }
      return y.recorded([x]) { g in
        let (pg, py) = (g.storage.pointer, y.storage.pointer)
        return [mapRows(y.shape) { offset, c, out in
          let total = SIMD8<Float>(repeating: vectorSum(pg + offset, c))
          mapVector2(pg + offset, py + offset, out, c) { g, y in g - VectorMath.exp(y) * total }
        }]
      }
    }
  }
}

/// A new tensor of `shape` whose rows along the last axis `body(offset, width, destination)`
/// writes (`offset` is the row's first element, for reading the same row of other tensors), rows
/// spread over the compute threads.
private func mapRows(_ shape: [Int], _ body: (Int, Int, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
  let y = Tensor(uninitializedShape: shape)
  let c = shape.last ?? 1
  let rows = y.count / Swift.max(c, 1)
  let py = SendablePointer(y.storage.pointer)
  parallelFor(rows, grain: Swift.max(1, (1 << 14) / Swift.max(c, 1))) { range in
    for r in range { body(r * c, c, py.pointer + r * c) }
  }
  return y
}

/// How a loss combines its per-example values.
public enum LossReduction: Sendable {
  /// The mean over counted examples.
  case mean
  /// The sum over examples.
  case sum
}

/// Cross-entropy between `logits` (`[N, C]`) and integer class `targets` (`[N]`), fused with the
/// log-softmax so that the forward pass reads the logits twice and the backward pass once.
///
/// Targets equal to `ignoreIndex` contribute nothing and are not counted in the mean (as PyTorch's
/// `ignore_index`). With `.mean` and every target ignored, the result is NaN (as PyTorch).
///
/// - Precondition: every other target is in `0..<C`.
public func crossEntropy(
  _ logits: Tensor, _ targets: IndexTensor, ignoreIndex: Int = -100, reduction: LossReduction = .mean
) -> Tensor {
  precondition(logits.rank == 2, "crossEntropy expects [N, C] logits, got \(logits.shape)")
  let n = logits.shape[0], c = logits.shape[1]
  precondition(targets.count == n, "crossEntropy: \(targets.count) targets for \(n) rows")
  let t = targets.scalars
  for v in t where Int(v) != ignoreIndex {
    precondition(v >= 0 && Int(v) < c, "crossEntropy: target \(v) out of range 0..<\(c)")
  }
  var lse = [Float](repeating: 0, count: n)
  var losses = [Float](repeating: 0, count: n)
  let px = logits.storage.pointer
  lse.withUnsafeMutableBufferPointer { lp in
    losses.withUnsafeMutableBufferPointer { lo in
      let lpp = SendablePointer(lp.baseAddress!), lop = SendablePointer(lo.baseAddress!)
      parallelFor(n, grain: Swift.max(1, (1 << 14) / Swift.max(c, 1))) { range in
        for r in range where Int(t[r]) != ignoreIndex {
          let row = px + r * c
          let m = vectorMax(row, c)
          let value = m + logf(expShiftSumOnly(row, c, m))
          lpp.pointer[r] = value
          lop.pointer[r] = value - row[Int(t[r])]
        }
      }
    }
  }
  var counted = 0
  var total: Double = 0
  for r in 0..<n where Int(t[r]) != ignoreIndex {
    counted += 1
    total += Double(losses[r])
  }
  let scale: Float = reduction == .mean ? 1 / Float(counted) : 1
  let value = Tensor(Float(total) * scale)
  return value.recorded([logits]) { g in
    let gx = Tensor(uninitializedShape: [n, c])
    let pg = SendablePointer(gx.storage.pointer)
    let factor = g.item * scale
    let px = logits.storage.pointer
    lse.withUnsafeBufferPointer { lp in
      let lpb = UncheckedBox(lp)
      parallelFor(n, grain: Swift.max(1, (1 << 14) / Swift.max(c, 1))) { range in
        for r in range {
          let dst = pg.pointer + r * c
          if Int(t[r]) == ignoreIndex {
            for j in 0..<c { dst[j] = 0 }
            continue
          }
          let shift = SIMD8<Float>(repeating: lpb.value[r]), f = SIMD8<Float>(repeating: factor)
          mapVector(px + r * c, dst, c) { VectorMath.exp($0 - shift) * f }
          dst[Int(t[r])] -= factor
        }
      }
    }
    return [gx]
  }
}
