import SSRNN
import SSRTensor

/// A batch of history windows with a target at every position: position `j` of a row, whose
/// input is items `0...j` of the window, predicts `targets[row, j]` (0 = no target there).
public struct WindowBatch {
  /// `[batch, maxLen]` item ids, 0 = padding, items at positions `0..<length`.
  public var inputs: IndexTensor
  /// The number of real items in each window.
  public var lengths: [Int32]
  /// `[batch, maxLen]` the item that follows each position, 0 where there is none.
  public var targets: IndexTensor

  /// Creates a batch.
  public init(inputs: IndexTensor, lengths: [Int32], targets: IndexTensor) {
    precondition(inputs.shape.count == 2 && inputs.shape == targets.shape && inputs.shape[0] == lengths.count,
      "a window batch needs [B, L] inputs and targets and B lengths")
    self.inputs = inputs
    self.lengths = lengths
    self.targets = targets
  }

  /// The number of windows.
  public var size: Int { lengths.count }
  /// The window width.
  public var maxLen: Int { inputs.shape[1] }
  /// The number of positions with a target.
  public var targetCount: Int { targets.scalars.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }

  /// The windows as a ``SequenceBatch`` (for the per-sample forward pass of a causal model).
  public var sequences: SequenceBatch {
    var last: [Int32] = []
    last.reserveCapacity(size)
    for (row, length) in lengths.enumerated() { last.append(targets.scalars[row * maxLen + Int(length) - 1]) }
    return SequenceBatch(histories: inputs, lengths: lengths, targets: IndexTensor(last))
  }
}

/// A recommender whose representation at a position depends only on the items up to it (GRU4Rec,
/// SASRec with its causal mask, SGRU4Rec), so one forward pass over a window gives a prediction
/// at every position: the all-positions training of SASRec's paper.
///
/// Its representation at position `length − 1` is the per-sample one, `self(batch)`.
public protocol CausalSequentialRecommender: SequentialRecommender {
  /// The representations of every position, `[B, L, D]`; row `j` encodes items `0...j`.
  func encodeAllPositions(_ batch: SequenceBatch) -> Tensor
}

extension CausalSequentialRecommender {
  /// Full-softmax cross-entropy at every position that has a target, averaged over those
  /// positions, plus the model's regularisation.
  public func allPositionsLoss(_ batch: WindowBatch) -> Tensor {
    let encoded = encodeAllPositions(batch.sequences)
    let width = encoded.shape[2]
    var rows: [Int32] = []
    var targets: [Int32] = []
    for (index, target) in batch.targets.scalars.enumerated() where target != 0 {
      rows.append(Int32(index))
      targets.append(target)
    }
    let selected = encoded.reshaped([-1, width]).take(IndexTensor(rows), axis: 0)
    let ce = crossEntropy(matmul(selected, itemEmbeddings, transposeB: true), IndexTensor(targets))
    guard let extra = regularization() else { return ce }
    return ce + extra
  }
}
