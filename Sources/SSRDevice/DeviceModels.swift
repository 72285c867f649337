import SSRModels

/// The models the on-device runtime can rebuild from an export, by registry name (the ten
/// neural models of the SSR paper; the popularity baseline needs no device model).
///
/// The device does not link the evaluation layer, so this table builds each model as the
/// model registry does; a test checks that the two agree on every name.
public enum DeviceModels {
  /// The names, ANN models then their spiking twins.
  public static let names = ["gru4rec", "sasrec", "caser", "srgnn", "fmlp", "sgru4rec", "sfsrec", "scaser", "srsgnn", "sfmlp"]

  /// The models that run on dedicated kernels with preallocated buffers; the others run their
  /// own forward pass without the tape.
  public static let preallocated: Set<String> = ["gru4rec", "sgru4rec"]

  /// An untrained model of kind `name` for `config`, or nil for a name the runtime does not know.
  public static func make(_ name: String, config: ModelConfig, spiking: SpikingConfig) -> (any SequentialRecommender)? {
    switch name {
    case "gru4rec": return GRU4Rec(config)
    case "sasrec": return SASRec(config)
    case "caser": return Caser(config)
    case "srgnn": return SRGNN(config)
    case "fmlp": return FMLPRec(config)
    case "sgru4rec": return SGRU4Rec(config, spiking: spiking)
    case "sfsrec": return SFSRec(config, spiking: spiking)
    case "scaser": return SCaser(config, spiking: spiking)
    case "srsgnn": return SRSGNN(config, spiking: spiking)
    case "sfmlp": return SFMLP(config, spiking: spiking)
    default: return nil
    }
  }
}
