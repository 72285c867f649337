import Foundation
import SSRModels
import SSRTensor
import Testing

/// SASRec's and GRU4Rec's forward outputs against PyTorch, on tiny fixtures exported by
/// `bench/pytorch/export_fixture.py` (weights, inputs and outputs; see Fixtures/README.md).
@Suite("PyTorch fixtures")
struct TorchFixtureTests {
  static func fixture(_ name: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    return try SafeTensors.read(from: path)
  }

  static func batch(_ tensors: [String: Tensor]) throws -> SequenceBatch {
    let histories = try #require(tensors["input.histories"])
    let lengths = try #require(tensors["input.lengths"]).scalars.map { Int32($0) }
    return SequenceBatch(
      histories: IndexTensor(histories.scalars.map { Int32($0) }, shape: histories.shape), lengths: lengths,
      targets: IndexTensor([Int32](repeating: 1, count: lengths.count)))
  }

  static func config(_ metadata: [String: String]) throws -> ModelConfig {
    var config = ModelConfig(itemCount: try #require(Int(metadata["n_items"] ?? "")))
    config.embeddingSize = try #require(Int(metadata["dim"] ?? ""))
    config.maxLen = try #require(Int(metadata["max_len"] ?? ""))
    config.dropout = 0
    if let layers = metadata["n_layers"].flatMap(Int.init) { config.layers = layers }
    if let heads = metadata["n_heads"].flatMap(Int.init) { config.heads = heads }
    if let inner = metadata["inner"].flatMap(Int.init) { config.innerSize = inner }
    return config
  }

  static func check(_ model: some SequentialRecommender, _ tensors: [String: Tensor]) throws {
    let parameters = tensors.filter { name, _ in
      !["input.", "output.", "intermediate."].contains { name.hasPrefix($0) }
    }
    try model.load(parameters)
    model.eval()
    let input = try batch(tensors)
    let representation = model(input)
    let scores = model.scores(input)
    let expectedRepresentation = try #require(tensors["output.representation"])
    let expectedScores = try #require(tensors["output.scores"])
    #expect(representation.shape == expectedRepresentation.shape)
    let worstRepresentation = zip(representation.scalars, expectedRepresentation.scalars).map { abs($0 - $1) }.max() ?? 1
    let worstScores = zip(scores.scalars, expectedScores.scalars).map { abs($0 - $1) }.max() ?? 1
    #expect(worstRepresentation < 1e-4, "representation differs by \(worstRepresentation)")
    #expect(worstScores < 1e-4, "scores differ by \(worstScores)")
  }

  @Test("SASRec matches PyTorch to 1e-4")
  func sasrec() throws {
    let (tensors, metadata) = try Self.fixture("sasrec_tiny.safetensors")
    let model = SASRec(try Self.config(metadata))
    // The fixture uses PyTorch's LayerNorm eps of the reference, 1e-12, everywhere.
    try Self.check(model, tensors)
  }

  @Test("GRU4Rec matches PyTorch to 1e-4")
  func gru4rec() throws {
    let (tensors, metadata) = try Self.fixture("gru4rec_tiny.safetensors")
    try Self.check(GRU4Rec(try Self.config(metadata)), tensors)
  }
}
