import SSRData
import SSRModels
import SSRNN

/// The models that notebooks can build by name, and their spiking twins.
enum ModelCatalog {
  /// ANN models by name.
  static var ann: [String: (ModelConfig) -> any SequentialRecommender] {
    [
      "gru4rec": { GRU4Rec($0) },
      "sasrec": { SASRec($0) },
      "caser": { Caser($0) },
      "srgnn": { SRGNN($0) },
      "fmlp": { FMLPRec($0) },
    ]
  }

  /// Spiking models by name.
  static var snn: [String: (ModelConfig, SpikingConfig) -> any SequentialRecommender] {
    [
      "sgru4rec": { SGRU4Rec($0, spiking: $1) },
      "sfsrec": { SFSRec($0, spiking: $1) },
      "scaser": { SCaser($0, spiking: $1) },
      "srsgnn": { SRSGNN($0, spiking: $1) },
      "sfmlp": { SFMLP($0, spiking: $1) },
    ]
  }

  /// Each ANN model's spiking twin (the pairs of the SSR paper).
  static let twins: [String: String] = [
    "gru4rec": "sgru4rec", "sasrec": "sfsrec", "caser": "scaser", "srgnn": "srsgnn", "fmlp": "sfmlp",
  ]

  /// Every name, ANN first, in a stable order (for help and suggestions).
  static var names: [String] {
    ["popularity"] + ann.keys.sorted() + snn.keys.sorted()
  }
}
