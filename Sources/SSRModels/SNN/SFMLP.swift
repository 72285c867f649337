import SSRNN
import SSRTensor

/// SFMLP, the spiking FMLP-Rec proposed in the SSR paper (Yu et al., "Cost-Effective On-Device
/// Sequential Recommendation with Spiking Neural Networks", IJCAI 2025), which the reference code
/// calls `SSR` (`seren/recommender/ssr/ssr.py` of AmazingDD/serenRec @0c85847):
///
///     item + position embedding → BatchNorm → dropout
///     → layers × [Filter: BN(dropout(irfft(rfft(x) ⊙ W)) + x)                          (float)
///                 → Intermediate: repeat T(BN(dense_1(x))) → LIF → dense_2 (on spikes)
///                   → dropout (mask shared over T) → + x → BN → LIF → mean over T → BN]
///     → the state at position length − 1
///
/// The Fourier filter is FMLP-Rec's (``fourierFilter(_:complexWeight:)``) and stays float; the
/// feed-forward block spikes: `dense_1` (D → 4D) acts on floats, `dense_2` (4D → D) on the binary
/// spikes of `intermediate_act_lif`, and `last_lif` turns the residual sum into spikes whose firing
/// rates (mean over T) go, batch-normalised, to the next block. Both neurons: τ, V_th from the
/// spiking config (2 and 1), hard reset to 0, ATan(α = 2), detached reset. Every BatchNorm
/// normalises the channel (last) axis with statistics over batch, positions and, for `bn_2`, the
/// time steps (SpikingJelly's multi-step BatchNorm folds T into the batch); there is no GELU and no
/// LayerNorm. Dropout (`dropout` of the config) on the embeddings, after the filter and after
/// `dense_2`; the last one is SpikingJelly's multi-step dropout with one mask for all T steps.
///
/// Initialisation as the reference's `init_weights`: linear and embedding weights N(0, 0.02) (the
/// padding row included), linear biases 0, BatchNorm 1 and 0; filter weights standard normal × 0.02,
/// the same in every block because the reference deep-copies one block.
///
/// Deviations from the reference: the reference hard-codes τ = 2 for both neurons; here τ (and the
/// threshold, surrogate and reset) follow ``SpikingConfig``, whose defaults are the reference's.
/// Histories must be exactly `maxLen` wide (one filter weight per frequency bin).
public final class SFMLP: SequentialRecommender {
  /// The reference's `FilterLayer`: `BN(dropout(irfft(rfft(x) ⊙ W)) + x)` on floats `[B, L, D]`.
  public final class Filter: Layer {
    /// `[1, L/2+1, D, 2]`: real and imaginary parts of the filter (`complex_weight`).
    public let complexWeight: Parameter
    /// Dropout on the filtered sequence (`out_dropout`).
    public let dropout: Dropout
    /// The post-residual BatchNorm over D (`bn`).
    public let norm: BatchNorm
    /// Training mode.
    public var isTraining = true

    init(length: Int, width: Int, dropout: Float, seed: UInt64, generator: inout InitGenerator) {
      complexWeight = Parameter(Tensor.normal([1, length / 2 + 1, width, 2], std: 0.02, generator: &generator))
      self.dropout = Dropout(dropout, seed: seed, stream: 1)
      norm = BatchNorm(width)
    }

    /// The reference's names: `complex_weight`.
    public var ownParameters: [(name: String, parameter: Parameter)] { [("complex_weight", complexWeight)] }
    /// The reference's names: `out_dropout`, `bn`.
    public var sublayers: [(name: String, layer: any Layer)] { [("out_dropout", dropout), ("bn", norm)] }

    /// Filters `x: [B, L, D]`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
      norm.normalizingLastAxis(dropout(fourierFilter(x, complexWeight: complexWeight.value)) + x)
    }
  }

  /// The reference's spiking `Intermediate` block, from floats `[B, L, D]` to batch-normalised
  /// firing rates `[B, L, D]`.
  public final class Intermediate: Layer {
    /// D → inner on floats (`dense_1`, the reference's "float mac").
    public let dense1: Linear
    /// BatchNorm over the inner units (`bn_1`).
    public let norm1: BatchNorm
    /// inner → D on spikes (`dense_2`, the reference's "ac").
    public let dense2: Linear
    /// Dropout with one mask for all time steps (`dropout`).
    public let dropout: MultiStepDropout
    /// Multi-step BatchNorm over D after the residual (`bn_2`).
    public let norm2: BatchNorm
    /// BatchNorm over D of the firing rates (`last_bn`).
    public let lastNorm: BatchNorm
    /// Both neurons' settings.
    public let neuron: LIFConfig
    /// Simulation time steps.
    public let timeSteps: Int
    /// The block's name prefix for firing-rate recording, e.g. `item_encoder.layer.0.intermediate`.
    public let prefix: String
    /// Training mode.
    public var isTraining = true

    init(
      width: Int, inner: Int, dropout: Float, seed: UInt64, spiking: SpikingConfig, prefix: String,
      generator: inout InitGenerator
    ) {
      dense1 = Linear(width, inner, generator: &generator)
      norm1 = BatchNorm(inner)
      dense2 = Linear(inner, width, generator: &generator)
      self.dropout = MultiStepDropout(dropout, seed: seed, stream: 2)
      norm2 = BatchNorm(width)
      lastNorm = BatchNorm(width)
      neuron = spiking.neuron(surrogate: .atan())
      timeSteps = spiking.timeSteps
      self.prefix = prefix
    }

    /// The reference's names (the neurons have no parameters).
    public var sublayers: [(name: String, layer: any Layer)] {
      [("dense_1", dense1), ("bn_1", norm1), ("dense_2", dense2), ("dropout", dropout), ("bn_2", norm2), ("last_bn", lastNorm)]
    }

    /// The names under which the block's neurons record spikes.
    public var neuronNames: [String] { ["\(prefix).intermediate_act_lif", "\(prefix).last_lif"] }

    /// Applies the block to `x: [B, L, D]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x) { _, _ in } }

    /// Applies the block to `x: [B, L, D]`, handing each neuron's spikes `[T, B, L, ·]` to `observe`
    /// under its name (``neuronNames``), in forward order.
    public func forward(_ x: Tensor, observe: (String, Tensor) -> Void) -> Tensor {
      let hidden = norm1.normalizingLastAxis(dense1(x))
      let spikes = lif(repeating: hidden, steps: timeSteps, config: neuron, name: neuronNames[0])  // [T, B, L, inner]
      observe(neuronNames[0], spikes)
      let mixed = norm2.normalizingLastAxis(dropout(dense2(spikes: spikes)) + x)  // x repeated over T by broadcasting
      let lastSpikes = lif(mixed, config: neuron, name: neuronNames[1])  // [T, B, L, D]
      observe(neuronNames[1], lastSpikes)
      return lastNorm.normalizingLastAxis(lastSpikes.mean(axis: 0))
    }
  }

  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The position table `[maxLen, D]`.
  public let positionEmbedding: Embedding
  /// The embedding BatchNorm (`bn`).
  public let norm: BatchNorm
  /// Dropout on the embedded sequence.
  public let dropout: Dropout
  /// The filter layers, one per block.
  public let filters: [Filter]
  /// The spiking feed-forward blocks, one per block.
  public let intermediates: [Intermediate]
  /// The history width the filters are built for.
  public let maxLen: Int
  /// Spiking settings.
  public let spiking: SpikingConfig
  /// Training mode.
  public var isTraining = true
  /// The feature-transformation layer that fuses side features into the input items' embeddings
  /// (nil: ID embeddings only).
  public private(set) var fusion: FeatureFusion? = nil

  /// Builds the model with the same hyperparameters as its ANN twin ``FMLPRec``; `innerSize`
  /// defaults to 4·D as in the reference.
  /// `fusion`, if given, fuses item side features into the input items' embeddings (``FeatureFusion``).
  public init(_ config: ModelConfig, innerSize: Int? = nil, spiking: SpikingConfig = SpikingConfig(), fusion: FeatureFusion? = nil) {
    let d = config.embeddingSize, inner = innerSize ?? 4 * config.embeddingSize
    precondition(inner >= 1 && d >= 1 && config.maxLen >= 1, "SFMLP needs D, maxLen and innerSize ≥ 1")
    precondition(spiking.timeSteps >= 1, "SFMLP needs at least one time step, got \(spiking.timeSteps)")
    var generator = InitGenerator(seed: config.seed)
    itemEmbedding = Embedding(config.itemCount + 1, d, paddingIndex: 0, generator: &generator)
    positionEmbedding = Embedding(config.maxLen, d, generator: &generator)
    norm = BatchNorm(d)
    dropout = Dropout(config.dropout, seed: config.seed, stream: 10)
    var filters: [Filter] = []
    var intermediates: [Intermediate] = []
    for layer in 0..<config.layers {
      let seed = config.seed &+ UInt64(layer + 1) &* 0x9E37_79B9
      filters.append(Filter(length: config.maxLen, width: d, dropout: config.dropout, seed: seed, generator: &generator))
      intermediates.append(
        Intermediate(
          width: d, inner: inner, dropout: config.dropout, seed: seed, spiking: spiking,
          prefix: "item_encoder.layer.\(layer).intermediate", generator: &generator))
    }
    // `copy.deepcopy(layer)`: every block starts with the first block's filter.
    if let first = filters.first?.complexWeight.value {
      for filter in filters.dropFirst() { filter.complexWeight.value = Tensor(first.scalars, shape: first.shape) }
    }
    self.filters = filters
    self.intermediates = intermediates
    maxLen = config.maxLen
    self.spiking = spiking
    // `self.apply(self.init_weights)`: linear and embedding weights N(0, 0.02), linear biases 0.
    resetNormal(self, std: 0.02, generator: &generator)
    self.fusion = fusion
  }

  /// `SFMLP`.
  public var name: String { "SFMLP" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The reference's names: `item_embedding`, `position_embedding`, `bn`, `dropout`,
  /// `item_encoder.layer.i.filterlayer`, `item_encoder.layer.i.intermediate`.
  public var sublayers: [(name: String, layer: any Layer)] {
    var layers: [(name: String, layer: any Layer)] = [
      ("item_embedding", itemEmbedding), ("position_embedding", positionEmbedding), ("bn", norm), ("dropout", dropout),
    ]
    for (i, (filter, intermediate)) in zip(filters, intermediates).enumerated() {
      layers.append(("item_encoder.layer.\(i).filterlayer", filter))
      layers.append(("item_encoder.layer.\(i).intermediate", intermediate))
    }
    return layers + fusionSublayers(fusion)
  }

  /// The names under which the model's neurons record spikes, in forward order:
  /// `item_encoder.layer.i.intermediate.intermediate_act_lif` and `….last_lif` for each block.
  public var neuronNames: [String] { intermediates.flatMap(\.neuronNames) }

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor { forward(batch) { _, _ in } }

  /// The sequence representation `[B, D]`, handing every spike tensor to `observe` in forward order:
  /// each neuron's output `[T, B, L, ·]` under its name (``neuronNames``). `intermediate_act_lif` is
  /// what `dense_2` reads; `last_lif` is averaged over T.
  public func forward(_ batch: SequenceBatch, observe: (String, Tensor) -> Void) -> Tensor {
    precondition(batch.maxLen == maxLen,
      "SFMLP was built for histories of width \(maxLen), got \(batch.maxLen); build it with ModelConfig.maxLen = \(batch.maxLen)")
    let positions = positionIndices(batch: batch.size, length: batch.maxLen)
    var x = dropout(norm.normalizingLastAxis(itemEmbedding(batch.histories, fusion: fusion) + positionEmbedding(positions)))
    for (filter, intermediate) in zip(filters, intermediates) {
      x = intermediate.forward(filter(x), observe: observe)
    }
    return gatherLast(x, lengths: batch.lengths)
  }
}
