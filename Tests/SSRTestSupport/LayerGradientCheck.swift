import SSRTensor
import Testing

/// Compares the gradients of `f` with respect to every input and every parameter of `layer` with
/// central differences, at up to `samples` entries of each tensor.
public func expectFiniteDifferenceGradients<L: Layer>(
  _ layer: L, inputs: [Tensor], step: Float = 1e-2, absoluteTolerance: Double = 1e-3, relativeTolerance: Double = 1e-2, samples: Int = 12,
  sourceLocation: SourceLocation = #_sourceLocation, _ f: (L, [Tensor]) -> Tensor
) {
  layer.zeroGrad()
  let leaves = inputs.map { $0.detached().requiringGrad() }
  let loss = f(layer, leaves)
  #expect(loss.count == 1 && loss.requiresGrad, sourceLocation: sourceLocation)
  loss.backward()
  var current = inputs
  func evaluate() -> Double { Double(withoutGrad { f(layer, current) }.item) }
  func entries(_ count: Int) -> [Int] {
    count <= samples ? Array(0..<count) : (0..<samples).map { ($0 * 7919 + 13) % count }
  }
  func check(_ name: String, analytic: Tensor?, count: Int, perturb: (Int, Float) -> Void) {
    let gradient = analytic?.scalars ?? [Float](repeating: 0, count: count)
    for k in entries(count) {
      perturb(k, step)
      let plus = evaluate()
      perturb(k, -2 * step)
      let minus = evaluate()
      perturb(k, step)
      let numeric = (plus - minus) / (2 * Double(step))
      let a = Double(gradient[k])
      #expect(abs(a - numeric) <= absoluteTolerance + relativeTolerance * max(abs(a), abs(numeric)),
        "\(name)[\(k)]: analytic \(a), numeric \(numeric)", sourceLocation: sourceLocation)
    }
  }
  for i in current.indices {
    check("input \(i)", analytic: leaves[i].grad, count: current[i].count) { k, delta in
      current[i].withUnsafeMutableBufferPointer { $0[k] += delta }
    }
  }
  for (name, parameter) in layer.namedParameters() {
    check(name, analytic: parameter.grad, count: parameter.value.count) { k, delta in
      var value = parameter.value
      value.withUnsafeMutableBufferPointer { $0[k] += delta }
      parameter.value = value
    }
  }
}
