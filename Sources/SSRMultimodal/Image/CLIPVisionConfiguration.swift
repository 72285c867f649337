import Foundation

/// The sizes of a CLIP vision tower, read from a Hugging Face `config.json`: either a
/// `CLIPVisionConfig` (`model_type` `"clip_vision_model"`, as `CLIPVisionModelWithProjection`
/// saves it) or a full `CLIPConfig` (`"clip"`, as `openai/clip-vit-base-patch32` ships it), whose
/// `vision_config` is used. Keys absent from the file take `CLIPVisionConfig`'s defaults (those
/// of clip-vit-base-patch32, except that its patch size is 32).
public struct CLIPVisionConfiguration: Sendable, Equatable {
  /// `hidden_size`: the transformer width.
  public var hiddenSize: Int
  /// `intermediate_size`: the MLP width.
  public var intermediateSize: Int
  /// `projection_dim`: the length of the image embeddings.
  public var projectionDimension: Int
  /// `num_hidden_layers`.
  public var layerCount: Int
  /// `num_attention_heads`.
  public var headCount: Int
  /// `num_channels` (3).
  public var channelCount: Int
  /// `image_size`: the side of the square input.
  public var imageSize: Int
  /// `patch_size`: the side of a patch (the stride of the patch embedding).
  public var patchSize: Int
  /// `hidden_act`; SSR runs `"quick_gelu"` (x·σ(1.702x), OpenAI CLIP's) and `"gelu"`.
  public var hiddenActivation: String
  /// `layer_norm_eps`.
  public var layerNormEps: Float

  /// A configuration with `CLIPVisionConfig`'s defaults for every size not given.
  public init(
    hiddenSize: Int = 768, intermediateSize: Int = 3072, projectionDimension: Int = 512, layerCount: Int = 12, headCount: Int = 12,
    imageSize: Int = 224, patchSize: Int = 32, hiddenActivation: String = "quick_gelu", layerNormEps: Float = 1e-5
  ) {
    self.hiddenSize = hiddenSize
    self.intermediateSize = intermediateSize
    self.projectionDimension = projectionDimension
    self.layerCount = layerCount
    self.headCount = headCount
    channelCount = 3
    self.imageSize = imageSize
    self.patchSize = patchSize
    self.hiddenActivation = hiddenActivation
    self.layerNormEps = layerNormEps
  }

  /// Reads and checks `config.json` at `path`.
  ///
  /// - Throws: ``ImageEncoderError/missingFile(path:hint:)``, ``ImageEncoderError/unreadableFile(path:reason:)``,
  ///   ``ImageEncoderError/unsupportedModel(path:reason:)`` for another architecture, and
  ///   ``ImageEncoderError/invalidConfiguration(path:reason:)`` for impossible sizes.
  public init(contentsOf path: String) throws(ImageEncoderError) {
    guard FileManager.default.fileExists(atPath: path) else {
      throw .missingFile(path: path, hint: "a Hugging Face CLIP directory holds config.json next to model.safetensors")
    }
    let top = try readImageJSONObject(path)
    let modelType = top["model_type"] as? String
    var vision = top
    var projection: Any? = nil
    switch modelType {
    case "clip_vision_model":
      break
    case "clip":
      guard let nested = top["vision_config"] as? [String: Any] else {
        throw .invalidConfiguration(path: path, reason: "a CLIP config.json (model_type \"clip\") needs a vision_config object")
      }
      vision = nested
      // CLIPModel's visual projection has the top-level projection_dim.
      projection = top["projection_dim"]
    default:
      let found = modelType.map { "model_type is \"\($0)\"" } ?? "config.json has no model_type"
      throw .unsupportedModel(
        path: path,
        reason: "\(found); SSR's image encoder runs CLIP vision towers (model_type \"clip_vision_model\" or \"clip\"), "
          + "such as openai/clip-vit-base-patch32")
    }
    let d = CLIPVisionConfiguration()
    func integer(_ key: String, _ fallback: Int, override: Any? = nil) throws(ImageEncoderError) -> Int {
      guard let raw = override ?? vision[key], !(raw is NSNull) else { return fallback }
      guard let value = raw as? Int else { throw .invalidConfiguration(path: path, reason: "\(key) must be an integer, got \(raw)") }
      return value
    }
    hiddenSize = try integer("hidden_size", d.hiddenSize)
    intermediateSize = try integer("intermediate_size", d.intermediateSize)
    projectionDimension = try integer("projection_dim", d.projectionDimension, override: projection)
    layerCount = try integer("num_hidden_layers", d.layerCount)
    headCount = try integer("num_attention_heads", d.headCount)
    channelCount = try integer("num_channels", d.channelCount)
    imageSize = try integer("image_size", d.imageSize)
    patchSize = try integer("patch_size", d.patchSize)
    hiddenActivation = vision["hidden_act"] as? String ?? d.hiddenActivation
    if let raw = vision["layer_norm_eps"], !(raw is NSNull) {
      guard let value = raw as? NSNumber else { throw .invalidConfiguration(path: path, reason: "layer_norm_eps must be a number, got \(raw)") }
      layerNormEps = value.floatValue
    } else {
      layerNormEps = d.layerNormEps
    }
    try validate(path: path)
  }

  /// Checks that SSR runs this architecture and that the sizes are consistent.
  ///
  /// - Throws: ``ImageEncoderError/unsupportedModel(path:reason:)`` or ``ImageEncoderError/invalidConfiguration(path:reason:)``.
  public func validate(path: String = "config.json") throws(ImageEncoderError) {
    guard ["quick_gelu", "gelu"].contains(hiddenActivation) else {
      throw .unsupportedModel(path: path, reason: "hidden_act is \"\(hiddenActivation)\"; SSR's CLIP runs \"quick_gelu\" and \"gelu\"")
    }
    guard channelCount == 3 else {
      throw .unsupportedModel(path: path, reason: "num_channels is \(channelCount); SSR's CLIP reads RGB images (3 channels)")
    }
    let sizes = [
      ("hidden_size", hiddenSize), ("intermediate_size", intermediateSize), ("projection_dim", projectionDimension),
      ("num_hidden_layers", layerCount), ("num_attention_heads", headCount), ("image_size", imageSize), ("patch_size", patchSize),
    ]
    for (key, value) in sizes where value < 1 {
      throw .invalidConfiguration(path: path, reason: "\(key) is \(value); it must be at least 1")
    }
    guard hiddenSize % headCount == 0 else {
      throw .invalidConfiguration(path: path, reason: "hidden_size \(hiddenSize) is not divisible by num_attention_heads \(headCount)")
    }
    guard imageSize % patchSize == 0 else {
      throw .invalidConfiguration(path: path, reason: "image_size \(imageSize) is not a multiple of patch_size \(patchSize)")
    }
    guard layerNormEps > 0, layerNormEps.isFinite else {
      throw .invalidConfiguration(path: path, reason: "layer_norm_eps is \(layerNormEps); it must be positive")
    }
  }

  /// Patches per side.
  public var patchesPerSide: Int { imageSize / patchSize }

  /// The sequence length: one class token plus the patches.
  public var positionCount: Int { patchesPerSide * patchesPerSide + 1 }

  /// The width of one attention head.
  public var headSize: Int { hiddenSize / headCount }
}
