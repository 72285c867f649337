/// An 8-bit RGB image: `width × height` pixels, rows top to bottom, three interleaved samples per
/// pixel (the layout of a PIL image in mode `"RGB"` turned into a NumPy array).
///
///     let image = try RGBImage(contentsOf: "covers/0001.jpg")
///     image.pixel(x: 0, y: 0)   // (r, g, b)
public struct RGBImage: Sendable, Equatable {
  /// Columns.
  public let width: Int
  /// Rows.
  public let height: Int
  /// `height * width * 3` samples, `[(y * width + x) * 3 + channel]`.
  public let pixels: [UInt8]

  /// An image from its samples.
  ///
  /// - Precondition: `width` and `height` are positive and `pixels.count == width * height * 3`.
  public init(width: Int, height: Int, pixels: [UInt8]) {
    precondition(width > 0 && height > 0, "an image needs at least one pixel, got \(width) x \(height)")
    precondition(pixels.count == width * height * 3, "\(width) x \(height) RGB needs \(width * height * 3) samples, got \(pixels.count)")
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// The red, green and blue samples of pixel (`x`, `y`).
  public func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
    let i = (y * width + x) * 3
    return (pixels[i], pixels[i + 1], pixels[i + 2])
  }

  /// The rows `top..<top + height` and columns `left..<left + width`; parts outside the image are
  /// black (as `transformers`' centre crop pads an image smaller than the crop with zeros).
  public func cropped(top: Int, left: Int, height: Int, width: Int) -> RGBImage {
    var result = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      let sourceY = top + y
      guard sourceY >= 0 && sourceY < self.height else { continue }
      for x in 0..<width {
        let sourceX = left + x
        guard sourceX >= 0 && sourceX < self.width else { continue }
        let s = (sourceY * self.width + sourceX) * 3, d = (y * width + x) * 3
        result[d] = pixels[s]
        result[d + 1] = pixels[s + 1]
        result[d + 2] = pixels[s + 2]
      }
    }
    return RGBImage(width: width, height: height, pixels: result)
  }
}
