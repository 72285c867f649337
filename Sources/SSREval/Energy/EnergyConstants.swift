/// Energy per arithmetic operation, in picojoules, for the SNN-versus-ANN inference estimate.
///
/// The defaults are Horowitz's figures for 32-bit floating point in 45 nm CMOS ("Computing's
/// energy problem (and what we can do about it)", ISSCC 2014): a multiply costs 3.7 pJ and an add
/// 0.9 pJ, so a multiply–accumulate (MAC, what a layer with float input performs) costs 4.6 pJ and
/// an accumulate (AC, the add a binary input spike triggers) 0.9 pJ. These are the constants of the
/// SSR paper and of the Spikformer and Spike-driven Transformer energy estimates. Override them to
/// model another process node or number format.
public struct EnergyConstants: Sendable, Hashable {
  /// Energy of one multiply–accumulate, in pJ (E_MAC, 4.6 by default).
  public var mac: Double
  /// Energy of one accumulate, in pJ (E_AC, 0.9 by default).
  public var accumulate: Double

  /// Constants in picojoules; the defaults are 45 nm, 32-bit float.
  public init(mac: Double = 4.6, accumulate: Double = 0.9) {
    self.mac = mac
    self.accumulate = accumulate
  }

  /// Horowitz (ISSCC 2014), 45 nm, 32-bit float: E_MAC = 4.6 pJ, E_AC = 0.9 pJ.
  public static let horowitz45nm = EnergyConstants()

  /// Throws unless both energies are finite and not negative.
  public func validate() throws(EnergyError) {
    for (name, value) in [("mac", mac), ("accumulate", accumulate)] where !(value.isFinite && value >= 0) {
      throw EnergyError.invalidConstant(name: name, value: value)
    }
  }
}

/// How a layer whose input is a sum of spike trains is costed (see ``LayerInput/spikeSum(_:)``).
public enum SpikeSumCosting: String, Sendable, Hashable, CaseIterable {
  /// As a float input: every operation is a MAC. A residual connection that adds spike trains, or a
  /// mean over the time steps, gives integer-valued (or 1/T-valued) inputs that are not binary
  /// spikes, so a conventional accelerator would multiply them. The conservative reading.
  case multiplyAccumulate
  /// One accumulate per input spike: `Σ rate × trains × steps × MACs` ACs, as if each summed spike
  /// train fed the layer separately (an integer input k costs k additions). The default: it is the
  /// reading of Spikformer-style estimates, which weigh every layer by the spike activity of its
  /// input, and of the SSR authors' own counter (EC-SNN `energy.py`, which scales each layer by the
  /// activity of the most recent spiking layer).
  case accumulatePerSpike
}

/// The rule table of the energy estimate: which inputs cost a MAC and which an AC.
///
/// | the layer's input | energy per inference |
/// |---|---|
/// | float | MACs × steps × E_MAC |
/// | binary spikes of neuron n | rate(n) × steps × MACs × E_AC |
/// | a sum of spike trains (residual, mean over T) | Σ rate × trains × steps × MACs × E_AC (default), or as float |
///
/// MACs are those of the equivalent ANN layer for one time step, steps is how many time steps the
/// layer runs (T inside the spiking simulation, 1 outside it), and rate is the measured fraction of
/// the input's elements that are spikes. Element-wise operations — activations, gate products,
/// normalisations, residual additions, LIF updates, softmax, max-pooling — are not counted, as in
/// the literature's estimates; neither is the embedding lookup, which reads rows and computes nothing.
public struct EnergyRules: Sendable, Hashable {
  /// How inputs that are sums of spike trains are costed (one accumulate per spike by default).
  public var spikeSums: SpikeSumCosting

  /// The default rules: sums of spike trains cost one accumulate per spike.
  public init(spikeSums: SpikeSumCosting = .accumulatePerSpike) {
    self.spikeSums = spikeSums
  }

  /// The default rules.
  public static let standard = EnergyRules()
}
