import SSRTensor

/// Multi-head self-attention as in SASRec (Kang & McAuley 2018) and RecBole's `MultiHeadAttention`:
///
///     scores = (Q Kᵀ) / √d_head + mask,   probs = dropout(softmax(scores)),
///     out = LayerNorm(dropout(dense(probs V)) + x)
///
/// The additive mask is 0 where a query may attend a key and −10000 elsewhere (RecBole's value).
public final class MultiHeadAttention: Layer {
  /// Query, key and value projections (D → D, with bias).
  public let query: Linear, key: Linear, value: Linear
  /// The output projection.
  public let dense: Linear
  /// The post-residual layer norm.
  public let norm: LayerNorm
  /// Dropout on attention probabilities and on the output.
  public let attentionDropout: Dropout, outputDropout: Dropout
  /// The number of heads.
  public let heads: Int
  /// Training mode.
  public var isTraining = true

  /// Attention over width `width` split into `heads` heads.
  public init(width: Int, heads: Int, dropout: Float, layerNormEps: Float = 1e-12, seed: UInt64, generator: inout InitGenerator) {
    precondition(width % heads == 0, "the width \(width) must be divisible by the number of heads \(heads)")
    query = Linear(width, width, generator: &generator)
    key = Linear(width, width, generator: &generator)
    value = Linear(width, width, generator: &generator)
    dense = Linear(width, width, generator: &generator)
    norm = LayerNorm(width, eps: layerNormEps)
    attentionDropout = Dropout(dropout, seed: seed, stream: 1)
    outputDropout = Dropout(dropout, seed: seed, stream: 2)
    self.heads = heads
  }

  /// RecBole's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("query", query), ("key", key), ("value", value), ("dense", dense), ("LayerNorm", norm),
     ("attn_dropout", attentionDropout), ("out_dropout", outputDropout)]
  }

  /// Attends `x: [B, L, D]` with an additive `mask` broadcastable to `[B, heads, L, L]`.
  public func callAsFunction(_ input: (x: Tensor, mask: Tensor)) -> Tensor {
    let x = input.x
    let batch = x.shape[0], length = x.shape[1], width = x.shape[2], headWidth = width / heads
    func split(_ t: Tensor) -> Tensor { t.reshaped([batch, length, heads, headWidth]).permuted([0, 2, 1, 3]) }
    let q = split(query(x)), k = split(key(x)), v = split(value(x))
    let scores = matmul(q, k, transposeB: true) * (1 / Float(headWidth).squareRoot()) + input.mask
    let probabilities = attentionDropout(scores.softmax(axis: -1))
    let context = matmul(probabilities, v).permuted([0, 2, 1, 3]).reshaped([batch, length, width])
    return norm(outputDropout(dense(context)) + x)
  }

  /// The additive mask of SASRec: a query at position i sees keys j ≤ i that are not padding.
  /// `histories` is `[B, L]` with 0 as padding; the result is `[B, 1, L, L]`.
  public static func causalPaddingMask(_ histories: IndexTensor) -> Tensor {
    let batch = histories.shape[0], length = histories.shape[1]
    var scalars = [Float](repeating: -10000, count: batch * length * length)
    let ids = histories.scalars
    for b in 0..<batch {
      for i in 0..<length {
        for j in 0...i where ids[b * length + j] != 0 { scalars[(b * length + i) * length + j] = 0 }
      }
    }
    return Tensor(scalars, shape: [batch, 1, length, length])
  }
}

/// SASRec's point-wise feed-forward block: `LayerNorm(dropout(W₂ GELU(W₁ x + b₁) + b₂) + x)`.
public final class FeedForward: Layer {
  /// D → inner, with the GELU fused.
  public let dense1: Linear
  /// inner → D.
  public let dense2: Linear
  /// The post-residual layer norm.
  public let norm: LayerNorm
  /// Output dropout.
  public let dropout: Dropout
  /// Training mode.
  public var isTraining = true

  /// A block of width `width` with `inner` hidden units.
  public init(width: Int, inner: Int, dropout: Float, activation: Activation = .gelu, layerNormEps: Float = 1e-12, seed: UInt64,
    generator: inout InitGenerator)
  {
    dense1 = Linear(width, inner, activation: activation, generator: &generator)
    dense2 = Linear(inner, width, generator: &generator)
    norm = LayerNorm(width, eps: layerNormEps)
    self.dropout = Dropout(dropout, seed: seed, stream: 3)
  }

  /// RecBole's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("dense_1", dense1), ("dense_2", dense2), ("LayerNorm", norm), ("dropout", dropout)]
  }

  /// Applies the block to `[…, D]`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    norm(dropout(dense2(dense1(x))) + x)
  }
}
