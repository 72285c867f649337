import SSRNN
import SSRTensor

/// SASRec (Kang & McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018), as RecBole
/// and the SSR reference code build it:
///
///     item + position embedding → LayerNorm(1e-12) → dropout
///     → layers × [multi-head self-attention (causal and padding mask) → feed-forward (GELU)]
///     → the state at position length − 1
///
/// Attention and hidden dropout both use `dropout`; the feed-forward block has `innerSize` hidden
/// units (256 by default). PyTorch's default initialisation (the reference does not re-initialise).
public final class SASRec: CausalSequentialRecommender {
  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The position table `[maxLen, D]`.
  public let positionEmbedding: Embedding
  /// The embedding layer norm.
  public let norm: LayerNorm
  /// Dropout on the embedded sequence.
  public let dropout: Dropout
  /// The attention blocks.
  public let attention: [MultiHeadAttention]
  /// The feed-forward blocks.
  public let feedForward: [FeedForward]
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
    positionEmbedding = Embedding(config.maxLen, d, generator: &generator)
    norm = LayerNorm(d, eps: 1e-12)
    dropout = Dropout(config.dropout, seed: config.seed, stream: 10)
    var attention: [MultiHeadAttention] = []
    var feedForward: [FeedForward] = []
    for layer in 0..<config.layers {
      let seed = config.seed &+ UInt64(layer + 1) &* 0x9E37_79B9
      attention.append(MultiHeadAttention(width: d, heads: config.heads, dropout: config.dropout, seed: seed, generator: &generator))
      feedForward.append(FeedForward(width: d, inner: config.innerSize, dropout: config.dropout, seed: seed, generator: &generator))
    }
    self.attention = attention
    self.feedForward = feedForward
    self.fusion = fusion
  }

  /// `SASRec`.
  public var name: String { "SASRec" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// RecBole's names (`trm_encoder.layer.i.multi_head_attention`, `…feed_forward`).
  public var sublayers: [(name: String, layer: any Layer)] {
    var layers: [(name: String, layer: any Layer)] = [
      ("item_embedding", itemEmbedding), ("position_embedding", positionEmbedding), ("LayerNorm", norm), ("dropout", dropout),
    ]
    for (i, block) in attention.enumerated() { layers.append(("trm_encoder.layer.\(i).multi_head_attention", block)) }
    for (i, block) in feedForward.enumerated() { layers.append(("trm_encoder.layer.\(i).feed_forward", block)) }
    return layers + fusionSublayers(fusion)
  }

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor {
    gatherLast(encodeAllPositions(batch), lengths: batch.lengths)
  }

  /// The representation at every position, `[B, L, D]`: the causal mask lets position `j` attend
  /// to positions `0...j` only.
  public func encodeAllPositions(_ batch: SequenceBatch) -> Tensor {
    let positions = positionIndices(batch: batch.size, length: batch.maxLen)
    var x = dropout(norm(itemEmbedding(batch.histories, fusion: fusion) + positionEmbedding(positions)))
    let mask = MultiHeadAttention.causalPaddingMask(batch.histories)
    for (attend, transform) in zip(attention, feedForward) {
      x = transform(attend((x, mask)))
    }
    return x
  }
}
