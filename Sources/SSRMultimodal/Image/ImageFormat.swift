/// The container format of an image file, recognised by its first bytes (not its name).
public enum ImageFormat: String, Sendable, CaseIterable {
  /// JPEG (JFIF or Exif), starting with `FF D8 FF`.
  case jpeg
  /// PNG, starting with its 8-byte signature.
  case png

  /// The format of data starting with `bytes`, if SSR decodes it.
  public static func detect(_ bytes: some Collection<UInt8>) -> ImageFormat? {
    let head = Array(bytes.prefix(8))
    if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
    if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
    return nil
  }

  /// The name of a format SSR recognises but does not decode (GIF, WebP, BMP, TIFF, HEIF/AVIF), for messages.
  static func otherFormatName(_ bytes: some Collection<UInt8>) -> String? {
    let head = Array(bytes.prefix(12))
    func ascii(_ range: Range<Int>) -> String? {
      guard head.count >= range.upperBound else { return nil }
      return String(decoding: head[range], as: UTF8.self)
    }
    if ascii(0..<4) == "GIF8" { return "GIF" }
    if ascii(0..<4) == "RIFF" && ascii(8..<12) == "WEBP" { return "WebP" }
    if ascii(0..<2) == "BM" { return "BMP" }
    if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
    if ascii(4..<8) == "ftyp" { return "HEIF/AVIF" }
    return nil
  }
}
