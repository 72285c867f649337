import SSRModels

/// The JSON config written beside an exported model's weights: what the device needs to rebuild
/// and check the model (name, options, catalogue size, the dataset it was trained on, the tool).
public struct ExportedModelConfig: Sendable, Codable, Equatable {
  /// The version of this layout.
  public static let currentFormat = 1
  /// The config's file name inside an export directory.
  public static let fileName = "config.json"
  /// The weights' file name inside an export directory.
  public static let weightsFileName = "model.safetensors"

  /// The layout version (``currentFormat`` when written).
  public var format: Int
  /// The SSR version that wrote the export.
  public var tool: String
  /// The model's registry name, e.g. `sgru4rec`.
  public var model: String
  /// The model's hyperparameters (`itemCount` and `maxLen` are the dataset's).
  public var config: ModelConfig
  /// The spiking settings (used by spiking models only).
  public var spiking: SpikingConfig
  /// The number of items N the model ranks (ids 1…N).
  public var itemCount: Int
  /// The history window.
  public var maxLen: Int
  /// The dataset's name, e.g. `ml-1m`.
  public var dataset: String
  /// The dataset's content fingerprint (SHA-256 hex), as in checkpoints.
  public var datasetFingerprint: String
  /// How the dataset was split for training, e.g. `timeRatio(test: 0.2, valid: 0.1)`.
  public var split: String
  /// The weights' element type: `F32` or `F16`.
  public var dtype: String
  /// The number of weight tensors and their total number of elements.
  public var tensors: Int, parameters: Int

  /// A config for an export written by this SSR.
  public init(
    tool: String, model: String, config: ModelConfig, spiking: SpikingConfig, dataset: String, datasetFingerprint: String,
    split: String, precision: ExportPrecision, tensors: Int, parameters: Int
  ) {
    self.format = Self.currentFormat
    self.tool = tool
    self.model = model
    self.config = config
    self.spiking = spiking
    self.itemCount = config.itemCount
    self.maxLen = config.maxLen
    self.dataset = dataset
    self.datasetFingerprint = datasetFingerprint
    self.split = split
    self.dtype = precision.dtype
    self.tensors = tensors
    self.parameters = parameters
  }
}

/// The element type of exported weights.
public enum ExportPrecision: String, Sendable, CaseIterable, Codable {
  /// IEEE single precision (exact: the device ranks as the training stack does).
  case float32
  /// IEEE half precision: half the bytes; scores differ from float32 by the rounding of the weights.
  case float16

  /// The safetensors dtype name.
  public var dtype: String { self == .float32 ? "F32" : "F16" }
  /// Bytes per element.
  public var elementBytes: Int { self == .float32 ? 4 : 2 }
}
