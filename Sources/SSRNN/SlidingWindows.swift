import SSRTensor

/// The windows of `size` consecutive rows of `x: [N, L, D]`, each flattened: `[N, L − size + 1, size·D]`
/// with `out[n, p, k·D + j] = x[n, p + k, j]`.
///
/// This is `torch.nn.functional.unfold` for a kernel as wide as the input (Caser's horizontal
/// filters), transposed so that one matrix product applies every filter at every position. The
/// gradient adds each window's gradient back onto the rows it covers.
public func slidingWindows(_ x: Tensor, size: Int) -> Tensor {
  precondition(x.rank == 3 && size >= 1 && size <= x.shape[1], "slidingWindows(size: \(size)) expects [N, L ≥ \(size), D], got \(x.shape)")
  let (n, length, width) = (x.shape[0], x.shape[1], x.shape[2])
  let positions = length - size + 1, span = size * width
  return customOp(
    [x],
    forward: { inputs in
      var out = Tensor(shape: [n, positions, span])
      inputs[0].withUnsafeBufferPointer { source in
        out.withUnsafeMutableBufferPointer { destination in
          guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
          for b in 0..<n {
            for p in 0..<positions {
              (dst + (b * positions + p) * span).update(from: src + (b * length + p) * width, count: span)
            }
          }
        }
      }
      return out
    },
    backward: { _, _, gradient in
      var gx = Tensor(shape: [n, length, width])
      gradient.withUnsafeBufferPointer { source in
        gx.withUnsafeMutableBufferPointer { destination in
          guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
          for b in 0..<n {
            for p in 0..<positions {
              let g = src + (b * positions + p) * span, d = dst + (b * length + p) * width
              for k in 0..<span { d[k] += g[k] }
            }
          }
        }
      }
      return [gx]
    })
}
