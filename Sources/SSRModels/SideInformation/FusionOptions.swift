/// How the feature-fusion layer maps each modality's vectors to the model's width.
public enum FeatureProjection: Sendable, Hashable, Codable, CustomStringConvertible {
  /// One linear layer `F → D`.
  case linear
  /// Two linear layers `F → hidden → D` with a GELU between them.
  case mlp(hidden: Int)

  /// `linear` or `mlp(hidden: H)`.
  public var description: String {
    switch self {
    case .linear: return "linear"
    case .mlp(let hidden): return "mlp(hidden: \(hidden))"
    }
  }
}

/// How the projected side features join the item's ID embedding `e`.
public enum FeatureCombination: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
  /// `e + Σₘ fₘ`.
  case sum
  /// `W·[e; f₁; …; f_M] + b`, a linear layer `(M + 1)·D → D`.
  case concatenation
  /// `g ⊙ e + (1 − g) ⊙ f` with `f = Σₘ fₘ` and a per-dimension gate `g = σ(W·[e; f] + b)`.
  case gated

  /// The raw value.
  public var description: String { rawValue }
}

/// The settings of the feature-transformation module (see ``FeatureFusion``).
public struct FusionOptions: Sendable, Hashable, Codable {
  /// How each modality is projected to the model's width.
  public var projection: FeatureProjection
  /// How the projected features join the ID embedding.
  public var combination: FeatureCombination
  /// Whether the scoring side uses the fused item table too (by default it stays the ID table).
  public var fusesScoring: Bool

  /// Options; the defaults are a linear projection, a sum, and the ID table for scoring.
  public init(projection: FeatureProjection = .linear, combination: FeatureCombination = .sum, fusesScoring: Bool = false) {
    self.projection = projection
    self.combination = combination
    self.fusesScoring = fusesScoring
  }

  /// Throws unless the options are usable.
  public func validate() throws(ConfigurationError) {
    if case .mlp(let hidden) = projection {
      try ConfigurationError.require((1...65536).contains(hidden), "fusionHidden", "must be 1...65536, got \(hidden)")
    }
  }
}
