import SSRNN
import SSRTensor

/// One BERT encoder layer: self-attention, then the GELU feed-forward block, each followed by a
/// residual connection and a layer norm.
public final class BertLayer: Layer {
  /// The attention block.
  public let attention: BertAttention
  /// hidden → intermediate, with the exact GELU fused.
  public let intermediate: Linear
  /// intermediate → hidden.
  public let output: Linear
  /// The layer norm after the feed-forward residual.
  public let norm: LayerNorm
  /// Training mode (no effect: the encoder runs without dropout).
  public var isTraining = false

  /// Layer `index` of `configuration` from `weights`.
  init(_ configuration: BertConfiguration, weights: BertWeights, index: Int) throws(TextEncoderError) {
    let prefix = "encoder.layer.\(index)"
    let h = configuration.hiddenSize, inner = configuration.intermediateSize
    attention = try BertAttention(configuration, weights: weights, prefix: "\(prefix).attention")
    intermediate = try weights.linear("\(prefix).intermediate.dense", h, inner, activation: .gelu)
    output = try weights.linear("\(prefix).output.dense", inner, h)
    norm = try weights.layerNorm("\(prefix).output.LayerNorm", h, eps: configuration.layerNormEps)
  }

  /// Hugging Face's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("attention", attention), ("intermediate.dense", intermediate), ("output.dense", output), ("output.LayerNorm", norm)]
  }

  /// Applies the layer to `x: [B, L, H]` with the attention `mask`.
  public func callAsFunction(_ input: (x: Tensor, mask: Tensor)) -> Tensor {
    let attended = attention(input)
    return norm(output(intermediate(attended)) + attended)
  }
}
