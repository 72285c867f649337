import SSRNN
import SSRTensor

/// Caser (Tang & Wang, "Personalized Top-N Sequential Recommendation via Convolutional Sequence
/// Embedding", WSDM 2018), as the SSR reference code builds it (RecBole's Caser without the user
/// embedding and without `fc2`, "for fair comparison" in session recommendation):
///
///     E = embedding (padding 0)                                  [B, L, D]
///     out = [conv_v(E) ; maxₜ ReLU(conv_h[i](E)) for i = 1…L]     [B, n_v·D + n_h·L]
///     → dropout → fc (one linear layer to D, no activation)
///
/// The loss adds `regWeight·(‖E‖₂ + ‖conv_v.weight‖₂ + ‖fc.weight‖₂ + Σᵢ ‖conv_h[i].weight‖₂)`: L2
/// norms, not squared norms, as in the reference. PyTorch's default initialisation (embedding
/// N(0, 1) with a zero padding row, convolutions and fc uniform ±1/√fan-in); the reference does not
/// re-initialise. Histories must be exactly `maxLen` wide (the vertical kernel spans them).
public final class Caser: SequentialRecommender {
  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The vertical and horizontal convolutions.
  public let convolutions: CaserConvolutions
  /// Dropout on the concatenated convolution features.
  public let dropout: Dropout
  /// The output projection (n_v·D + n_h·L → D).
  public let fc: Linear
  /// The weight of the L2-norm regulariser (`reg_weight`, 1e-4).
  public let regularizationWeight: Float
  /// Training mode.
  public var isTraining = true
  /// The feature-transformation layer that fuses side features into the input items' embeddings
  /// (nil: ID embeddings only).
  public private(set) var fusion: FeatureFusion? = nil

  /// Builds the model for a configuration, with `verticalFilters` n_v (4), `horizontalFilters` n_h
  /// (8) per kernel height and the regulariser weight `regularizationWeight` (1e-4), the reference's
  /// values.
  /// `fusion`, if given, fuses item side features into the input items' embeddings (``FeatureFusion``).
  public init(_ config: ModelConfig, verticalFilters: Int = 4, horizontalFilters: Int = 8, regularizationWeight: Float = 1e-4, fusion: FeatureFusion? = nil) {
    precondition(verticalFilters >= 1 && horizontalFilters >= 1, "Caser needs at least one vertical and one horizontal filter")
    precondition(regularizationWeight >= 0 && regularizationWeight.isFinite, "Caser's regularisation weight must be finite and ≥ 0")
    var generator = InitGenerator(seed: config.seed)
    let d = config.embeddingSize
    itemEmbedding = Embedding(config.itemCount + 1, d, paddingIndex: 0, generator: &generator)
    convolutions = CaserConvolutions(
      length: config.maxLen, width: d, verticalFilters: verticalFilters, horizontalFilters: horizontalFilters, generator: &generator)
    dropout = Dropout(config.dropout, seed: config.seed, stream: 10)
    fc = Linear(convolutions.outputWidth, d, generator: &generator)
    self.regularizationWeight = regularizationWeight
    self.fusion = fusion
  }

  /// `Caser`.
  public var name: String { "Caser" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The reference's names: `item_embedding`, `conv_v`, `conv_h.0` … `conv_h.{L−1}`, `dropout`, `fc`.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("item_embedding", itemEmbedding)] + convolutions.sublayers + [("dropout", dropout), ("fc", fc)] + fusionSublayers(fusion)
  }

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor {
    precondition(batch.maxLen == convolutions.length,
      "Caser was built for histories of width \(convolutions.length), got \(batch.maxLen); build it with ModelConfig.maxLen = \(batch.maxLen)")
    return fc(dropout(convolutions(itemEmbedding(batch.histories, fusion: fusion))))
  }

  /// `regWeight·(‖E‖₂ + ‖conv_v.weight‖₂ + ‖fc.weight‖₂ + Σᵢ ‖conv_h[i].weight‖₂)`, or nil when the
  /// weight is 0.
  public func regularization() -> Tensor? {
    guard regularizationWeight > 0 else { return nil }
    func norm(_ p: Parameter) -> Tensor { p.value.square().sum().sqrt() }
    var total = norm(itemEmbedding.weight) + norm(convolutions.vertical.weight) + norm(fc.weight)
    for convolution in convolutions.horizontal { total = total + norm(convolution.weight) }
    return total * regularizationWeight
  }
}
