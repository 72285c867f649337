import SSRTestSupport
import Testing
@testable import SSRTensor

/// A finite-difference gradient check for every differentiable operation, on both matrix backends.
@Suite("Gradients")
struct GradientTests {
  static let backends = MatmulBackend.allCases

  @Test("The checker detects a wrong gradient")
  func checkerCanFail() {
    let wrong = gradientMismatches("wrong", inputs: [randomTensor([3, 4], seed: 1)], seed: 1) { xs in
      customOp([xs[0]], forward: { $0[0].square() }, backward: { inputs, _, g in [g * inputs[0] * 2.2] })
    }
    #expect(!wrong.isEmpty)
    let right = gradientMismatches("right", inputs: [randomTensor([3, 4], seed: 1)], seed: 1) { xs in
      customOp([xs[0]], forward: { $0[0].square() }, backward: { inputs, _, g in [g * inputs[0] * 2] })
    }
    #expect(right.isEmpty)
  }

  @Test("Arithmetic with broadcasting", arguments: backends)
  func arithmetic(_ backend: MatmulBackend) {
    BLAS.withBackend(backend) {
      let shapes: [([Int], [Int])] = [([3, 4], [3, 4]), ([2, 3, 4], [4]), ([2, 1, 4], [3, 1]), ([5], []), ([], [2, 3])]
      for (sa, sb) in shapes {
        let make: (UInt64) -> [Tensor] = { [randomTensor(sa, seed: $0), randomTensor(sb, seed: $0 + 100)] }
        gradCheck("add \(sa) \(sb)", inputs: make) { $0[0] + $0[1] }
        gradCheck("sub \(sa) \(sb)", inputs: make) { $0[0] - $0[1] }
        gradCheck("mul \(sa) \(sb)", inputs: make) { $0[0] * $0[1] }
        gradCheck("div \(sa) \(sb)", inputs: { [randomTensor(sa, seed: $0), randomTensor(sb, seed: $0 + 100, in: 0.5...2)] }) {
          $0[0] / $0[1]
        }
        gradCheck("maximum \(sa) \(sb)", inputs: make) { maximum($0[0], $0[1]) }
        gradCheck("minimum \(sa) \(sb)", inputs: make) { minimum($0[0], $0[1]) }
      }
      gradCheck("neg", inputs: { [randomTensor([4], seed: $0)] }) { -$0[0] }
      gradCheck("scalar ops", inputs: { [randomTensor([2, 3], seed: $0)] }) { (2 - $0[0] * 3 + 1) / 4 }
      gradCheck("scalar / tensor", inputs: { [randomTensor([5], seed: $0, in: 0.5...2)] }) { 1 / $0[0] }
      gradCheck("pow both", inputs: { [randomTensor([2, 3], seed: $0, in: 0.5...2), randomTensor([3], seed: $0 + 9)] }) {
        pow($0[0], $0[1])
      }
      gradCheck("pow scalar", inputs: { [randomTensor([6], seed: $0, in: 0.5...2)] }) { pow($0[0], 2.5) }
      gradCheck("where", inputs: { [randomTensor([3, 4], seed: $0), randomTensor([4], seed: $0 + 1)] }) { xs in
        `where`(Tensor([1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1], shape: [3, 4]), xs[0], xs[1])
      }
    }
  }

  @Test("Unary functions")
  func unary() {
    gradCheck("exp", inputs: { [randomTensor([7], seed: $0)] }) { $0[0].exp() }
    gradCheck("log", inputs: { [randomTensor([7], seed: $0, in: 0.3...3)] }) { $0[0].log() }
    gradCheck("sqrt", inputs: { [randomTensor([7], seed: $0, in: 0.3...3)] }) { $0[0].sqrt() }
    gradCheck("square", inputs: { [randomTensor([7], seed: $0)] }) { $0[0].square() }
    gradCheck("tanh", inputs: { [randomTensor([17], seed: $0, in: -3...3)] }) { $0[0].tanh() }
    gradCheck("sigmoid", inputs: { [randomTensor([17], seed: $0, in: -4...4)] }) { $0[0].sigmoid() }
    gradCheck("relu", inputs: { [randomTensor([17], seed: $0, avoiding: [0])] }) { $0[0].relu() }
    gradCheck("gelu", inputs: { [randomTensor([17], seed: $0, in: -4...4)] }) { $0[0].gelu() }
    gradCheck("abs", inputs: { [randomTensor([17], seed: $0, avoiding: [0])] }) { $0[0].abs() }
    gradCheck("clamped", inputs: { [randomTensor([17], seed: $0, avoiding: [-0.5, 1])] }) { $0[0].clamped(min: -0.5, max: 1) }
    gradCheck("heaviside", inputs: { [randomTensor([9], seed: $0, avoiding: [0])] }) { $0[0].heaviside() }
    gradCheck("reciprocal", inputs: { [randomTensor([9], seed: $0, in: 0.5...2)] }) { $0[0].reciprocal() }
  }

  @Test("Reductions")
  func reductions() {
    let x: (UInt64) -> [Tensor] = { [randomTensor([2, 3, 4], seed: $0)] }
    gradCheck("sum all", inputs: x) { $0[0].sum() }
    gradCheck("sum axis 1", inputs: x) { $0[0].sum(axis: 1) }
    gradCheck("sum axes 0,2 keepDims", inputs: x) { $0[0].sum(axes: [0, 2], keepDims: true) }
    gradCheck("sum axes 0,1", inputs: x) { $0[0].sum(axes: [0, 1]) }
    gradCheck("mean all", inputs: x) { $0[0].mean() }
    gradCheck("mean axis -1", inputs: x) { $0[0].mean(axis: -1) }
    gradCheck("max axis 1", inputs: x) { $0[0].max(axis: 1) }
    gradCheck("max axis 2 keepDims", inputs: x) { $0[0].max(axis: 2, keepDims: true) }
    gradCheck("max all", inputs: x) { $0[0].max() }
    gradCheck("min axis 0", inputs: x) { $0[0].min(axis: 0) }
    gradCheck("logSumExp axis 1", inputs: x) { $0[0].logSumExp(axis: 1) }
    gradCheck("logSumExp axis -1 keepDims", inputs: x) { $0[0].logSumExp(axis: -1, keepDims: true) }
  }

  @Test("Softmax and cross-entropy")
  func softmaxFamily() {
    let x: (UInt64) -> [Tensor] = { [randomTensor([3, 5], seed: $0, in: -3...3)] }
    gradCheck("softmax", inputs: x) { $0[0].softmax() }
    gradCheck("softmax axis 0", inputs: x) { $0[0].softmax(axis: 0) }
    gradCheck("logSoftmax", inputs: x) { $0[0].logSoftmax() }
    gradCheck("logSoftmax 3-D axis 1", inputs: { [randomTensor([2, 3, 4], seed: $0)] }) { $0[0].logSoftmax(axis: 1) }
    gradCheck("crossEntropy mean", inputs: { [randomTensor([4, 11], seed: $0, in: -3...3)] }) {
      crossEntropy($0[0], IndexTensor([3, 0, 10, 5]))
    }
    gradCheck("crossEntropy ignore", inputs: { [randomTensor([4, 6], seed: $0)] }) {
      crossEntropy($0[0], IndexTensor([2, -100, 5, 0]))
    }
    gradCheck("crossEntropy sum", inputs: { [randomTensor([3, 6], seed: $0)] }) {
      crossEntropy($0[0], IndexTensor([0, 0, 1]), ignoreIndex: 0, reduction: .sum)
    }
  }

  @Test("Matrix products and linear layers", arguments: backends)
  func products(_ backend: MatmulBackend) {
    BLAS.withBackend(backend) {
      gradCheck("matmul 2-D", inputs: { [randomTensor([3, 4], seed: $0), randomTensor([4, 5], seed: $0 + 1)] }) { matmul($0[0], $0[1]) }
      gradCheck("matmul Aᵀ", inputs: { [randomTensor([4, 3], seed: $0), randomTensor([4, 5], seed: $0 + 1)] }) {
        matmul($0[0], $0[1], transposeA: true)
      }
      gradCheck("matmul Bᵀ", inputs: { [randomTensor([3, 4], seed: $0), randomTensor([5, 4], seed: $0 + 1)] }) {
        matmul($0[0], $0[1], transposeB: true)
      }
      gradCheck("matmul AᵀBᵀ", inputs: { [randomTensor([4, 3], seed: $0), randomTensor([5, 4], seed: $0 + 1)] }) {
        matmul($0[0], $0[1], transposeA: true, transposeB: true)
      }
      gradCheck("matmul batched", inputs: { [randomTensor([2, 3, 4], seed: $0), randomTensor([2, 4, 2], seed: $0 + 1)] }) {
        matmul($0[0], $0[1])
      }
      gradCheck("matmul batch broadcast", inputs: { [randomTensor([2, 1, 3, 4], seed: $0), randomTensor([3, 4, 2], seed: $0 + 1)] }) {
        matmul($0[0], $0[1])
      }
      gradCheck("matmul batch × matrix", inputs: { [randomTensor([2, 3, 4], seed: $0), randomTensor([4, 5], seed: $0 + 1)] }) {
        matmul($0[0], $0[1])
      }
      gradCheck("matmul matrix × batch", inputs: { [randomTensor([3, 4], seed: $0), randomTensor([2, 4, 5], seed: $0 + 1)] }) {
        matmul($0[0], $0[1])
      }
      for activation in [Activation.identity, .relu, .gelu, .tanh, .sigmoid] {
        gradCheck(
          "linear \(activation)",
          inputs: { [randomTensor([2, 3, 4], seed: $0, avoiding: [0]), randomTensor([5, 4], seed: $0 + 1), randomTensor([5], seed: $0 + 2)] }
        ) { xs in
          // Keep pre-activations away from ReLU's kink by checking with a smooth shift.
          linear(xs[0], weight: xs[1], bias: xs[2] + (activation == .relu ? 3 : 0), activation: activation)
        }
      }
      gradCheck("linear no bias", inputs: { [randomTensor([3, 4], seed: $0), randomTensor([2, 4], seed: $0 + 1)] }) {
        linear($0[0], weight: $0[1])
      }
    }
  }

  @Test("Normalisation, dropout, embedding")
  func layersOps() {
    gradCheck("layerNorm", inputs: { [randomTensor([3, 6], seed: $0), randomTensor([6], seed: $0 + 1), randomTensor([6], seed: $0 + 2)] }) {
      layerNorm($0[0], weight: $0[1], bias: $0[2])
    }
    gradCheck("layerNorm no affine", inputs: { [randomTensor([2, 2, 5], seed: $0)] }) { layerNorm($0[0], weight: nil, bias: nil) }
    for shape in [[4, 3], [3, 2, 4], [2, 3, 2, 2]] {
      gradCheck("batchNorm train \(shape)", inputs: { [randomTensor(shape, seed: $0), randomTensor([shape[1]], seed: $0 + 1), randomTensor([shape[1]], seed: $0 + 2)] }) {
        batchNorm($0[0], weight: $0[1], bias: $0[2], runningMean: .zeros([shape[1]]), runningVariance: .ones([shape[1]]), training: true).output
      }
      gradCheck("batchNorm eval \(shape)", inputs: { [randomTensor(shape, seed: $0), randomTensor([shape[1]], seed: $0 + 1), randomTensor([shape[1]], seed: $0 + 2)] }) {
        batchNorm(
          $0[0], weight: $0[1], bias: $0[2], runningMean: Tensor(shape: [shape[1]], repeating: 0.3),
          runningVariance: Tensor(shape: [shape[1]], repeating: 2), training: false
        ).output
      }
    }
    gradCheck("dropout", inputs: { [randomTensor([4, 8], seed: $0)] }) { xs in
      var g = PhiloxGenerator(seed: 5, stream: 1)
      return dropout(xs[0], p: 0.3, generator: &g)
    }
    // The padding row gets no gradient by design, so its uses are masked out of the objective here
    // (``LayerTests`` checks that its gradient is exactly zero even when it is used).
    let ids = IndexTensor([1, 0, 4, 1, 2, 0], shape: [2, 3])
    let notPadding = Tensor([1, 0, 1, 1, 1, 0], shape: [2, 3, 1])
    gradCheck("embedding with padding", inputs: { [randomTensor([5, 3], seed: $0)] }) {
      embedding(ids, weight: $0[0], paddingIndex: 0) * notPadding
    }
    gradCheck("embedding without padding", inputs: { [randomTensor([5, 3], seed: $0)] }) {
      embedding(ids, weight: $0[0])
    }
  }

  @Test("Shape operations")
  func shapes() {
    let x: (UInt64) -> [Tensor] = { [randomTensor([2, 3, 4], seed: $0)] }
    gradCheck("reshaped", inputs: x) { $0[0].reshaped([4, -1]) }
    gradCheck("squeezed/expanded", inputs: x) { $0[0].expandedDimensions(axis: 1).squeezed(axis: 1) * 2 }
    gradCheck("broadcast", inputs: { [randomTensor([3, 1], seed: $0)] }) { $0[0].broadcast(to: [2, 3, 4]) }
    gradCheck("permuted", inputs: x) { $0[0].permuted([2, 0, 1]) }
    gradCheck("transposed", inputs: x) { $0[0].transposed(0, 2) }
    gradCheck("T", inputs: { [randomTensor([3, 5], seed: $0)] }) { $0[0].T }
    gradCheck("sliced", inputs: x) { $0[0].sliced(axis: 2, 1, -1) }
    gradCheck("padded", inputs: x) { $0[0].padded(axis: 1, before: 2, after: 1, value: 3) }
    gradCheck("split", inputs: x) { xs in
      let parts = xs[0].split(sizes: [1, 3], axis: 2)
      return parts[0] * 2 + parts[1].sum(axis: 2, keepDims: true)
    }
    gradCheck("concatenated", inputs: { [randomTensor([2, 3], seed: $0), randomTensor([2, 2], seed: $0 + 1)] }) {
      concatenated([$0[0], $0[1], $0[0]], axis: 1)
    }
    gradCheck("stacked", inputs: { [randomTensor([2, 3], seed: $0), randomTensor([2, 3], seed: $0 + 1)] }) {
      stacked([$0[0], $0[1]], axis: 1)
    }
    gradCheck("take", inputs: x) { $0[0].take(IndexTensor([2, 0, 2, 1], shape: [2, 2]), axis: 1) }
    gradCheck("takeAlong", inputs: x) { $0[0].takeAlong(IndexTensor([0, 2, 2, 1, 0, 0, 1, 1], shape: [2, 1, 4]), axis: 1) }
  }

  @Test("Convolution and real DFT", arguments: backends)
  func convolutionAndFourier(_ backend: MatmulBackend) {
    BLAS.withBackend(backend) {
      gradCheck("unfolded", inputs: { [randomTensor([2, 2, 4, 3], seed: $0)] }) { $0[0].unfolded(kernel: (2, 3)) }
      gradCheck("conv2d", inputs: { [randomTensor([2, 1, 5, 3], seed: $0), randomTensor([4, 1, 2, 3], seed: $0 + 1), randomTensor([4], seed: $0 + 2)] }) {
        conv2d($0[0], weight: $0[1], bias: $0[2])
      }
      for n in [6, 7] {
        gradCheck("rfft n=\(n)", inputs: { [randomTensor([2, n, 3], seed: $0)] }) { xs in
          let (re, im) = rfft(xs[0], axis: 1)
          return concatenated([re, im], axis: 1)
        }
        gradCheck("irfft n=\(n)", inputs: { [randomTensor([2, n / 2 + 1, 3], seed: $0), randomTensor([2, n / 2 + 1, 3], seed: $0 + 1)] }) {
          irfft(real: $0[0], imaginary: $0[1], n: n, axis: 1)
        }
      }
    }
  }

  @Test("A whole attention block end to end", arguments: backends)
  func attentionBlock(_ backend: MatmulBackend) {
    // Embedding → masked 2-head self-attention → residual + layer norm → GELU FFN → last position →
    // logits against the embedding table → cross-entropy, differentiated with respect to every weight.
    let ids = IndexTensor([1, 2, 3, 0, 4, 1], shape: [2, 3])
    let mask = Tensor([0, -1e4, -1e4, 0, 0, -1e4, 0, 0, -1e4, 0, -1e4, -1e4, 0, 0, -1e4, 0, 0, 0], shape: [2, 1, 3, 3])
    BLAS.withBackend(backend) {
      gradCheck(
        "attention block",
        inputs: { seed in
          [5, 4, 4, 4, 4, 4, 8, 4].enumerated().map { i, n in
            i == 0 ? randomTensor([5, 4], seed: seed) : randomTensor(i == 6 ? [8, 4] : (i == 7 ? [4, 8] : [4, 4]), seed: seed + UInt64(i), in: -0.8...0.8)
          }
        }
      ) { w in
        let x = embedding(ids, weight: w[0])  // [2, 3, 4]; padding rows are covered by LayerTests
        func heads(_ t: Tensor) -> Tensor { t.reshaped([2, 3, 2, 2]).permuted([0, 2, 1, 3]) }
        let q = heads(linear(x, weight: w[1])), k = heads(linear(x, weight: w[2])), v = heads(linear(x, weight: w[3]))
        let probs = (matmul(q, k, transposeB: true) * 0.7 + mask).softmax()
        let context = matmul(probs, v).permuted([0, 2, 1, 3]).reshaped([2, 3, 4])
        let h = layerNorm(linear(context, weight: w[4]) + x, weight: nil, bias: nil)
        let f = layerNorm(linear(linear(h, weight: w[6], activation: .gelu), weight: w[7]) + h, weight: nil, bias: nil)
        let last = f.reshaped([6, 4]).take(IndexTensor([2, 4]), axis: 0)
        return crossEntropy(matmul(last, w[0], transposeB: true) + linear(last, weight: w[5]).sum(axis: 1, keepDims: true), IndexTensor([3, 2]))
      }
    }
  }

  @Test("Custom op with a surrogate gradient")
  func customSurrogate() {
    // Heaviside forward with the ATan surrogate (α = 2): g' = α / (2·(1 + (π/2·α·x)²)).
    let spike: ([Tensor]) -> Tensor = { xs in
      customOp(xs, forward: { $0[0].heaviside() }) { inputs, _, g in
        let x = inputs[0]
        let alpha: Float = 2
        let scaled = x * (Float.pi / 2 * alpha)
        return [g * (alpha / 2) / (scaled.square() + 1)]
      }
    }
    let x = Tensor([-0.5, 0, 0.25]).requiringGrad()
    let y = spike([x])
    #expect(y.scalars == [0, 1, 1])
    y.sum().backward()
    let expected = [-0.5, 0, 0.25].map { v -> Float in 1 / (1 + (Float.pi * v) * (Float.pi * v)) }
    expectClose(x.grad!.scalars, expected, tolerance: 1e-6, "surrogate gradient")
  }
}
