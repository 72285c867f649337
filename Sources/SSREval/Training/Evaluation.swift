import SSRCore
import SSRData
import SSRModels
import SSRTensor

/// Full-ranking evaluation of a model on one part of a split: one matrix product per batch scores
/// every item, and ``RankingMetrics`` ranks the targets (item 0, the padding, is never ranked).
public enum Evaluator {
  /// The metrics of `model` on `part` of `split` at the given cut-offs.
  ///
  /// - Parameters:
  ///   - excludeHistory: when true, the items of each sample's history do not compete with the
  ///     target (off by default, as in the reference).
  /// - Throws: ``TrainingError`` for bad batch options, or ``Interrupted`` when the user stops it.
  public static func evaluate<Model: SequentialRecommender>(
    _ model: Model, on split: DatasetSplit, part: SplitPart = .test, cutoffs: [Int] = [10], batchSize: Int = 256,
    excludeHistory: Bool = false
  ) throws -> RankingMetrics {
    let wasTraining = model.isTraining
    model.eval()
    defer { model.train(wasTraining) }
    var metrics = RankingMetrics(cutoffs: cutoffs)
    let batches = try split.evaluationBatches(part, batchSize: batchSize, maxLen: split.dataset.maxLen)
    for batch in batches {
      try Cancellation.checkpoint()
      let input = SequenceBatch(batch)
      let scores = withoutGrad { model.scores(input) }
      let items = scores.shape[1]
      scores.withUnsafeBufferPointer { buffer in
        metrics.add(
          scores: buffer, items: items, targets: batch.targets,
          excluded: excludeHistory ? { row in Array(batch.history(row)) } : nil)
      }
    }
    return metrics
  }
}
