import SSRNN
import SSRTensor

/// FMLP-Rec (Zhou et al., "Filter-enhanced MLP is All You Need for Sequential Recommendation",
/// WWW 2022), as the official code and the SSR reference code build it:
///
///     item + position embedding → LayerNorm(1e-12) → dropout
///     → layers × [FilterLayer: LayerNorm(dropout(irfft(rfft(x) ⊙ W)) + x)
///                 → Intermediate: LayerNorm(dropout(dense_2(GELU(dense_1(x)))) + x)]
///     → the state at position length − 1
///
/// The Fourier transforms run along the sequence with orthonormal scaling; `W` is a learnable
/// complex weight `[1, L/2+1, D, 2]`. All dropouts use `dropout`; `dense_1` has `innerSize` units
/// (4·D, hard-coded in the reference). Initialisation as the official `init_weights`: linear and
/// embedding weights N(0, 0.02) (the item embedding's padding row included), linear biases 0, layer
/// norms 1 and 0; the filter weights are standard normal × 0.02 and, because the reference
/// deep-copies one layer `layers` times, every layer starts with the same filter.
/// Histories must be exactly `maxLen` wide (the filter has one weight per frequency bin).
public final class FMLPRec: SequentialRecommender {
  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The position table `[maxLen, D]`.
  public let positionEmbedding: Embedding
  /// The embedding layer norm.
  public let norm: LayerNorm
  /// Dropout on the embedded sequence.
  public let dropout: Dropout
  /// The filter layers, one per block.
  public let filters: [FilterLayer]
  /// The feed-forward blocks, one per block.
  public let intermediates: [FMLPIntermediate]
  /// The history width the filters are built for.
  public let maxLen: Int
  /// Training mode.
  public var isTraining = true
  /// The feature-transformation layer that fuses side features into the input items' embeddings
  /// (nil: ID embeddings only).
  public private(set) var fusion: FeatureFusion? = nil

  /// Builds the model for a configuration; `innerSize` defaults to 4·D as in the reference
  /// (``ModelConfig/innerSize`` is SASRec's and is not used).
  /// `fusion`, if given, fuses item side features into the input items' embeddings (``FeatureFusion``).
  public init(_ config: ModelConfig, innerSize: Int? = nil, fusion: FeatureFusion? = nil) {
    let d = config.embeddingSize, inner = innerSize ?? 4 * config.embeddingSize
    precondition(inner >= 1, "FMLP-Rec needs innerSize ≥ 1, got \(inner)")
    var generator = InitGenerator(seed: config.seed)
    itemEmbedding = Embedding(config.itemCount + 1, d, paddingIndex: 0, generator: &generator)
    positionEmbedding = Embedding(config.maxLen, d, generator: &generator)
    norm = LayerNorm(d, eps: 1e-12)
    dropout = Dropout(config.dropout, seed: config.seed, stream: 10)
    var filters: [FilterLayer] = []
    var intermediates: [FMLPIntermediate] = []
    for layer in 0..<config.layers {
      let seed = config.seed &+ UInt64(layer + 1) &* 0x9E37_79B9
      filters.append(FilterLayer(length: config.maxLen, width: d, dropout: config.dropout, seed: seed, generator: &generator))
      intermediates.append(FMLPIntermediate(width: d, inner: inner, dropout: config.dropout, seed: seed, generator: &generator))
    }
    // `copy.deepcopy(layer)`: every block starts with the first block's filter.
    if let first = filters.first?.complexWeight.value {
      for filter in filters.dropFirst() { filter.complexWeight.value = Tensor(first.scalars, shape: first.shape) }
    }
    self.filters = filters
    self.intermediates = intermediates
    maxLen = config.maxLen
    // `self.apply(self.init_weights)`.
    resetNormal(self, std: 0.02, generator: &generator)
    self.fusion = fusion
  }

  /// `FMLP-Rec`.
  public var name: String { "FMLP-Rec" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The official names: `item_embedding`, `position_embedding`, `layernorm`, `dropout`,
  /// `item_encoder.layer.i.filterlayer`, `item_encoder.layer.i.intermediate`.
  public var sublayers: [(name: String, layer: any Layer)] {
    var layers: [(name: String, layer: any Layer)] = [
      ("item_embedding", itemEmbedding), ("position_embedding", positionEmbedding), ("layernorm", norm), ("dropout", dropout),
    ]
    for (i, (filter, intermediate)) in zip(filters, intermediates).enumerated() {
      layers.append(("item_encoder.layer.\(i).filterlayer", filter))
      layers.append(("item_encoder.layer.\(i).intermediate", intermediate))
    }
    return layers + fusionSublayers(fusion)
  }

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor {
    precondition(batch.maxLen == maxLen,
      "FMLP-Rec was built for histories of width \(maxLen), got \(batch.maxLen); build it with ModelConfig.maxLen = \(batch.maxLen)")
    let positions = positionIndices(batch: batch.size, length: batch.maxLen)
    var x = dropout(norm(itemEmbedding(batch.histories, fusion: fusion) + positionEmbedding(positions)))
    for (filter, intermediate) in zip(filters, intermediates) {
      x = intermediate(filter(x))
    }
    return gatherLast(x, lengths: batch.lengths)
  }
}
