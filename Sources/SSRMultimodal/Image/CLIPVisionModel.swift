import SSRNN
import SSRTensor

/// CLIP's vision tower with its projection (Radford et al. 2021), with Hugging Face
/// `CLIPVisionModelWithProjection`'s layout and parameter names: patch and position embeddings,
/// a layer norm (`pre_layrnorm`), `layerCount` pre-LN transformer layers, a layer norm on the
/// class token's state (`post_layernorm`) and a linear projection without bias
/// (`visual_projection`). It runs inference only.
///
///     let model = try CLIPVisionModel(configuration: configuration, contentsOf: "clip/model.safetensors")
///     let embeddings = withoutGrad { model(pixels) }   // [count, projection_dim]
public final class CLIPVisionModel: Layer {
  /// The sizes the model was built with.
  public let configuration: CLIPVisionConfiguration
  /// Patch, class and position embeddings.
  public let embeddings: CLIPVisionEmbeddings
  /// The norm applied to the embeddings (`pre_layrnorm`, spelled as in `transformers`).
  public let preNorm: LayerNorm
  /// The encoder layers.
  public let layers: [CLIPEncoderLayer]
  /// The norm of the class token's final state.
  public let postNorm: LayerNorm
  /// hidden → projection_dim, no bias.
  public let projection: Linear
  /// Training mode (no effect: the encoder runs inference only).
  public var isTraining = false

  /// A model of `configuration` holding `weights` (named as in `CLIPVisionModelWithProjection`
  /// or `CLIPModel`).
  ///
  /// - Parameter path: the file the weights came from, for error messages.
  /// - Throws: ``ImageEncoderError/missingTensor(name:path:)`` or
  ///   ``ImageEncoderError/shapeMismatch(name:expected:found:path:)`` when the weights do not fit the configuration.
  public convenience init(
    configuration: CLIPVisionConfiguration, weights: [String: Tensor], path: String = "model.safetensors"
  ) throws(ImageEncoderError) {
    try self.init(configuration, weights: CLIPVisionWeights(tensors: weights, path: path))
  }

  /// A model of `configuration` with the weights of the safetensors file at `path`.
  ///
  /// - Throws: ``ImageEncoderError/unreadableFile(path:reason:)`` and the errors of ``init(configuration:weights:path:)``.
  public convenience init(configuration: CLIPVisionConfiguration, contentsOf path: String) throws(ImageEncoderError) {
    try self.init(configuration, weights: CLIPVisionWeights.read(from: path))
  }

  init(_ configuration: CLIPVisionConfiguration, weights: CLIPVisionWeights) throws(ImageEncoderError) {
    try configuration.validate()
    self.configuration = configuration
    let h = configuration.hiddenSize, eps = configuration.layerNormEps
    embeddings = try CLIPVisionEmbeddings(configuration, weights: weights)
    preNorm = try weights.layerNorm("vision_model.pre_layrnorm", h, eps: eps)
    var layers: [CLIPEncoderLayer] = []
    for index in 0..<configuration.layerCount { layers.append(try CLIPEncoderLayer(configuration, weights: weights, index: index)) }
    self.layers = layers
    postNorm = try weights.layerNorm("vision_model.post_layernorm", h, eps: eps)
    projection = try weights.linear("visual_projection", h, configuration.projectionDimension, bias: false)
  }

  /// Hugging Face's names (`vision_model.embeddings.…`, `vision_model.encoder.layers.i.…`, `visual_projection.weight`).
  public var sublayers: [(name: String, layer: any Layer)] {
    var result: [(name: String, layer: any Layer)] = [("vision_model.embeddings", embeddings), ("vision_model.pre_layrnorm", preNorm)]
    for (i, layer) in layers.enumerated() { result.append(("vision_model.encoder.layers.\(i)", layer)) }
    result.append(("vision_model.post_layernorm", postNorm))
    result.append(("visual_projection", projection))
    return result
  }

  /// The last hidden states, `[count, patches + 1, hidden]`, of pixels `[count, 3, imageSize, imageSize]`.
  public func hiddenStates(_ pixels: Tensor) -> Tensor {
    var x = preNorm(embeddings(pixels))
    for layer in layers { x = layer(x) }
    return x
  }

  /// The pooled output `post_layernorm(h_class)`, `[count, hidden]`, of the last hidden states.
  public func pooledOutput(_ hiddenStates: Tensor) -> Tensor {
    postNorm(hiddenStates.sliced(axis: 1, 0, 1).squeezed(axis: 1))
  }

  /// The image embeddings (`image_embeds`, not normalised), `[count, projection_dim]`.
  public func callAsFunction(_ pixels: Tensor) -> Tensor {
    projection(pooledOutput(hiddenStates(pixels)))
  }
}
