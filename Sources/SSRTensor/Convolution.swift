extension Tensor {
  /// Extracts sliding `kernel` patches from `[N, C, H, W]` input (stride 1, no padding), giving
  /// `[N, C·kh·kw, L]` with `L = (H − kh + 1)(W − kw + 1)`, as `torch.nn.functional.unfold`.
  /// The gradient folds the patches back with addition.
  public func unfolded(kernel: (height: Int, width: Int)) -> Tensor {
    precondition(rank == 4, "unfolded expects [N, C, H, W], got \(shape)")
    let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
    let (kh, kw) = kernel
    precondition(kh >= 1 && kw >= 1 && kh <= h && kw <= w, "kernel \(kh)×\(kw) does not fit \(h)×\(w)")
    let oh = h - kh + 1, ow = w - kw + 1, l = oh * ow
    let rowsPerImage = c * kh * kw
    let out = Tensor(uninitializedShape: [n, rowsPerImage, l])
    let src = storage.pointer
    let dst = SendablePointer(out.storage.pointer)
    parallelFor(n * rowsPerImage, grain: Swift.max(1, (1 << 14) / Swift.max(l, 1))) { range in
      for flat in range {
        let b = flat / rowsPerImage, row = flat % rowsPerImage
        let ch = row / (kh * kw), ki = (row / kw) % kh, kj = row % kw
        let d = dst.pointer + flat * l
        let base = src + ((b * c + ch) * h) * w
        for y in 0..<oh {
          (d + y * ow).update(from: base + (y + ki) * w + kj, count: ow)
        }
      }
    }
    let inputShape = shape
    return out.recorded([self]) { g in
      let gx = Tensor(shape: inputShape, repeating: 0)
      let pg = g.storage.pointer, px = gx.storage.pointer
      for b in 0..<n {
        for row in 0..<rowsPerImage {
          let ch = row / (kh * kw), ki = (row / kw) % kh, kj = row % kw
          let s = pg + (b * rowsPerImage + row) * l
          let base = px + ((b * c + ch) * h) * w
          for y in 0..<oh {
            let d = base + (y + ki) * w + kj
            for x in 0..<ow { d[x] += s[y * ow + x] }
          }
        }
      }
      return [gx]
    }
  }
}

/// 2-D convolution (cross-correlation, stride 1, no padding) of `[N, C, H, W]` input with
/// `[O, C, kh, kw]` weights and an optional `[O]` bias, giving `[N, O, H − kh + 1, W − kw + 1]`,
/// as `torch.nn.functional.conv2d`. Computed as unfold + matrix product.
public func conv2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
  precondition(x.rank == 4 && weight.rank == 4, "conv2d expects [N, C, H, W] input and [O, C, kh, kw] weight")
  precondition(x.shape[1] == weight.shape[1], "conv2d: input has \(x.shape[1]) channels, weight expects \(weight.shape[1])")
  let (o, kh, kw) = (weight.shape[0], weight.shape[2], weight.shape[3])
  let n = x.shape[0], oh = x.shape[2] - kh + 1, ow = x.shape[3] - kw + 1
  let patches = x.unfolded(kernel: (kh, kw))  // [N, C·kh·kw, L]
  var y = matmul(weight.reshaped([o, -1]).expandedDimensions(axis: 0), patches)  // [N, O, L]
  if let bias {
    precondition(bias.shape == [o], "conv2d bias must be [\(o)], got \(bias.shape)")
    y = y + bias.reshaped([1, o, 1])
  }
  return y.reshaped([n, o, oh, ow])
}
