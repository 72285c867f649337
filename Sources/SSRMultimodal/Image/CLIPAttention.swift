import SSRNN
import SSRTensor

/// CLIP's multi-head self-attention (no mask: every patch attends to every patch and the class
/// token), with Hugging Face's `q_proj`, `k_proj`, `v_proj` and `out_proj`.
public final class CLIPAttention: Layer {
  /// Query, key and value projections (hidden → hidden, with bias).
  public let query: Linear, key: Linear, value: Linear
  /// The output projection.
  public let output: Linear
  /// The number of heads.
  public let heads: Int
  /// Training mode (no effect: the encoder runs inference only).
  public var isTraining = false

  /// The attention of layer `prefix` (`vision_model.encoder.layers.i.self_attn`).
  init(_ configuration: CLIPVisionConfiguration, weights: CLIPVisionWeights, prefix: String) throws(ImageEncoderError) {
    let h = configuration.hiddenSize
    query = try weights.linear("\(prefix).q_proj", h, h)
    key = try weights.linear("\(prefix).k_proj", h, h)
    value = try weights.linear("\(prefix).v_proj", h, h)
    output = try weights.linear("\(prefix).out_proj", h, h)
    heads = configuration.headCount
  }

  /// Hugging Face's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("q_proj", query), ("k_proj", key), ("v_proj", value), ("out_proj", output)]
  }

  /// Attends `x: [B, L, H]` over itself.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    let batch = x.shape[0], length = x.shape[1], width = x.shape[2], headSize = width / heads
    func split(_ t: Tensor) -> Tensor { t.reshaped([batch, length, heads, headSize]).permuted([0, 2, 1, 3]) }
    let q = split(query(x)), k = split(key(x)), v = split(value(x))
    let scores = matmul(q, k, transposeB: true) * (1 / Float(headSize).squareRoot())
    let context = matmul(scores.softmax(axis: -1), v).permuted([0, 2, 1, 3]).reshaped([batch, length, width])
    return output(context)
  }
}
