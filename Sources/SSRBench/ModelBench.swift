import Foundation
import SSRData
import SSREval
import SSRModels
import SSRTensor

/// Training and full-ranking evaluation throughput per model, measured like
/// `bench/pytorch/speed.py`: batch 128 of real ml-1m samples (synthetic data of ml-1m's shape when
/// ml-1m is absent), `warmup` untimed batches, then `batches` timed batches, repeated `repeats`
/// times; the median rate is reported. A training step is forward + full-softmax cross-entropy +
/// backward + Adam; an evaluation step is forward + scores for all items + ranks and metrics.
enum ModelBench {
  /// The ten models of the SSR paper (the registry's ANN and SNN families).
  static var names: [String] { ModelRegistry.standard.names(.ann) + ModelRegistry.standard.names(.snn) }

  static func split() -> DatasetSplit? {
    if let loader = try? DatasetLoader.standard(), let loaded = try? loader.load("ml-1m"),
      let dataset = try? loaded.dataset.kcore(5), let split = try? dataset.split(.paper)
    {
      print("data: ml-1m, \(dataset.itemCount) items, \(split.train.count) training samples")
      return split
    }
    var options = SyntheticOptions()
    options.users = 6040
    options.items = 3416
    options.meanLength = 165
    guard let dataset = try? SyntheticData.dataset(options), let split = try? dataset.split(.paper) else { return nil }
    print("data: synthetic of ml-1m's shape (ml-1m not found), \(dataset.itemCount) items")
    return split
  }

  static func run(models: [String], batches: Int, warmup: Int, repeats: Int) {
    guard let split = split() else {
      print("model bench: no data")
      return
    }
    let batchSize = TrainingOptions.defaults.batchSize
    let needed = warmup + batches * repeats
    var trainBatches: [Batch] = []
    var testBatches: [Batch] = []
    if let iterator = try? split.trainingBatches(batchSize: batchSize, seed: 2024, dropLast: true) {
      trainBatches = Array(iterator.prefix(needed))
    }
    if let iterator = try? split.evaluationBatches(.test, batchSize: batchSize) {
      testBatches = Array(iterator.prefix(needed).filter { $0.size == batchSize })
    }
    guard trainBatches.count == needed, testBatches.count == needed else {
      print("model bench: not enough samples for \(needed) batches")
      return
    }
    let trainInputs = trainBatches.map(SequenceBatch.init)
    let testInputs = testBatches.map(SequenceBatch.init)
    print("model            train samples/s   eval samples/s   (median of \(repeats) × \(batches) batches of \(batchSize))")
    for name in models {
      var config = ModelConfig.defaults
      config.itemCount = split.dataset.itemCount
      config.maxLen = split.dataset.maxLen
      guard let spec = ModelRegistry.standard.spec(named: name), spec.isTrainable else {
        print("unknown model \(name); known: \(names.joined(separator: ", "))")
        continue
      }
      let model = spec.make(ModelContext(config: config))
      let train = measure(model: model, inputs: trainInputs, warmup: warmup, batches: batches, repeats: repeats, batchSize: batchSize, training: true)
      let eval = measure(model: model, inputs: testInputs, warmup: warmup, batches: batches, repeats: repeats, batchSize: batchSize, training: false)
      print("\(model.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%15.0f", median(train)))   \(String(format: "%14.0f", median(eval)))")
      emitJSON([
        ("bench", "model"), ("model", model.name), ("train_samples_per_s", median(train)), ("eval_samples_per_s", median(eval)),
        ("threads", Double(ComputeThreads.count)),
      ])
    }
  }

  static func measure(
    model: any SequentialRecommender, inputs: [SequenceBatch], warmup: Int, batches: Int, repeats: Int, batchSize: Int, training: Bool
  ) -> [Double] {
    func step(_ model: some SequentialRecommender, _ optimizer: Adam, _ input: SequenceBatch, _ targets: [Int32]) {
      if training {
        _ = valueAndGrad(of: model) { m in m.loss(input) }
        optimizer.step(model.parameters())
      } else {
        let scores = withoutGrad { model.scores(input) }
        var metrics = RankingMetrics(cutoffs: [5, 10, 20])
        scores.withUnsafeBufferPointer { metrics.add(scores: $0, items: scores.shape[1], targets: targets) }
      }
    }
    let optimizer = Adam(learningRate: TrainingOptions.defaults.learningRate, weightDecay: TrainingOptions.defaults.weightDecay)
    if training { model.train() } else { model.eval() }
    let targets = inputs.map { $0.targets.scalars }
    for i in 0..<warmup { step(model, optimizer, inputs[i], targets[i]) }
    var rates: [Double] = []
    for r in 0..<repeats {
      let start = now()
      for i in 0..<batches {
        let index = warmup + r * batches + i
        step(model, optimizer, inputs[index], targets[index])
      }
      rates.append(Double(batches * batchSize) / (now() - start))
    }
    return rates
  }
}
