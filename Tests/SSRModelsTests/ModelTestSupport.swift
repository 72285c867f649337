import SSRData
import SSRModels
import SSRTensor
import Testing
@testable import SSREval

/// A small synthetic split with strong sequential structure.
func syntheticSplit(users: Int = 150, items: Int = 40, seed: UInt64 = 5) throws -> DatasetSplit {
  var options = SyntheticOptions()
  options.users = users
  options.items = items
  options.meanLength = 25
  options.noise = 0.05
  options.seed = seed
  return try SyntheticData.dataset(options).split(.timeRatio(test: 0.2, valid: 0.1))
}

/// A fixed batch of histories for shape and gradient checks.
func tinyBatch(items: Int = 30, batch: Int = 4, maxLen: Int = 6) -> SequenceBatch {
  var histories: [Int32] = []
  var lengths: [Int32] = []
  for b in 0..<batch {
    let length = 1 + b % maxLen
    lengths.append(Int32(length))
    for t in 0..<maxLen { histories.append(t < length ? Int32(1 + (b * 7 + t * 3) % items) : 0) }
  }
  return SequenceBatch(
    histories: IndexTensor(histories, shape: [batch, maxLen]), lengths: lengths,
    targets: IndexTensor((0..<batch).map { Int32(1 + ($0 * 5) % items) }))
}

/// Checks shape, gradient flow to every parameter, and learning on the synthetic task.
func checkModel<Model: SequentialRecommender>(
  _ make: (ModelConfig) -> Model, epochs: Int = 3, learn: Bool = true, width: Int = 16, maxLen: Int = 6, batchSize: Int = 4,
  prepare: (Model) -> Void = { _ in }
) throws {
  // Shape.
  var config = ModelConfig(itemCount: 30)
  config.maxLen = maxLen
  config.embeddingSize = width
  config.innerSize = 2 * width
  let model = make(config)
  prepare(model)
  let batch = tinyBatch(batch: batchSize, maxLen: maxLen)
  #expect(model(batch).shape == [batchSize, width])
  #expect(model.scores(batch).shape == [batchSize, 31])
  // Gradient flow: every parameter gets a non-zero gradient.
  let (loss, gradients) = valueAndGrad(of: model) { m in m.loss(batch) }
  #expect(loss.item.isFinite)
  for (name, _) in model.namedParameters() {
    let gradient = try #require(gradients[name], "no gradient for \(name)")
    #expect(gradient.scalars.contains { $0 != 0 }, "zero gradient for \(name) of \(model.name)")
  }
  guard learn else { return }
  // Learning: clearly better than popularity on held-out samples.
  let split = try syntheticSplit()
  var learnConfig = ModelConfig(itemCount: split.dataset.itemCount)
  learnConfig.embeddingSize = 32
  learnConfig.innerSize = 64
  learnConfig.dropout = 0.1
  let learner = make(learnConfig)
  var options = TrainingOptions()
  options.epochs = epochs
  options.batchSize = 64
  options.learningRate = 5e-3
  options.weightDecay = 0
  let result = try Trainer.fit(learner, on: split, options: options)
  let learned = try Evaluator.evaluate(learner, on: split, part: .test)
  let popular = try Evaluator.evaluate(
    Popularity(itemCount: split.dataset.itemCount, targets: trainingTargets(split)), on: split, part: .test)
  let learnedHR = try #require(learned.hitRate(at: 10)), popularHR = try #require(popular.hitRate(at: 10))
  #expect(learnedHR > popularHR + 0.15, "\(learner.name): HR@10 \(learnedHR) vs popularity \(popularHR) after \(result.history.count) epochs")
}

func trainingTargets(_ split: DatasetSplit) -> [Int32] {
  var targets: [Int32] = []
  for batch in try! split.evaluationBatches(.train, batchSize: 512) { targets += batch.targets }
  return targets
}
