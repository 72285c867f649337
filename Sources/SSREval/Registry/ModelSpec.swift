import SSRModels

/// Whether a model is an ordinary network, a spiking one, or a non-neural baseline.
public enum ModelFamily: String, Sendable, CaseIterable {
  /// An ordinary (ANN) sequential recommender.
  case ann
  /// A spiking (SNN) twin of an ANN model.
  case snn
  /// A baseline without a network (popularity).
  case baseline
}

/// One model of the registry: its names, family, twin, factory and energy accounting.
public struct ModelSpec: Sendable {
  /// The name notebooks use as a symbol, e.g. `sasrec` (`.sasrec`).
  public let name: String
  /// Other names that resolve to this model, e.g. `fmlprec` for `fmlp`.
  public let aliases: [String]
  /// ANN, SNN or baseline.
  public let family: ModelFamily
  /// The name of the model's twin of the other family (the pairs of the SSR paper), or nil.
  public let twin: String?
  /// A one-line description for help texts.
  public let summary: String
  /// Builds an untrained model for a context.
  public let make: @Sendable (ModelContext) -> any SequentialRecommender
  /// How the model's inference energy is costed (nil: it is not, like the popularity baseline).
  public let energy: EnergyAccounting?

  /// Describes a model.
  public init(
    _ name: String, aliases: [String] = [], family: ModelFamily, twin: String? = nil, summary: String,
    make: @escaping @Sendable (ModelContext) -> any SequentialRecommender,
    energy: EnergyAccounting? = nil
  ) {
    self.name = name
    self.aliases = aliases
    self.family = family
    self.twin = twin
    self.summary = summary
    self.make = make
    self.energy = energy
  }

  /// Whether the model is trained by gradient descent (not a baseline).
  public var isTrainable: Bool { family != .baseline }
}
