import SSRNN
import SSRTensor

/// SR-GNN (Wu et al., "Session-based Recommendation with Graph Neural Networks", AAAI 2019), as
/// RecBole and the SSR reference code build it:
///
///     session graph of each history (distinct items, in/out adjacency normalised by degree)
///     → item embeddings of the nodes → gated GNN (`step` iterations)
///     → node states back in history order → s₁ = the state at position length − 1
///     → soft attention: a = Σ linear_three(σ(linear_one(s₁) + linear_two(h))) ⊙ h over real items
///     → linear_transform([a ; s₁])
///
/// Every parameter, the embedding's padding row included, starts uniform in ±1/√D (the
/// reference's `_reset_parameters`); the padding row still gets no gradient from the lookups.
public final class SRGNN: SequentialRecommender {
  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The gated graph network.
  public let gnn: GatedGraphNetwork
  /// The attention readout (`linear_one`, `linear_two`, `linear_three`, `linear_transform`).
  public let readout: SessionAttentionReadout
  /// Training mode (no effect: the model has no dropout).
  public var isTraining = true
  /// The feature-transformation layer that fuses side features into the input items' embeddings
  /// (nil: ID embeddings only).
  public private(set) var fusion: FeatureFusion? = nil

  /// Builds the model for a configuration, with `steps` GNN iterations (the reference's `step`, 1).
  /// `fusion`, if given, fuses item side features into the input items' embeddings (``FeatureFusion``).
  public init(_ config: ModelConfig, steps: Int = 1, fusion: FeatureFusion? = nil) {
    precondition(steps >= 1, "SRGNN needs at least one GNN step, got \(steps)")
    var generator = InitGenerator(seed: config.seed)
    let d = config.embeddingSize
    itemEmbedding = Embedding(config.itemCount + 1, d, paddingIndex: 0, generator: &generator)
    gnn = GatedGraphNetwork(width: d, steps: steps, generator: &generator)
    readout = SessionAttentionReadout(width: d, generator: &generator)
    // `_reset_parameters`: every parameter, in order, uniform in ±1/√D.
    let bound = 1 / Float(d).squareRoot()
    for parameter in parameters() {
      parameter.value = Tensor.uniform(parameter.shape, low: -bound, high: bound, generator: &generator)
    }
    self.fusion = fusion
  }

  /// `SRGNN`.
  public var name: String { "SRGNN" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The reference's names: `item_embedding`, `gnn`, `linear_one`, `linear_two`, `linear_three`,
  /// `linear_transform` (the readout's layers sit at the top level, as in the reference).
  public var sublayers: [(name: String, layer: any Layer)] {
    [("item_embedding", itemEmbedding), ("gnn", gnn)] + readout.sublayers + fusionSublayers(fusion)
  }

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor {
    let graph = SessionGraph(histories: batch.histories)
    let nodes = gnn((graph, itemEmbedding(graph.items, fusion: fusion)))
    let states = graph.inSequenceOrder(nodes)
    return readout((states, gatherLast(states, lengths: batch.lengths), graph.mask))
  }
}
