import SSRData
import SSRModels
import SSRNN
import SSRTensor
import Testing

@testable import SSREval

/// All-positions training: the causal models' per-position representations agree with their
/// per-sample ones, depend on earlier items only, and train.
@Suite("All-positions training of causal models")
struct AllPositionsTests {
  static var config: ModelConfig {
    var config = ModelConfig(itemCount: 30)
    config.maxLen = 6
    config.embeddingSize = 16
    config.innerSize = 32
    return config
  }

  static let names = ["GRU4Rec", "SASRec", "SGRU4Rec"]

  static func make(_ name: String, _ config: ModelConfig) -> any CausalSequentialRecommender {
    switch name {
    case "GRU4Rec": return GRU4Rec(config)
    case "SASRec": return SASRec(config)
    default: return SGRU4Rec(config)
    }
  }

  @Test("Row length − 1 of every window is the per-sample representation; a row does not see later items",
    arguments: AllPositionsTests.names)
  func causal(name: String) throws {
    let model = Self.make(name, Self.config)
    model.eval()
    let batch = tinyBatch(batch: 6, maxLen: 6)
    withoutGrad {
      let all = model.encodeAllPositions(batch)
      #expect(all.shape == [6, 6, 16])
      let last = gatherLast(all, lengths: batch.lengths)
      let single = model(batch)
      #expect(zip(last.scalars, single.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
      // Changing the items after position 1 leaves positions 0 and 1 unchanged.
      var changed = batch.histories.scalars
      for row in 0..<6 { for t in 2..<6 where changed[row * 6 + t] != 0 { changed[row * 6 + t] = Int32(1 + (Int(changed[row * 6 + t]) + 11) % 30) } }
      let altered = model.encodeAllPositions(
        SequenceBatch(histories: IndexTensor(changed, shape: [6, 6]), lengths: batch.lengths, targets: batch.targets))
      for row in 0..<6 {
        for t in 0..<2 {
          let a = all.scalars[(row * 6 + t) * 16..<(row * 6 + t + 1) * 16], b = altered.scalars[(row * 6 + t) * 16..<(row * 6 + t + 1) * 16]
          #expect(a == b, "\(name): position \(t) of row \(row) saw a later item")
        }
      }
    }
  }

  @Test("The all-positions loss reaches every parameter", arguments: AllPositionsTests.names)
  func gradientFlow(name: String) throws {
    let split = try syntheticSplit(users: 40, items: 30)
    var config = Self.config
    config.itemCount = split.dataset.itemCount
    let sized = Self.make(name, config)
    var batches = try split.trainingWindowBatches(batchSize: 8, seed: 3, maxLen: 6)
    let first = batches.next()
    let batch = WindowBatch(try #require(first))
    let (loss, gradients) = valueAndGrad(of: sized) { _ in sized.allPositionsLoss(batch) }
    #expect(loss.item.isFinite)
    for (parameter, _) in sized.namedParameters() {
      let gradient = try #require(gradients[parameter], "no gradient for \(parameter)")
      #expect(gradient.scalars.contains { $0 != 0 }, "\(name): zero gradient for \(parameter)")
    }
  }

  @Test("GRU4Rec trained on all positions beats popularity; a model that is not causal is refused")
  func trains() throws {
    let split = try syntheticSplit()
    var config = ModelConfig(itemCount: split.dataset.itemCount)
    config.embeddingSize = 32
    config.dropout = 0.1
    let model = GRU4Rec(config)
    var options = TrainingOptions()
    options.epochs = 6
    options.batchSize = 16
    options.learningRate = 5e-3
    options.weightDecay = 0
    options.samples = .allPositions
    _ = try Trainer.fit(model, on: split, options: options)
    let learned = try Evaluator.evaluate(model, on: split, part: .test)
    let popular = try Evaluator.evaluate(
      Popularity(itemCount: split.dataset.itemCount, targets: trainingTargets(split)), on: split, part: .test)
    let learnedHR = try #require(learned.hitRate(at: 10)), popularHR = try #require(popular.hitRate(at: 10))
    #expect(learnedHR > popularHR + 0.15, "HR@10 \(learnedHR) vs popularity \(popularHR)")
    #expect(throws: TrainingError.self) { try Trainer.fit(SFSRec(config), on: split, options: options) }
    #expect(throws: TrainingError.self) { try Trainer.fit(Caser(config), on: split, options: options) }
  }
}
