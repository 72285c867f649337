import Foundation
import SSRTensor

/// CLIP's image preprocessing, step for step as Hugging Face's `CLIPImageProcessor` (its PIL
/// backend, `CLIPImageProcessorPil`) does it: resize so that the shortest side is
/// ``ResizeTarget/shortestEdge(_:)`` with Pillow's resampling, centre crop, rescale by 1/255 and
/// normalise with the CLIP mean and standard deviation. The defaults are those of
/// `openai/clip-vit-base-patch32` (224, bicubic, 224 × 224 crop).
///
///     let processor = try CLIPImageProcessor(contentsOf: "clip-vit-base-patch32/preprocessor_config.json")
///     let pixels = processor.pixelValues([try RGBImage(contentsOf: "cover.jpg")])   // [1, 3, 224, 224]
public struct CLIPImageProcessor: Sendable, Equatable {
  /// How images are resized.
  public enum ResizeTarget: Sendable, Equatable {
    /// The shortest side becomes this many pixels; the other keeps the aspect ratio (truncated).
    case shortestEdge(Int)
    /// Exactly this size.
    case exact(height: Int, width: Int)
  }

  /// `do_resize`.
  public var resizes: Bool
  /// `size`.
  public var size: ResizeTarget
  /// `resample`.
  public var filter: ResamplingFilter
  /// `do_center_crop`.
  public var centerCrops: Bool
  /// `crop_size`: (height, width).
  public var cropSize: (height: Int, width: Int)
  /// `do_rescale`.
  public var rescales: Bool
  /// `rescale_factor`.
  public var rescaleFactor: Double
  /// `do_normalize`.
  public var normalizes: Bool
  /// `image_mean`, per channel.
  public var mean: [Float]
  /// `image_std`, per channel.
  public var std: [Float]

  /// OpenAI CLIP's channel means.
  public static let clipMean: [Float] = [0.48145466, 0.4578275, 0.40821073]
  /// OpenAI CLIP's channel standard deviations.
  public static let clipStd: [Float] = [0.26862954, 0.26130258, 0.27577711]

  /// A processor with `CLIPImageProcessor`'s defaults for every setting not given.
  public init(
    size: ResizeTarget = .shortestEdge(224), cropSize: (height: Int, width: Int) = (224, 224), filter: ResamplingFilter = .bicubic,
    mean: [Float] = CLIPImageProcessor.clipMean, std: [Float] = CLIPImageProcessor.clipStd
  ) {
    resizes = true
    self.size = size
    self.filter = filter
    centerCrops = true
    self.cropSize = cropSize
    rescales = true
    rescaleFactor = 1.0 / 255
    normalizes = true
    self.mean = mean
    self.std = std
  }

  /// Reads a `preprocessor_config.json`; keys it lacks keep `CLIPImageProcessor`'s defaults.
  ///
  /// - Throws: ``ImageEncoderError/missingFile(path:hint:)``, ``ImageEncoderError/unreadableFile(path:reason:)``
  ///   and ``ImageEncoderError/invalidConfiguration(path:reason:)`` for sizes, filters or statistics it cannot use.
  public init(contentsOf path: String) throws(ImageEncoderError) {
    self.init()
    guard FileManager.default.fileExists(atPath: path) else {
      throw .missingFile(path: path, hint: "preprocessor_config.json describes the image preprocessing; copy it from the model's repository")
    }
    let object = try readImageJSONObject(path)
    func flag(_ key: String, _ value: inout Bool) throws(ImageEncoderError) {
      guard let raw = object[key], !(raw is NSNull) else { return }
      guard let flag = raw as? Bool else { throw .invalidConfiguration(path: path, reason: "\(key) must be true or false") }
      value = flag
    }
    try flag("do_resize", &resizes)
    try flag("do_center_crop", &centerCrops)
    try flag("do_rescale", &rescales)
    try flag("do_normalize", &normalizes)
    if let raw = object["size"], !(raw is NSNull) {
      size = try CLIPImageProcessor.resizeTarget(raw, path: path)
    }
    if let raw = object["crop_size"], !(raw is NSNull) {
      cropSize = try CLIPImageProcessor.cropSize(raw, path: path)
    }
    if let raw = object["resample"], !(raw is NSNull) {
      guard let number = raw as? Int, let filter = ResamplingFilter(rawValue: number) else {
        throw .invalidConfiguration(
          path: path, reason: "resample is \(raw); SSR resamples with Pillow's filters 1 (LANCZOS), 2 (BILINEAR), 3 (BICUBIC), 4 (BOX) or 5 (HAMMING)")
      }
      self.filter = filter
    }
    if let raw = object["rescale_factor"], !(raw is NSNull) {
      guard let number = raw as? NSNumber, number.doubleValue > 0, number.doubleValue.isFinite else {
        throw .invalidConfiguration(path: path, reason: "rescale_factor must be a positive number, got \(raw)")
      }
      rescaleFactor = number.doubleValue
    }
    if let raw = object["image_mean"], !(raw is NSNull) { mean = try CLIPImageProcessor.channels(raw, key: "image_mean", path: path) }
    if let raw = object["image_std"], !(raw is NSNull) { std = try CLIPImageProcessor.channels(raw, key: "image_std", path: path) }
    guard std.allSatisfy({ $0 != 0 }) else {
      throw .invalidConfiguration(path: path, reason: "image_std has a zero; the standard deviations must be non-zero")
    }
  }

  /// The (height, width) of the images ``pixelValues(_:)`` returns.
  public var outputSize: (height: Int, width: Int)? {
    if centerCrops { return cropSize }
    if resizes, case .exact(let h, let w) = size { return (h, w) }
    return nil
  }

  /// The size an image of `height × width` is resized to (`transformers`' `get_resize_output_image_size`).
  public func resizedSize(height: Int, width: Int) -> (height: Int, width: Int) {
    switch size {
    case .exact(let h, let w): return (h, w)
    case .shortestEdge(let edge):
      let short = min(width, height), long = max(width, height)
      let newLong = Int(Double(edge * long) / Double(short))
      return width <= height ? (newLong, edge) : (edge, newLong)
    }
  }

  /// `image` resized and centre-cropped as configured, still 8-bit (the processor's state
  /// before rescaling).
  public func resizedAndCropped(_ image: RGBImage) -> RGBImage {
    var result = image
    if resizes {
      let target = resizedSize(height: image.height, width: image.width)
      result = result.resized(width: target.width, height: target.height, filter: filter)
    }
    if centerCrops {
      // Python's floor division: negative when the image is smaller than the crop (then padded with zeros).
      func floorHalf(_ v: Int) -> Int { v >= 0 ? v / 2 : -((-v + 1) / 2) }
      result = result.cropped(
        top: floorHalf(result.height - cropSize.height), left: floorHalf(result.width - cropSize.width),
        height: cropSize.height, width: cropSize.width)
    }
    return result
  }

  /// The model inputs of `images`, `[count, 3, height, width]` (channels first), in input order.
  ///
  /// - Precondition: the images all have the same size after cropping or exact resizing (always
  ///   true when ``outputSize`` is not nil).
  public func pixelValues(_ images: [RGBImage]) -> Tensor {
    let prepared = images.map(resizedAndCropped)
    guard let first = prepared.first else { return Tensor.zeros([0, 3, outputSize?.height ?? 0, outputSize?.width ?? 0]) }
    let h = first.height, w = first.width, plane = h * w
    precondition(prepared.allSatisfy { $0.height == h && $0.width == w }, "images of different sizes cannot be batched")
    var values = [Float](repeating: 0, count: prepared.count * 3 * plane)
    // float32(float64(v) · factor), then (x − mean) / std in float32, as transformers' NumPy code.
    var table = [[Float]](repeating: [], count: 3)
    for c in 0..<3 {
      table[c] = (0...255).map { v in
        var x = rescales ? Float(Double(v) * rescaleFactor) : Float(v)
        if normalizes { x = (x - mean[c]) / std[c] }
        return x
      }
    }
    for (n, image) in prepared.enumerated() {
      let base = n * 3 * plane
      image.pixels.withUnsafeBufferPointer { p in
        for i in 0..<plane {
          values[base + i] = table[0][Int(p[3 * i])]
          values[base + plane + i] = table[1][Int(p[3 * i + 1])]
          values[base + 2 * plane + i] = table[2][Int(p[3 * i + 2])]
        }
      }
    }
    return Tensor(values, shape: [prepared.count, 3, h, w])
  }

  /// Two processors are equal when every setting is.
  public static func == (a: CLIPImageProcessor, b: CLIPImageProcessor) -> Bool {
    a.resizes == b.resizes && a.size == b.size && a.filter == b.filter && a.centerCrops == b.centerCrops
      && a.cropSize == b.cropSize && a.rescales == b.rescales && a.rescaleFactor == b.rescaleFactor
      && a.normalizes == b.normalizes && a.mean == b.mean && a.std == b.std
  }

  /// `size`: an integer (shortest edge), `{"shortest_edge": n}` or `{"height": h, "width": w}`.
  static func resizeTarget(_ raw: Any, path: String) throws(ImageEncoderError) -> ResizeTarget {
    if let n = raw as? Int {
      guard n > 0 else { throw .invalidConfiguration(path: path, reason: "size must be positive, got \(n)") }
      return .shortestEdge(n)
    }
    if let object = raw as? [String: Any] {
      let keys = Set(object.filter { !($0.value is NSNull) }.keys)
      if keys == ["shortest_edge"], let n = object["shortest_edge"] as? Int, n > 0 { return .shortestEdge(n) }
      if keys == ["height", "width"], let h = object["height"] as? Int, let w = object["width"] as? Int, h > 0, w > 0 {
        return .exact(height: h, width: w)
      }
    }
    throw .invalidConfiguration(
      path: path, reason: "size is \(raw); SSR reads a positive integer, {\"shortest_edge\": n} or {\"height\": h, \"width\": w}")
  }

  /// `crop_size`: an integer (square) or `{"height": h, "width": w}`.
  static func cropSize(_ raw: Any, path: String) throws(ImageEncoderError) -> (height: Int, width: Int) {
    if let n = raw as? Int, n > 0 { return (n, n) }
    if let object = raw as? [String: Any], let h = object["height"] as? Int, let w = object["width"] as? Int, h > 0, w > 0 {
      return (h, w)
    }
    throw .invalidConfiguration(path: path, reason: "crop_size is \(raw); SSR reads a positive integer or {\"height\": h, \"width\": w}")
  }

  /// Three channel statistics (a single number is repeated).
  static func channels(_ raw: Any, key: String, path: String) throws(ImageEncoderError) -> [Float] {
    if let n = raw as? NSNumber { return [Float](repeating: n.floatValue, count: 3) }
    if let list = raw as? [NSNumber], list.count == 3 { return list.map(\.floatValue) }
    throw .invalidConfiguration(path: path, reason: "\(key) must be three numbers (one per RGB channel), got \(raw)")
  }
}

/// Reads a JSON object from `path`.
///
/// - Throws: ``ImageEncoderError/unreadableFile(path:reason:)``.
func readImageJSONObject(_ path: String) throws(ImageEncoderError) -> [String: Any] {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw .unreadableFile(path: path, reason: "the file cannot be opened")
  }
  guard let json = try? JSONSerialization.jsonObject(with: data), let object = json as? [String: Any] else {
    throw .unreadableFile(path: path, reason: "the file is not a JSON object")
  }
  return object
}
