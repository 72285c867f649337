import Foundation
import SSRTensor
import SSRTestSupport
import Testing
@testable import SSRMultimodal

/// CLIP preprocessing against `CLIPImageProcessorPil` with clip-vit-base-patch32's settings.
@Suite("CLIP preprocessing")
struct CLIPPreprocessingTests {
  @Test("The 224 × 224 inputs of the test images are within one level (1/255) of CLIPImageProcessor's")
  func matchesTransformersAt224() throws {
    let processor = CLIPImageProcessor()
    let images = try TinyCLIP.testImages()
    #expect(images.count == 7)
    var worst = 0
    for (name, path) in images {
      let ours = processor.resizedAndCropped(try RGBImage(contentsOf: path))
      let reference = try RGBImage(contentsOf: TinyCLIP.images + "/expected-224/\(name).png")
      #expect(ours.width == 224 && ours.height == 224)
      let difference = maxDifference(ours.pixels, reference.pixels)
      #expect(difference <= 1, "\(name): up to \(difference) levels from CLIPImageProcessor")
      worst = max(worst, difference)
    }
    // The pixel values are the levels rescaled and normalised as transformers does.
    let (_, path) = images[0]
    let image = try RGBImage(contentsOf: path)
    let levels = processor.resizedAndCropped(image).pixels.map(Int.init)
    expectClose(processor.pixelValues([image]).scalars, pixelValues(levels: [levels], side: 224).scalars, tolerance: 1e-6, "normalised")
  }

  @Test("Resizing keeps the aspect ratio with the shortest side at the target (truncated)")
  func resizedSize() {
    let processor = CLIPImageProcessor()
    #expect(processor.resizedSize(height: 240, width: 320) == (224, 298))
    #expect(processor.resizedSize(height: 260, width: 150) == (388, 224))
    #expect(processor.resizedSize(height: 100, width: 100) == (224, 224))
    #expect(CLIPImageProcessor(size: .exact(height: 10, width: 20)).resizedSize(height: 5, width: 5) == (10, 20))
  }

  @Test("Resampling an image to its own size changes nothing; a constant image stays constant")
  func resamplingInvariants() {
    let pixels = (0..<(9 * 7 * 3)).map { UInt8(($0 * 37) % 256) }
    let image = RGBImage(width: 9, height: 7, pixels: pixels)
    #expect(image.resized(width: 9, height: 7) == image)
    let flat = RGBImage(width: 13, height: 11, pixels: [UInt8](repeating: 200, count: 13 * 11 * 3))
    for filter in ResamplingFilter.allCases {
      for (w, h) in [(5, 4), (40, 30), (13, 3), (2, 11)] {
        #expect(flat.resized(width: w, height: h, filter: filter).pixels.allSatisfy { $0 == 200 }, "\(filter) \(w)x\(h)")
      }
    }
  }

  @Test("A crop larger than the image pads with black, centred as transformers does")
  func paddedCrop() {
    let image = RGBImage(width: 2, height: 1, pixels: [10, 20, 30, 40, 50, 60])
    var processor = CLIPImageProcessor(cropSize: (3, 4))
    processor.resizes = false
    let cropped = processor.resizedAndCropped(image)
    #expect(cropped.width == 4 && cropped.height == 3)
    // top = floor((1 − 3) / 2) = −1, left = floor((2 − 4) / 2) = −1.
    #expect(cropped.pixel(x: 1, y: 1) == (10, 20, 30) && cropped.pixel(x: 2, y: 1) == (40, 50, 60))
    #expect(cropped.pixel(x: 0, y: 0) == (0, 0, 0) && cropped.pixel(x: 3, y: 2) == (0, 0, 0))
  }

  @Test("preprocessor_config.json is read in its old and new forms; bad values are refused")
  func configuration() throws {
    let tiny = try CLIPImageProcessor(contentsOf: TinyCLIP.directory + "/preprocessor_config.json")
    #expect(tiny.size == .shortestEdge(32) && tiny.cropSize == (32, 32) && tiny.filter == .bicubic)
    #expect(tiny.mean == CLIPImageProcessor.clipMean && tiny.std == CLIPImageProcessor.clipStd)
    try withTemporaryDirectory { dir in
      let path = dir + "/preprocessor_config.json"
      // clip-vit-base-patch32's file (transformers 4 era): integer size and crop_size.
      try #"{"crop_size": 224, "do_center_crop": true, "do_normalize": true, "do_resize": true, "feature_extractor_type": "CLIPFeatureExtractor", "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3, "size": 224}"#
        .write(toFile: path, atomically: true, encoding: .utf8)
      #expect(try CLIPImageProcessor(contentsOf: path) == CLIPImageProcessor())
      try #"{"size": {"height": 30, "width": 40}, "do_center_crop": false, "resample": 2}"#.write(toFile: path, atomically: true, encoding: .utf8)
      let exact = try CLIPImageProcessor(contentsOf: path)
      #expect(exact.size == .exact(height: 30, width: 40) && exact.filter == .bilinear && exact.outputSize! == (30, 40))
      for (text, message) in [
        (#"{"resample": 0}"#, "resample is 0"), (#"{"size": {"longest_edge": 5}}"#, "size is"),
        (#"{"image_std": [1, 0, 1]}"#, "zero"), (#"{"image_mean": [1, 2]}"#, "three numbers"), ("[1]", "not a JSON object"),
      ] {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do {
          _ = try CLIPImageProcessor(contentsOf: path)
          Issue.record("\(text) was accepted")
        } catch {
          #expect("\(error)".contains(message), "\(error)")
        }
      }
    }
  }
}

/// Larger generated images, when `SSR_CLIP_LARGE_DIR` names a folder written by
/// `bench/make_tiny_clip_fixture.py --large DIR` (JPEG and PNG up to 3000 pixels a side, with
/// CLIPImageProcessor's 224 crops).
@Suite("CLIP preprocessing on larger images", .enabled(if: ProcessInfo.processInfo.environment["SSR_CLIP_LARGE_DIR"] != nil))
struct LargeImagePreprocessingTests {
  @Test("Larger images are within one level of CLIPImageProcessor's")
  func matchesTransformers() throws {
    let directory = try #require(ProcessInfo.processInfo.environment["SSR_CLIP_LARGE_DIR"])
    let names = try JSONDecoder().decode([String].self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/images.json")))
    #expect(!names.isEmpty)
    let processor = CLIPImageProcessor()
    for name in names {
      let ours = processor.resizedAndCropped(try RGBImage(contentsOf: directory + "/" + name))
      let stem = String(name.split(separator: ".")[0])
      let reference = try RGBImage(contentsOf: directory + "/expected-224/\(stem).png")
      let difference = maxDifference(ours.pixels, reference.pixels)
      #expect(difference <= 1, "\(name): up to \(difference) levels from CLIPImageProcessor")
    }
  }
}
