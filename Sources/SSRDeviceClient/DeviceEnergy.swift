import SSRDevice
import SSREval
import SSRModels

/// The estimated energy of one inference on the device: the model's operation table (the energy
/// accounting of `SSREval`) costed with the firing rates the runtime measured in that request.
public struct DeviceEnergy: Sendable {
  let table: OperationTable?
  /// Why no estimate can be given, if none can.
  public let problem: String?

  /// The accounting of the exported model `config`.
  public init(_ config: ExportedModelConfig) {
    guard let accounting = ModelRegistry.standard.spec(named: config.model)?.energy else {
      (table, problem) = (nil, "no operation table for .\(config.model)")
      return
    }
    do {
      (table, problem) = (try accounting.table(ModelContext(config: config.config, spiking: config.spiking)), nil)
    } catch {
      (table, problem) = (nil, "\(error)")
    }
  }

  /// Picojoules per inference with `counts` as the spiking layers' rates; nil when the table needs
  /// a rate the runtime does not measure (SCaser's and SRSGNN's binary tensors that no neuron outputs).
  public func picojoules(_ counts: [String: SpikeCount]) -> Double? {
    guard let table else { return nil }
    let rates = FiringRates(tallies: counts.mapValues { SpikeTally(spikes: $0.spikes, count: $0.steps) }, samples: 1)
    return try? EnergyReport(table: table, rates: table.isSpiking ? rates : nil).energy()
  }
}
