extension Tensor {
  /// The same elements with a new shape of equal size; one axis may be -1 (inferred). No copy.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    var target = newShape
    if let inferred = newShape.firstIndex(of: -1) {
      let known = newShape.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
      precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
      target[inferred] = count / known
    }
    precondition(Tensor.elementCount(target) == count, "cannot reshape \(shape) to \(newShape)")
    if target == shape { return self }
    let input = self
    return Tensor(shape: target, storage: storage).recorded([self]) { g in [g.reshaped(input.shape)] }
  }

  /// Removes an axis of size 1.
  public func squeezed(axis: Int) -> Tensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    precondition(shape[a] == 1, "cannot squeeze axis \(axis) of size \(shape[a])")
    var s = shape
    s.remove(at: a)
    return reshaped(s)
  }

  /// Inserts an axis of size 1 at `axis` (`unsqueeze`).
  public func expandedDimensions(axis: Int) -> Tensor {
    let a = axis < 0 ? axis + rank + 1 : axis
    precondition(a >= 0 && a <= rank, "axis \(axis) out of range for rank \(rank)")
    var s = shape
    s.insert(1, at: a)
    return reshaped(s)
  }

  /// Broadcasts to `target` (copies; `expand`). The gradient is summed back.
  public func broadcast(to target: [Int]) -> Tensor {
    if target == shape { return self }
    precondition(broadcastShapes(shape, target) == target, "cannot broadcast \(shape) to \(target)")
    let input = self
    return broadcastCopy(self, to: target).recorded([self]) { g in
      [g.reduced(toShape: input.shape)]
    }
  }

  /// Reorders axes: output axis i is input axis `axes[i]`.
  public func permuted(_ axes: [Int]) -> Tensor {
    let perm = axes.map { Tensor.normalize(axis: $0, rank: rank) }
    precondition(perm.sorted() == Array(0..<rank), "\(axes) is not a permutation of \(rank) axes")
    if perm == Array(0..<rank) { return self }
    let out = permuteKernel(perm)
    var inverse = [Int](repeating: 0, count: rank)
    for (i, p) in perm.enumerated() { inverse[p] = i }
    return out.recorded([self]) { g in [g.permuted(inverse)] }
  }

  /// Swaps two axes (by default the last two).
  public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) -> Tensor {
    var perm = Array(0..<rank)
    let a = Tensor.normalize(axis: axis0, rank: rank), b = Tensor.normalize(axis: axis1, rank: rank)
    perm.swapAt(a, b)
    return permuted(perm)
  }

  /// The matrix transpose of a rank-2 tensor (the last two axes otherwise).
  public var T: Tensor { transposed() }

  /// Copies with axes reordered (no recording).
  func permuteKernel(_ perm: [Int]) -> Tensor {
    let outShape = perm.map { shape[$0] }
    let out = Tensor(uninitializedShape: outShape)
    let inStrides = contiguousStrides(shape)
    // Merge the permutation into (sizes, source strides) over output axes, then copy row by row.
    var sizes = outShape
    var strides = perm.map { inStrides[$0] }
    var i = sizes.count - 1
    while i > 0 {
      if strides[i - 1] == strides[i] * sizes[i] {
        sizes[i - 1] *= sizes[i]
        sizes.remove(at: i)
        strides[i - 1] = strides[i]
        strides.remove(at: i)
      }
      i -= 1
    }
    let src = storage.pointer
    let dst = SendablePointer(out.storage.pointer)
    let inner = sizes.last ?? 1, innerStride = strides.last ?? 1
    let outerSizes = Array(sizes.dropLast()), outerStrides = Array(strides.dropLast())
    let rows = outerSizes.reduce(1, *)
    if sizes.count == 2 && rows > 1 && inner > 1 {
      // A plain 2-D transpose (possibly of merged axes): copy in tiles for cache locality.
      let r = rows, c = inner, rs = outerStrides[0]
      let tile = 32
      parallelFor((r + tile - 1) / tile, grain: 8) { tiles in
        for ti in tiles {
          let i0 = ti * tile
          var j0 = 0
          while j0 < c {
            for ii in i0..<Swift.min(i0 + tile, r) {
              for jj in j0..<Swift.min(j0 + tile, c) { dst.pointer[ii * c + jj] = src[ii * rs + jj * innerStride] }
            }
            j0 += tile
          }
        }
      }
      return out
    }
    parallelFor(rows, grain: Swift.max(1, (1 << 15) / Swift.max(inner, 1))) { range in
      for row in range {
        var r = row
        var offset = 0
        var axis = outerSizes.count - 1
        while axis >= 0 {
          offset += (r % outerSizes[axis]) * outerStrides[axis]
          r /= outerSizes[axis]
          axis -= 1
        }
        let d = dst.pointer + row * inner
        if innerStride == 1 {
          d.update(from: src + offset, count: inner)
        } else {
          for j in 0..<inner { d[j] = src[offset + j * innerStride] }
        }
      }
    }
    return out
  }

  /// Elements `start..<end` along `axis` (negative bounds count from the end).
  public func sliced(axis: Int, _ start: Int, _ end: Int) -> Tensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    let n = shape[a]
    let lo = start < 0 ? start + n : start
    let hi = end < 0 ? end + n : end
    precondition(lo >= 0 && hi <= n && lo <= hi, "slice \(start)..<\(end) out of range for size \(n)")
    if lo == 0 && hi == n { return self }
    var outShape = shape
    outShape[a] = hi - lo
    let (outer, _, inner) = splitShape(shape, first: a, last: a)
    let out = Tensor(uninitializedShape: outShape)
    let src = storage.pointer, dst = out.storage.pointer
    let chunk = (hi - lo) * inner
    for o in 0..<outer {
      (dst + o * chunk).update(from: src + (o * n + lo) * inner, count: chunk)
    }
    return out.recorded([self]) { g in [g.padded(axis: a, before: lo, after: n - hi)] }
  }

  /// Adds `before` and `after` elements of `value` along `axis`.
  public func padded(axis: Int, before: Int, after: Int, value: Float = 0) -> Tensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    precondition(before >= 0 && after >= 0, "padding must be non-negative")
    let n = shape[a]
    var outShape = shape
    outShape[a] = n + before + after
    let (outer, _, inner) = splitShape(shape, first: a, last: a)
    let out = Tensor(uninitializedShape: outShape)
    let src = storage.pointer, dst = out.storage.pointer
    let width = outShape[a]
    for o in 0..<outer {
      let row = dst + o * width * inner
      row.update(repeating: value, count: before * inner)
      (row + before * inner).update(from: src + o * n * inner, count: n * inner)
      (row + (before + n) * inner).update(repeating: value, count: after * inner)
    }
    return out.recorded([self]) { g in [g.sliced(axis: a, before, before + n)] }
  }

  /// Splits along `axis` into pieces of the given sizes.
  public func split(sizes: [Int], axis: Int) -> [Tensor] {
    let a = Tensor.normalize(axis: axis, rank: rank)
    precondition(sizes.reduce(0, +) == shape[a], "split sizes \(sizes) do not add up to \(shape[a])")
    var start = 0
    return sizes.map { size in
      defer { start += size }
      return sliced(axis: a, start, start + size)
    }
  }

  /// Splits along `axis` into `parts` equal pieces.
  public func split(parts: Int, axis: Int) -> [Tensor] {
    let a = Tensor.normalize(axis: axis, rank: rank)
    precondition(parts > 0 && shape[a] % parts == 0, "cannot split size \(shape[a]) into \(parts) parts")
    return split(sizes: Array(repeating: shape[a] / parts, count: parts), axis: a)
  }
}

/// Joins tensors along an existing axis; all other sizes must match.
public func concatenated(_ tensors: [Tensor], axis: Int) -> Tensor {
  precondition(!tensors.isEmpty, "concatenated needs at least one tensor")
  let first = tensors[0]
  let a = Tensor.normalize(axis: axis, rank: first.rank)
  for t in tensors {
    precondition(t.rank == first.rank, "concatenated: ranks differ")
    for i in 0..<first.rank where i != a {
      precondition(t.shape[i] == first.shape[i], "concatenated: shapes \(first.shape) and \(t.shape) differ off axis \(a)")
    }
  }
  let sizes = tensors.map { $0.shape[a] }
  var outShape = first.shape
  outShape[a] = sizes.reduce(0, +)
  let (outer, _, inner) = splitShape(outShape, first: a, last: a)
  let out = Tensor(uninitializedShape: outShape)
  let dst = out.storage.pointer
  let width = outShape[a]
  var offset = 0
  for (t, size) in zip(tensors, sizes) {
    let src = t.storage.pointer
    for o in 0..<outer {
      (dst + (o * width + offset) * inner).update(from: src + o * size * inner, count: size * inner)
    }
    offset += size
  }
  return out.recorded(tensors) { g in g.split(sizes: sizes, axis: a).map { Optional($0) } }
}

/// Stacks same-shape tensors along a new axis.
public func stacked(_ tensors: [Tensor], axis: Int = 0) -> Tensor {
  precondition(!tensors.isEmpty, "stacked needs at least one tensor")
  return concatenated(tensors.map { $0.expandedDimensions(axis: axis) }, axis: axis)
}
