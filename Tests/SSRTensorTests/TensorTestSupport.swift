import Testing
@testable import SSRTensor

/// A random tensor with values uniform in `range`, reproducible from `seed`.
func randomTensor(_ shape: [Int], seed: UInt64, in range: ClosedRange<Float> = -2...2) -> Tensor {
  var g = InitGenerator(seed: seed)
  return Tensor.uniform(shape, low: range.lowerBound, high: range.upperBound, generator: &g)
}

/// A random tensor whose entries stay at least `margin` away from every point in `kinks`
/// (for ops that are not differentiable there).
func randomTensor(_ shape: [Int], seed: UInt64, avoiding kinks: [Float], margin: Float = 0.05) -> Tensor {
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

/// One disagreement found by ``gradientMismatches(_:inputs:seed:step:absolute:relative:_:)``.
struct GradientMismatch: CustomStringConvertible {
  let op: String
  let seed: UInt64
  let input: Int
  let shape: [Int]
  let element: Int
  let analytic: Double
  let numeric: Double
  var description: String {
    "\(op): input \(input) shape \(shape) element \(element) seed \(seed): analytic \(analytic), numeric \(numeric)"
  }
}

/// Compares the tape's gradient of `Σ r·f(inputs)` (r random) with central finite differences
/// accumulated in Double. Returns every element whose gradients disagree by more than
/// `absolute + relative·max(|analytic|, |numeric|)`.
func gradientMismatches(
  _ op: String, inputs: [Tensor], seed: UInt64, step: Float = 5e-3,
  absolute: Double = 2e-3, relative: Double = 1e-2, _ f: ([Tensor]) -> Tensor
) -> [GradientMismatch] {
  let leaves = inputs.map { $0.detached().requiringGrad() }
  let out = f(leaves)
  let weights = randomTensor(out.shape, seed: seed &+ 7919, in: -1...1)
  if out.requiresGrad { out.backward(weights) }
  let w = weights.scalars
  func objective(_ xs: [Tensor]) -> Double {
    let y = withoutGrad { f(xs) }.scalars
    var total = 0.0
    for (a, b) in zip(y, w) { total += Double(a) * Double(b) }
    return total
  }
  var mismatches: [GradientMismatch] = []
  for (i, input) in inputs.enumerated() {
    let analytic = leaves[i].grad?.scalars ?? [Float](repeating: 0, count: input.count)
    for j in 0..<input.count {
      var plus = inputs.map { $0.detached() }, minus = plus
      let x = input.scalars[j]
      let h = step * Swift.max(1, Swift.abs(x))
      plus[i].withUnsafeMutableBufferPointer { $0[j] = x + h }
      minus[i].withUnsafeMutableBufferPointer { $0[j] = x - h }
      let actual = Double(x + h) - Double(x - h)
      let numeric = (objective(plus) - objective(minus)) / actual
      let a = Double(analytic[j])
      if !(Swift.abs(a - numeric) <= absolute + relative * Swift.max(Swift.abs(a), Swift.abs(numeric))) {
        mismatches.append(GradientMismatch(op: op, seed: seed, input: i, shape: input.shape, element: j, analytic: a, numeric: numeric))
      }
    }
  }
  return mismatches
}

/// Runs ``gradientMismatches`` for several seeds and records an issue per failing case, naming the
/// op, the input shape and the seed.
func gradCheck(
  _ op: String, seeds: [UInt64] = [1, 2, 3], step: Float = 5e-3, absolute: Double = 2e-3, relative: Double = 1e-2,
  sourceLocation: SourceLocation = #_sourceLocation,
  inputs makeInputs: (UInt64) -> [Tensor], _ f: @escaping ([Tensor]) -> Tensor
) {
  for seed in seeds {
    let found = gradientMismatches(op, inputs: makeInputs(seed), seed: seed, step: step, absolute: absolute, relative: relative, f)
    if let first = found.first {
      Issue.record("gradient check failed (\(found.count) elements), first: \(first)", sourceLocation: sourceLocation)
    }
  }
}

/// `#expect` that two float arrays agree elementwise within `tolerance` (absolute + relative).
func expectClose(
  _ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5, _ what: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record("\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    return
  }
  for (i, (a, e)) in zip(actual, expected).enumerated() where !(Swift.abs(a - e) <= tolerance * (1 + Swift.abs(e))) {
    Issue.record("\(what): element \(i) is \(a), expected \(e)", sourceLocation: sourceLocation)
    return
  }
}
