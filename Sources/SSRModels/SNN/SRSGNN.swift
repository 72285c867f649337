import SSRNN
import SSRTensor

/// SRSGNN, the spiking SR-GNN of the SSR paper (Yu et al., "Cost-Effective On-Device Sequential
/// Recommendation with Spiking Neural Networks", IJCAI 2025; `seren/recommender/ssr/spike_srgnn.py`
/// of AmazingDD/serenRec @0c85847): SR-GNN's float gated graph network with a spiking attention
/// readout.
///
///     session graph → item embeddings of the nodes → gated GNN (`step` iterations, float)
///     → node states in history order → h = LayerNorm(·)                         [B, L, D]
///     S = LIF(repeat T(h)) spikes (`seq_lif`),  s₁ = S at position length − 1    [T, B, L, D], [T, B, D]
///     Q = Θ(linear_one(s₁) + linear_two(S))  binary (`surrogate_func_q`)          [T, B, L, D]
///     a = Σ over positions of linear_three(Q) ⊙ h ⊙ mask (float states, not spikes) [T, B, D]
///     out = mean over T of linear_transform([a ; s₁])                            [B, D]
///
/// Compared with ``SRGNN`` a layer norm and spiking neurons come between the GNN and the readout,
/// the readout's sigmoid becomes a Heaviside spike (ATan(α = 2) surrogate gradient, threshold 0, as
/// when the reference calls `surrogate.ATan()` directly) and its four linear layers lose their biases. `seq_lif`: τ and V_th from the spiking config (2 and 1), hard
/// reset to 0, SpikingJelly's default Sigmoid(α = 4) surrogate, detached reset. No dropout.
///
/// Every parameter — the embedding's padding row and the layer norm's scale and shift included —
/// starts uniform in ±1/√D (the reference's `_reset_parameters`). With the layer norm's scale that
/// small, `seq_lif` is silent at initialisation and the readout starts from the float path `a` alone
/// (on the tests' synthetic task it still fires for under 0.2% of neuron-steps after 10 epochs);
/// that is the reference's behaviour and is kept.
///
/// Deviations from the reference: none in the computation. The spiking config's threshold applies to
/// `seq_lif` only; Q is a spike at 0 as in the reference (its surrogate follows the config's override).
public final class SRSGNN: SequentialRecommender {
  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The gated graph network (float).
  public let gnn: GatedGraphNetwork
  /// D → D, no bias, on the last item's spikes (`linear_one`).
  public let linearOne: Linear
  /// D → D, no bias, on every position's spikes (`linear_two`).
  public let linearTwo: Linear
  /// D → 1, no bias, on the binary Q (`linear_three`).
  public let linearThree: Linear
  /// 2D → D, no bias, on `[a ; s₁]` (`linear_transform`).
  public let linearTransform: Linear
  /// The layer norm of the node states (`ln_seq`).
  public let norm: LayerNorm
  /// Spiking settings.
  public let spiking: SpikingConfig
  /// Training mode (no effect: the model has no dropout or BatchNorm).
  public var isTraining = true
  /// The feature-transformation layer that fuses side features into the input items' embeddings
  /// (nil: ID embeddings only).
  public private(set) var fusion: FeatureFusion? = nil

  /// Builds the model with the same hyperparameters as its ANN twin ``SRGNN``, with `steps` GNN
  /// iterations (the reference's `step`, 1).
  /// `fusion`, if given, fuses item side features into the input items' embeddings (``FeatureFusion``).
  public init(_ config: ModelConfig, steps: Int = 1, spiking: SpikingConfig = SpikingConfig(), fusion: FeatureFusion? = nil) {
    precondition(steps >= 1, "SRSGNN needs at least one GNN step, got \(steps)")
    precondition(spiking.timeSteps >= 1, "SRSGNN needs at least one time step, got \(spiking.timeSteps)")
    var generator = InitGenerator(seed: config.seed)
    let d = config.embeddingSize
    itemEmbedding = Embedding(config.itemCount + 1, d, paddingIndex: 0, generator: &generator)
    gnn = GatedGraphNetwork(width: d, steps: steps, generator: &generator)
    linearOne = Linear(d, d, bias: false, generator: &generator)
    linearTwo = Linear(d, d, bias: false, generator: &generator)
    linearThree = Linear(d, 1, bias: false, generator: &generator)
    linearTransform = Linear(2 * d, d, bias: false, generator: &generator)
    norm = LayerNorm(d)
    self.spiking = spiking
    // `_reset_parameters`: every parameter, in order, uniform in ±1/√D.
    let bound = 1 / Float(d).squareRoot()
    for parameter in parameters() {
      parameter.value = Tensor.uniform(parameter.shape, low: -bound, high: bound, generator: &generator)
    }
    self.fusion = fusion
  }

  /// `SRSGNN`.
  public var name: String { "SRSGNN" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The reference's names and order: `item_embedding`, `gnn`, `linear_one`, `linear_two`,
  /// `linear_three`, `linear_transform`, `ln_seq`.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("item_embedding", itemEmbedding), ("gnn", gnn), ("linear_one", linearOne), ("linear_two", linearTwo),
     ("linear_three", linearThree), ("linear_transform", linearTransform), ("ln_seq", norm)] + fusionSublayers(fusion)
  }

  /// The names under which the model's neurons record spikes: `seq_lif`, `surrogate_func_q`.
  public var neuronNames: [String] { ["seq_lif", "surrogate_func_q"] }

  /// The name of the spikes s₁ `[T, B, D]` at each history's last position, which `linear_one` and
  /// the s₁ half of `linear_transform` read (no neuron outputs them on their own).
  public static let lastSpikesName = "seq_lif.last"

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor { forward(batch) { _, _ in } }

  /// The sequence representation `[B, D]`, handing every spike tensor to `observe` in forward order:
  /// `seq_lif` `[T, B, L, D]` (read by `linear_two`), s₁ `[T, B, D]` under ``lastSpikesName`` and
  /// `surrogate_func_q` `[T, B, L, D]` (read by `linear_three`).
  public func forward(_ batch: SequenceBatch, observe: (String, Tensor) -> Void) -> Tensor {
    let steps = spiking.timeSteps, size = batch.size, length = batch.maxLen
    let graph = SessionGraph(histories: batch.histories)
    let nodes = gnn((graph, itemEmbedding(graph.items, fusion: fusion)))
    let states = norm(graph.inSequenceOrder(nodes))  // [B, L, D]
    let width = states.shape[2]
    let masked = states * graph.mask.expandedDimensions(axis: 2)
    let neuron = spiking.neuron(surrogate: .sigmoid())
    let spikes = lif(repeating: states, steps: steps, config: neuron, name: "seq_lif")  // [T, B, L, D]
    observe("seq_lif", spikes)
    let lengths = Array([[Int32]](repeating: batch.lengths, count: steps).joined())
    let last = gatherLast(spikes.reshaped([steps * size, length, width]), lengths: lengths).reshaped([steps, size, width])
    observe(Self.lastSpikesName, last)
    let q = spike(
      linearOne(spikes: last).expandedDimensions(axis: 2) + linearTwo(spikes: spikes), surrogate: spiking.surrogate ?? .atan(),
      name: "surrogate_func_q")  // [T, B, L, D]
    observe("surrogate_func_q", q)
    let pooled = (linearThree(spikes: q) * masked).sum(axis: 2)  // [T, B, L, 1] ⊙ [B, L, D] → [T, B, D]
    return linearTransform(concatenated([pooled, last], axis: 2)).mean(axis: 0)
  }
}
