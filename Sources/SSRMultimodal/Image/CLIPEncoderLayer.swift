import SSRNN
import SSRTensor

/// One pre-LN CLIP encoder layer: `x + attention(LN₁(x))`, then `x + fc2(act(fc1(LN₂(x))))`,
/// where the activation is quick GELU (x·σ(1.702x)) for OpenAI's checkpoints.
public final class CLIPEncoderLayer: Layer {
  /// The norm before attention.
  public let norm1: LayerNorm
  /// Self-attention.
  public let attention: CLIPAttention
  /// The norm before the MLP.
  public let norm2: LayerNorm
  /// hidden → intermediate (exact GELU fused when the activation is `"gelu"`).
  public let fc1: Linear
  /// intermediate → hidden.
  public let fc2: Linear
  /// Whether the MLP uses quick GELU (otherwise exact GELU, fused into ``fc1``).
  public let usesQuickGELU: Bool
  /// Training mode (no effect: the encoder runs inference only).
  public var isTraining = false

  /// Layer `index` of `configuration` from `weights`.
  init(_ configuration: CLIPVisionConfiguration, weights: CLIPVisionWeights, index: Int) throws(ImageEncoderError) {
    let prefix = "vision_model.encoder.layers.\(index)"
    let h = configuration.hiddenSize, inner = configuration.intermediateSize, eps = configuration.layerNormEps
    norm1 = try weights.layerNorm("\(prefix).layer_norm1", h, eps: eps)
    attention = try CLIPAttention(configuration, weights: weights, prefix: "\(prefix).self_attn")
    norm2 = try weights.layerNorm("\(prefix).layer_norm2", h, eps: eps)
    usesQuickGELU = configuration.hiddenActivation == "quick_gelu"
    let plain = try weights.linear("\(prefix).mlp.fc1", h, inner)
    fc1 = usesQuickGELU ? plain : Linear(weight: plain.weight.value, bias: plain.bias?.value, activation: .gelu)
    fc2 = try weights.linear("\(prefix).mlp.fc2", inner, h)
  }

  /// Hugging Face's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("layer_norm1", norm1), ("self_attn", attention), ("layer_norm2", norm2), ("mlp.fc1", fc1), ("mlp.fc2", fc2)]
  }

  /// Applies the layer to `x: [B, L, H]`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    let attended = x + attention(norm1(x))
    var inner = fc1(norm2(attended))
    if usesQuickGELU { inner = quickGELU(inner) }
    return attended + fc2(inner)
  }
}

/// `x · σ(1.702 x)`, the GELU approximation of OpenAI's CLIP (`transformers`' `QuickGELUActivation`).
public func quickGELU(_ x: Tensor) -> Tensor {
  x * (x * 1.702).sigmoid()
}
