import Foundation
import SSRCore
import SSRData
import SSRModels
import SSRTensor
import Testing

@testable import SSREval

/// Checkpoints: the file alone rebuilds the model, its configuration and its training record.
@Suite("Checkpoints")
struct CheckpointTests {
  func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ssr-checkpoint-\(UUID()).safetensors").path
  }

  @Test("Write then read: same weights, configuration, spiking settings, dataset identity and training record")
  func roundTrip() throws {
    let split = try energySplit()
    var config = energyConfig(split)
    config.seed = .max - 3  // above 2^53: must survive JSON exactly
    let spec = try ModelRegistry.standard.resolve("sfsrec")
    let spiking = SpikingConfig(timeSteps: 3, tau: 1.5, surrogate: .atan(), reset: .soft)
    let model = spec.make(ModelContext(config: config, spiking: spiking))
    var options = TrainingOptions.defaults
    options.epochs = 1
    options.maxSamplesPerEpoch = 32
    let result = try Trainer.fit(model, on: split, options: options)
    let description = CheckpointDescription(
      model: spec.name, config: config, spiking: spiking, dataset: split.identity, training: TrainingRecord(options: options, result: result))
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Checkpoint(model: model, spec: spec, description: description).write(to: path)

    let read = try Checkpoint.read(from: path)
    #expect(read.spec.name == "sfsrec")
    #expect(read.description.config == config && read.description.spiking == spiking)
    #expect(read.description.dataset == split.identity)
    #expect(read.description.tool == SSRVersion.current)
    #expect(read.description.training?.result.history.map(\.metrics) == result.history.map(\.metrics))
    #expect(read.description.training?.options.maxSamplesPerEpoch == 32)
    let original = model.stateDictionary(), loaded = read.model.stateDictionary()
    #expect(original.keys.sorted() == loaded.keys.sorted())
    #expect(original.allSatisfy { name, tensor in loaded[name]?.scalars == tensor.scalars })
    #expect(try read.check(split, path: path))
  }

  @Test("Dataset identity: another split of the same data has another fingerprint, the same sizes")
  func identity() throws {
    let split = try energySplit()
    let other = try split.dataset.split(.timeRatio(test: 0.3, valid: 0.1))
    #expect(split.identity == split.identity)
    #expect(split.identity.fingerprint != other.identity.fingerprint)
    #expect(split.identity.items == other.identity.items && split.identity.maxLen == other.identity.maxLen)
  }

  @Test("Files without a description, unknown models, newer formats and weights that do not fit are refused")
  func refusals() throws {
    let split = try energySplit()
    let config = energyConfig(split)
    let spec = try ModelRegistry.standard.resolve("gru4rec")
    let model = spec.make(ModelContext(config: config))
    let path = temporaryPath()
    defer { try? FileManager.default.removeItem(atPath: path) }

    try SafeTensors.write(model.stateDictionary(), to: path)
    #expect(throws: CheckpointError.undescribed(path: path)) { try Checkpoint.read(from: path) }

    var description = CheckpointDescription(model: "bert4rec", config: config, spiking: .defaults, dataset: split.identity, training: nil)
    try Checkpoint(model: model, spec: spec, description: description).write(to: path)
    #expect(throws: CheckpointError.unknownModel(path: path, model: "bert4rec", known: ModelRegistry.standard.names)) {
      try Checkpoint.read(from: path)
    }

    description.model = "gru4rec"
    description.format = CheckpointDescription.currentFormat + 1
    try Checkpoint(model: model, spec: spec, description: description).write(to: path)
    #expect(throws: CheckpointError.self) { try Checkpoint.read(from: path) }

    description.format = CheckpointDescription.currentFormat
    description.config.embeddingSize = 32  // the weights are 16 wide
    try Checkpoint(model: model, spec: spec, description: description).write(to: path)
    do {
      _ = try Checkpoint.read(from: path)
      Issue.record("weights of another width were accepted")
    } catch {
      #expect(error.description.contains("shape"))
    }

    let narrow = try split.dataset.kcore(8).split(.paper)
    description.config.embeddingSize = 16
    try Checkpoint(model: model, spec: spec, description: description).write(to: path)
    let read = try Checkpoint.read(from: path)
    if narrow.dataset.itemCount != split.dataset.itemCount {
      #expect(throws: CheckpointError.self) { try read.check(narrow, path: path) }
    }
  }
}
