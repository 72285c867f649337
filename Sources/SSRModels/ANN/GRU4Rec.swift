import SSRNN
import SSRTensor

/// GRU4Rec (Hidasi et al., "Session-based Recommendations with Recurrent Neural Networks",
/// ICLR 2016), as the SSR reference code builds it:
///
///     embedding (padding 0) → dropout → GRU (D → D, one layer, no bias) → Linear(D → D)
///     → the state at position length − 1
///
/// PyTorch's default initialisation (embedding N(0, 1); GRU and linear uniform ±1/√fan).
/// The dense layer is applied after gathering the last position, which is the same computation
/// as applying it everywhere and gathering (the layer is position-wise).
public final class GRU4Rec: CausalSequentialRecommender {
  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// Dropout on the embedded sequence.
  public let embeddingDropout: Dropout
  /// The recurrent layer.
  public let gru: GRU
  /// The output projection.
  public let dense: Linear
  /// Training mode.
  public var isTraining = true
  /// The feature-transformation layer that fuses side features into the input items' embeddings
  /// (nil: ID embeddings only).
  public private(set) var fusion: FeatureFusion? = nil

  /// Builds the model for a configuration.
  /// `fusion`, if given, fuses item side features into the input items' embeddings (``FeatureFusion``).
  public init(_ config: ModelConfig, fusion: FeatureFusion? = nil) {
    var generator = InitGenerator(seed: config.seed)
    let d = config.embeddingSize
    itemEmbedding = Embedding(config.itemCount + 1, d, paddingIndex: 0, generator: &generator)
    embeddingDropout = Dropout(config.dropout, seed: config.seed, stream: 10)
    gru = GRU(d, d, bias: false, generator: &generator)
    dense = Linear(d, d, generator: &generator)
    self.fusion = fusion
  }

  /// `GRU4Rec`.
  public var name: String { "GRU4Rec" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The reference's names (`item_embedding`, `gru_layers`, `dense`).
  public var sublayers: [(name: String, layer: any Layer)] {
    [("item_embedding", itemEmbedding), ("emb_dropout", embeddingDropout), ("gru_layers", gru), ("dense", dense)] + fusionSublayers(fusion)
  }

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor {
    let embedded = embeddingDropout(itemEmbedding(batch.histories, fusion: fusion))
    return dense(gatherLast(gru(embedded), lengths: batch.lengths))
  }

  /// The representation after every position, `[B, L, D]` (the GRU reads left to right).
  public func encodeAllPositions(_ batch: SequenceBatch) -> Tensor {
    dense(gru(embeddingDropout(itemEmbedding(batch.histories, fusion: fusion))))
  }
}
