import SSRTensor

/// A float buffer allocated once (zero-filled) and freed with its owner: the runtime's weights
/// and scratch space, padded to a multiple of eight floats so vector loops need no tail.
final class DeviceBuffer {
  /// The first element.
  let pointer: UnsafeMutablePointer<Float>
  /// The number of usable elements (the allocation is padded past it).
  let count: Int

  /// A zeroed buffer of `count` floats.
  init(count: Int) {
    self.count = count
    let padded = Swift.max(8, (count + 7) / 8 * 8)
    pointer = .allocate(capacity: padded)
    pointer.initialize(repeating: 0, count: padded)
  }

  /// A buffer holding a copy of `tensor`'s elements.
  convenience init(_ tensor: Tensor) {
    self.init(count: tensor.count)
    tensor.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { pointer.update(from: base, count: source.count) }
    }
  }

  deinit { pointer.deallocate() }

  /// Sets every element to `value`.
  func fill(_ value: Float) { pointer.update(repeating: value, count: count) }
}

/// Dense kernels over raw buffers, without allocation.
enum DenseKernels {
  /// The dot product of `n` floats.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc = SIMD8<Float>(repeating: 0)
    var i = 0
    while i + 8 <= n {
      acc += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
      i += 8
    }
    var sum = acc.sum()
    while i < n {
      sum += a[i] * b[i]
      i += 1
    }
    return sum
  }

  /// `y[o] = Σᵢ W[rowOffset + o, i] · x[i] (+ bias[rowOffset + o])` for `o` in `0..<rows`, with `W`
  /// `[*, columns]` row-major (PyTorch's `[out, in]`).
  static func matvec(
    _ weight: UnsafePointer<Float>, rowOffset: Int = 0, rows: Int, columns: Int, _ x: UnsafePointer<Float>,
    bias: UnsafePointer<Float>? = nil, into y: UnsafeMutablePointer<Float>
  ) {
    for o in 0..<rows {
      let r = rowOffset + o
      var v = dot(weight + r * columns, x, columns)
      if let bias { v += bias[r] }
      y[o] = v
    }
  }

  /// The same product with the input split in two halves, `x = [a; b]` (a of `split` floats).
  static func matvec(
    _ weight: UnsafePointer<Float>, rows: Int, columns: Int, split: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    into y: UnsafeMutablePointer<Float>
  ) {
    for o in 0..<rows {
      let row = weight + o * columns
      y[o] = dot(row, a, split) + dot(row + split, b, columns - split)
    }
  }
}
