import SSRTensor
import Testing

/// One disagreement found by ``gradientMismatches(_:inputs:seed:step:absolute:relative:_:)``.
public struct GradientMismatch: CustomStringConvertible {
  /// The op's name.
  public let op: String
  /// The seed of the inputs.
  public let seed: UInt64
  /// Which input.
  public let input: Int
  /// Its shape.
  public let shape: [Int]
  /// The flat index of the element.
  public let element: Int
  /// The tape's gradient.
  public let analytic: Double
  /// The central difference.
  public let numeric: Double
  /// One line naming all of the above.
  public var description: String {
    "\(op): input \(input) shape \(shape) element \(element) seed \(seed): analytic \(analytic), numeric \(numeric)"
  }
}

/// Compares the tape's gradient of `Σ r·f(inputs)` (r random) with central finite differences
/// accumulated in Double. Returns every element whose gradients disagree by more than
/// `absolute + relative·max(|analytic|, |numeric|)`.
public func gradientMismatches(
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
public func gradCheck(
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
