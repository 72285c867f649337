import SSRNN
import SSRTensor

/// The popularity baseline: every history gets the same scores, the number of times each item
/// is a training target. Expressed as a one-dimensional "embedding" so that it ranks through the
/// same code as the learned models; it has no trainable parameters.
public final class Popularity: SequentialRecommender {
  private let counts: Tensor
  /// Training mode (no effect).
  public var isTraining = true

  /// Counts of each item `1…N` as a training target (index 0, padding, is ignored).
  public init(itemCount: Int, targets: some Sequence<Int32>) {
    var scalars = [Float](repeating: 0, count: itemCount + 1)
    for item in targets where item > 0 && Int(item) <= itemCount { scalars[Int(item)] += 1 }
    counts = Tensor(scalars, shape: [itemCount + 1, 1])
  }

  /// `Popularity`.
  public var name: String { "Popularity" }
  /// The counts as an `[N + 1, 1]` table.
  public var itemEmbeddings: Tensor { counts }

  /// A column of ones, `[B, 1]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor {
    Tensor.ones([batch.size, 1])
  }
}
