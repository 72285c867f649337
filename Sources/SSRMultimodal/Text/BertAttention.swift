import SSRNN
import SSRTensor

/// BERT's self-attention block (post-LN): `LayerNorm(dense(attention(x)) + x)`, where padding
/// keys get no attention.
public final class BertAttention: Layer {
  /// Query, key and value projections (hidden → hidden).
  public let query: Linear, key: Linear, value: Linear
  /// The output projection.
  public let dense: Linear
  /// The post-residual layer norm.
  public let norm: LayerNorm
  /// The number of heads.
  public let heads: Int
  /// Training mode (no effect: the encoder runs without dropout).
  public var isTraining = false

  /// Layer `prefix` (`encoder.layer.i.attention`) of `configuration` from `weights`.
  init(_ configuration: BertConfiguration, weights: BertWeights, prefix: String) throws(TextEncoderError) {
    let h = configuration.hiddenSize
    query = try weights.linear("\(prefix).self.query", h, h)
    key = try weights.linear("\(prefix).self.key", h, h)
    value = try weights.linear("\(prefix).self.value", h, h)
    dense = try weights.linear("\(prefix).output.dense", h, h)
    norm = try weights.layerNorm("\(prefix).output.LayerNorm", h, eps: configuration.layerNormEps)
    heads = configuration.headCount
  }

  /// Hugging Face's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("self.query", query), ("self.key", key), ("self.value", value), ("output.dense", dense), ("output.LayerNorm", norm)]
  }

  /// Attends `x: [B, L, H]` with an additive `mask` broadcastable to `[B, heads, L, L]`.
  public func callAsFunction(_ input: (x: Tensor, mask: Tensor)) -> Tensor {
    let x = input.x
    let batch = x.shape[0], length = x.shape[1], width = x.shape[2], headSize = width / heads
    func split(_ t: Tensor) -> Tensor { t.reshaped([batch, length, heads, headSize]).permuted([0, 2, 1, 3]) }
    let q = split(query(x)), k = split(key(x)), v = split(value(x))
    let scores = matmul(q, k, transposeB: true) * (1 / Float(headSize).squareRoot()) + input.mask
    let context = matmul(scores.softmax(axis: -1), v).permuted([0, 2, 1, 3]).reshaped([batch, length, width])
    return norm(dense(context) + x)
  }
}
