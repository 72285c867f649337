import SSRModels

/// What a model factory gets: the model and spiking configuration (whose `itemCount` and `maxLen`
/// are the dataset's sizes) and what a baseline learns without training.
///
/// Item features (text and image side information) will join this context with the multimodal
/// fusion; a factory that does not use a field ignores it.
public struct ModelContext: Sendable {
  /// Sizes and hyperparameters; `itemCount` and `maxLen` come from the dataset.
  public var config: ModelConfig
  /// Time steps and neuron settings (used by spiking models only).
  public var spiking: SpikingConfig
  /// The training targets, for the popularity baseline (empty for the others).
  public var trainingTargets: [Int32]

  /// A context for a dataset of `config.itemCount` items and windows of `config.maxLen`.
  public init(config: ModelConfig, spiking: SpikingConfig = .defaults, trainingTargets: [Int32] = []) {
    self.config = config
    self.spiking = spiking
    self.trainingTargets = trainingTargets
  }
}
