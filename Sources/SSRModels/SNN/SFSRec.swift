import SSRNN
import SSRTensor

/// SFSRec, the spiking SASRec of the SSR paper (`ssr/spike_sasrec.py` of the reference code),
/// built from Spikformer blocks (Zhou et al., "Spikformer: When Spiking Neural Network Meets
/// Transformer", ICLR 2023):
///
///     item + position embedding → LayerNorm(1e-12) → repeat T → LIF (ATan) → spikes [T, B, L, D]
///     → layers × [x + SSA(x); x + MLP(x)] → mean over T → Linear(D → D) → position length − 1
///
/// Spiking self-attention: Q, K, V = LIF(LayerNorm(W x)) (no bias), `(Q Kᵀ)·0.125 V` with no
/// softmax and no mask, then an attention LIF with V_th = 0.5, then LIF(LayerNorm(W_o ·)).
/// The MLP is Linear(D → 256) → LN → LIF → Linear(256 → D) → LN → LIF. Every neuron: τ from
/// the config, hard reset, detached reset, Sigmoid(α = 4) except the embedding's ATan(α = 2).
/// As in the reference there is no dropout.
public final class SFSRec: SequentialRecommender {
  /// A Spikformer block: spiking self-attention and spiking MLP with residuals.
  public final class Block: Layer {
    let q: Linear, k: Linear, v: Linear, proj: Linear
    let qNorm: LayerNorm, kNorm: LayerNorm, vNorm: LayerNorm, projNorm: LayerNorm
    let fc1: Linear, fc2: Linear, fc1Norm: LayerNorm, fc2Norm: LayerNorm
    let neuron: LIFConfig, attentionNeuron: LIFConfig
    let heads: Int
    /// The block's name prefix for firing-rate recording, e.g. `blocks.0`.
    let prefix: String
    /// Training mode (no dropout in this block, as in the reference).
    public var isTraining = true

    init(width: Int, inner: Int, heads: Int, spiking: SpikingConfig, prefix: String, generator: inout InitGenerator) {
      self.prefix = prefix
      q = Linear(width, width, bias: false, generator: &generator)
      k = Linear(width, width, bias: false, generator: &generator)
      v = Linear(width, width, bias: false, generator: &generator)
      proj = Linear(width, width, generator: &generator)
      qNorm = LayerNorm(width)
      kNorm = LayerNorm(width)
      vNorm = LayerNorm(width)
      projNorm = LayerNorm(width)
      fc1 = Linear(width, inner, generator: &generator)
      fc2 = Linear(inner, width, generator: &generator)
      fc1Norm = LayerNorm(inner)
      fc2Norm = LayerNorm(width)
      neuron = spiking.neuron(surrogate: .sigmoid())
      attentionNeuron = spiking.neuron(surrogate: .sigmoid(), threshold: 0.5)
      self.heads = heads
    }

    /// The reference's names (`attn.q_linear`, `mlp.fc1_ln`, …).
    public var sublayers: [(name: String, layer: any Layer)] {
      [("attn.q_linear", q), ("attn.q_ln", qNorm), ("attn.k_linear", k), ("attn.k_ln", kNorm), ("attn.v_linear", v),
       ("attn.v_ln", vNorm), ("attn.proj_linear", proj), ("attn.proj_ln", projNorm), ("mlp.fc1_linear", fc1),
       ("mlp.fc1_ln", fc1Norm), ("mlp.fc2_linear", fc2), ("mlp.fc2_ln", fc2Norm)]
    }

    /// `x: [T, B, L, D]` spikes (or sums of spikes after a residual).
    public func callAsFunction(_ x: Tensor) -> Tensor {
      let (steps, batch, length, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
      let headCount = heads, headWidth = width / heads
      func split(_ t: Tensor) -> Tensor { t.reshaped([steps, batch, length, headCount, headWidth]).permuted([0, 1, 3, 2, 4]) }
      let qs = split(lif(qNorm(q(spikes: x)), config: neuron, name: "\(prefix).attn.q_lif"))
      let ks = split(lif(kNorm(k(spikes: x)), config: neuron, name: "\(prefix).attn.k_lif"))
      let vs = split(lif(vNorm(v(spikes: x)), config: neuron, name: "\(prefix).attn.v_lif"))
      let attention = matmul(qs, ks, transposeB: true) * 0.125
      let mixed = matmul(attention, vs).permuted([0, 1, 3, 2, 4]).reshaped([steps, batch, length, width])
      let attentionSpikes = lif(mixed, config: attentionNeuron, name: "\(prefix).attn.attn_lif")
      let attended = lif(projNorm(proj(spikes: attentionSpikes)), config: neuron, name: "\(prefix).attn.proj_lif")
      let y = x + attended
      let hidden = lif(fc1Norm(fc1(spikes: y)), config: neuron, name: "\(prefix).mlp.fc1_lif")
      return y + lif(fc2Norm(fc2(spikes: hidden)), config: neuron, name: "\(prefix).mlp.fc2_lif")
    }
  }

  /// The item table `[N + 1, D]`.
  public let itemEmbedding: Embedding
  /// The position table `[maxLen, D]`.
  public let positionEmbedding: Embedding
  /// The embedding layer norm.
  public let norm: LayerNorm
  /// The Spikformer blocks.
  public let blocks: [Block]
  /// The float head applied to the firing rates.
  public let head: Linear
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
    positionEmbedding = Embedding(config.maxLen, d, generator: &generator)
    norm = LayerNorm(d, eps: 1e-12)
    blocks = (0..<config.layers).map { i in
      Block(width: d, inner: config.innerSize, heads: config.heads, spiking: spiking, prefix: "blocks.\(i)", generator: &generator)
    }
    head = Linear(d, d, generator: &generator)
    self.spiking = spiking
    self.fusion = fusion
  }

  /// `SFSRec`.
  public var name: String { "SFSRec" }
  /// The scoring table: the ID table, or the fused table when the fusion fuses scoring.
  public var itemEmbeddings: Tensor { itemEmbedding.scoringTable(fusion: fusion) }

  /// The reference's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    var layers: [(name: String, layer: any Layer)] = [
      ("item_embedding", itemEmbedding), ("position_embedding", positionEmbedding), ("LayerNorm", norm),
    ]
    for (i, block) in blocks.enumerated() { layers.append(("blocks.\(i)", block)) }
    layers.append(("head", head))
    return layers + fusionSublayers(fusion)
  }

  /// The sequence representation `[B, D]`.
  public func callAsFunction(_ batch: SequenceBatch) -> Tensor {
    let positions = positionIndices(batch: batch.size, length: batch.maxLen)
    let embedded = norm(itemEmbedding(batch.histories, fusion: fusion) + positionEmbedding(positions))
    var x = lif(repeating: embedded, steps: spiking.timeSteps, config: spiking.neuron(surrogate: .atan()), name: "rpe_lif")
    for block in blocks { x = block(x) }
    return gatherLast(head(spikes: x.mean(axis: 0)), lengths: batch.lengths)
  }
}
