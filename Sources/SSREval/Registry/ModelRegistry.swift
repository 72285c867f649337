import SSRModels

/// An unknown model name.
public struct UnknownModelError: Error, Sendable, CustomStringConvertible {
  /// The name asked for.
  public var name: String
  /// Every known name, in registry order.
  public var known: [String]

  /// "unknown model .name; the models are …".
  public var description: String {
    "unknown model .\(name); the models are \(known.map { ".\($0)" }.joined(separator: ", "))"
  }
}

/// The models SSR can build by name: one line each in ``standard``.
///
/// The notebook builtins, `ssr-bench`, the energy comparison of twins and the tests all read this
/// table, so adding a model is its own file (plus its operation table, to be costed) and one line
/// here. A registry is a value: tests and extensions can register more models or replace one.
public struct ModelRegistry: Sendable {
  /// The models, in display order.
  public private(set) var specs: [ModelSpec]

  /// A registry of these models.
  ///
  /// - Precondition: names and aliases are unique.
  public init(_ specs: [ModelSpec]) {
    self.specs = []
    for spec in specs { register(spec) }
  }

  /// Adds a model, or replaces the one with the same name.
  ///
  /// - Precondition: its aliases name no other model.
  public mutating func register(_ spec: ModelSpec) {
    specs.removeAll { $0.name == spec.name }
    for alias in [spec.name] + spec.aliases {
      precondition(self.spec(named: alias) == nil, "model name or alias '\(alias)' is already registered")
    }
    specs.append(spec)
  }

  /// The model with this name or alias (case-insensitive), or nil.
  public func spec(named name: String) -> ModelSpec? {
    let key = name.lowercased()
    return specs.first { $0.name == key || $0.aliases.contains(key) }
  }

  /// The model with this name or alias.
  ///
  /// - Throws: ``UnknownModelError`` listing the known names.
  public func resolve(_ name: String) throws(UnknownModelError) -> ModelSpec {
    guard let spec = spec(named: name) else { throw UnknownModelError(name: name, known: names) }
    return spec
  }

  /// The twin of `name` (the spiking twin of an ANN model, or the reverse), or nil.
  public func twin(of name: String) -> ModelSpec? {
    spec(named: name)?.twin.flatMap { spec(named: $0) }
  }

  /// Every model name, in registry order.
  public var names: [String] { specs.map(\.name) }

  /// The names of one family, in registry order.
  public func names(_ family: ModelFamily) -> [String] { specs.filter { $0.family == family }.map(\.name) }

  /// The ten models of the SSR paper and the popularity baseline, with the reference structure of
  /// each (see `reference/ssr-official-code.md`).
  public static let standard = ModelRegistry([
    ModelSpec(
      "popularity", aliases: ["pop"], family: .baseline, summary: "ranks items by their count among the training targets",
      make: { Popularity(itemCount: $0.config.itemCount, targets: $0.trainingTargets) }),
    ModelSpec(
      "gru4rec", aliases: ["gru"], family: .ann, twin: "sgru4rec", summary: "GRU over the history (Hidasi et al. 2016)",
      make: { GRU4Rec($0.config, fusion: $0.makeFusion()) }, energy: EnergyAccounting { c throws(EnergyError) in try .gru4rec(c.config) }),
    ModelSpec(
      "sasrec", family: .ann, twin: "sfsrec", summary: "causal self-attention (Kang & McAuley 2018)",
      make: { SASRec($0.config, fusion: $0.makeFusion()) }, energy: EnergyAccounting { c throws(EnergyError) in try .sasrec(c.config) }),
    ModelSpec(
      "caser", family: .ann, twin: "scaser", summary: "horizontal and vertical convolutions (Tang & Wang 2018)",
      make: { Caser($0.config, fusion: $0.makeFusion()) }, energy: EnergyAccounting { c throws(EnergyError) in try .caser(c.config) }),
    ModelSpec(
      "srgnn", family: .ann, twin: "srsgnn", summary: "gated graph network over the session graph (Wu et al. 2019)",
      make: { SRGNN($0.config, fusion: $0.makeFusion()) }, energy: EnergyAccounting { c throws(EnergyError) in try .srgnn(c.config) }),
    ModelSpec(
      "fmlp", aliases: ["fmlprec"], family: .ann, twin: "sfmlp", summary: "learnable Fourier filters and MLPs (Zhou et al. 2022)",
      make: { FMLPRec($0.config, fusion: $0.makeFusion()) }, energy: EnergyAccounting { c throws(EnergyError) in try .fmlpRec(c.config) }),
    ModelSpec(
      "sgru4rec", aliases: ["sgru"], family: .snn, twin: "gru4rec", summary: "spiking GRU with binary gates",
      make: { SGRU4Rec($0.config, spiking: $0.spiking, fusion: $0.makeFusion()) },
      energy: EnergyAccounting(
        table: { c throws(EnergyError) in try .sgru4rec(c.config, spiking: c.spiking) }, unrecordedSpikes: SGRU4RecSpikes.tallies)),
    ModelSpec(
      "sfsrec", family: .snn, twin: "sasrec", summary: "Spikformer-style spiking self-attention",
      make: { SFSRec($0.config, spiking: $0.spiking, fusion: $0.makeFusion()) },
      energy: EnergyAccounting { c throws(EnergyError) in try .sfsrec(c.config, spiking: c.spiking) }),
    ModelSpec(
      "scaser", family: .snn, twin: "caser", summary: "Caser's convolutions on spikes",
      make: { SCaser($0.config, spiking: $0.spiking, fusion: $0.makeFusion()) },
      energy: EnergyAccounting(
        table: { c throws(EnergyError) in try .scaser(c.config, spiking: c.spiking) }, unrecordedSpikes: SCaserSpikes.tallies)),
    ModelSpec(
      "srsgnn", family: .snn, twin: "srgnn", summary: "SR-GNN with a spiking attention readout",
      make: { SRSGNN($0.config, spiking: $0.spiking, fusion: $0.makeFusion()) },
      energy: EnergyAccounting(
        table: { c throws(EnergyError) in try .srsgnn(c.config, spiking: c.spiking) }, unrecordedSpikes: SRSGNNSpikes.tallies)),
    ModelSpec(
      "sfmlp", family: .snn, twin: "fmlp", summary: "FMLP-Rec's Fourier filter with a spiking feed-forward",
      make: { SFMLP($0.config, spiking: $0.spiking, fusion: $0.makeFusion()) },
      energy: EnergyAccounting { c throws(EnergyError) in try .sfmlp(c.config, spiking: c.spiking) }),
  ])
}
