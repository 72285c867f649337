import SSRTestSupport
import Testing
@testable import SSRTensor

/// The event-driven path of `spikeLinear` against the dense `linear`: bit for bit in reproducible
/// numerics, within rounding with OpenBLAS, and finite-difference gradients.
@Suite("Spike linear")
struct SpikeLinearTests {
  /// `[rows, inner]` with each entry non-zero with probability `rate`; `levels` 1 gives spikes
  /// {0, 1}, more gives spike counts {0, 1, …, levels}, and `scale` turns counts into means over T.
  func spikes(_ shape: [Int], rate: Float, seed: UInt64, levels: Int = 1, scale: Float = 1) -> Tensor {
    let u = randomTensor(shape, seed: seed, in: 0...1).scalars
    let c = randomTensor(shape, seed: seed &+ 1, in: 0...1).scalars
    let values = zip(u, c).map { u, c -> Float in
      u < rate ? Float(1 + min(levels - 1, Int(c * Float(levels)))) * scale : 0
    }
    return Tensor(values, shape: shape)
  }

  /// Output, input gradient, weight gradient and bias gradient of one path.
  func run(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ activation: Activation, _ path: SpikeLinearPath, upstream seed: UInt64) -> [[Float]] {
    let xs = x.requiringGrad(), ws = w.requiringGrad(), bs = b?.requiringGrad()
    let y = spikeLinear(xs, weight: ws, bias: bs, activation: activation, path: path)
    y.backward(randomTensor(y.shape, seed: seed))
    return [y.scalars, xs.grad!.scalars, ws.grad!.scalars, bs?.grad?.scalars ?? []]
  }

  static let shapes: [(rows: Int, inner: Int, outer: Int)] = [
    (7, 5, 3), (40, 64, 64), (600, 300, 13), (300, 513, 8), (33, 256, 1),
  ]

  @Test("Event-driven and dense give identical bits in reproducible numerics", arguments: shapes)
  func bitIdentical(shape: (rows: Int, inner: Int, outer: Int)) {
    let (rows, inner, outer) = shape
    let w = randomTensor([outer, inner], seed: 3), b = randomTensor([outer], seed: 4)
    let inputs = [
      spikes([rows, inner], rate: 0.1, seed: 10), spikes([rows, inner], rate: 0.5, seed: 11),
      spikes([rows, inner], rate: 0.3, seed: 12, levels: 3), spikes([rows, inner], rate: 0.2, seed: 13, levels: 4, scale: 0.25),
      Tensor(shape: [rows, inner], repeating: 0),
    ]
    NumericsMode.reproducible.run {
      for (i, x) in inputs.enumerated() {
        for (activation, bias) in [(Activation.identity, nil), (.relu, b), (.gelu, b)] as [(Activation, Tensor?)] {
          let dense = run(x, w, bias, activation, .dense, upstream: 20)
          let sparse = run(x, w, bias, activation, .eventDriven, upstream: 20)
          let automatic = run(x, w, bias, activation, .automatic, upstream: 20)
          for part in 0..<4 {
            #expect(sparse[part] == dense[part], "input \(i) \(shape) \(activation) part \(part)")
            #expect(automatic[part] == dense[part], "automatic: input \(i) \(shape) \(activation) part \(part)")
          }
        }
      }
    }
  }

  @Test("Event-driven agrees with OpenBLAS within rounding", arguments: shapes)
  func closeToOpenBLAS(shape: (rows: Int, inner: Int, outer: Int)) {
    let (rows, inner, outer) = shape
    let w = randomTensor([outer, inner], seed: 5), b = randomTensor([outer], seed: 6)
    let x = spikes([rows, inner], rate: 0.25, seed: 14, levels: 2)
    NumericsMode.fast.run {
      let dense = run(x, w, b, .identity, .dense, upstream: 21)
      let sparse = run(x, w, b, .identity, .eventDriven, upstream: 21)
      for part in 0..<4 {
        let scale = dense[part].reduce(Float(1)) { max($0, abs($1)) }
        let worst = zip(dense[part], sparse[part]).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
        #expect(worst <= 1e-5 * scale, "\(shape) part \(part): max difference \(worst) at scale \(scale)")
      }
    }
  }

  @Test("A scoped path overrides automatic calls only")
  func scopedPath() {
    let x = spikes([50, 300], rate: 0.05, seed: 15), w = randomTensor([9, 300], seed: 7)
    NumericsMode.reproducible.run {
      let reference = linear(x, weight: w).scalars
      #expect(SpikeLinearPath.dense.run { spikeLinear(x, weight: w).scalars } == reference)
      #expect(SpikeLinearPath.eventDriven.run { spikeLinear(x, weight: w).scalars } == reference)
      #expect(SpikeLinearPath.current == .automatic)
      #expect(SpikeLinearPath.dense.run { SpikeLinearPath.current } == .dense)
    }
  }

  @Test("Event-driven gradients match finite differences", arguments: MatmulBackend.allCases)
  func finiteDifferences(_ backend: MatmulBackend) {
    BLAS.withBackend(backend) {
      for activation in [Activation.identity, .tanh] {
        gradCheck("spikeLinear \(activation)", inputs: { seed in
          [spikes([6, 11], rate: 0.3, seed: seed, levels: 2), randomTensor([5, 11], seed: seed + 50), randomTensor([5], seed: seed + 60)]
        }) { xs in
          spikeLinear(xs[0], weight: xs[1], bias: xs[2], activation: activation, path: .eventDriven)
        }
        gradCheck("spikeLinear rank 3 \(activation)", inputs: { seed in
          [spikes([2, 3, 9], rate: 0.2, seed: seed), randomTensor([4, 9], seed: seed + 50)]
        }) { xs in
          spikeLinear(xs[0], weight: xs[1], activation: activation, path: .eventDriven)
        }
      }
    }
  }
}
