import SSRNN
import SSRTensor
import SSRTestSupport
import Testing

@Suite("LIF neurons and surrogate gradients")
struct LIFTests {
  @Test("Hard reset on a hand-computed sequence")
  func hardReset() {
    // τ = 2, V_th = 1: H0 = 0.75; H1 = 0.75 + (0.5 − 0.75)/2 = 0.625; H2 = 0.625 + (2.5 − 0.625)/2
    // = 1.5625 → spike, V = 0; H3 = (0 − 0)/2 = 0; H4 = 0 + 2.2/2 = 1.1 → spike.
    let x = Tensor([1.5, 0.5, 2.5, 0, 2.2], shape: [5, 1])
    #expect(lif(x).scalars == [0, 0, 1, 0, 1])
  }

  @Test("Soft reset keeps the excess above threshold")
  func softReset() {
    // H0 = 1.5 → spike, V = 0.5; H1 = 0.5 + (3 − 0.5)/2 = 1.75 → spike, V = 0.75;
    // H2 = 0.75 + (0 − 0.75)/2 = 0.375; H3 = 0.375 + (1.8 − 0.375)/2 = 1.0875 → spike.
    let x = Tensor([3, 3, 0, 1.8], shape: [4, 1])
    #expect(lif(x, config: LIFConfig(reset: .soft)).scalars == [1, 1, 0, 1])
    // A hard reset forgets the excess: H1 = 0 + 3/2 = 1.5 → spike; H2 = 0; H3 = 0.9 → no spike.
    #expect(lif(x).scalars == [1, 1, 0, 0])
  }

  @Test("Thresholds and a reset value other than zero")
  func settings() {
    let x = Tensor([0.6, 0.6, 0.6], shape: [3, 1])
    // V_th = 0.5: H0 = 0.3; H1 = 0.3 + (0.6 − 0.3)/2 = 0.45; H2 = 0.45 + 0.075 = 0.525 → spike.
    #expect(lif(x, config: LIFConfig(threshold: 0.5)).scalars == [0, 0, 1])
    // V_reset = −1 (hard): V starts at −1; H = V + (X − (V + 1))/2.
    #expect(lif(Tensor([4, 0, 4], shape: [3, 1]), config: LIFConfig(reset: .hard(reset: -1))).scalars == [1, 0, 1])
  }

  @Test("Surrogate derivatives at known points")
  func surrogates() {
    #expect(abs(Surrogate.sigmoid().derivative(0) - 1) < 1e-6)
    #expect(abs(Surrogate.atan().derivative(0) - 1) < 1e-6)
    #expect(abs(Surrogate.erf().derivative(0) - 2 / Float.pi.squareRoot()) < 1e-6)
    let s = 1 / (1 + expf(-2))  // σ(4 · 0.5)
    #expect(abs(Surrogate.sigmoid().derivative(0.5) - 4 * s * (1 - s)) < 1e-6)
    #expect(abs(Surrogate.atan().derivative(1) - 2 / (2 * (1 + Float.pi * Float.pi))) < 1e-6)
    #expect(abs(Surrogate.erf().derivative(0.5) - 2 / Float.pi.squareRoot() * expf(-1)) < 1e-6)
    let x = Tensor([-0.5, 0, 0.25], shape: [3])
    let (_, grads) = valueAndGrad(at: [x]) { spike($0[0], surrogate: .atan()).sum() }
    #expect(spike(x, surrogate: .atan()).scalars == [0, 1, 1])
    #expect(zip(grads[0].scalars, [-0.5, 0, 0.25].map { Surrogate.atan().derivative(Float($0)) }).allSatisfy { abs($0 - $1) < 1e-6 })
  }

  /// The same neuron written with primitive ops, for comparing gradients with the fused kernel.
  func unrolled(_ x: Tensor, _ config: LIFConfig) -> Tensor {
    let steps = x.shape[0]
    let rest = Array(x.shape.dropFirst())
    let vReset: Float
    if case .hard(let value) = config.reset { vReset = value } else { vReset = 0 }
    var v = Tensor(shape: rest, repeating: vReset)
    var out: [Tensor] = []
    for t in 0..<steps {
      let xt = x.sliced(axis: 0, t, t + 1).reshaped(rest)
      let h = v + (xt - (v - vReset)) / config.tau
      let s = spike(h - config.threshold, surrogate: config.surrogate)
      let r = config.detachReset ? s.detached() : s
      switch config.reset {
      case .hard(let value): v = h * (1 - r) + value * r
      case .soft: v = h - config.threshold * r
      }
      out.append(s)
    }
    return stacked(out, axis: 0)
  }

  @Test(
    "The fused forward and backward match the unrolled implementation",
    arguments: [
      LIFConfig(), LIFConfig(reset: .soft, surrogate: .atan()), LIFConfig(surrogate: .erf(), detachReset: true),
      LIFConfig(tau: 1.5, threshold: 0.5, reset: .soft, surrogate: .sigmoid(alpha: 2), detachReset: true),
      LIFConfig(reset: .hard(reset: -0.5), surrogate: .atan(alpha: 3)),
    ])
  func fusedMatchesUnrolled(config: LIFConfig) {
    var generator = InitGenerator(seed: 11)
    let x = Tensor.normal([6, 3, 5], mean: 0.8, std: 1, generator: &generator)
    let weights = Tensor.normal([6, 3, 5], generator: &generator)
    let (fusedValue, fused) = valueAndGrad(at: [x]) { (lif($0[0], config: config) * weights).sum() }
    let (plainValue, plain) = valueAndGrad(at: [x]) { (unrolled($0[0], config) * weights).sum() }
    #expect(lif(x, config: config).scalars == unrolled(x, config).scalars)
    #expect(abs(fusedValue.item - plainValue.item) < 1e-5)
    let worst = zip(fused[0].scalars, plain[0].scalars).map { abs($0 - $1) }.max() ?? 0
    #expect(worst < 1e-4, "largest gradient difference \(worst)")
  }

  @Test(
    "Rows wider than the kernel's block, with a partial vector at the end, match the unrolled implementation",
    arguments: [LIFConfig(), LIFConfig(reset: .soft, surrogate: .erf())])
  func wideRows(config: LIFConfig) {
    var generator = InitGenerator(seed: 12)
    let x = Tensor.normal([3, 37, 29], mean: 0.8, std: 1, generator: &generator)  // 1,073 neurons: 2 blocks + 49
    let weights = Tensor.normal([3, 37, 29], generator: &generator)
    let (_, fused) = valueAndGrad(at: [x]) { (lif($0[0], config: config) * weights).sum() }
    let (_, plain) = valueAndGrad(at: [x]) { (unrolled($0[0], config) * weights).sum() }
    #expect(lif(x, config: config).scalars == unrolled(x, config).scalars)
    let worst = zip(fused[0].scalars, plain[0].scalars).map { abs($0 - $1) }.max() ?? 0
    #expect(worst < 1e-4, "largest gradient difference \(worst)")
    // Blocks of neurons spread over threads give the same results as one thread.
    let big = Tensor.normal([2, 64, 520], mean: 0.8, std: 1, generator: &generator)
    func run(_ threads: Int) -> ([Float], [Float]) {
      let saved = ComputeThreads.count
      defer { ComputeThreads.set(saved) }
      ComputeThreads.set(threads)
      let (_, g) = valueAndGrad(at: [big]) { lif($0[0], config: config).sum() }
      return (lif(big, config: config).scalars, g[0].scalars)
    }
    let (one, two) = (run(1), run(2))
    #expect(one.0 == two.0 && one.1 == two.1)
    // Without gradients the kernel skips saving the charge; the spikes are the same.
    #expect(withoutGrad { lif(x, config: config) }.scalars == lif(x, config: config).scalars)
  }
}

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Firing-rate recording")
struct SpikeRecorderTests {
  @Test("Named neurons report their firing rates while recording, and nothing otherwise")
  func rates() {
    let x = Tensor([1.5, 0.5, 2.5, 0, 2.2, 0, 0, 0], shape: [4, 2])
    let recorder = SpikeRecorder()
    _ = lif(x, name: "outside")
    recorder.withRecording {
      _ = lif(x, name: "a")
      _ = lif(x)  // unnamed: not recorded
      _ = spike(Tensor([1, -1, 2, -3], shape: [4]), surrogate: .atan(), name: "b")
    }
    #expect(recorder.names == ["a", "b"])
    // Column 0 fires at steps 2 and 4 of 4 with inputs 1.5, 2.5, 2.2 (see the hard-reset test): 2 of 8 neuron-steps here.
    #expect(recorder.rate("a") == Double(lif(x).scalars.reduce(0, +)) / 8)
    #expect(recorder.rate("b") == 0.5)
    #expect(recorder.rate("outside") == nil)
  }
}
