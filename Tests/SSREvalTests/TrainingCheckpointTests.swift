import Foundation
import SSRData
import SSRModels
import SSRTensor
import Testing

@testable import SSREval

/// Training checkpoints: a run stopped after an epoch and started again from its checkpoint ends
/// exactly where the uninterrupted run ends.
@Suite("Training checkpoints and resumed runs")
struct TrainingCheckpointTests {
  static let models = ["gru4rec", "sasrec", "caser", "srgnn", "fmlp", "sgru4rec", "sfsrec", "scaser", "srsgnn", "sfmlp"]

  func options(epochs: Int = 3) -> TrainingOptions {
    var options = TrainingOptions.defaults
    options.epochs = epochs
    options.batchSize = 32
    options.learningRate = 5e-3
    options.cosineSchedule = true
    options.seed = 17
    return options
  }

  func scratch() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ssr-checkpoint-\(UUID().uuidString)/state.safetensors").path
  }

  @Test("A run stopped after epoch 1 and resumed from its checkpoint equals the uninterrupted run", arguments: models)
  func resumedRunMatches(_ name: String) throws {
    let split = try energySplit()
    var config = energyConfig(split)
    config.dropout = 0.3  // dropout masks are part of the state
    let options = options()
    let (straight, _, _) = try built(name, config)
    let whole = try Trainer.fit(straight, on: split, options: options)

    let path = scratch()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let (first, _, _) = try built(name, config)
    let stopped = try Trainer.fit(first, on: split, options: options, checkpoint: path, shouldStop: { $0.epoch == 1 })
    #expect(stopped.stopReason == .pruned)
    #expect(stopped.history.count == 1)
    #expect(try TrainingCheckpoint.read(from: path).epoch == 1)

    let (second, _, _) = try built(name, config)
    var newEpochs: [Int] = []
    let resumed = try Trainer.fit(second, on: split, options: options, checkpoint: path, onEpoch: { newEpochs.append($0.epoch) })
    #expect(newEpochs == [2, 3])
    #expect(resumed.history.map(\.epoch) == [1, 2, 3])
    #expect(resumed.history.map(\.loss) == whole.history.map(\.loss))
    #expect(resumed.history.map { $0.metrics.named.map(\.1) } == whole.history.map { $0.metrics.named.map(\.1) })
    #expect(resumed.bestEpoch == whole.bestEpoch)
    let a = straight.stateDictionary(), b = second.stateDictionary()
    #expect(a.keys.sorted() == b.keys.sorted())
    for key in a.keys.sorted() { #expect(a[key]?.scalars == b[key]?.scalars, "\(name): \(key) differs") }
  }

  @Test("A finished run's checkpoint gives its result again without training")
  func finishedRunRestores() throws {
    let split = try energySplit()
    let config = energyConfig(split)
    let path = scratch()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let (first, _, _) = try built("sgru4rec", config)
    let whole = try Trainer.fit(first, on: split, options: options(epochs: 2), checkpoint: path)
    let (second, _, _) = try built("sgru4rec", config)
    var trained = 0
    let again = try Trainer.fit(second, on: split, options: options(epochs: 2), checkpoint: path, onEpoch: { _ in trained += 1 })
    #expect(trained == 0)
    #expect(again.history.map(\.loss) == whole.history.map(\.loss))
    #expect(again.bestEpoch == whole.bestEpoch)
    let a = first.stateDictionary(), b = second.stateDictionary()
    for key in a.keys.sorted() { #expect(a[key]?.scalars == b[key]?.scalars, "\(key) differs") }
  }

  @Test("A run that stopped early resumes as stopped early, without training")
  func earlyStoppedRunRestores() throws {
    let split = try energySplit()
    let config = energyConfig(split)
    var options = options(epochs: 30)
    options.learningRate = 0.05  // overshoots, so the validation metric stops improving
    options.patience = 1
    let path = scratch()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let (first, _, _) = try built("gru4rec", config)
    let whole = try Trainer.fit(first, on: split, options: options, checkpoint: path)
    #expect(whole.stopReason == .earlyStopping)
    let (second, _, _) = try built("gru4rec", config)
    var trained = 0
    let again = try Trainer.fit(second, on: split, options: options, checkpoint: path, onEpoch: { _ in trained += 1 })
    #expect(trained == 0)
    #expect(again.stopReason == .earlyStopping)
    #expect(again.history.count == whole.history.count && again.bestEpoch == whole.bestEpoch)
  }

  @Test("Another run's checkpoint, or a file that is not one, is an error that names the file")
  func mismatchedCheckpoints() throws {
    let split = try energySplit()
    let config = energyConfig(split)
    let path = scratch()
    defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    let (model, _, _) = try built("gru4rec", config)
    _ = try Trainer.fit(model, on: split, options: options(epochs: 1), checkpoint: path)
    var other = options(epochs: 1)
    other.learningRate = 1e-2
    let (fresh, _, _) = try built("gru4rec", config)
    #expect {
      try Trainer.fit(fresh, on: split, options: other, checkpoint: path)
    } throws: { error in
      "\(error)".contains(path) && "\(error)".contains("another run")
    }
    try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: path))
    #expect {
      try Trainer.fit(fresh, on: split, options: self.options(epochs: 1), checkpoint: path)
    } throws: { error in
      "\(error)".contains(path) && "\(error)".contains("remove it")
    }
  }

  @Test("A Philox generator continued from its position draws what the original draws")
  func philoxPosition() {
    for drawn in [0, 1, 3, 4, 5, 9] {
      var original = PhiloxGenerator(seed: 42, stream: 3)
      for _ in 0..<drawn { _ = original.next32() }
      var copy = PhiloxGenerator(seed: 42, stream: 3, position: original.position)
      let a = (0..<7).map { _ in original.next32() }
      let b = (0..<7).map { _ in copy.next32() }
      #expect(a == b, "after \(drawn) words")
    }
  }
}
