import Foundation
import SSRTensor
import SSRTestSupport
import Testing
@testable import SSRMultimodal

/// The tiny randomly initialised CLIP vision model of bench/make_tiny_clip_fixture.py against
/// the outputs `transformers` computed for it.
@Suite("CLIP vision model on the tiny fixture")
struct CLIPFixtureTests {
  let expected: TinyCLIP.Expected

  init() throws {
    expected = try TinyCLIP.expected()
  }

  @Test("From transformers' pixel values, the class state and image embeddings match within 1e-4")
  func modelMatchesTransformers() throws {
    let encoder = try ImageEncoder(directory: TinyCLIP.directory)
    #expect(encoder.dimension == 24 && encoder.model.configuration.positionCount == 17)
    let pixels = pixelValues(levels: expected.pixel_levels_hwc, side: 32)
    let hidden = withoutGrad { encoder.model.hiddenStates(pixels) }
    #expect(hidden.shape == [expected.images.count, 17, 32])
    let cls = hidden.sliced(axis: 1, 0, 1).scalars
    expectClose(cls, expected.class_token_state.flatMap { $0 }, tolerance: 1e-4, "class token state")
    let embeddings = encoder.encode(pixels: pixels)
    #expect(embeddings.shape == [expected.images.count, 24])
    expectClose(embeddings.scalars, expected.image_embeds.flatMap { $0 }, tolerance: 1e-4, "image_embeds")
  }

  @Test("From the image files, preprocessing at 32 matches and the embeddings are within 1e-4")
  func filesMatchTransformers() throws {
    let encoder = try ImageEncoder(directory: TinyCLIP.directory, batchSize: 4)
    let paths = expected.images.map { TinyCLIP.images + "/" + $0 }
    for (i, path) in paths.enumerated() {
      let crop = encoder.processor.resizedAndCropped(try RGBImage(contentsOf: path))
      let difference = maxDifference(crop.pixels, expected.pixel_levels_hwc[i].map { UInt8($0) })
      #expect(difference <= 1, "\(path): 32 × 32 crop up to \(difference) levels from transformers")
    }
    let embeddings = try encoder.encode(files: paths)
    expectClose(embeddings.scalars, expected.image_embeds.flatMap { $0 }, tolerance: 1e-4, "image_embeds from files")
    // One file at a time, and in reverse order, give the same rows.
    expectClose(try encoder.encode(file: paths[2]).scalars, expected.image_embeds[2], tolerance: 1e-4, "single file")
    let reversed = try encoder.encode(files: paths.reversed())
    for i in 0..<paths.count {
      expectClose(
        reversed.sliced(axis: 0, paths.count - 1 - i, paths.count - i).scalars, expected.image_embeds[i], tolerance: 1e-4, "reversed \(i)")
    }
    #expect(try encoder.encode(files: []).shape == [0, 24])
  }

  @Test("Normalised embeddings have unit length; decoded images encode like their files")
  func normalizedAndImages() throws {
    let encoder = try ImageEncoder(directory: TinyCLIP.directory, normalize: true, batchSize: 2)
    let images = try expected.images.map { try RGBImage(contentsOf: TinyCLIP.images + "/" + $0) }
    let vectors = try encoder.encode(images: images)
    for i in 0..<images.count {
      let row = vectors.sliced(axis: 0, i, i + 1)
      #expect(abs(row.square().sum().item.squareRoot() - 1) < 1e-5)
      let reference = expected.image_embeds[i]
      let norm = reference.reduce(0) { $0 + $1 * $1 }.squareRoot()
      expectClose(row.scalars, reference.map { $0 / norm }, tolerance: 1e-4, "normalised \(i)")
    }
  }

  @Test("Parameters keep Hugging Face's names: every tensor of the checkpoint is used")
  func parameterNames() throws {
    let encoder = try ImageEncoder(directory: TinyCLIP.directory)
    let (tensors, _, _) = try SafeTensors.readConvertingFloats(from: TinyCLIP.directory + "/model.safetensors")
    #expect(Set(encoder.model.namedParameters().map(\.name)) == Set(tensors.keys))
  }
}

/// Directories that cannot be loaded give typed errors that name the file and say what to do.
@Suite("image encoder loading errors")
struct ImageEncoderLoadingTests {
  /// The error `ImageEncoder(directory:)` throws for `dir`, or nil.
  func loadError(_ dir: String) -> ImageEncoderError? {
    do {
      _ = try ImageEncoder(directory: dir)
      return nil
    } catch {
      return error
    }
  }

  /// Copies the tiny CLIP's files into `directory`.
  func copyTinyCLIP(to directory: String, files: [String] = ["config.json", "model.safetensors", "preprocessor_config.json"]) throws {
    for name in files {
      try FileManager.default.copyItem(atPath: TinyCLIP.directory + "/" + name, toPath: directory + "/" + name)
    }
  }

  @Test("A missing directory, config or weights file is named, with a hint for pytorch_model.bin")
  func missingFiles() throws {
    #expect(loadError("/nonexistent/clip")?.description.contains("openai/clip-vit-base-patch32") == true)
    try withTemporaryDirectory { dir in
      try copyTinyCLIP(to: dir, files: ["model.safetensors"])
      #expect(loadError(dir) == .missingFile(path: dir + "/config.json", hint: "a Hugging Face CLIP directory holds config.json next to model.safetensors"))
    }
    try withTemporaryDirectory { dir in
      try copyTinyCLIP(to: dir, files: ["config.json"])
      try Data([0]).write(to: URL(fileURLWithPath: dir + "/pytorch_model.bin"))
      let message = loadError(dir)?.description ?? ""
      #expect(message.contains("model.safetensors") && message.contains("safe_serialization=True"))
    }
  }

  @Test("Without preprocessor_config.json, CLIP's defaults at the model's image size are used")
  func defaultPreprocessing() throws {
    try withTemporaryDirectory { dir in
      try copyTinyCLIP(to: dir, files: ["config.json", "model.safetensors"])
      let encoder = try ImageEncoder(directory: dir)
      #expect(encoder.processor == CLIPImageProcessor(size: .shortestEdge(32), cropSize: (32, 32)))
    }
  }

  @Test("A full CLIP config.json is read through its vision_config")
  func fullCLIPConfig() throws {
    try withTemporaryDirectory { dir in
      try copyTinyCLIP(to: dir, files: ["model.safetensors", "preprocessor_config.json"])
      let vision = try String(contentsOfFile: TinyCLIP.directory + "/config.json", encoding: .utf8)
      try #"{"model_type": "clip", "projection_dim": 24, "text_config": {"hidden_size": 16}, "vision_config": "#
        .appending(vision).appending("}").write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
      let encoder = try ImageEncoder(directory: dir)
      let expected = try TinyCLIP.expected()
      let vectors = try encoder.encode(files: expected.images.map { TinyCLIP.images + "/" + $0 })
      expectClose(vectors.scalars, expected.image_embeds.flatMap { $0 }, tolerance: 1e-4, "full config")
    }
  }

  @Test("Wrong shapes, missing tensors, other models and mismatched preprocessing are refused")
  func invalidDirectories() throws {
    try withTemporaryDirectory { dir in
      try copyTinyCLIP(to: dir, files: ["config.json", "preprocessor_config.json"])
      var (tensors, _, _) = try SafeTensors.readConvertingFloats(from: TinyCLIP.directory + "/model.safetensors")
      tensors["visual_projection.weight"] = Tensor.zeros([23, 32])
      try SafeTensors.write(tensors, to: dir + "/model.safetensors")
      #expect(
        loadError(dir)
          == .shapeMismatch(name: "visual_projection.weight", expected: [24, 32], found: [23, 32], path: dir + "/model.safetensors"))
      tensors["visual_projection.weight"] = nil
      try SafeTensors.write(tensors, to: dir + "/model.safetensors")
      #expect(loadError(dir) == .missingTensor(name: "visual_projection.weight", path: dir + "/model.safetensors"))
    }
    let original = try String(contentsOfFile: TinyCLIP.directory + "/config.json", encoding: .utf8)
    for (from, to, message) in [
      ("\"model_type\": \"clip_vision_model\"", "\"model_type\": \"siglip_vision_model\"", "model_type is \"siglip_vision_model\""),
      ("\"hidden_act\": \"quick_gelu\"", "\"hidden_act\": \"relu\"", "hidden_act is \"relu\""),
      ("\"patch_size\": 8", "\"patch_size\": 7", "not a multiple of patch_size"),
      ("\"num_attention_heads\": 2", "\"num_attention_heads\": 3", "not divisible"),
    ] {
      #expect(original.contains(from))
      try withTemporaryDirectory { dir in
        try copyTinyCLIP(to: dir, files: ["model.safetensors", "preprocessor_config.json"])
        try original.replacingOccurrences(of: from, with: to).write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        let error = loadError(dir)
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
      }
    }
    try withTemporaryDirectory { dir in
      try copyTinyCLIP(to: dir, files: ["config.json", "model.safetensors"])
      try #"{"size": 224, "crop_size": 224}"#.write(toFile: dir + "/preprocessor_config.json", atomically: true, encoding: .utf8)
      #expect(loadError(dir)?.description.contains("produces 224 x 224 but the model reads 32 x 32") == true)
    }
    #expect(throws: ImageEncoderError.self) { try ImageEncoder(directory: TinyCLIP.directory, batchSize: 0) }
  }

  @Test("A damaged file among many is named in the error")
  func damagedFileInBatch() throws {
    let encoder = try ImageEncoder(directory: TinyCLIP.directory)
    try withTemporaryDirectory { dir in
      let good = TinyCLIP.images + "/landscape.jpg"
      let bad = dir + "/broken.jpg"
      try Data(contentsOf: URL(fileURLWithPath: good)).prefix(500).write(to: URL(fileURLWithPath: bad))
      do {
        _ = try encoder.encode(files: [good, bad])
        Issue.record("a truncated file was encoded")
      } catch let error as ImageEncoderError {
        guard case .corruptImage(let path, _) = error else {
          Issue.record("expected corruptImage, got \(error)")
          return
        }
        #expect(path == bad)
      }
      #expect(throws: ImageEncoderError.self) { try encoder.encode(file: dir + "/absent.png") }
    }
  }
}
