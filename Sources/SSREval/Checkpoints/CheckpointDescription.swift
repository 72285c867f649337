import SSRCore
import SSRData
import SSRModels

/// How a model was trained: its options and the run's result (history and metrics per epoch).
public struct TrainingRecord: Sendable, Codable {
  /// The training options.
  public var options: TrainingOptions
  /// The run: every epoch's loss and metrics, the best epoch, why it stopped.
  public var result: TrainingResult

  /// A record of one run.
  public init(options: TrainingOptions, result: TrainingResult) {
    self.options = options
    self.result = result
  }
}

/// Everything a checkpoint says about its weights, so that the file alone rebuilds the model:
/// the registry name, model and spiking configuration, the dataset it was built for, its training
/// and the tool version. Stored as JSON under the safetensors metadata key ``metadataKey``.
public struct CheckpointDescription: Sendable, Codable {
  /// The metadata key holding the JSON description.
  public static let metadataKey = "ssr"
  /// The version of this description's layout.
  public static let currentFormat = 1

  /// The layout version (``currentFormat`` when written).
  public var format: Int
  /// The SSR version that wrote the file.
  public var tool: String
  /// The model's registry name, e.g. `sasrec`.
  public var model: String
  /// The model configuration (sizes, dropout, seed).
  public var config: ModelConfig
  /// The spiking settings (used by spiking models only).
  public var spiking: SpikingConfig
  /// The data the model was built for.
  public var dataset: DatasetIdentity
  /// Its training, when it was trained.
  public var training: TrainingRecord?

  /// A description written by this SSR version.
  public init(model: String, config: ModelConfig, spiking: SpikingConfig, dataset: DatasetIdentity, training: TrainingRecord?) {
    self.format = Self.currentFormat
    self.tool = SSRVersion.current
    self.model = model
    self.config = config
    self.spiking = spiking
    self.dataset = dataset
    self.training = training
  }
}
