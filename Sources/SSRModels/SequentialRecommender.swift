import SSRNN
import SSRTensor

/// A batch of next-item samples: right-padded histories, their lengths and the targets.
public struct SequenceBatch {
  /// `[batch, maxLen]` item ids, 0 = padding, items at positions `0..<length`.
  public var histories: IndexTensor
  /// The number of real items in each history (1…maxLen).
  public var lengths: [Int32]
  /// The item to predict for each sample (1…N).
  public var targets: IndexTensor

  /// Creates a batch.
  public init(histories: IndexTensor, lengths: [Int32], targets: IndexTensor) {
    precondition(histories.shape.count == 2 && histories.shape[0] == lengths.count && targets.count == lengths.count,
      "a batch needs [B, L] histories, B lengths and B targets")
    self.histories = histories
    self.lengths = lengths
    self.targets = targets
  }

  /// The number of samples.
  public var size: Int { lengths.count }
  /// The history width.
  public var maxLen: Int { histories.shape[1] }
}

/// A next-item recommender: encodes a history into one vector whose dot products with the item
/// embeddings score every item (the protocol of every model in the SSR paper).
public protocol SequentialRecommender: Layer where Input == SequenceBatch, Output == Tensor {
  /// The model's name, e.g. `SASRec`.
  var name: String { get }
  /// The item table used for scoring, `[N + 1, D]` (row 0 is padding).
  var itemEmbeddings: Tensor { get }
  /// Extra loss terms added to the cross-entropy (Caser's L2 norms), or nil.
  func regularization() -> Tensor?
}

extension SequentialRecommender {
  /// No regularisation by default.
  public func regularization() -> Tensor? { nil }

  /// Scores of every item for every sample, `[B, N + 1]` (column 0 is padding).
  public func scores(_ batch: SequenceBatch) -> Tensor {
    matmul(self(batch), itemEmbeddings, transposeB: true)
  }

  /// Full-softmax cross-entropy over all items (the padding row stays in the softmax, as in the
  /// reference code; targets are never 0), plus the model's regularisation.
  public func loss(_ batch: SequenceBatch) -> Tensor {
    let ce = crossEntropy(scores(batch), batch.targets)
    guard let extra = regularization() else { return ce }
    return ce + extra
  }
}
