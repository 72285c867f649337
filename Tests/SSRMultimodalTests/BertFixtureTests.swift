import Foundation
import SSRTensor
import SSRTestSupport
import Testing
@testable import SSRMultimodal

/// The tiny randomly initialised BERT of bench/make_tiny_bert_fixture.py against the outputs
/// `transformers` computed for it.
@Suite("BERT encoder on the tiny fixture")
struct BertFixtureTests {
  let expected: TinyBert.Expected

  init() throws {
    expected = try TinyBert.expected()
  }

  @Test("Token ids, mask, last hidden states and pooler output match transformers within 1e-4")
  func matchesTransformers() throws {
    let encoder = try TextEncoder(directory: TinyBert.directory)
    let batch = encoder.tokenizer.batch(expected.sentences)
    #expect(batch.ids.scalars.map(Int.init) == expected.input_ids.flatMap { $0 })
    #expect(batch.attentionMask.scalars == expected.attention_mask.flatMap { $0 }.map(Float.init))
    let hidden = withoutGrad { encoder.model(batch) }
    #expect(hidden.shape == [expected.sentences.count, expected.input_ids[0].count, 32])
    expectClose(hidden.scalars, expected.last_hidden_state.flatMap { $0.flatMap { $0 } }, tolerance: 1e-4, "last_hidden_state")
    let pooled = try #require(withoutGrad { encoder.model.pooledOutput(hidden) })
    expectClose(pooled.scalars, expected.pooler_output.flatMap { $0 }, tolerance: 1e-4, "pooler_output")
  }

  @Test("Mean pooling excludes padding; normalisation gives sentence-transformers' vectors")
  func pooling() throws {
    let plain = try TextEncoder(directory: TinyBert.directory)
    #expect(plain.pooling == .mean && !plain.normalizes && plain.tokenizer.maxLength == 64)
    let vectors = try plain.encode(expected.sentences)
    #expect(vectors.shape == [expected.sentences.count, 32])
    expectClose(vectors.scalars, expected.mean_pooled.flatMap { $0 }, tolerance: 1e-4, "mean pooled")
    let normalized = try TextEncoder(directory: TinyBert.directory, normalize: true, batchSize: 2)
    let unit = try normalized.encode(expected.sentences)
    expectClose(unit.scalars, expected.mean_pooled_normalized.flatMap { $0 }, tolerance: 1e-4, "normalized")
    // Row i is text i whatever the order and batching.
    let reversed = try normalized.encode(expected.sentences.reversed())
    for i in 0..<expected.sentences.count {
      expectClose(
        reversed.sliced(axis: 0, expected.sentences.count - 1 - i, expected.sentences.count - i).scalars,
        expected.mean_pooled_normalized[i], tolerance: 1e-4, "reversed row \(i)")
    }
    #expect(try normalized.encode([]).shape == [0, 32])
  }

  @Test("CLS and pooler pooling read the first token")
  func clsPooling() throws {
    let cls = try TextEncoder(directory: TinyBert.directory, pooling: .cls)
    let vectors = try cls.encode(expected.sentences)
    expectClose(vectors.scalars, expected.last_hidden_state.flatMap { $0[0] }, tolerance: 1e-4, "cls")
    let pooler = try TextEncoder(directory: TinyBert.directory, pooling: .pooler)
    expectClose(try pooler.encode(expected.sentences).scalars, expected.pooler_output.flatMap { $0 }, tolerance: 1e-4, "pooler")
  }

  @Test("Task checkpoints: a bert. prefix and gamma/beta layer-norm names load the same model")
  func prefixedNames() throws {
    let configuration = try BertConfiguration(contentsOf: TinyBert.directory + "/config.json")
    let (tensors, _) = try SafeTensors.read(from: TinyBert.directory + "/model.safetensors")
    var renamed: [String: Tensor] = ["cls.predictions.bias": Tensor.zeros([283])]
    for (name, t) in tensors {
      let key = name.replacingOccurrences(of: "LayerNorm.weight", with: "LayerNorm.gamma")
        .replacingOccurrences(of: "LayerNorm.bias", with: "LayerNorm.beta")
      renamed["bert." + key] = t
    }
    let model = try BertModel(configuration: configuration, weights: renamed)
    let tokenizer = try BertTokenizer(vocabularyFile: TinyBert.vocabularyPath)
    let hidden = withoutGrad { model(tokenizer.batch(expected.sentences)) }
    expectClose(hidden.scalars, expected.last_hidden_state.flatMap { $0.flatMap { $0 } }, tolerance: 1e-4, "renamed")
    #expect(model.namedParameters().count == tensors.count)
    #expect(Set(model.namedParameters().map(\.name)) == Set(tensors.keys))
  }

  @Test("sentence-transformers layouts give the pooling, normalisation and length of their modules")
  func sentenceTransformersLayouts() throws {
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir)
      try #"[{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},"#
        .appending(#"{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},"#)
        .appending(#"{"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]"#)
        .write(toFile: dir + "/modules.json", atomically: true, encoding: .utf8)
      try FileManager.default.createDirectory(atPath: dir + "/1_Pooling", withIntermediateDirectories: true)
      try #"{"word_embedding_dimension": 32, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}"#
        .write(toFile: dir + "/1_Pooling/config.json", atomically: true, encoding: .utf8)
      try #"{"max_seq_length": 8, "do_lower_case": false}"#.write(toFile: dir + "/sentence_bert_config.json", atomically: true, encoding: .utf8)
      let encoder = try TextEncoder(directory: dir)
      #expect(encoder.pooling == .cls && encoder.normalizes && encoder.tokenizer.maxLength == 8)
      let vectors = try encoder.encode(["Toy Story (1995)"])
      let norm = vectors.square().sum().item.squareRoot()
      #expect(abs(norm - 1) < 1e-5)
    }
    try withTemporaryDirectory { dir in
      try copyTinyBert(to: dir + "/0_Transformer")
      try FileManager.default.createDirectory(atPath: dir + "/1_Pooling", withIntermediateDirectories: true)
      try FileManager.default.createDirectory(atPath: dir + "/2_Normalize", withIntermediateDirectories: true)
      try #"{"pooling_mode_mean_tokens": true}"#.write(toFile: dir + "/1_Pooling/config.json", atomically: true, encoding: .utf8)
      let layout = try TextEncoderDirectory(dir)
      #expect(layout.modelDirectory.hasSuffix("0_Transformer") && layout.pooling == .mean && layout.normalizes)
      let encoder = try TextEncoder(directory: dir)
      expectClose(try encoder.encode(expected.sentences).scalars, expected.mean_pooled_normalized.flatMap { $0 }, tolerance: 1e-4, "old layout")
    }
  }
}
