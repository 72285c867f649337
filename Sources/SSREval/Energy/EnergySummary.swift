/// The figures of an energy report that a sweep keeps for each run: the energy per inference, of
/// the whole model and of its components, and the share of the model's neurons that fired.
///
/// A saving over the modified components (the paper's comparison) is `1 − modified_snn /
/// modified_ann`; ``EnergySaving`` computes it from two whole reports.
public struct EnergySummary: Sendable, Codable, Hashable {
  /// The energy per inference in µJ (every component, fusion included).
  public var total: Double
  /// The energy of the modified components (the layers a spiking twin replaces) in µJ.
  public var modified: Double
  /// The energy of the shared components (embedding lookup, scoring product) in µJ.
  public var shared: Double
  /// The spikes over the neuron outputs of all the model's recorded neurons, in [0, 1]; nil for a
  /// model without spiking neurons.
  public var spikeRate: Double?

  /// The summary of `report`.
  public init(_ report: EnergyReport) {
    total = report.total / 1e6
    modified = report.modified / 1e6
    shared = report.shared / 1e6
    spikeRate = report.rates.flatMap { rates in
      let all = rates.tallies.values.reduce(SpikeTally(), +)
      return all.rate
    }
  }

  /// The summary's fields as a run's record keeps them: `energy`, `energyModified`, and
  /// `spikeRate` for a spiking model.
  public var fields: [(name: String, value: Double)] {
    [("energy", total), ("energyModified", modified)] + (spikeRate.map { [("spikeRate", $0)] } ?? [])
  }
}
