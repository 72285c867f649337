import Foundation
import SSRCore
import SSRTensor

/// An image encoder: JPEG/PNG decoding, CLIP preprocessing and the CLIP vision tower with its
/// projection, loaded from a Hugging Face model directory and run by SSR's tensor engine.
///
///     let encoder = try ImageEncoder(directory: "models/clip-vit-base-patch32")
///     let vectors = try encoder.encode(files: ["covers/1.jpg", "covers/2.png"])   // [2, 512]
///
/// The directory holds `config.json` (a `CLIPVisionConfig`, or a full `CLIPConfig` with a
/// `vision_config`), `model.safetensors` (a `CLIPVisionModelWithProjection` or `CLIPModel`
/// checkpoint) and optionally `preprocessor_config.json` (otherwise `CLIPImageProcessor`'s
/// defaults are used). The vectors are `transformers`' `image_embeds`, unnormalised unless asked.
public final class ImageEncoder {
  /// Images to pixel tensors.
  public let processor: CLIPImageProcessor
  /// Pixel tensors to embeddings.
  public let model: CLIPVisionModel
  /// Whether vectors are divided by their Euclidean norm (as CLIP does before its similarity).
  public let normalizes: Bool
  /// How many images run through the model at once.
  public let batchSize: Int
  /// The directory the encoder was loaded from, or nil when it was built from its parts.
  public private(set) var directory: String?

  /// The length of the vectors (`projection_dim`).
  public var dimension: Int { model.configuration.projectionDimension }

  /// Loads the encoder in `directory`.
  ///
  /// - Parameters:
  ///   - normalize: whether to L2-normalise the embeddings.
  ///   - batchSize: images per forward pass.
  /// - Throws: ``ImageEncoderError`` naming the missing or malformed file, the unsupported setting or the
  ///   tensor that does not fit.
  public convenience init(directory: String, normalize: Bool = false, batchSize: Int = 16) throws(ImageEncoderError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw .missingFile(
        path: directory,
        hint: "name a Hugging Face CLIP directory (config.json, model.safetensors, preprocessor_config.json), "
          + "e.g. a local copy of openai/clip-vit-base-patch32")
    }
    let configurationPath = URL(fileURLWithPath: directory).appendingPathComponent("config.json").path
    let weightsPath = URL(fileURLWithPath: directory).appendingPathComponent("model.safetensors").path
    let processorPath = URL(fileURLWithPath: directory).appendingPathComponent("preprocessor_config.json").path
    let configuration = try CLIPVisionConfiguration(contentsOf: configurationPath)
    guard FileManager.default.fileExists(atPath: weightsPath) else {
      let hint: String
      if FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent("pytorch_model.bin").path) {
        hint = "only pytorch_model.bin is present; convert it once with python: transformers' "
          + "CLIPVisionModelWithProjection.from_pretrained(dir).save_pretrained(dir, safe_serialization=True)"
      } else {
        hint = "the weights must be in model.safetensors next to config.json"
      }
      throw .missingFile(path: weightsPath, hint: hint)
    }
    let processor =
      FileManager.default.fileExists(atPath: processorPath)
      ? try CLIPImageProcessor(contentsOf: processorPath)
      : CLIPImageProcessor(
        size: .shortestEdge(configuration.imageSize), cropSize: (configuration.imageSize, configuration.imageSize))
    let model = try CLIPVisionModel(configuration: configuration, contentsOf: weightsPath)
    try self.init(processor: processor, model: model, normalize: normalize, batchSize: batchSize, processorPath: processorPath)
    self.directory = directory
  }

  /// An encoder from its parts.
  ///
  /// - Throws: ``ImageEncoderError/invalidArgument(_:)`` when `batchSize < 1`, or
  ///   ``ImageEncoderError/invalidConfiguration(path:reason:)`` when the processor does not produce
  ///   square images of the model's `image_size`.
  public init(
    processor: CLIPImageProcessor, model: CLIPVisionModel, normalize: Bool = false, batchSize: Int = 16,
    processorPath: String = "preprocessor_config.json"
  ) throws(ImageEncoderError) {
    guard batchSize >= 1 else { throw .invalidArgument("the batch size must be at least 1, got \(batchSize)") }
    let side = model.configuration.imageSize
    guard let output = processor.outputSize, output.height == side, output.width == side else {
      let produced = processor.outputSize.map { "\($0.height) x \($0.width)" } ?? "images of varying size (no crop)"
      throw .invalidConfiguration(
        path: processorPath, reason: "the preprocessing produces \(produced) but the model reads \(side) x \(side) (image_size)")
    }
    self.processor = processor
    self.model = model
    normalizes = normalize
    self.batchSize = batchSize
  }

  /// The vectors of `images`, `[images.count, dimension]`, row i for image i, in batches of ``batchSize``.
  ///
  /// - Throws: ``Interrupted`` when the user interrupts (checked between batches).
  public func encode(images: [RGBImage]) throws(Interrupted) -> Tensor {
    var parts: [Tensor] = []
    var start = 0
    while start < images.count {
      try Cancellation.checkpoint()
      let end = Swift.min(start + batchSize, images.count)
      parts.append(encode(pixels: processor.pixelValues(Array(images[start..<end]))))
      start = end
    }
    return parts.isEmpty ? Tensor.zeros([0, dimension]) : concatenated(parts, axis: 0)
  }

  /// The vectors of the JPEG or PNG files at `paths`, row i for file i; files are decoded one
  /// batch at a time.
  ///
  /// - Throws: ``ImageEncoderError`` for a file that is missing, damaged or not JPEG/PNG (naming it),
  ///   or ``Interrupted`` when the user interrupts.
  public func encode(files paths: [String]) throws -> Tensor {
    var parts: [Tensor] = []
    var start = 0
    while start < paths.count {
      try Cancellation.checkpoint()
      let end = Swift.min(start + batchSize, paths.count)
      var images: [RGBImage] = []
      for path in paths[start..<end] { images.append(try RGBImage(contentsOf: path)) }
      parts.append(encode(pixels: processor.pixelValues(images)))
      start = end
    }
    return parts.isEmpty ? Tensor.zeros([0, dimension]) : concatenated(parts, axis: 0)
  }

  /// The vector of the image file at `path`, `[dimension]`.
  ///
  /// - Throws: as ``encode(files:)``.
  public func encode(file path: String) throws -> Tensor {
    try encode(files: [path]).reshaped([dimension])
  }

  /// The vectors of preprocessed pixels `[count, 3, imageSize, imageSize]`, without recording gradients.
  ///
  /// - Precondition: the pixels have the model's size.
  public func encode(pixels: Tensor) -> Tensor {
    withoutGrad {
      let embeddings = model(pixels)
      return normalizes ? l2Normalized(embeddings) : embeddings
    }
  }
}
