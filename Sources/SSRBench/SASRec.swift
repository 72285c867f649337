import SSRTensor

/// The SASRec configuration of the benchmark (RecBole defaults at width 64).
struct SASRecConfig {
  var items = 3417
  var length = 50
  var width = 64
  var heads = 2
  var inner = 256
  var blocks = 2
  var dropout: Float = 0.5
  var batch = 128
}

/// Multi-head self-attention with a residual and layer norm (RecBole's `MultiHeadAttention`).
final class SelfAttention: Layer {
  let query: Linear, key: Linear, value: Linear, dense: Linear
  let norm: LayerNorm
  let attentionDropout: Dropout, outputDropout: Dropout
  let heads: Int
  var isTraining = true

  init(_ c: SASRecConfig, seed: UInt64, generator: inout InitGenerator) {
    query = Linear(c.width, c.width, generator: &generator)
    key = Linear(c.width, c.width, generator: &generator)
    value = Linear(c.width, c.width, generator: &generator)
    dense = Linear(c.width, c.width, generator: &generator)
    norm = LayerNorm(c.width, eps: 1e-12)
    attentionDropout = Dropout(c.dropout, seed: seed, stream: 1)
    outputDropout = Dropout(c.dropout, seed: seed, stream: 2)
    heads = c.heads
  }

  var sublayers: [(name: String, layer: any Layer)] {
    [("query", query), ("key", key), ("value", value), ("dense", dense), ("norm", norm),
     ("attentionDropout", attentionDropout), ("outputDropout", outputDropout)]
  }

  /// `x`: [B, L, D]; `mask`: additive [B, 1, L, L].
  func callAsFunction(_ input: (Tensor, Tensor)) -> Tensor {
    let (x, mask) = input
    let (b, l, d) = (x.shape[0], x.shape[1], x.shape[2])
    let h = d / heads
    func split(_ t: Tensor) -> Tensor { t.reshaped([b, l, heads, h]).permuted([0, 2, 1, 3]) }
    let q = split(query(x)), k = split(key(x)), v = split(value(x))
    let scores = matmul(q, k, transposeB: true) * (1 / Float(h).squareRoot()) + mask
    let probs = attentionDropout(scores.softmax())
    let context = matmul(probs, v).permuted([0, 2, 1, 3]).reshaped([b, l, d])
    return norm(outputDropout(dense(context)) + x)
  }
}

/// The position-wise feed-forward block with a residual and layer norm.
final class FeedForward: Layer {
  let fc1: Linear, fc2: Linear
  let norm: LayerNorm
  let drop: Dropout
  var isTraining = true

  init(_ c: SASRecConfig, seed: UInt64, generator: inout InitGenerator) {
    fc1 = Linear(c.width, c.inner, activation: .gelu, generator: &generator)
    fc2 = Linear(c.inner, c.width, generator: &generator)
    norm = LayerNorm(c.width, eps: 1e-12)
    drop = Dropout(c.dropout, seed: seed, stream: 3)
  }

  var sublayers: [(name: String, layer: any Layer)] { [("fc1", fc1), ("fc2", fc2), ("norm", norm), ("drop", drop)] }

  func callAsFunction(_ x: Tensor) -> Tensor { norm(drop(fc2(fc1(x))) + x) }
}

/// SASRec (Kang & McAuley 2018) as RecBole implements it, scoring the last position against every item.
final class SASRec: Layer {
  let config: SASRecConfig
  let items: Embedding, positions: Embedding
  let norm: LayerNorm
  let drop: Dropout
  let attention: [SelfAttention]
  let feedForward: [FeedForward]
  var isTraining = true

  init(_ c: SASRecConfig, seed: UInt64) {
    var g = InitGenerator(seed: seed)
    config = c
    items = Embedding(c.items, c.width, paddingIndex: 0, std: 0.02, generator: &g)
    positions = Embedding(c.length, c.width, std: 0.02, generator: &g)
    norm = LayerNorm(c.width, eps: 1e-12)
    drop = Dropout(c.dropout, seed: seed, stream: 0)
    attention = (0..<c.blocks).map { SelfAttention(c, seed: seed &+ UInt64($0 + 1) * 16, generator: &g) }
    feedForward = (0..<c.blocks).map { FeedForward(c, seed: seed &+ UInt64($0 + 1) * 16 + 8, generator: &g) }
  }

  var sublayers: [(name: String, layer: any Layer)] {
    var s: [(name: String, layer: any Layer)] = [("items", items), ("positions", positions), ("norm", norm), ("drop", drop)]
    for i in 0..<config.blocks {
      s.append(("blocks.\(i).attention", attention[i]))
      s.append(("blocks.\(i).feedForward", feedForward[i]))
    }
    return s
  }

  /// Logits `[B, items]` for sequences `[B, L]` (right-padded with 0) of the given lengths.
  func callAsFunction(_ input: (IndexTensor, [Int])) -> Tensor {
    let (sequences, lengths) = input
    let (b, l) = (sequences.shape[0], sequences.shape[1])
    let positionIds = IndexTensor((0..<(b * l)).map { $0 % l }, shape: [b, l])
    var x = items(sequences) + positions(positionIds)
    x = drop(norm(x))
    // Additive mask: causal and non-padding keys (RecBole uses −10000).
    var maskValues = [Float](repeating: -10_000, count: b * l * l)
    for s in 0..<b {
      for i in 0..<l {
        for j in 0...i where sequences.scalars[s * l + j] != 0 { maskValues[(s * l + i) * l + j] = 0 }
      }
    }
    let mask = Tensor(maskValues, shape: [b, 1, l, l])
    for i in 0..<config.blocks {
      x = feedForward[i](attention[i]((x, mask)))
    }
    let last = IndexTensor(lengths.enumerated().map { $0.offset * l + $0.element - 1 }, shape: [b])
    let hidden = x.reshaped([b * l, config.width]).take(last, axis: 0)
    return matmul(hidden, items.weight.value, transposeB: true)
  }
}
