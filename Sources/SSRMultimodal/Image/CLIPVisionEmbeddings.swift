import SSRNN
import SSRTensor

/// CLIP's vision embeddings: the image cut into non-overlapping patches, each projected to the
/// model width (a convolution with stride = kernel = patch size, no bias), a learned class token
/// in front, and learned position embeddings added.
public final class CLIPVisionEmbeddings: Layer {
  /// `[hidden]`: the class token.
  public let classEmbedding: Parameter
  /// `[hidden, channels, patch, patch]`: the patch projection (a `Conv2d` weight).
  public let patchEmbedding: Parameter
  /// `[patches + 1, hidden]`.
  public let positionEmbedding: Embedding
  /// The patch side.
  public let patchSize: Int
  /// The input side.
  public let imageSize: Int
  /// Training mode (no effect: the encoder runs inference only).
  public var isTraining = false

  /// The embeddings of `configuration` from `weights` (`vision_model.embeddings.*`).
  init(_ configuration: CLIPVisionConfiguration, weights: CLIPVisionWeights) throws(ImageEncoderError) {
    let h = configuration.hiddenSize, p = configuration.patchSize, prefix = "vision_model.embeddings"
    classEmbedding = Parameter(try weights.tensor("\(prefix).class_embedding", shape: [h]))
    patchEmbedding = Parameter(try weights.tensor("\(prefix).patch_embedding.weight", shape: [h, configuration.channelCount, p, p]))
    positionEmbedding = Embedding(
      weight: try weights.tensor("\(prefix).position_embedding.weight", shape: [configuration.positionCount, h]))
    patchSize = p
    imageSize = configuration.imageSize
  }

  /// Hugging Face's names.
  public var ownParameters: [(name: String, parameter: Parameter)] {
    [("class_embedding", classEmbedding), ("patch_embedding.weight", patchEmbedding)]
  }

  /// Hugging Face's names.
  public var sublayers: [(name: String, layer: any Layer)] { [("position_embedding", positionEmbedding)] }

  /// `[count, patches + 1, hidden]` from pixels `[count, channels, imageSize, imageSize]`.
  ///
  /// - Precondition: the pixels have the configured size.
  public func callAsFunction(_ pixels: Tensor) -> Tensor {
    let weight = patchEmbedding.value
    let hidden = weight.shape[0], channels = weight.shape[1], p = patchSize, side = imageSize / p
    precondition(
      pixels.shape == [pixels.shape[0], channels, imageSize, imageSize],
      "CLIP pixels must be [count, \(channels), \(imageSize), \(imageSize)], got \(pixels.shape)")
    let count = pixels.shape[0]
    // A stride-p convolution with a p×p kernel is a matrix product over the flattened patches:
    // [count, C, side, p, side, p] → [count, side, side, C, p, p] → [count · patches, C·p·p].
    let patches = pixels.reshaped([count, channels, side, p, side, p]).permuted([0, 2, 4, 1, 3, 5])
      .reshaped([count, side * side, channels * p * p])
    let embedded = linear(patches, weight: weight.reshaped([hidden, channels * p * p]))
    let cls = classEmbedding.value.reshaped([1, 1, hidden]).broadcast(to: [count, 1, hidden])
    return concatenated([cls, embedded], axis: 1) + positionEmbedding.weight.value
  }
}
