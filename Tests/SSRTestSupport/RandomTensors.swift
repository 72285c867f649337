import SSRTensor

/// A random tensor with values uniform in `range`, reproducible from `seed`.
public func randomTensor(_ shape: [Int], seed: UInt64, in range: ClosedRange<Float> = -2...2) -> Tensor {
  var g = seededGenerator(seed)
  return Tensor.uniform(shape, low: range.lowerBound, high: range.upperBound, generator: &g)
}

/// A random tensor whose entries stay at least `margin` away from every point in `kinks`
/// (for ops that are not differentiable there).
public func randomTensor(_ shape: [Int], seed: UInt64, avoiding kinks: [Float], margin: Float = 0.05) -> Tensor {
  var t = randomTensor(shape, seed: seed)
  t.withUnsafeMutableBufferPointer { p in
    for i in p.indices {
      for k in kinks where Swift.abs(p[i] - k) < margin {
        p[i] = p[i] >= k ? k + margin + 0.01 : k - margin - 0.01
      }
    }
  }
  return t
}

/// A random tensor with normal entries of standard deviation `std`, reproducible from `seed`.
public func normalTensor(_ shape: [Int], seed: UInt64, std: Float = 1) -> Tensor {
  var generator = seededGenerator(seed)
  return Tensor.normal(shape, std: std, generator: &generator)
}

/// The generator of initial weights for `seed` (the one models use), for reproducible test data.
public func seededGenerator(_ seed: UInt64) -> InitGenerator {
  InitGenerator(seed: seed)
}
