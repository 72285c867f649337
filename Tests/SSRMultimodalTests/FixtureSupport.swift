import Foundation
import SSRTensor

/// Paths and expected values of the tiny BERT fixture (written by bench/make_tiny_bert_fixture.py).
enum TinyBert {
  /// `Tests/SSRMultimodalTests/Fixtures/tiny-bert`.
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tiny-bert").path

  /// The fixture's `vocab.txt`.
  static var vocabularyPath: String { directory + "/vocab.txt" }

  /// What `transformers` computed for the fixture sentences.
  struct Expected: Decodable {
    let sentences: [String]
    let input_ids: [[Int]]
    let attention_mask: [[Int]]
    let last_hidden_state: [[[Float]]]
    let pooler_output: [[Float]]
    let mean_pooled: [[Float]]
    let mean_pooled_normalized: [[Float]]
  }

  /// Reads `expected.json`.
  static func expected() throws -> Expected {
    try JSONDecoder().decode(Expected.self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/expected.json")))
  }
}

/// A fresh temporary directory, removed after `body`.
func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-mm-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  return try body(dir.path)
}

/// Copies the fixture's files into `directory` (optionally under a subfolder).
func copyTinyBert(to directory: String, files: [String] = ["config.json", "vocab.txt", "model.safetensors"]) throws {
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  for name in files {
    try FileManager.default.copyItem(atPath: TinyBert.directory + "/" + name, toPath: directory + "/" + name)
  }
}
