import Foundation
import SSRData
import SSRDevice
import SSREval
import SSRModels
import SSRTensor
import Testing

/// A small model of every kind, its export, and the runtime built from the exported files.
private func exported(_ name: String, precision: ExportPrecision = .float32) throws -> (Checkpoint, DeviceRuntime, String) {
  var config = ModelConfig(itemCount: 60)
  config.maxLen = 8
  config.embeddingSize = 16
  config.innerSize = 32
  config.seed = 7
  let spec = try ModelRegistry.standard.resolve(name)
  let context = ModelContext(config: config, spiking: SpikingConfig(timeSteps: 4, tau: 2, threshold: 0.5))
  let model = spec.make(context)
  let identity = DatasetIdentityFixture.identity(items: 60, maxLen: 8)
  let checkpoint = Checkpoint(
    model: model, spec: spec,
    description: CheckpointDescription(model: spec.name, config: config, spiking: context.spiking, dataset: identity, training: nil))
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-device-\(name)-\(UUID().uuidString)").path
  try checkpoint.export(to: directory, precision: precision)
  return (checkpoint, try DeviceRuntime(directory: directory), directory)
}

/// Histories of several lengths, some longer than the window.
private let histories: [[Int32]] = [[5], [3, 17, 42], [1, 2, 3, 4, 5, 6, 7, 8], [60, 59, 12, 12, 33, 8, 21, 40, 9, 14, 50], [31, 7]]

/// The training stack's best k for one history: the model's scores with the padding column left out.
private func referenceTopK(_ model: any SequentialRecommender, history: [Int32], maxLen: Int, k: Int) -> [Int32] {
  let window = Array(history.suffix(maxLen))
  let padded = window + [Int32](repeating: 0, count: maxLen - window.count)
  let batch = SequenceBatch(histories: IndexTensor(padded, shape: [1, maxLen]), lengths: [Int32(window.count)], targets: IndexTensor([Int32(1)]))
  model.eval()
  let scores = withoutGrad { model.scores(batch) }
  return scores.topK(k + 1).indices.scalars.filter { $0 != 0 }.prefix(k).map { $0 }
}

@Suite struct RuntimeTests {
  @Test(arguments: DeviceModels.names)
  func topTenEqualsTheTrainingStack(name: String) throws {
    let (checkpoint, runtime, directory) = try exported(name)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for history in histories {
      let device = try runtime.recommend(history: history, k: 10).map(\.item)
      let reference = referenceTopK(checkpoint.model, history: history, maxLen: 8, k: 10)
      #expect(device == reference, "\(name), history \(history)")
    }
    #expect(runtime.isPreallocated == DeviceModels.preallocated.contains(name))
  }

  @Test func theSpikingGRUCountsItsSpikes() throws {
    let (_, runtime, directory) = try exported("sgru4rec")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    _ = try runtime.recommend(history: [3, 17, 42], k: 5)
    let counts = runtime.lastSpikeCounts
    #expect(Set(counts.keys) == ["input_lif", "sgru.r", "sgru.z", "sgru.n", "sgru.h_prev", "sgru.r_h_prev", "sgru.h_last"])
    #expect(counts["input_lif"]?.steps == Double(3 * 16 * 4))
    #expect((counts["input_lif"]?.spikes ?? 0) > 0, "the input neurons never fire: the test would not exercise the gates")
  }

  @Test func theDeviceTableBuildsWhatTheRegistryBuilds() throws {
    let config = ModelConfig(itemCount: 10)
    #expect(Set(DeviceModels.names) == Set(ModelRegistry.standard.specs.filter(\.isTrainable).map(\.name)))
    for name in DeviceModels.names {
      let spec = try ModelRegistry.standard.resolve(name)
      let fromRegistry = spec.make(ModelContext(config: config))
      let fromDevice = try #require(DeviceModels.make(name, config: config, spiking: .defaults))
      #expect(fromDevice.name == fromRegistry.name)
      #expect(fromDevice.stateDictionary().mapValues(\.shape) == fromRegistry.stateDictionary().mapValues(\.shape))
    }
  }

  @Test func halfPrecisionWeightsAreTheRoundedWeights() throws {
    let (checkpoint, runtime, directory) = try exported("gru4rec", precision: .float16)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let (config, tensors) = try ModelExport.read(from: directory)
    #expect(config.dtype == "F16")
    let original = checkpoint.model.stateDictionary()
    for (name, tensor) in tensors {
      let expected = try #require(original[name]).scalars.map { Float(Float16($0)) }
      #expect(tensor.scalars == expected, "\(name)")
    }
    let items = try runtime.recommend(history: [3, 17, 42], k: 10)
    #expect(items.count == 10)
    let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/model.safetensors")
    let parameters = original.values.reduce(0) { $0 + $1.count }
    #expect((attributes[.size] as? Int ?? 0) < 2 * parameters + 1024)
  }

  @Test func theConfigSaysWhatTheModelIs() throws {
    let (_, runtime, directory) = try exported("sasrec")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let config = runtime.config
    #expect(config.model == "sasrec" && config.itemCount == 60 && config.maxLen == 8 && config.dtype == "F32")
    #expect(config.dataset == "fixture" && config.datasetFingerprint == String(repeating: "ab", count: 32))
    #expect(config.parameters == (try runtimeParameters(of: "sasrec")))
  }

  @Test func badHistoriesAreRefusedWithAReason() throws {
    let (_, runtime, directory) = try exported("gru4rec")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(throws: DeviceError.invalidHistory("the history is empty; give at least one item id (1…60)")) {
      try runtime.recommend(history: [])
    }
    #expect(throws: DeviceError.invalidHistory("history[1] = 61 is not an item id; ids are 1…60")) {
      try runtime.recommend(history: [3, 61])
    }
    #expect(throws: DeviceError.invalidHistory("k = 0 must be 1…60")) { try runtime.recommend(history: [3], k: 0) }
  }

  @Test func aMissingOrForeignExportIsRefused() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-device-missing-\(UUID().uuidString)").path
    #expect(throws: DeviceError.self) { try DeviceRuntime(directory: directory) }
    let (_, _, exportedDirectory) = try exported("gru4rec")
    defer { try? FileManager.default.removeItem(atPath: exportedDirectory) }
    var config = try ModelExport.read(from: exportedDirectory).config
    config.model = "popularity"
    #expect(throws: DeviceError.unsupportedModel(name: "popularity", supported: DeviceModels.names)) {
      try DeviceRuntime(config: config, tensors: [:])
    }
  }
}

/// The number of parameters of the test's SASRec, counted from a fresh model.
private func runtimeParameters(of name: String) throws -> Int {
  var config = ModelConfig(itemCount: 60)
  config.maxLen = 8
  config.embeddingSize = 16
  config.innerSize = 32
  return try ModelRegistry.standard.resolve(name).make(ModelContext(config: config)).stateDictionary().values.reduce(0) { $0 + $1.count }
}

/// A dataset identity for exports of models that were not trained on a real dataset.
enum DatasetIdentityFixture {
  static func identity(items: Int, maxLen: Int) -> DatasetIdentity {
    let json = """
      {"name": "fixture", "users": 10, "items": \(items), "interactions": 100, "maxLen": \(maxLen),
       "split": "timeRatio(test: 0.2, valid: 0.1)", "fingerprint": "\(String(repeating: "ab", count: 32))"}
      """
    return try! JSONDecoder().decode(DatasetIdentity.self, from: Data(json.utf8))
  }
}

@Suite struct DeviceEnergyTests {
  /// On a full window (no padding), the runtime's firing rates are the training stack's, so the
  /// energy estimate per request is the energy accounting's (SCaser's and SRSGNN's binary tensors
  /// that no neuron outputs counted by their accounting on the runtime's model).
  @Test(arguments: ["sgru4rec", "sfsrec", "sfmlp", "scaser", "srsgnn"])
  func firingRatesEqualTheTrainingStacks(name: String) throws {
    let (checkpoint, runtime, directory) = try exported(name)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let history: [Int32] = [5, 17, 42, 8, 33, 60, 2, 19]
    _ = try runtime.recommend(history: history, k: 10)
    let spec = try ModelRegistry.standard.resolve(name)
    let accounting = try #require(spec.energy)
    runtime.countUnrecordedSpikes { model, batch in
      accounting.unrecordedSpikes(model, batch).mapValues { SpikeCount(spikes: $0.spikes, steps: $0.count) }
    }
    var reference = FiringRates()
    checkpoint.model.eval()
    let batch = SequenceBatch(histories: IndexTensor(history, shape: [1, 8]), lengths: [8], targets: IndexTensor([Int32(1)]))
    reference.record(checkpoint.model, on: batch, accounting: spec.energy)
    let device = FiringRates(tallies: runtime.lastSpikeCounts.mapValues { SpikeTally(spikes: $0.spikes, count: $0.steps) }, samples: 1)
    let table = try #require(spec.energy).table(checkpoint.context)
    let expected = try EnergyReport(table: table, rates: reference)
    let measured = try EnergyReport(table: table, rates: device)
    #expect(abs(measured.energy() - expected.energy()) <= 1e-9 * expected.energy(), "\(name)")
    for (neuron, rate) in reference.rates where device.rate(neuron) != nil {
      #expect(abs((device.rate(neuron) ?? -1) - rate) < 1e-12, "\(name) \(neuron)")
    }
  }
}
