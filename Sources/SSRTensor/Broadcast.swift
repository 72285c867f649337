/// NumPy broadcasting: shapes are aligned on the right, and axes of size 1 stretch.
public func broadcastShapes(_ a: [Int], _ b: [Int]) -> [Int] {
  let rank = Swift.max(a.count, b.count)
  var out = [Int](repeating: 1, count: rank)
  for i in 0..<rank {
    let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
    let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
    precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) cannot be broadcast together")
    out[i] = x == 1 ? y : x
  }
  return out
}

/// Row-major strides of a contiguous tensor of `shape`.
func contiguousStrides(_ shape: [Int]) -> [Int] {
  var strides = [Int](repeating: 1, count: shape.count)
  var running = 1
  for i in stride(from: shape.count - 1, through: 0, by: -1) {
    strides[i] = running
    running *= shape[i]
  }
  return strides
}

/// Strides for reading a tensor of `shape` as if broadcast to `target` (0 on stretched axes).
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
  let own = contiguousStrides(shape)
  let offset = target.count - shape.count
  var strides = [Int](repeating: 0, count: target.count)
  for i in 0..<shape.count where shape[i] != 1 {
    strides[i + offset] = own[i]
  }
  return strides
}

/// Iteration plan for a broadcast binary operation: axes merged where both operands are
/// contiguous across them, so the inner loop is as long as possible.
struct BroadcastPlan {
  /// Sizes of the merged axes (the last is the inner loop).
  var sizes: [Int]
  var stridesA: [Int]
  var stridesB: [Int]

  init(outShape: [Int], aShape: [Int], bShape: [Int]) {
    let sa = broadcastStrides(aShape, to: outShape)
    let sb = broadcastStrides(bShape, to: outShape)
    var sizes: [Int] = []
    var stA: [Int] = []
    var stB: [Int] = []
    for i in 0..<outShape.count where outShape[i] != 1 {
      if let last = sizes.last, stA.last! == sa[i] * outShape[i], stB.last! == sb[i] * outShape[i] {
        sizes[sizes.count - 1] = last * outShape[i]
        stA[stA.count - 1] = sa[i]
        stB[stB.count - 1] = sb[i]
      } else {
        sizes.append(outShape[i])
        stA.append(sa[i])
        stB.append(sb[i])
      }
    }
    if sizes.isEmpty {
      sizes = [1]
      stA = [0]
      stB = [0]
    }
    self.sizes = sizes
    stridesA = stA
    stridesB = stB
  }

  /// The inner loop length.
  var inner: Int { sizes[sizes.count - 1] }
  /// The number of inner loops.
  var rows: Int { sizes.dropLast().reduce(1, *) }

  /// Offsets into A and B of the start of inner loop number `row`.
  @inline(__always) func offsets(row: Int) -> (Int, Int) {
    var r = row
    var oa = 0
    var ob = 0
    var axis = sizes.count - 2
    while axis >= 0 {
      let s = sizes[axis]
      let i = r % s
      r /= s
      oa += i * stridesA[axis]
      ob += i * stridesB[axis]
      axis -= 1
    }
    return (oa, ob)
  }
}

/// An elementwise function of two floats, specialised at compile time.
protocol BinaryFunction {
  static func apply(_ a: Float, _ b: Float) -> Float
}

/// `out[i] = F(a[i·sa], b[i·sb])` for `n` elements with strides 0 or 1 (or any).
@inline(__always) func binaryRow<F: BinaryFunction>(
  _: F.Type, _ a: UnsafePointer<Float>, _ sa: Int, _ b: UnsafePointer<Float>, _ sb: Int,
  _ out: UnsafeMutablePointer<Float>, _ n: Int
) {
  if sa == 1 && sb == 1 {
    for i in 0..<n { out[i] = F.apply(a[i], b[i]) }
  } else if sa == 0 && sb == 1 {
    let x = a[0]
    for i in 0..<n { out[i] = F.apply(x, b[i]) }
  } else if sa == 1 && sb == 0 {
    let y = b[0]
    for i in 0..<n { out[i] = F.apply(a[i], y) }
  } else {
    for i in 0..<n { out[i] = F.apply(a[i * sa], b[i * sb]) }
  }
}

/// Applies `F` to two tensors with broadcasting; splits across cores when large.
func binaryMap<F: BinaryFunction>(_ a: Tensor, _ b: Tensor, _ f: F.Type) -> Tensor {
  let outShape = a.shape == b.shape ? a.shape : broadcastShapes(a.shape, b.shape)
  let out = Tensor(uninitializedShape: outShape)
  let pa = a.storage.pointer, pb = b.storage.pointer
  let po = SendablePointer(out.storage.pointer)
  if a.shape == b.shape {
    parallelFor(out.count, grain: 1 << 16) { range in
      binaryRow(F.self, pa + range.lowerBound, 1, pb + range.lowerBound, 1, po.pointer + range.lowerBound, range.count)
    }
    return out
  }
  let plan = BroadcastPlan(outShape: outShape, aShape: a.shape, bShape: b.shape)
  let inner = plan.inner
  let sa = plan.stridesA.last!, sb = plan.stridesB.last!
  parallelFor(plan.rows, grain: Swift.max(1, (1 << 16) / Swift.max(inner, 1))) { rows in
    for row in rows {
      let (oa, ob) = plan.offsets(row: row)
      binaryRow(F.self, pa + oa, sa, pb + ob, sb, po.pointer + row * inner, inner)
    }
  }
  return out
}

/// `a` copied into a new tensor of shape `target` by broadcasting: a row copy (or fill) per inner
/// loop of the plan, rows split across cores when large.
func broadcastCopy(_ a: Tensor, to target: [Int]) -> Tensor {
  let out = Tensor(uninitializedShape: target)
  let plan = BroadcastPlan(outShape: target, aShape: a.shape, bShape: target)
  let inner = plan.inner, sa = plan.stridesA.last!
  let pa = a.storage.pointer, po = SendablePointer(out.storage.pointer)
  parallelFor(plan.rows, grain: Swift.max(1, (1 << 16) / Swift.max(inner, 1))) { rows in
    for row in rows {
      let source = pa + plan.offsets(row: row).0, destination = po.pointer + row * inner
      switch sa {
      case 1: destination.update(from: source, count: inner)
      case 0: destination.update(repeating: source[0], count: inner)
      default: for i in 0..<inner { destination[i] = source[i * sa] }
      }
    }
  }
  return out
}

extension Tensor {
  /// Sums a broadcast gradient back down to `shape` (the inverse of broadcasting).
  func reduced(toShape target: [Int]) -> Tensor {
    if shape == target { return self }
    let offset = rank - target.count
    precondition(offset >= 0, "cannot reduce shape \(shape) to \(target)")
    var axes: [Int] = Array(0..<offset)
    for i in 0..<target.count where target[i] == 1 && shape[i + offset] != 1 {
      axes.append(i + offset)
    }
    let summed = axes.isEmpty ? self : sum(axes: axes, keepDims: true)
    return summed.reshaped(target)
  }
}
