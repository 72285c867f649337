extension Tensor {
  /// Selects entries along `axis` by index (`torch.index_select` generalised to index tensors of any
  /// shape, MLX `take`): the result's shape is `shape[..<axis] + indices.shape + shape[axis+1...]`.
  /// The gradient is scattered back with addition, so repeated indices accumulate.
  ///
  /// - Precondition: every index is in `0..<shape[axis]`.
  public func take(_ indices: IndexTensor, axis: Int) -> Tensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    let n = shape[a]
    let (outer, _, inner) = splitShape(shape, first: a, last: a)
    for i in indices.scalars { precondition(i >= 0 && Int(i) < n, "index \(i) out of range 0..<\(n) on axis \(a)") }
    let outShape = Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...])
    let out = Tensor(uninitializedShape: outShape)
    let src = storage.pointer
    let dst = SendablePointer(out.storage.pointer)
    let k = indices.count
    let idx = indices.scalars
    idx.withUnsafeBufferPointer { ip in
      let ipb = UncheckedBox(ip)
      parallelFor(outer * k, grain: Swift.max(1, (1 << 15) / Swift.max(inner, 1))) { range in
        for flat in range {
          let o = flat / k, j = flat % k
          (dst.pointer + flat * inner).update(from: src + (o * n + Int(ipb.value[j])) * inner, count: inner)
        }
      }
    }
    let inputShape = shape
    return out.recorded([self]) { g in
      let gx = Tensor(shape: inputShape, repeating: 0)
      let pg = g.storage.pointer, px = gx.storage.pointer
      for o in 0..<outer {
        for j in 0..<k {
          let d = px + (o * n + Int(idx[j])) * inner
          let s = pg + (o * k + j) * inner
          for t in 0..<inner { d[t] += s[t] }
        }
      }
      return [gx]
    }
  }

  /// Picks, at every position, the entry along `axis` named by `indices` (`torch.gather`, MLX
  /// `takeAlong`). `indices` has this tensor's rank and the same sizes except along `axis`.
  public func takeAlong(_ indices: IndexTensor, axis: Int) -> Tensor {
    let a = Tensor.normalize(axis: axis, rank: rank)
    precondition(indices.shape.count == rank, "takeAlong: indices rank \(indices.shape.count) differs from \(rank)")
    for i in 0..<rank where i != a {
      precondition(indices.shape[i] == shape[i], "takeAlong: index shape \(indices.shape) does not match \(shape)")
    }
    let n = shape[a], m = indices.shape[a]
    let (outer, _, inner) = splitShape(shape, first: a, last: a)
    let idx = indices.scalars
    for i in idx { precondition(i >= 0 && Int(i) < n, "index \(i) out of range 0..<\(n) on axis \(a)") }
    let out = Tensor(uninitializedShape: indices.shape)
    let src = storage.pointer, dst = out.storage.pointer
    for o in 0..<outer {
      for j in 0..<m {
        for t in 0..<inner {
          let flat = (o * m + j) * inner + t
          dst[flat] = src[(o * n + Int(idx[flat])) * inner + t]
        }
      }
    }
    let inputShape = shape
    return out.recorded([self]) { g in
      let gx = Tensor(shape: inputShape, repeating: 0)
      let pg = g.storage.pointer, px = gx.storage.pointer
      for o in 0..<outer {
        for j in 0..<m {
          for t in 0..<inner {
            let flat = (o * m + j) * inner + t
            px[(o * n + Int(idx[flat])) * inner + t] += pg[flat]
          }
        }
      }
      return [gx]
    }
  }
}

/// Looks up rows of `weight` (`[vocabulary, width]`) for every index, giving `indices.shape + [width]`.
///
/// The gradient is a scatter-add into the rows that were used; the row `paddingIndex` (if given)
/// never receives a gradient, as in PyTorch's `nn.Embedding(padding_idx:)`.
///
/// - Precondition: every index is in `0..<vocabulary`.
public func embedding(_ indices: IndexTensor, weight: Tensor, paddingIndex: Int? = nil) -> Tensor {
  precondition(weight.rank == 2, "embedding weight must be [vocabulary, width], got \(weight.shape)")
  let vocabulary = weight.shape[0], width = weight.shape[1]
  let idx = indices.scalars
  for i in idx { precondition(i >= 0 && Int(i) < vocabulary, "embedding index \(i) out of range 0..<\(vocabulary)") }
  let out = Tensor(uninitializedShape: indices.shape + [width])
  let src = weight.storage.pointer
  let dst = SendablePointer(out.storage.pointer)
  idx.withUnsafeBufferPointer { ip in
    let ipb = UncheckedBox(ip)
    parallelFor(idx.count, grain: Swift.max(1, (1 << 15) / Swift.max(width, 1))) { range in
      for j in range {
        (dst.pointer + j * width).update(from: src + Int(ipb.value[j]) * width, count: width)
      }
    }
  }
  return out.recorded([weight]) { g in
    let gw = Tensor(shape: [vocabulary, width], repeating: 0)
    let pg = g.storage.pointer, pw = gw.storage.pointer
    for j in 0..<idx.count {
      let row = Int(idx[j])
      if row == paddingIndex { continue }
      let d = pw + row * width, s = pg + j * width
      for t in 0..<width { d[t] += s[t] }
    }
    return [gw]
  }
}
