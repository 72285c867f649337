import Foundation
import SSRNN
import SSRTensor
import SSRTestSupport
import Testing

/// A layer without parameters, for checking plain functions with `expectFiniteDifferenceGradients`.
fileprivate final class NoParameters: Layer {
  var isTraining = true
  func callAsFunction(_ x: Tensor) -> Tensor { x }
}

@Suite("ANN layers: Caser convolutions, Fourier filter, session graphs, gated GNN")
struct ANNLayerTests {
  @Test("slidingWindows: layout, overlap counts in the gradient, finite differences")
  func windows() {
    let x = Tensor((0..<24).map(Float.init), shape: [2, 4, 3])
    let w = slidingWindows(x, size: 2)
    #expect(w.shape == [2, 3, 6])
    #expect(w.sliced(axis: 0, 1, 2).sliced(axis: 1, 2, 3).scalars == [18, 19, 20, 21, 22, 23])
    #expect(slidingWindows(x, size: 4).scalars == x.scalars)
    let (_, gradients) = valueAndGrad(at: [x]) { slidingWindows($0[0], size: 2).sum() }
    #expect(gradients[0].scalars == [Float]([1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1] + [1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1]))
    let probe = normalTensor([2, 2, 9], seed: 6)
    expectFiniteDifferenceGradients(NoParameters(), inputs: [normalTensor([2, 4, 3], seed: 7)]) { _, x in
      (slidingWindows(x[0], size: 3) * probe).sum()
    }
  }

  @Test("gatedUpdate: the composite form's values, its gradients, and finite differences", arguments: [GateMixing.keepsState, .takesCandidate])
  func gatedUpdateMatchesComposite(mixing: GateMixing) {
    for (rows, d) in [(3, 7), (2, 16), (4, 3)] {  // widths with and without a partial vector
      let inputs = [normalTensor([rows, 3 * d], seed: 1), normalTensor([rows, 3 * d], seed: 2), normalTensor([rows, d], seed: 3)]
      let probe = normalTensor([rows, d], seed: 4)
      func composite(_ xs: [Tensor]) -> Tensor {
        let gi = xs[0].split(parts: 3, axis: 1), gh = xs[1].split(parts: 3, axis: 1), h = xs[2]
        let r = (gi[0] + gh[0]).sigmoid(), z = (gi[1] + gh[1]).sigmoid()
        let n = (gi[2] + r * gh[2]).tanh()
        return mixing == .keepsState ? n + z * (h - n) : h + z * (n - h)
      }
      func fused(_ xs: [Tensor]) -> Tensor { gatedUpdate(input: xs[0], hidden: xs[1], state: xs[2], mixing: mixing) }
      #expect(fused(inputs).scalars == composite(inputs).scalars)
      let (_, fusedGrads) = valueAndGrad(at: inputs) { (fused($0) * probe).sum() }
      let (_, compositeGrads) = valueAndGrad(at: inputs) { (composite($0) * probe).sum() }
      for (a, b) in zip(fusedGrads, compositeGrads) {
        let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-6, "largest gradient difference \(worst) at \(rows)×\(d)")
      }
      expectFiniteDifferenceGradients(NoParameters(), inputs: inputs) { _, xs in (fused(xs) * probe).sum() }
    }
  }

  @Test("Caser's convolutions match direct sums, in the reference's layout")
  func caserForward() {
    let (b, l, d) = (2, 4, 3)
    var generator = InitGenerator(seed: 1)
    let layer = CaserConvolutions(length: l, width: d, verticalFilters: 2, horizontalFilters: 3, generator: &generator)
    let x = normalTensor([b, l, d], seed: 2)
    let out = layer(x)
    #expect(out.shape == [b, 2 * d + 3 * l])
    #expect(layer.outputWidth == 2 * d + 3 * l)
    let v = layer.vertical.weight.value, vb = layer.vertical.bias!.value
    for s in 0..<b {
      for f in 0..<2 {
        for j in 0..<d {
          var sum = vb[f]
          for t in 0..<l { sum += v[f, 0, t, 0] * x[s, t, j] }
          #expect(abs(out[s, f * d + j] - sum) < 1e-5)
        }
      }
      for (i, conv) in layer.horizontal.enumerated() {
        let h = i + 1, w = conv.weight.value, wb = conv.bias!.value
        for f in 0..<3 {
          var best = -Float.infinity
          for p in 0...(l - h) {
            var sum = wb[f]
            for r in 0..<h { for j in 0..<d { sum += w[f, 0, r, j] * x[s, p + r, j] } }
            best = max(best, max(sum, 0))
          }
          #expect(abs(out[s, 2 * d + i * 3 + f] - best) < 1e-5)
        }
      }
    }
  }

  @Test("Caser's convolutions: gradients match finite differences")
  func caserGradients() {
    var generator = InitGenerator(seed: 3)
    let layer = CaserConvolutions(length: 4, width: 3, verticalFilters: 2, horizontalFilters: 2, generator: &generator)
    let probe = normalTensor([2, 2 * 3 + 2 * 4], seed: 4)
    expectFiniteDifferenceGradients(layer, inputs: [normalTensor([2, 4, 3], seed: 5)], step: 1e-3) { layer, x in
      (layer(x[0]) * probe).sum()
    }
  }

  @Test("The Fourier filter matches a direct DFT, for even and odd lengths")
  func fourierForward() {
    for length in [6, 5] {
      let (b, d) = (2, 3), bins = length / 2 + 1
      let x = normalTensor([b, length, d], seed: UInt64(length))
      let w = normalTensor([1, bins, d, 2], seed: 9)
      let y = fourierFilter(x, complexWeight: w)
      #expect(y.shape == [b, length, d])
      let scale = 1 / Double(length).squareRoot()
      for s in 0..<b {
        for j in 0..<d {
          // Full spectrum from the one-sided product, as irfft reads it (Hermitian, imaginary parts of
          // the DC and Nyquist bins dropped).
          var re = [Double](repeating: 0, count: length), im = re
          for k in 0..<bins {
            var xr = 0.0, xi = 0.0
            for t in 0..<length {
              let angle = -2 * Double.pi * Double(k * t) / Double(length)
              xr += Double(x[s, t, j]) * cos(angle) * scale
              xi += Double(x[s, t, j]) * sin(angle) * scale
            }
            let wr = Double(w[0, k, j, 0]), wi = Double(w[0, k, j, 1])
            re[k] = xr * wr - xi * wi
            im[k] = (k == 0 || 2 * k == length) ? 0 : xr * wi + xi * wr
            if k > 0 && k < length - k {
              re[length - k] = re[k]
              im[length - k] = -im[k]
            }
          }
          for t in 0..<length {
            var value = 0.0
            for k in 0..<length {
              let angle = 2 * Double.pi * Double(k * t) / Double(length)
              value += (re[k] * cos(angle) - im[k] * sin(angle)) * scale
            }
            #expect(abs(Double(y[s, t, j]) - value) < 1e-5)
          }
        }
      }
    }
  }

  @Test("FilterLayer: gradients match finite differences", arguments: [6, 5])
  func filterGradients(length: Int) {
    var generator = InitGenerator(seed: 11)
    let layer = FilterLayer(length: length, width: 4, dropout: 0.3, seed: 1, generator: &generator)
    layer.eval()
    // A larger filter than the initial ×0.02 one, so that its part of the output is not negligible.
    layer.complexWeight.value = normalTensor(layer.complexWeight.shape, seed: 12)
    layer.norm.weight.value = normalTensor([4], seed: 13)
    layer.norm.bias.value = normalTensor([4], seed: 14)
    let probe = normalTensor([2, length, 4], seed: 15)
    expectFiniteDifferenceGradients(layer, inputs: [normalTensor([2, length, 4], seed: 16)]) { layer, x in
      (layer(x[0]) * probe).sum()
    }
  }

  @Test("FMLPIntermediate: gradients match finite differences")
  func intermediateGradients() {
    var generator = InitGenerator(seed: 21)
    let layer = FMLPIntermediate(width: 4, inner: 16, dropout: 0.3, seed: 1, generator: &generator)
    layer.eval()
    layer.norm.weight.value = normalTensor([4], seed: 22)
    let probe = normalTensor([2, 3, 4], seed: 23)
    expectFiniteDifferenceGradients(layer, inputs: [normalTensor([2, 3, 4], seed: 24)]) { layer, x in
      (layer(x[0]) * probe).sum()
    }
  }

  @Test("FilterLayer and FMLPIntermediate: dropout, residual and layer norm")
  func filterBlocks() {
    var generator = InitGenerator(seed: 31)
    let filter = FilterLayer(length: 4, width: 3, dropout: 0.5, seed: 1, generator: &generator)
    #expect(filter.namedParameters().map(\.name) == ["complex_weight", "layernorm.weight", "layernorm.bias"])
    #expect(filter.norm.eps == 1e-12)
    let x = normalTensor([2, 4, 3], seed: 32)
    filter.eval()
    let expected = layerNorm(fourierFilter(x, complexWeight: filter.complexWeight.value) + x, weight: nil, bias: nil, eps: 1e-12)
    #expect(filter(x).isClose(to: expected))
    filter.train()
    #expect(!filter(x).isClose(to: expected))
    let block = FMLPIntermediate(width: 3, inner: 12, dropout: 0.5, seed: 1, generator: &generator)
    #expect(block.namedParameters().map(\.name) == [
      "dense_1.weight", "dense_1.bias", "dense_2.weight", "dense_2.bias", "layernorm.weight", "layernorm.bias",
    ])
    block.eval()
    let hidden = (matmul(x, block.dense1.weight.value, transposeB: true) + block.dense1.bias!.value).gelu()
    let inner = matmul(hidden, block.dense2.weight.value, transposeB: true) + block.dense2.bias!.value
    #expect(block(x).isClose(to: layerNorm(inner + x, weight: nil, bias: nil, eps: 1e-12), tolerance: 1e-4))
  }

  @Test("resetNormal re-initialises linear and embedding weights, zeroes biases, keeps the rest")
  func resetNormalInit() {
    var generator = InitGenerator(seed: 41)
    let block = FMLPIntermediate(width: 64, inner: 256, dropout: 0.1, seed: 1, generator: &generator)
    let embedding = Embedding(100, 64, paddingIndex: 0, generator: &generator)
    resetNormal(block, std: 0.05, generator: &generator)
    resetNormal(embedding, std: 0.05, generator: &generator)
    for tensor in [block.dense1.weight.value, block.dense2.weight.value, embedding.weight.value] {
      let values = tensor.scalars.map(Double.init)
      let mean = values.reduce(0, +) / Double(values.count)
      let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
      #expect(abs(mean) < 0.005 && abs(std - 0.05) < 0.003, "mean \(mean), std \(std)")
    }
    #expect(block.dense1.bias!.value.scalars.allSatisfy { $0 == 0 })
    #expect(block.norm.weight.value.scalars.allSatisfy { $0 == 1 })
    #expect(embedding.weight.value.sliced(axis: 0, 0, 1).scalars.contains { $0 != 0 })
  }

  @Test("Session graphs: nodes, aliases and degree-normalised adjacency as the reference builds them")
  func sessionGraph() {
    // Row 0: [3, 5, 3, 7, 0, 0] → nodes [0, 3, 5, 7]; edges 3→5, 5→3, 3→7.
    // Row 1: [4, 2, 4, 1, 2, 4] → nodes [1, 2, 4]; edges 4→2, 2→4 (twice), 4→1, 1→2.
    let histories = IndexTensor([3, 5, 3, 7, 0, 0, 4, 2, 4, 1, 2, 4] as [Int32], shape: [2, 6])
    let graph = SessionGraph(histories: histories)
    #expect(graph.items.scalars == [0, 3, 5, 7, 0, 0, 1, 2, 4, 0, 0, 0])
    #expect(graph.alias.scalars == [1, 2, 1, 3, 0, 0, 2, 1, 2, 0, 1, 2])
    #expect(graph.mask.scalars == [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1])
    #expect(graph.adjacency.shape == [2, 6, 12])
    func dense(_ entries: [(Int, Int, Float)]) -> [Float] {
      var m = [Float](repeating: 0, count: 36)
      for (r, c, v) in entries { m[r * 6 + c] = v }
      return m
    }
    // Row 0 (slots 3→1, 5→2, 7→3): A[1,2] = A[2,1] = A[1,3] = 1; outdeg(1) = 2.
    #expect(graph.incoming.sliced(axis: 0, 0, 1).scalars == dense([(2, 1, 1), (1, 2, 1), (3, 1, 1)]))
    #expect(graph.outgoing.sliced(axis: 0, 0, 1).scalars == dense([(1, 2, 0.5), (1, 3, 0.5), (2, 1, 1)]))
    // Row 1 (slots 1→0, 2→1, 4→2): A[2,1] = A[1,2] = A[2,0] = A[0,1] = 1; indeg(1) = 2, outdeg(2) = 2.
    #expect(graph.incoming.sliced(axis: 0, 1, 2).scalars == dense([(1, 2, 0.5), (1, 0, 0.5), (2, 1, 1), (0, 2, 1)]))
    #expect(graph.outgoing.sliced(axis: 0, 1, 2).scalars == dense([(2, 1, 0.5), (2, 0, 0.5), (1, 2, 1), (0, 1, 1)]))
    // Node states come back in history order.
    let nodes = Tensor((0..<12).map(Float.init), shape: [2, 6, 1])
    #expect(graph.inSequenceOrder(nodes).scalars == [1, 2, 1, 3, 0, 0, 8, 7, 8, 6, 7, 8])
  }

  @Test("Gated GNN: one step matches the cell's equations written out")
  func gatedGraphForward() {
    let histories = IndexTensor([2, 3, 2, 0, 1, 2, 3, 4] as [Int32], shape: [2, 4])
    let graph = SessionGraph(histories: histories)
    var generator = InitGenerator(seed: 51)
    let gnn = GatedGraphNetwork(width: 3, steps: 1, generator: &generator)
    let h = normalTensor([2, 4, 3], seed: 52)
    let a = concatenated([
      matmul(graph.incoming, linear(h, weight: gnn.edgeIn.weight.value, bias: gnn.edgeIn.bias!.value)) + gnn.biasIncoming.value,
      matmul(graph.outgoing, linear(h, weight: gnn.edgeOut.weight.value, bias: gnn.edgeOut.bias!.value)) + gnn.biasOutgoing.value,
    ], axis: 2)
    let gi = matmul(a, gnn.weightIH.value, transposeB: true) + gnn.biasIH.value
    let gh = matmul(h, gnn.weightHH.value, transposeB: true) + gnn.biasHH.value
    let r = (gi.sliced(axis: 2, 0, 3) + gh.sliced(axis: 2, 0, 3)).sigmoid()
    let z = (gi.sliced(axis: 2, 3, 6) + gh.sliced(axis: 2, 3, 6)).sigmoid()
    let n = (gi.sliced(axis: 2, 6, 9) + r * gh.sliced(axis: 2, 6, 9)).tanh()
    let expected = (1 - z) * h + z * n
    #expect(gnn((graph, h)).isClose(to: expected, tolerance: 1e-5))
    #expect(GatedGraphNetwork(width: 3, steps: 0, generator: &generator)((graph, h)).isClose(to: h))
  }

  @Test("Gated GNN: gradients match finite differences")
  func gatedGraphGradients() {
    let graph = SessionGraph(histories: IndexTensor([2, 3, 2, 5, 0, 1, 2, 1, 1, 4] as [Int32], shape: [2, 5]))
    var generator = InitGenerator(seed: 61)
    let gnn = GatedGraphNetwork(width: 3, steps: 2, generator: &generator)
    let probe = normalTensor([2, 5, 3], seed: 62)
    expectFiniteDifferenceGradients(gnn, inputs: [normalTensor([2, 5, 3], seed: 63)]) { gnn, h in
      (gnn((graph, h[0])) * probe).sum()
    }
  }

  @Test("Attention readout (with the return to history order): gradients match finite differences")
  func readoutGradients() {
    let graph = SessionGraph(histories: IndexTensor([2, 3, 2, 5, 0, 1, 2, 1, 1, 4] as [Int32], shape: [2, 5]))
    let lengths: [Int32] = [4, 5]
    var generator = InitGenerator(seed: 71)
    let readout = SessionAttentionReadout(width: 3, generator: &generator)
    let probe = normalTensor([2, 3], seed: 72)
    expectFiniteDifferenceGradients(readout, inputs: [normalTensor([2, 5, 3], seed: 73)]) { readout, nodes in
      let states = graph.inSequenceOrder(nodes[0])
      return (readout((states, gatherLast(states, lengths: lengths), graph.mask)) * probe).sum()
    }
    #expect(readout.namedParameters().map(\.name) == [
      "linear_one.weight", "linear_one.bias", "linear_two.weight", "linear_two.bias", "linear_three.weight",
      "linear_transform.weight", "linear_transform.bias",
    ])
  }

  @Test("Attention readout ignores padding positions")
  func readoutMask() {
    var generator = InitGenerator(seed: 81)
    let readout = SessionAttentionReadout(width: 3, generator: &generator)
    let states = normalTensor([1, 4, 3], seed: 82)
    let mask = Tensor([1, 1, 0, 0], shape: [1, 4])
    let last = states.sliced(axis: 1, 1, 2).reshaped([1, 3])
    let changed = concatenated([states.sliced(axis: 1, 0, 2), normalTensor([1, 2, 3], seed: 83)], axis: 1)
    #expect(readout((states, last, mask)).isClose(to: readout((changed, last, mask))))
  }
}

