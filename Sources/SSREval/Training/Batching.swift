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
