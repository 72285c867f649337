import Foundation
import Testing
@testable import SSRMultimodal

/// JPEG and PNG decoding against Pillow (with `transformers`' `convert_to_rgb`), and the errors
/// of files that cannot be decoded.
@Suite("image decoding")
struct ImageDecodingTests {
  @Test("Every PNG variant and JPEG colour space decodes to Pillow's RGB exactly")
  func matchesPillow() throws {
    let decoded = try TinyCLIP.decoded()
    #expect(decoded.count == 19)
    for (name, reference) in decoded.sorted(by: { $0.key < $1.key }) {
      let image = try RGBImage(contentsOf: TinyCLIP.small + "/" + name)
      #expect(image.width == reference.width && image.height == reference.height, "\(name)")
      let difference = maxDifference(image.pixels, reference.rgb.map { UInt8($0) })
      #expect(difference == 0, "\(name) (Pillow mode \(reference.mode)) differs by up to \(difference) levels")
    }
  }

  @Test("The format is recognised by content, not by name")
  func formatDetection() throws {
    let png = try Data(contentsOf: URL(fileURLWithPath: TinyCLIP.small + "/rgb8.png"))
    #expect(ImageFormat.detect(png) == .png)
    #expect(ImageFormat.detect(try Data(contentsOf: URL(fileURLWithPath: TinyCLIP.small + "/gray.jpg"))) == .jpeg)
    let image = try RGBImage(data: png, source: "renamed.jpg")
    #expect(image.width == 7 && image.height == 5)
  }

  /// The error decoding `data` throws, or nil.
  func decodingError(_ data: Data) -> ImageEncoderError? {
    do {
      _ = try RGBImage(data: data, source: "test-image")
      return nil
    } catch {
      return error
    }
  }

  @Test("Truncated and damaged JPEGs are corrupt images, not crashes")
  func corruptJPEG() throws {
    let jpeg = try Data(contentsOf: URL(fileURLWithPath: TinyCLIP.images + "/landscape.jpg"))
    for cut in [3, 20, 200, jpeg.count / 2, jpeg.count - 2] {
      guard case .corruptImage(let path, let reason)? = decodingError(jpeg.prefix(cut)) else {
        Issue.record("a JPEG cut at \(cut) of \(jpeg.count) bytes was not reported as corrupt")
        continue
      }
      #expect(path == "test-image" && reason.contains("JPEG"), "\(reason)")
    }
    var damaged = jpeg
    damaged.replaceSubrange(2..<40, with: [UInt8](repeating: 0x55, count: 38))
    #expect(decodingError(damaged) != nil)
    var badMarker = jpeg.prefix(4)
    badMarker.append(contentsOf: [UInt8](repeating: 0xFF, count: 64))
    #expect(decodingError(badMarker) != nil)
  }

  @Test("Truncated PNGs and PNGs with a bad checksum are corrupt images")
  func corruptPNG() throws {
    let png = try Data(contentsOf: URL(fileURLWithPath: TinyCLIP.images + "/rgba.png"))
    for cut in [8, 20, 40, png.count / 2, png.count - 20] {
      guard case .corruptImage(_, let reason)? = decodingError(png.prefix(cut)) else {
        Issue.record("a PNG cut at \(cut) of \(png.count) bytes was not reported as corrupt")
        continue
      }
      #expect(reason.contains("PNG"))
    }
    var flipped = png
    flipped[png.count / 2] ^= 0xFF  // inside IDAT: the CRC no longer matches
    let error = decodingError(flipped)
    #expect(error?.description.contains("damaged") == true, "\(String(describing: error))")
  }

  @Test("Empty files, other formats and non-images are refused with the format named")
  func unsupported() {
    #expect(decodingError(Data()) == .corruptImage(path: "test-image", reason: "the file is empty"))
    let gif = Data("GIF89a".utf8) + Data(count: 20)
    guard case .unsupportedImage(_, let reason)? = decodingError(gif) else {
      Issue.record("a GIF was not refused as unsupported")
      return
    }
    #expect(reason.contains("GIF"))
    let webp = Data("RIFF".utf8) + Data([0, 0, 0, 0]) + Data("WEBPVP8 ".utf8)
    #expect(decodingError(webp)?.description.contains("WebP") == true)
    #expect(decodingError(Data("hello, world".utf8))?.description.contains("neither a JPEG nor a PNG") == true)
  }

  @Test("A missing file or a directory is named with a hint")
  func missingFile() throws {
    #expect(throws: ImageEncoderError.missingFile(
      path: "/nonexistent/cover.jpg", hint: "no image file has this path; check the folder and the file name")) {
      try RGBImage(contentsOf: "/nonexistent/cover.jpg")
    }
    #expect(throws: ImageEncoderError.self) { try RGBImage(contentsOf: TinyCLIP.small) }
  }
}
