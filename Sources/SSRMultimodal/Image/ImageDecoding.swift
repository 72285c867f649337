import CImageCodecs
import Foundation

extension RGBImage {
  /// The largest image decoded, in pixels: Pillow's limit (twice its `MAX_IMAGE_PIXELS`), beyond
  /// which it refuses a file as a possible decompression bomb.
  public static let maximumPixelCount = 178_956_970

  /// Decodes the JPEG or PNG file at `path` (the format is recognised by the file's first bytes).
  ///
  /// The result is what `PIL.Image.open(path)` gives after `transformers`' `convert_to_rgb`:
  /// grayscale is replicated to three channels, palettes are expanded, CMYK JPEGs are converted
  /// as Pillow does, and transparency (an alpha channel or a PNG `tRNS` chunk) is composited onto
  /// white with Pillow's `alpha_composite` arithmetic. 16-bit PNG samples are reduced to their
  /// high byte (Pillow does so for colour images; for 16-bit grayscale it clips to 255 instead).
  /// The Exif orientation is not applied (neither does `Image.open`).
  ///
  /// - Throws: ``ImageEncoderError/missingFile(path:hint:)``, ``ImageEncoderError/unreadableFile(path:reason:)``,
  ///   ``ImageEncoderError/corruptImage(path:reason:)`` for damaged or truncated data, and
  ///   ``ImageEncoderError/unsupportedImage(path:reason:)`` for other formats or oversized images.
  public init(contentsOf path: String) throws(ImageEncoderError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .missingFile(path: path, hint: "no image file has this path; check the folder and the file name")
    }
    guard !isDirectory.boolValue else {
      throw .unreadableFile(path: path, reason: "it is a directory; name a JPEG or PNG file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadableFile(path: path, reason: "the file cannot be opened (check its permissions)")
    }
    try self.init(data: data, source: path)
  }

  /// Decodes JPEG or PNG bytes as ``init(contentsOf:)`` does; `source` names them in errors.
  ///
  /// - Throws: ``ImageEncoderError/corruptImage(path:reason:)`` or ``ImageEncoderError/unsupportedImage(path:reason:)``.
  public init(data: Data, source: String = "<image data>") throws(ImageEncoderError) {
    guard !data.isEmpty else { throw .corruptImage(path: source, reason: "the file is empty") }
    guard let format = ImageFormat.detect(data) else {
      if let other = ImageFormat.otherFormatName(data) {
        throw .unsupportedImage(path: source, reason: "it is a \(other) file")
      }
      throw .unsupportedImage(path: source, reason: "it is neither a JPEG nor a PNG file (its first bytes are not a known image signature)")
    }
    var image = ssr_image()
    var message = [CChar](repeating: 0, count: 512)
    let code: Int32 = data.withUnsafeBytes { raw in
      let bytes = raw.bindMemory(to: UInt8.self)
      switch format {
      case .jpeg:
        return ssr_decode_jpeg(bytes.baseAddress, bytes.count, RGBImage.maximumPixelCount, &image, &message, message.count)
      case .png:
        return ssr_decode_png(bytes.baseAddress, bytes.count, RGBImage.maximumPixelCount, &image, &message, message.count)
      }
    }
    defer { ssr_image_free(&image) }
    let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let name = format == .jpeg ? "JPEG" : "PNG"
    switch Int(code) {
    case Int(SSR_IMAGE_OK):
      break
    case Int(SSR_IMAGE_UNSUPPORTED), Int(SSR_IMAGE_TOO_LARGE):
      throw .unsupportedImage(path: source, reason: "\(name): \(reason)")
    default:
      throw .corruptImage(path: source, reason: "\(name) decoding failed: \(reason)")
    }
    let width = Int(image.width), height = Int(image.height), channels = Int(image.channels)
    let samples = UnsafeBufferPointer(start: image.pixels, count: width * height * channels)
    if channels == 4 {
      self.init(width: width, height: height, pixels: compositedOnWhite(rgba: samples))
    } else {
      self.init(width: width, height: height, pixels: Array(samples))
    }
  }
}
