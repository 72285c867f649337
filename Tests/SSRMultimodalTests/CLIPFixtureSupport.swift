import Foundation
import SSRTensor
@testable import SSRMultimodal

/// Paths and expected values of the CLIP fixtures (written by bench/make_tiny_clip_fixture.py).
enum TinyCLIP {
  /// `Tests/SSRMultimodalTests/Fixtures`.
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
  /// The tiny `CLIPVisionModelWithProjection` directory.
  static let directory = fixtures + "/tiny-clip"
  /// The test images.
  static let images = fixtures + "/clip-images"
  /// Tiny images of each decoder path, with `decoded.json`.
  static let small = images + "/small"

  /// What `transformers` computed for the test images with the tiny model.
  struct Expected: Decodable {
    let images: [String]
    /// Per image, the processor's 32 × 32 crop as 8-bit levels, rows, columns, RGB.
    let pixel_levels_hwc: [[Int]]
    let image_embeds: [[Float]]
    let class_token_state: [[Float]]
  }

  /// Reads `tiny-clip/expected.json`.
  static func expected() throws -> Expected {
    try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/expected.json")))
  }

  /// Pillow's decoding of one small image (after `transformers`' `convert_to_rgb`).
  struct Decoded: Decodable {
    let mode: String
    let width: Int
    let height: Int
    let rgb: [Int]
  }

  /// Reads `small/decoded.json`.
  static func decoded() throws -> [String: Decoded] {
    try JSONDecoder().decode([String: Decoded].self, from: Data(contentsOf: URL(fileURLWithPath: small + "/decoded.json")))
  }

  /// The names (without extension) and paths of the preprocessing test images.
  static func testImages() throws -> [(name: String, path: String)] {
    try FileManager.default.contentsOfDirectory(atPath: images).sorted()
      .filter { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }
      .map { (String($0.split(separator: ".")[0]), images + "/" + $0) }
  }
}

/// The pixel values `transformers` gives for 8-bit levels (`[count, H, W, 3]` flattened per image):
/// float32(float64(level) / 255), then (x − mean) / std in float32, channels first.
func pixelValues(levels: [[Int]], side: Int) -> Tensor {
  let mean = CLIPImageProcessor.clipMean, std = CLIPImageProcessor.clipStd, plane = side * side
  var values = [Float](repeating: 0, count: levels.count * 3 * plane)
  for (n, image) in levels.enumerated() {
    for i in 0..<plane {
      for c in 0..<3 {
        values[n * 3 * plane + c * plane + i] = (Float(Double(image[3 * i + c]) * (1.0 / 255)) - mean[c]) / std[c]
      }
    }
  }
  return Tensor(values, shape: [levels.count, 3, side, side])
}

/// The largest absolute difference between two equally long sequences of samples.
func maxDifference(_ a: [UInt8], _ b: [UInt8]) -> Int {
  precondition(a.count == b.count)
  return zip(a, b).map { abs(Int($0) - Int($1)) }.max() ?? 0
}
