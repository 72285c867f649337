import Foundation
import SSRDevice
import SSRModels
import SSRServer
import SSRTensor

/// A data directory with 40 items, 8-wide features and a small exported GRU4Rec called `gru`.
struct ServerFixture {
  static let itemCount = 40
  static let featureWidth = 8
  let directory: String
  let export: String
  let features: [Float]
  let database: ItemDatabase

  init() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-serve-\(UUID().uuidString)").path
    var config = ModelConfig(itemCount: Self.itemCount)
    config.maxLen = 6
    config.embeddingSize = 8
    let model = GRU4Rec(config)
    let tensors = model.stateDictionary()
    export = root + "/exports/gru"
    let exported = ExportedModelConfig(
      tool: "test", model: "gru4rec", config: config, spiking: .defaults, dataset: "fixture", datasetFingerprint: "00",
      split: "timeRatio(test: 0.2, valid: 0.1)", precision: .float32, tensors: tensors.count,
      parameters: tensors.values.reduce(0) { $0 + $1.count })
    try ModelExport.write(tensors, config: exported, precision: .float32, to: export)
    features = (0..<(Self.itemCount * Self.featureWidth)).map { Float($0) / 8 }
    let featuresPath = root + "/features.safetensors"
    try ModelExport.encode(["features": Tensor(features, shape: [Self.itemCount, Self.featureWidth])], metadata: [:], precision: .float32)
      .write(to: URL(fileURLWithPath: featuresPath))
    let items = (1...Self.itemCount).map { ItemRecord(id: $0, rawID: "m\($0 * 10)", title: "Movie \($0) (1999)", genres: ["Drama"]) }
    directory = root + "/data"
    database = try DatabaseBuilder.build(directory: directory, items: items, dataset: "fixture", exports: [export], featuresFile: featuresPath)
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: directory).deletingLastPathComponent().path)
  }
}
