/// Hyperparameters shared by the models, with the reference defaults (SSR paper code, main.py).
public struct ModelConfig: Sendable, Hashable, Codable {
  /// The number of items N (ids 1…N; 0 is padding).
  public var itemCount: Int
  /// The history window.
  public var maxLen: Int = 20
  /// The embedding (and hidden) width D.
  public var embeddingSize: Int = 64
  /// The number of stacked blocks (SASRec, FMLP-Rec).
  public var layers: Int = 2
  /// Attention heads (SASRec).
  public var heads: Int = 2
  /// Dropout probability.
  public var dropout: Float = 0.3
  /// Hidden units of SASRec's feed-forward block (FMLP-Rec uses 4·D).
  public var innerSize: Int = 256
  /// Seed of the initial weights and of the dropout streams.
  public var seed: UInt64 = 2024

  /// The defaults for a catalogue of `itemCount` items.
  public init(itemCount: Int) {
    self.itemCount = itemCount
  }

  /// The reference defaults (for an empty catalogue): the one place the defaults are read from.
  public static let defaults = ModelConfig(itemCount: 0)

  /// Throws unless every size and probability is in its valid range.
  public func validate() throws(ConfigurationError) {
    try ConfigurationError.require(itemCount >= 1, "itemCount", "must be at least 1, got \(itemCount)")
    try ConfigurationError.require((1...10_000).contains(maxLen), "maxLen", "must be 1...10000, got \(maxLen)")
    try ConfigurationError.require((1...4096).contains(embeddingSize), "embeddingSize", "must be 1...4096, got \(embeddingSize)")
    try ConfigurationError.require((1...16).contains(layers), "layers", "must be 1...16, got \(layers)")
    try ConfigurationError.require(
      heads >= 1 && embeddingSize % heads == 0, "heads", "embeddingSize \(embeddingSize) must be divisible by heads \(heads)")
    try ConfigurationError.require(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got \(dropout)")
    try ConfigurationError.require((1...65536).contains(innerSize), "innerSize", "must be 1...65536, got \(innerSize)")
  }
}
