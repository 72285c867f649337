import SSRNN
import SSRTensor

/// Maps one modality's vectors `F` to the model's width `D`: a linear layer, or two with a GELU
/// between them.
public final class FeatureProjector: Layer {
  /// `F → D`, or `F → hidden` for a two-layer projection.
  public let fc1: Linear
  /// `hidden → D` of a two-layer projection, else nil.
  public let fc2: Linear?
  /// Training mode (no effect).
  public var isTraining = true

  /// A projection from `inputs` to `outputs` values, as `projection` says.
  public init(_ inputs: Int, _ outputs: Int, projection: FeatureProjection, generator: inout InitGenerator) {
    switch projection {
    case .linear:
      fc1 = Linear(inputs, outputs, generator: &generator)
      fc2 = nil
    case .mlp(let hidden):
      precondition(hidden >= 1, "a two-layer projection needs a hidden width ≥ 1, got \(hidden)")
      fc1 = Linear(inputs, hidden, activation: .gelu, generator: &generator)
      fc2 = Linear(hidden, outputs, generator: &generator)
    }
  }

  /// `fc1`, and `fc2` when there is one.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("fc1", fc1)] + (fc2.map { [("fc2", $0 as any Layer)] } ?? [])
  }

  /// Projects the last axis of `x`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    let hidden = fc1(x)
    return fc2.map { $0(hidden) } ?? hidden
  }
}

/// The feature-transformation module: side-information vectors of an item (text, image), frozen,
/// projected to the model's width and combined with the item's ID embedding — where a model
/// embeds its input items.
///
/// For an item `i` with ID embedding `e` and, per modality m, the frozen vector `xₘ`:
///
///     fₘ = projectₘ(xₘ)   if the item has an m vector, else the learned vector missingₘ
///     sum:            e + Σₘ fₘ
///     concatenation:  W·[e; f₁; …; f_M] + b
///     gated:          g ⊙ e + (1 − g) ⊙ f,  f = Σₘ fₘ,  g = σ(W_g·[e; f] + b_g)
///
/// An item without a vector is never fed zeros silently: it gets its modality's learned "missing"
/// vector. The padding item 0 keeps its ID embedding unchanged. The feature matrices are
/// constants (not parameters, so never trained or saved); the projections, missing vectors and
/// combination layer are trained with the model and saved under `fusion.` in checkpoints.
/// Initialisation draws from its own generator (seeded from the model's seed), so adding fusion
/// leaves the model's other initial weights as they were.
public final class FeatureFusion: Layer {
  /// The options.
  public let options: FusionOptions
  /// The modalities, in the order of ``projectors``.
  public let modalities: [FeatureModality]
  /// The number of items.
  public let itemCount: Int
  /// The model width D.
  public let width: Int
  /// One projection per modality.
  public let projectors: [FeatureProjector]
  /// One learned `[D]` vector per modality, used for items without a vector of that modality.
  public let missing: [Parameter]
  /// `(M + 1)·D → D` for ``FeatureCombination/concatenation``, `2D → D` for
  /// ``FeatureCombination/gated``, nil for ``FeatureCombination/sum``.
  public let combiner: Linear?
  /// Training mode (no effect).
  public var isTraining = true

  /// The frozen `[N + 1, F]` matrices.
  let tables: [Tensor]
  /// `[N + 1, 1]` per modality: 1 where the item has a vector.
  let presence: [Tensor]
  /// `[N + 1, 1]`: 0 for the padding row, 1 for items.
  let realItems: Tensor

  /// A fusion of `features` into width `width`, initialised from `seed`.
  ///
  /// - Precondition: the features have at least one modality and the options are valid.
  public init(features: ItemFeatures, width: Int, options: FusionOptions = FusionOptions(), seed: UInt64) {
    precondition(!features.modalities.isEmpty, "feature fusion needs at least one modality")
    precondition(width >= 1, "feature fusion needs a width ≥ 1, got \(width)")
    var generator = InitGenerator(seed: seed ^ 0x5EED_F05E_F05E_5EED)
    self.options = options
    itemCount = features.itemCount
    self.width = width
    modalities = features.modalities.map(\.modality)
    projectors = features.modalities.map { FeatureProjector($0.width, width, projection: options.projection, generator: &generator) }
    missing = features.modalities.map { _ in Parameter(Tensor.normal([width], std: 0.02, generator: &generator)) }
    switch options.combination {
    case .sum: combiner = nil
    case .concatenation: combiner = Linear((features.modalities.count + 1) * width, width, generator: &generator)
    case .gated: combiner = Linear(2 * width, width, generator: &generator)
    }
    tables = features.modalities.map { Tensor($0.values, shape: [features.itemCount + 1, $0.width]) }
    presence = features.modalities.map { Tensor($0.present.map { $0 ? 1 : 0 }, shape: [features.itemCount + 1, 1]) }
    realItems = Tensor([0] + [Float](repeating: 1, count: features.itemCount), shape: [features.itemCount + 1, 1])
  }

  /// `missing.<modality>` for each modality.
  public var ownParameters: [(name: String, parameter: Parameter)] {
    zip(modalities, missing).map { ("missing.\($0.rawValue)", $1) }
  }

  /// `project.<modality>` for each modality, then `combine` when there is a combination layer.
  public var sublayers: [(name: String, layer: any Layer)] {
    var layers: [(name: String, layer: any Layer)] = zip(modalities, projectors).map { ("project.\($0.rawValue)", $1) }
    if let combiner { layers.append(("combine", combiner)) }
    return layers
  }

  /// The projected feature of every modality for `items`, `items.shape + [D]` each, with the
  /// missing vector where an item has no vector.
  public func projectedFeatures(_ items: IndexTensor) -> [Tensor] {
    (0..<modalities.count).map { m in
      let projected = projectors[m](embedding(items, weight: tables[m]))
      let present = embedding(items, weight: presence[m])
      return projected * present + missing[m].value * (1 - present)
    }
  }

  /// The fused embeddings of `items`, given their ID embeddings `idEmbedded` (`items.shape + [D]`).
  public func callAsFunction(_ input: (items: IndexTensor, idEmbedded: Tensor)) -> Tensor {
    let (items, e) = input
    precondition(e.shape == items.shape + [width], "ID embeddings must be \(items.shape + [width]), got \(e.shape)")
    let features = projectedFeatures(items)
    let real = embedding(items, weight: realItems)
    let last = items.shape.count
    switch options.combination {
    case .sum:
      return e + features.dropFirst().reduce(features[0], +) * real
    case .concatenation:
      let fused = combiner!(concatenated([e] + features, axis: last))
      return fused * real + e * (1 - real)
    case .gated:
      let f = features.dropFirst().reduce(features[0], +)
      let gate = combiner!(concatenated([e, f], axis: last)).sigmoid()
      let fused = gate * e + (1 - gate) * f
      return fused * real + e * (1 - real)
    }
  }

  /// The fused embeddings of every row `0…N` of the ID table `idTable` (`[N + 1, D]`): the
  /// scoring table when ``FusionOptions/fusesScoring`` is set.
  public func table(idTable: Tensor) -> Tensor {
    self((IndexTensor((0...Int32(itemCount)).map { $0 }), idTable))
  }
}

extension Embedding {
  /// The rows for `indices`, fused with their side features when `fusion` is given: how every
  /// model embeds its input items.
  public func callAsFunction(_ indices: IndexTensor, fusion: FeatureFusion?) -> Tensor {
    let rows = self(indices)
    guard let fusion else { return rows }
    return fusion((indices, rows))
  }

  /// The scoring table: the ID table, or the fused table when `fusion` fuses the scoring side.
  public func scoringTable(fusion: FeatureFusion?) -> Tensor {
    guard let fusion, fusion.options.fusesScoring else { return weight.value }
    return fusion.table(idTable: weight.value)
  }
}

/// `[("fusion", fusion)]`, or nothing without fusion: what a model appends to its sublayers, so
/// that a model without side features has exactly the names it always had.
public func fusionSublayers(_ fusion: FeatureFusion?) -> [(name: String, layer: any Layer)] {
  fusion.map { [("fusion", $0 as any Layer)] } ?? []
}
