import Foundation
import SSRTensor
import Testing
@testable import SSRMultimodal

/// Directories that cannot be loaded give typed errors that name the file and say what to do.
@Suite("text encoder loading errors")
struct LoadingErrorTests {
  /// The error `TextEncoder(directory:)` throws for `dir`, or nil.
  func loadError(_ dir: String, pooling: Pooling? = nil) -> TextEncoderError? {
    do {
      _ = try TextEncoder(directory: dir, pooling: pooling)
      return nil
    } catch {
      return error
    }
  }

  @Test("A missing vocabulary names vocab.txt")
  func missingVocabulary() throws {
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir, files: ["config.json", "model.safetensors"])
      guard case .missingFile(let path, let hint)? = loadError(dir) else {
        Issue.record("expected missingFile")
        return
      }
      #expect(path.hasSuffix("vocab.txt") && hint.contains("WordPiece vocabulary"))
    }
  }

  @Test("A missing directory, config or weights file is named, with a hint for pytorch_model.bin")
  func missingFiles() throws {
    #expect(loadError("/nonexistent/model")?.description.contains("name a Hugging Face model directory") == true)
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir, files: ["vocab.txt", "model.safetensors"])
      #expect(loadError(dir)?.description.contains("config.json") == true)
    }
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir, files: ["config.json", "vocab.txt"])
      try Data([0]).write(to: URL(fileURLWithPath: dir + "/pytorch_model.bin"))
      let message = loadError(dir)?.description ?? ""
      #expect(message.contains("model.safetensors") && message.contains("safe_serialization=True"))
    }
  }

  @Test("A tensor of the wrong shape is named with both shapes")
  func wrongShape() throws {
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir, files: ["config.json", "vocab.txt"])
      var (tensors, _) = try SafeTensors.read(from: TinyBert.directory + "/model.safetensors")
      tensors["encoder.layer.1.intermediate.dense.weight"] = Tensor.zeros([36, 32])
      try SafeTensors.write(tensors, to: dir + "/model.safetensors")
      #expect(
        loadError(dir)
          == .shapeMismatch(name: "encoder.layer.1.intermediate.dense.weight", expected: [37, 32], found: [36, 32], path: dir + "/model.safetensors"))
      tensors["encoder.layer.1.intermediate.dense.weight"] = nil
      try SafeTensors.write(tensors, to: dir + "/model.safetensors")
      #expect(loadError(dir) == .missingTensor(name: "encoder.layer.1.intermediate.dense.weight", path: dir + "/model.safetensors"))
    }
  }

  @Test("Another model type, activation or position embedding is unsupported, and says what runs")
  func unsupportedConfiguration() throws {
    let original = try String(contentsOfFile: TinyBert.directory + "/config.json", encoding: .utf8)
    let cases = [
      ("\"model_type\": \"bert\"", "\"model_type\": \"roberta\"", "model_type is \"roberta\""),
      ("\"hidden_act\": \"gelu\"", "\"hidden_act\": \"gelu_new\"", "hidden_act is \"gelu_new\""),
      ("\"model_type\": \"bert\",", "\"position_embedding_type\": \"relative_key\",", "no model_type"),
      ("\"num_attention_heads\": 2", "\"num_attention_heads\": 3", "not divisible"),
    ]
    for (from, to, message) in cases {
      #expect(original.contains(from))
      try withTemporaryDirectory { dir in
        try copyTinyBert(to: dir, files: ["vocab.txt", "model.safetensors"])
        try original.replacingOccurrences(of: from, with: to).write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        let error = loadError(dir)
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
      }
    }
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir, files: ["vocab.txt", "model.safetensors"])
      try original.replacingOccurrences(of: "\"model_type\": \"bert\"", with: "\"model_type\": \"roberta\"")
        .write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
      guard case .unsupportedModel(let path, let reason)? = loadError(dir) else {
        Issue.record("expected unsupportedModel")
        return
      }
      #expect(path == dir + "/config.json" && reason.contains("SSR's text encoder runs BERT models"))
    }
  }

  @Test("Unsupported sentence-transformers modules and pooling modes are refused")
  func unsupportedModules() throws {
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir)
      try #"[{"path":"","type":"sentence_transformers.models.Transformer"},{"path":"2_Dense","type":"sentence_transformers.models.Dense"}]"#
        .write(toFile: dir + "/modules.json", atomically: true, encoding: .utf8)
      #expect(loadError(dir)?.description.contains("sentence_transformers.models.Dense is not supported") == true)
    }
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir)
      try FileManager.default.createDirectory(atPath: dir + "/1_Pooling", withIntermediateDirectories: true)
      try #"{"pooling_mode_mean_sqrt_len_tokens": true}"#.write(toFile: dir + "/1_Pooling/config.json", atomically: true, encoding: .utf8)
      #expect(loadError(dir)?.description.contains("pooling_mode_mean_sqrt_len_tokens is not supported") == true)
    }
  }

  @Test("Pooler pooling without pooler weights, and lengths beyond the positions, are refused")
  func invalidArguments() throws {
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir, files: ["config.json", "vocab.txt"])
      var (tensors, _) = try SafeTensors.read(from: TinyBert.directory + "/model.safetensors")
      tensors["pooler.dense.weight"] = nil
      tensors["pooler.dense.bias"] = nil
      try SafeTensors.write(tensors, to: dir + "/model.safetensors")
      #expect(try TextEncoder(directory: dir).model.pooler == nil)
      #expect(loadError(dir, pooling: .pooler)?.description.contains("pooler.dense") == true)
    }
    #expect(throws: TextEncoderError.self) { try TextEncoder(directory: TinyBert.directory, maxLength: 65) }
    #expect(throws: TextEncoderError.self) { try TextEncoder(directory: TinyBert.directory, batchSize: 0) }
  }
}
