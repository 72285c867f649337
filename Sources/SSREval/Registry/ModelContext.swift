import SSRModels

/// What a model factory gets: the model and spiking configuration (whose `itemCount` and `maxLen`
/// are the dataset's sizes), what a baseline learns without training, and the item side features
/// to fuse into the model's input embeddings.
///
/// A factory that does not use a field ignores it.
public struct ModelContext: Sendable {
  /// Sizes and hyperparameters; `itemCount` and `maxLen` come from the dataset.
  public var config: ModelConfig
  /// Time steps and neuron settings (used by spiking models only).
  public var spiking: SpikingConfig
  /// The training targets, for the popularity baseline (empty for the others).
  public var trainingTargets: [Int32]
  /// Frozen item side features (text, image) to fuse where the model embeds its input items, or
  /// nil for ID embeddings only (the default, the paper's models without side information).
  public var features: ItemFeatures?
  /// How the features are projected and combined (read only when ``features`` is set).
  public var fusion: FusionOptions

  /// A context for a dataset of `config.itemCount` items and windows of `config.maxLen`.
  public init(
    config: ModelConfig, spiking: SpikingConfig = .defaults, trainingTargets: [Int32] = [], features: ItemFeatures? = nil,
    fusion: FusionOptions = FusionOptions()
  ) {
    self.config = config
    self.spiking = spiking
    self.trainingTargets = trainingTargets
    self.features = features
    self.fusion = fusion
  }

  /// The fusion layer for ``features``, initialised from the model's seed, or nil without features.
  ///
  /// - Precondition: the features describe `config.itemCount` items (check user-given features
  ///   with ``ItemFeatures/validate(itemCount:catalogue:)`` first).
  public func makeFusion() -> FeatureFusion? {
    guard let features, !features.modalities.isEmpty else { return nil }
    precondition(features.itemCount == config.itemCount,
      "features for \(features.itemCount) items given to a model of \(config.itemCount) items")
    return FeatureFusion(features: features, width: config.embeddingSize, options: fusion, seed: config.seed)
  }
}
