import SSRNN
import SSRTensor

/// SGRU4Rec, the spiking GRU4Rec of the SSR paper (`ssr/spike_gru4rec.py` of the reference):
///
///     embedding → repeat T → LayerNorm → LIF (soft reset, ATan) → mean over T (rates [B, L, D])
///     → spiking GRU over L → Linear(D → D) → position length − 1
///
/// The spiking GRU has binary gates and candidate: with c = [xᵢ; h],
/// r = Θ_Erf(W_r c), z = Θ_Erf(W_z c), n = Θ_ATan(W_n [xᵢ; r ⊙ h]), h = z ⊙ h + (1 − z) ⊙ n,
/// Heaviside forward and surrogate backward (Erf α = 2, ATan α = 2); no biases; weights uniform
/// in ±1/√D; h₀ = 0, so h stays binary. As in the reference there is no dropout.
public final class SGRU4Rec: CausalSequentialRecommender {
  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The layer norm before the input neurons.
  public let norm: LayerNorm
  /// Gate weights `[D, 2D]` (reset, update, candidate), no bias.
  public let resetGate: Linear, updateGate: Linear, candidate: Linear
  /// The output projection.
  public let dense: Linear
  /// Spiking settings.
  public let spiking: SpikingConfig
  /// Training mode.
  public var isTraining = true
  /// The feature-transformation layer that fuses side features into the input items' embeddings
  /// (nil: ID embeddings only).
  public private(set) var fusion: FeatureFusion? = nil

  /// Builds the model with the same hyperparameters as its ANN twin.
  /// `fusion`, if given, fuses item side features into the input items' embeddings (``FeatureFusion``).
  public init(_ config: ModelConfig, spiking: SpikingConfig = SpikingConfig(), fusion: FeatureFusion? = nil) {
    var generator = InitGenerator(seed: config.seed)
    let d = config.embeddingSize
    itemEmbedding = Embedding(config.itemCount + 1, d, paddingIndex: 0, generator: &generator)
    norm = LayerNorm(d)
    func gate() -> Linear {
      let bound = 1 / Float(d).squareRoot()
      let layer = Linear(2 * d, d, bias: false, generator: &generator)
      layer.weight.value = Tensor.uniform([d, 2 * d], low: -bound, high: bound, generator: &generator)
      return layer
    }
    resetGate = gate()
    updateGate = gate()
    candidate = gate()
    dense = Linear(d, d, generator: &generator)
    self.spiking = spiking
    self.fusion = fusion
  }

  /// `SGRU4Rec`.
  public var name: String { "SGRU4Rec" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The reference's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("item_embedding", itemEmbedding), ("ln", norm), ("sgru.w_r", resetGate), ("sgru.w_z", updateGate),
     ("sgru.w_n", candidate), ("dense", dense)] + fusionSublayers(fusion)
  }

  /// The name of the state h_{t−1} (h₋₁ = 0) that the h halves of `W_r` and `W_z` read, one
  /// `[B, D]` tensor per position (binary: no neuron outputs it on its own).
  public static let previousStateName = "sgru.h_prev"
  /// The name of r_t ⊙ h_{t−1}, which the state half of `W_n` reads, one `[B, D]` per position.
  public static let gatedStateName = "sgru.r_h_prev"
  /// The name of the state at position length − 1, `[B, D]`, which `dense` reads.
  public static let lastStateName = "sgru.h_last"

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor { forward(batch) { _, _ in } }

  /// The sequence representation `[B, D]`, handing the binary state tensors that no neuron outputs
  /// to `observe`: at each position ``previousStateName`` and ``gatedStateName``, then
  /// ``lastStateName``.
  public func forward(_ batch: SequenceBatch, observe: (String, Tensor) -> Void) -> Tensor {
    let states = recurrentStates(batch, observe: observe)
    let last = gatherLast(states, lengths: batch.lengths)
    observe(Self.lastStateName, last)
    return dense(spikes: last)
  }

  /// The representation after every position, `[B, L, D]` (the spiking GRU reads left to right).
  public func encodeAllPositions(_ batch: SequenceBatch) -> Tensor {
    dense(spikes: recurrentStates(batch) { _, _ in })
  }

  /// The binary states h_t of every position, `[B, L, D]`.
  func recurrentStates(_ batch: SequenceBatch, observe: (String, Tensor) -> Void) -> Tensor {
    let neuron = spiking.neuron(surrogate: .atan(), reset: .soft)
    let embedded = norm(itemEmbedding(batch.histories, fusion: fusion))
    let rates = lif(repeating: embedded, steps: spiking.timeSteps, config: neuron, name: "input_lif").mean(axis: 0)  // [B, L, D]
    let (size, length, width) = (rates.shape[0], rates.shape[1], rates.shape[2])
    var h = Tensor.zeros([size, width])
    var states: [Tensor] = []
    states.reserveCapacity(length)
    for t in 0..<length {
      let x = rates.sliced(axis: 1, t, t + 1).reshaped([size, width])
      let c = concatenated([x, h], axis: 1)
      let r = spike(resetGate(spikes: c), surrogate: spiking.surrogate ?? .erf(), name: "sgru.r")
      let z = spike(updateGate(spikes: c), surrogate: spiking.surrogate ?? .erf(), name: "sgru.z")
      let rh = r * h
      observe(Self.previousStateName, h)
      observe(Self.gatedStateName, rh)
      let n = spike(candidate(spikes: concatenated([x, rh], axis: 1)), surrogate: spiking.surrogate ?? .atan(), name: "sgru.n")
      h = z * h + (1 - z) * n
      states.append(h)
    }
    return stacked(states, axis: 1)
  }
}
