import SSRNN
import SSRTensor
import SSRTestSupport
import Testing

/// `slidingWindowLinear` (no windows built, event-driven) against `linear(slidingWindows(…))`, and
/// `HorizontalConvolution(spikes:)`, which takes it in fast numerics.
@Suite("Sliding-window linear")
struct SlidingWindowLinearTests {
  /// `shape` with each entry non-zero with probability `rate`: 1, or for `levels` > 1 a count up to it.
  func spikes(_ shape: [Int], rate: Float, seed: UInt64, levels: Int = 1) -> Tensor {
    let u = randomTensor(shape, seed: seed, in: 0...1).scalars
    let c = randomTensor(shape, seed: seed &+ 1, in: 0...1).scalars
    return Tensor(zip(u, c).map { u, c in u < rate ? Float(1 + min(levels - 1, Int(c * Float(levels)))) : 0 }, shape: shape)
  }

  /// Output and the gradients of x, weight and bias, given an upstream gradient.
  func run(_ x: Tensor, _ w: Tensor, _ b: Tensor?, size: Int, _ activation: Activation, direct: Bool) -> [[Float]] {
    let xs = x.requiringGrad(), ws = w.requiringGrad(), bs = b?.requiringGrad()
    let y = direct
      ? slidingWindowLinear(xs, size: size, weight: ws, bias: bs, activation: activation)
      : linear(slidingWindows(xs, size: size), weight: ws, bias: bs, activation: activation)
    y.backward(randomTensor(y.shape, seed: 99))
    return [y.scalars, xs.grad!.scalars, ws.grad!.scalars, bs?.grad?.scalars ?? []]
  }

  static let cases: [(n: Int, length: Int, width: Int, size: Int, outer: Int)] = [
    (3, 5, 4, 1, 3), (4, 6, 16, 3, 8), (2, 7, 40, 7, 8), (5, 20, 64, 4, 8), (19, 20, 64, 20, 8), (3, 9, 12, 2, 21),
  ]

  @Test("Equals the windowed product within rounding", arguments: cases)
  func matchesWindows(shape: (n: Int, length: Int, width: Int, size: Int, outer: Int)) {
    let (n, length, width, size, outer) = shape
    let w = randomTensor([outer, size * width], seed: 3), b = randomTensor([outer], seed: 4)
    let inputs = [
      spikes([n, length, width], rate: 0.15, seed: 10), spikes([n, length, width], rate: 0.6, seed: 11),
      spikes([n, length, width], rate: 0.3, seed: 12, levels: 3), Tensor(shape: [n, length, width], repeating: 0),
    ]
    for backend in MatmulBackend.allCases {
      BLAS.withBackend(backend) {
        for (i, x) in inputs.enumerated() {
          for (activation, bias) in [(Activation.identity, nil), (.relu, b)] as [(Activation, Tensor?)] {
            let reference = run(x, w, bias, size: size, activation, direct: false)
            let direct = run(x, w, bias, size: size, activation, direct: true)
            for part in 0..<4 {
              // Sums of up to 1,280 terms in another order: compare against the part's largest value.
              let scale = reference[part].reduce(Float(1)) { max($0, abs($1)) }
              let worst = zip(direct[part], reference[part]).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
              #expect(direct[part].count == reference[part].count && worst <= 1e-5 * scale,
                "\(backend) input \(i) \(shape) \(activation) part \(part): max difference \(worst) at scale \(scale)")
            }
          }
        }
      }
    }
  }

  @Test("Gradients match finite differences")
  func finiteDifferences() {
    for activation in [Activation.identity, .tanh] {
      gradCheck("slidingWindowLinear \(activation)", inputs: { seed in
        [spikes([2, 5, 6], rate: 0.4, seed: seed, levels: 2), randomTensor([3, 18], seed: seed + 50), randomTensor([3], seed: seed + 60)]
      }) { xs in
        slidingWindowLinear(xs[0], size: 3, weight: xs[1], bias: xs[2], activation: activation)
      }
    }
  }

  @Test("HorizontalConvolution on spikes: fast numerics takes it, and agrees with reproducible")
  func horizontalConvolution() {
    var generator = seededGenerator(5)
    let convolution = HorizontalConvolution(height: 3, width: 16, filters: 8, bias: false, activation: .relu, generator: &generator)
    let x = spikes([2, 3, 10, 16], rate: 0.2, seed: 21)
    let fast = NumericsMode.fast.run { convolution(spikes: x).scalars }
    let reproducible = NumericsMode.reproducible.run { convolution(spikes: x).scalars }
    let plain = NumericsMode.reproducible.run { convolution(x).scalars }
    #expect(reproducible == plain)
    expectClose(fast, reproducible, tolerance: 1e-5, "fast against reproducible")
    #expect(NumericsMode.fast.run { convolution(spikes: x).shape } == [2, 3, 8, 8])
  }

  @Test("Several heights at once equal one call per height, outputs and gradients")
  func grouped() {
    var generator = seededGenerator(6)
    let convolutions = (1...4).map { HorizontalConvolution(height: $0, width: 16, filters: 8, bias: false, generator: &generator) }
    let x = spikes([2, 2, 6, 16], rate: 0.3, seed: 22)
    NumericsMode.fast.run {
      func run(_ grouped: Bool) -> [[Float]] {
        let xs = x.requiringGrad()
        let outputs = grouped ? HorizontalConvolution.outputs(of: convolutions, spikes: xs) : convolutions.map { $0(spikes: xs) }
        var total = outputs[0].square().sum()
        for y in outputs.dropFirst() { total = total + y.square().sum() }
        for c in convolutions { c.weight.zeroGrad() }
        total.backward()
        return outputs.map(\.scalars) + [xs.grad!.scalars] + convolutions.map { $0.weight.grad!.scalars }
      }
      let (one, all) = (run(false), run(true))
      #expect(one.count == all.count)
      for (a, b) in zip(all, one) { expectClose(a, b, tolerance: 1e-6, "grouped against one by one") }
    }
  }
}
