import SSRNN
import SSRTensor

/// SCaser, the spiking Caser of the SSR paper (Yu et al., "Cost-Effective On-Device Sequential
/// Recommendation with Spiking Neural Networks", IJCAI 2025; `Scaser` in
/// `seren/recommender/ssr/spike_caser.py` of AmazingDD/serenRec @0c85847): Caser's convolutions
/// run on spikes.
///
///     E = LayerNorm(embedding)                     [B, L, D]
///     S = LIF(repeat T(E))                          [T, B, L, D]  spikes (`rpe_lif`)
///     out_v = conv_v(S)                             [T, B, n_v·D]
///     out_h = [maxₜ LIF(BN(conv_h[i](S))) for i = 1…L]   [T, B, n_h·L]  spikes (`act_conv.{i−1}`)
///     out = mean_T(fc_h(out_h)) + fc_v(mean_T(out_v))
///
/// The convolutions have no bias. Each horizontal convolution is followed by a multi-step
/// BatchNorm over its n_h channels (statistics over time steps, samples and positions) and its own
/// neurons; max-pooling runs over every position, padding included, as in the reference. Every
/// neuron: τ and V_th from the spiking config (2 and 1), hard reset to 0, ATan(α = 2), detached
/// reset. As in the reference there is no user embedding, no dropout and no activation after the
/// linear layers. The loss adds
/// `regWeight·(‖E‖₂ + ‖conv_v.weight‖₂ + ‖fc_v.weight‖₂ + ‖fc_h.weight‖₂ + Σᵢ ‖conv_h[i].weight‖₂)`
/// (L2 norms, not squared). PyTorch's default initialisation (the reference does not re-initialise):
/// embedding N(0, 1) with a zero padding row, convolutions and linear layers uniform ±1/√fan-in,
/// norms 1 and 0.
///
/// Deviations from the reference: its `rpe_lif` hard-codes τ = 2 (the convolution neurons use the
/// configured τ); here every neuron follows ``SpikingConfig`` (default τ = 2, so the defaults agree).
/// Histories must be exactly `maxLen` wide (the vertical kernel spans them).
public final class SCaser: SequentialRecommender {
  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The vertical convolution on spikes, no bias (`conv_v`).
  public let vertical: VerticalConvolution
  /// The layer norm before the input neurons (`rpe_ln`).
  public let norm: LayerNorm
  /// The horizontal convolutions on spikes, heights 1…L, no bias (`conv_h`).
  public let horizontal: [HorizontalConvolution]
  /// The BatchNorm after each horizontal convolution (`bn_conv`).
  public let horizontalNorms: [BatchNorm]
  /// n_v·D → D, applied to the mean over T of the vertical features (`fc_v`).
  public let fcV: Linear
  /// n_h·L → D, applied to the pooled spikes of every step (`fc_h`).
  public let fcH: Linear
  /// The weight of the L2-norm regulariser (`reg_weight`, 1e-4).
  public let regularizationWeight: Float
  /// Spiking settings.
  public let spiking: SpikingConfig
  /// Training mode.
  public var isTraining = true
  /// The feature-transformation layer that fuses side features into the input items' embeddings
  /// (nil: ID embeddings only).
  public private(set) var fusion: FeatureFusion? = nil

  /// Builds the model with the same hyperparameters as its ANN twin ``Caser``: `verticalFilters`
  /// n_v (4), `horizontalFilters` n_h (8) per kernel height and `regularizationWeight` (1e-4), the
  /// reference's values.
  /// `fusion`, if given, fuses item side features into the input items' embeddings (``FeatureFusion``).
  public init(
    _ config: ModelConfig, verticalFilters: Int = 4, horizontalFilters: Int = 8, regularizationWeight: Float = 1e-4,
    spiking: SpikingConfig = SpikingConfig(), fusion: FeatureFusion? = nil
  ) {
    precondition(verticalFilters >= 1 && horizontalFilters >= 1, "SCaser needs at least one vertical and one horizontal filter")
    precondition(regularizationWeight >= 0 && regularizationWeight.isFinite, "SCaser's regularisation weight must be finite and ≥ 0")
    precondition(config.maxLen >= 1 && config.embeddingSize >= 1, "SCaser needs maxLen ≥ 1 and D ≥ 1")
    precondition(spiking.timeSteps >= 1, "SCaser needs at least one time step, got \(spiking.timeSteps)")
    var generator = InitGenerator(seed: config.seed)
    let d = config.embeddingSize, length = config.maxLen
    // The reference's order of construction: item_embedding, conv_v, rpe_ln, conv_h, bn_conv, fc_v, fc_h.
    itemEmbedding = Embedding(config.itemCount + 1, d, paddingIndex: 0, generator: &generator)
    vertical = VerticalConvolution(length: length, filters: verticalFilters, bias: false, generator: &generator)
    norm = LayerNorm(d)
    horizontal = (1...length).map { height in
      HorizontalConvolution(height: height, width: d, filters: horizontalFilters, bias: false, generator: &generator)
    }
    horizontalNorms = (1...length).map { _ in BatchNorm(horizontalFilters) }
    fcV = Linear(verticalFilters * d, d, generator: &generator)
    fcH = Linear(horizontalFilters * length, d, generator: &generator)
    self.regularizationWeight = regularizationWeight
    self.spiking = spiking
    self.fusion = fusion
  }

  /// `SCaser`.
  public var name: String { "SCaser" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The reference's names: `item_embedding`, `conv_v`, `rpe_ln`, `conv_h.0` … `conv_h.{L−1}`,
  /// `bn_conv.0` … `bn_conv.{L−1}`, `fc_v`, `fc_h`.
  public var sublayers: [(name: String, layer: any Layer)] {
    var layers: [(name: String, layer: any Layer)] = [("item_embedding", itemEmbedding), ("conv_v", vertical), ("rpe_ln", norm)]
    layers += horizontal.enumerated().map { ("conv_h.\($0.offset)", $0.element) }
    layers += horizontalNorms.enumerated().map { ("bn_conv.\($0.offset)", $0.element) }
    return layers + [("fc_v", fcV), ("fc_h", fcH)] + fusionSublayers(fusion)
  }

  /// The names under which the model's neurons record spikes, in forward order: `rpe_lif`, then
  /// `act_conv.0` … `act_conv.{L−1}`.
  public var neuronNames: [String] { ["rpe_lif"] + horizontal.indices.map { "act_conv.\($0)" } }

  /// The name of the max-pooled spikes `[T, B, n_h·L]` that `fc_h` reads (no neuron outputs them).
  public static let pooledSpikesName = "act_conv.pooled"

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor { forward(batch) { _, _ in } }

  /// The sequence representation `[B, D]`, handing every spike tensor to `observe` in forward order:
  /// each neuron's output under its name (``neuronNames``) — `rpe_lif` `[T, B, L, D]`, which the
  /// convolutions read, and `act_conv.i` `[T, B, L − i, n_h]` — and then the max-pooled spikes
  /// `[T, B, n_h·L]` that `fc_h` reads, under ``pooledSpikesName``.
  public func forward(_ batch: SequenceBatch, observe: (String, Tensor) -> Void) -> Tensor {
    precondition(batch.maxLen == vertical.length,
      "SCaser was built for histories of width \(vertical.length), got \(batch.maxLen); build it with ModelConfig.maxLen = \(batch.maxLen)")
    let steps = spiking.timeSteps, size = batch.size
    let neuron = spiking.neuron(surrogate: .atan())
    let embedded = norm(itemEmbedding(batch.histories, fusion: fusion))
    let spikes = lif(repeating: embedded, steps: steps, config: neuron, name: "rpe_lif")  // [T, B, L, D]
    observe("rpe_lif", spikes)
    let outV = vertical(spikes).reshaped([steps, size, -1])  // [T, B, n_v·D], filter-major
    var pooled: [Tensor] = []
    pooled.reserveCapacity(horizontal.count)
    let convolved = HorizontalConvolution.outputs(of: horizontal, spikes: spikes)  // [T, B, L − i, n_h] each
    for (i, (output, bn)) in zip(convolved, horizontalNorms).enumerated() {
      let name = "act_conv.\(i)"
      // BatchNorm2d over the n_h channels, T folded into the batch.
      let fired = lif(bn.normalizingLastAxis(output), config: neuron, name: name)
      observe(name, fired)
      pooled.append(fired.max(axis: 2))  // [T, B, n_h]
    }
    let outH = concatenated(pooled, axis: 2)  // [T, B, n_h·L]
    observe(Self.pooledSpikesName, outH)
    return fcH(spikes: outH).mean(axis: 0) + fcV(outV.mean(axis: 0))
  }

  /// `regWeight·(‖E‖₂ + ‖conv_v.weight‖₂ + ‖fc_v.weight‖₂ + ‖fc_h.weight‖₂ + Σᵢ ‖conv_h[i].weight‖₂)`,
  /// or nil when the weight is 0.
  public func regularization() -> Tensor? {
    guard regularizationWeight > 0 else { return nil }
    func norm(_ p: Parameter) -> Tensor { p.value.square().sum().sqrt() }
    var total = norm(itemEmbedding.weight) + norm(vertical.weight) + norm(fcV.weight) + norm(fcH.weight)
    for convolution in horizontal { total = total + norm(convolution.weight) }
    return total * regularizationWeight
  }
}
