import SSRData
import SSRModels
import SSRTensor

extension SequenceBatch {
  /// The tensors of a data batch.
  public init(_ batch: Batch) {
    self.init(
      histories: IndexTensor(batch.histories, shape: [batch.size, batch.maxLen]), lengths: batch.lengths,
      targets: IndexTensor(batch.targets))
  }
}

extension WindowBatch {
  /// The tensors of a batch of training windows.
  public init(_ batch: WindowBatchData) {
    self.init(
      inputs: IndexTensor(batch.inputs, shape: [batch.size, batch.maxLen]), lengths: batch.lengths,
      targets: IndexTensor(batch.targets, shape: [batch.size, batch.maxLen]))
  }
}

/// One optimisation step's data and how its loss is computed.
struct TrainingStep {
  /// The loss of the model on this step's data.
  let loss: (any SequentialRecommender) -> Tensor
  /// The number of predictions it trains (samples, or window positions with a target).
  let targets: Int
}

/// The steps of one training epoch: batches of samples, or of windows for all-positions training.
struct TrainingSteps {
  private var samples: BatchIterator?
  private var windows: WindowIterator?
  private let causal: (any CausalSequentialRecommender)?
  /// The number of steps of the epoch.
  let batchCount: Int

  init(_ split: DatasetSplit, options: TrainingOptions, epoch: Int, causal: (any CausalSequentialRecommender)?) throws(DataError) {
    self.causal = causal
    switch options.samples {
    case .perSample:
      let batches = try split.trainingBatches(batchSize: options.batchSize, seed: options.seed, epoch: epoch, maxLen: split.dataset.maxLen)
      samples = batches
      batchCount = batches.batchCount
    case .allPositions:
      let batches = try split.trainingWindowBatches(
        batchSize: options.batchSize, seed: options.seed, epoch: epoch, maxLen: split.dataset.maxLen)
      windows = batches
      batchCount = batches.batchCount
    }
  }

  /// The next step, or nil at the end of the epoch.
  mutating func next() -> TrainingStep? {
    if samples != nil {
      guard let batch = samples?.next() else { return nil }
      let input = SequenceBatch(batch)
      return TrainingStep(loss: { $0.loss(input) }, targets: batch.size)
    }
    guard let batch = windows?.next(), let causal else { return nil }
    let input = WindowBatch(batch)
    return TrainingStep(loss: { _ in causal.allPositionsLoss(input) }, targets: batch.targetCount)
  }
}
