import SSRNN
import SSRTensor
import SSRTestSupport
import Testing

@Suite("Multi-step layers: shared dropout masks and channels-last BatchNorm")
struct MultiStepLayersOfSFMLPAndSCaser {
  @Test("MultiStepDropout draws one mask per call and applies it to every time step")
  func sharedMask() throws {
    let p: Float = 0.3
    let layer = MultiStepDropout(p, seed: 7, stream: 3)
    var generator = InitGenerator(seed: 1)
    let x = Tensor.normal([3, 40, 50], generator: &generator).requiringGrad()
    let weights = Tensor.normal([3, 40, 50], generator: &generator)
    let y = layer(x)
    // The mask is y / x; it is the same at every step, 0 or 1/(1 − p), and drops about p of the units.
    let mask = (y / x).detached()
    let steps = (0..<3).map { mask.sliced(axis: 0, $0, $0 + 1).scalars }
    for step in steps.dropFirst() {
      #expect(zip(step, steps[0]).allSatisfy { ($0 == 0) == ($1 == 0) && abs($0 - $1) < 1e-5 })
    }
    #expect(steps[0].allSatisfy { $0 == 0 || abs($0 - 1 / (1 - p)) < 1e-5 })
    let dropped = Float(steps[0].filter { $0 == 0 }.count) / Float(steps[0].count)
    #expect(abs(dropped - p) < 0.05, "dropped \(dropped)")
    // The gradient is the mask.
    (y * weights).sum().backward()
    let gradient = try #require(x.grad)
    #expect(gradient.isClose(to: mask * weights))
    // A new call (a new simulation) draws a new mask; evaluation mode is the identity.
    #expect(layer(Tensor.ones([3, 40, 50])).sliced(axis: 0, 0, 1).scalars != steps[0])
    layer.eval()
    #expect(layer(x).scalars == x.scalars)
    #expect(MultiStepDropout(0, seed: 1)(x).scalars == x.scalars)
  }

  @Test("BatchNorm over the last axis equals SpikingJelly's multi-step BatchNorm1d (T folded into the batch)")
  func channelsLast() {
    var generator = InitGenerator(seed: 2)
    let (t, b, l, c) = (2, 3, 4, 5)
    let x = Tensor.normal([t, b, l, c], mean: 1, std: 2, generator: &generator)
    let ours = BatchNorm(c), theirs = BatchNorm(c)
    for bn in [ours, theirs] {
      bn.weight.value = Tensor((0..<c).map { 0.5 + Float($0) }, shape: [c])
      bn.bias.value = Tensor((0..<c).map { Float($0) - 2 }, shape: [c])
    }
    // The reference: x.transpose(-1, -2) → [T, B, C, L], folded to [T·B, C, L], BatchNorm1d, unfolded.
    let folded = x.permuted([0, 1, 3, 2]).reshaped([t * b, c, l])
    let expected = theirs(folded).reshaped([t, b, c, l]).permuted([0, 1, 3, 2])
    let output = ours.normalizingLastAxis(x)
    #expect(output.shape == [t, b, l, c])
    #expect(output.isClose(to: expected, tolerance: 1e-5))
    #expect(ours.runningMean.isClose(to: theirs.runningMean) && ours.runningVariance.isClose(to: theirs.runningVariance))
    // Evaluation mode uses the running statistics.
    ours.eval()
    theirs.eval()
    let evaluated = theirs(folded).reshaped([t, b, c, l]).permuted([0, 1, 3, 2])
    #expect(ours.normalizingLastAxis(x).isClose(to: evaluated, tolerance: 1e-5))
  }
}
