import SSRTestSupport
import Testing
@testable import SSRTensor

/// The fused `[N, C]` batch norm against the composite form (which `[N, C, 1]` input takes).
@Suite("Fused batch norm over rows")
struct BatchNormRowsTests {
  @Test("Training output, statistics and gradients match the composite form", arguments: [(5, 3), (300, 7), (1, 4)])
  func matchesComposite(_ size: (rows: Int, channels: Int)) {
    let (n, c) = size
    let x = randomTensor([n, c], seed: 11) * 3 + 1
    let weight = randomTensor([c], seed: 12), bias = randomTensor([c], seed: 13)
    let upstream = randomTensor([n, c], seed: 14)
    func run(_ input: Tensor) -> (Tensor, Tensor, Tensor, [Tensor]) {
      var stats: (Tensor, Tensor) = (Tensor(0), Tensor(0))
      var output = Tensor(0)
      let (_, grads) = valueAndGrad(at: [input, weight, bias]) { xs in
        let r = batchNorm(xs[0], weight: xs[1], bias: xs[2], runningMean: .zeros([c]), runningVariance: .ones([c]), training: true)
        stats = (r.mean, r.variance)
        output = r.output.detached()
        return (r.output.reshaped([n, c]) * upstream).sum()
      }
      return (output.reshaped([n, c]), stats.0, stats.1, grads)
    }
    let fused = run(x), composite = run(x.reshaped([n, c, 1]))
    expectClose(fused.0.scalars, composite.0.scalars, tolerance: 1e-5, "output")
    expectClose(fused.1.scalars, composite.1.scalars, tolerance: 1e-5, "mean")
    if n > 1 { expectClose(fused.2.scalars, composite.2.scalars, tolerance: 1e-4, "unbiased variance") }
    expectClose(fused.3[0].scalars, composite.3[0].reshaped([n, c]).scalars, tolerance: 1e-4, "input gradient")
    expectClose(fused.3[1].scalars, composite.3[1].scalars, tolerance: 1e-4, "weight gradient")
    expectClose(fused.3[2].scalars, composite.3[2].scalars, tolerance: 1e-4, "bias gradient")
  }

  @Test("Evaluation without gradients matches the composite form")
  func inference() {
    let x = randomTensor([40, 6], seed: 21)
    let weight = randomTensor([6], seed: 22), bias = randomTensor([6], seed: 23)
    let mean = randomTensor([6], seed: 24), variance = randomTensor([6], seed: 25, in: 0.5...2)
    let fused = withoutGrad {
      batchNorm(x, weight: weight, bias: bias, runningMean: mean, runningVariance: variance, training: false).output
    }
    let composite = batchNorm(
      x.reshaped([40, 6, 1]), weight: weight, bias: bias, runningMean: mean, runningVariance: variance, training: false
    ).output
    expectClose(fused.scalars, composite.scalars, tolerance: 1e-6, "output")
  }
}
