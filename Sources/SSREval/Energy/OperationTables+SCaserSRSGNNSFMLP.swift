import SSRModels

// Closed-form layer tables of SFMLP, SCaser and SRSGNN (the reference's `SSR`, `Scaser` and
// `SRSGNN`), under the same rules as the other spiking twins.

extension OperationTable {
  /// SFMLP (the reference's `SSR`): per block, the Fourier filter stays float (`4·L·F·D + 4·F·D`,
  /// F = L/2 + 1, as FMLP-Rec's), `dense_1` (D → I) reads floats once before the input is repeated
  /// over T (`L·D·I` MACs), and `dense_2` (I → D) reads the spikes of `intermediate_act_lif` at each
  /// of the T steps (`L·I·D` per step). BatchNorms, the residual and `last_lif` are not counted.
  public static func sfmlp(_ config: ModelConfig, innerSize: Int? = nil, spiking: SpikingConfig = SpikingConfig()) throws(EnergyError)
    -> OperationTable
  {
    let count = OperationCounter(model: "SFMLP")
    try count.requireBasics(config)
    try count.require("layers", config.layers, 0...Int.max)
    try count.require("timeSteps (T)", spiking.timeSteps, 1...Int.max)
    let (l, d, t) = (config.maxLen, config.embeddingSize, spiking.timeSteps)
    let inner: Int
    if let innerSize { inner = innerSize } else { inner = try count.product([4, d], layer: "intermediate") }
    if config.layers > 0 { try count.require("innerSize", inner, 1...Int.max) }
    var layers = [count.embeddingLookup(window: l, positions: true)]
    for i in 0..<config.layers {
      let prefix = "item_encoder.layer.\(i)"
      layers += [
        try fourierFilter(count, name: "\(prefix).filterlayer", window: l, width: d),
        try count.linear("\(prefix).intermediate.dense_1", d, inner, positions: l),
        try count.linear(
          "\(prefix).intermediate.dense_2", inner, d, positions: l,
          input: .spikes(neuron: "\(prefix).intermediate.intermediate_act_lif"), timeSteps: t),
      ]
    }
    layers.append(try count.scoring(itemCount: config.itemCount, width: d))
    return OperationTable(model: "SFMLP", timeSteps: t, layers: layers)
  }

  /// SCaser: the convolutions read the embedding spikes (`rpe_lif`) at each of the T steps, with
  /// Caser's counts (`n_v·L·D` and `n_h·D·L(L + 1)(L + 2)/6` per step); `fc_h` (n_h·L → D) reads the
  /// max-pooled spikes of the `act_conv` neurons at each step (rate ``SCaserSpikes/pooled``, binary:
  /// the maximum of spikes is a spike); `fc_v` (n_v·D → D) reads the mean over T of `conv_v`'s float
  /// outputs, once.
  public static func scaser(
    _ config: ModelConfig, verticalFilters: Int = 4, horizontalFilters: Int = 8, spiking: SpikingConfig = SpikingConfig()
  ) throws(EnergyError) -> OperationTable {
    let count = OperationCounter(model: "SCaser")
    try count.requireBasics(config)
    try count.require("verticalFilters", verticalFilters, 1...Int.max)
    try count.require("horizontalFilters", horizontalFilters, 1...Int.max)
    try count.require("timeSteps (T)", spiking.timeSteps, 1...Int.max)
    let (l, d, t) = (config.maxLen, config.embeddingSize, spiking.timeSteps)
    let (vertical, horizontal, _) = try caserConvolutions(
      count, window: l, width: d, verticalFilters: verticalFilters, horizontalFilters: horizontalFilters,
      input: .spikes(neuron: "rpe_lif"), timeSteps: t)
    let pooledWidth = try count.product([horizontalFilters, l], layer: "fc_h")
    let verticalWidth = try count.product([verticalFilters, d], layer: "fc_v")
    return OperationTable(
      model: "SCaser", timeSteps: t,
      layers: [
        count.embeddingLookup(window: l, positions: false), vertical, horizontal,
        try count.linear("fc_h", pooledWidth, d, positions: 1, input: .spikes(neuron: SCaserSpikes.pooled), timeSteps: t),
        try count.linear("fc_v", verticalWidth, d, positions: 1, note: " (mean over T of conv_v)"),
        try count.scoring(itemCount: config.itemCount, width: d),
      ])
  }

  /// SRSGNN: SR-GNN's gated GNN stays float (as in ``srgnn(_:steps:)``); the readout runs T steps:
  /// `linear_one` reads the last position's spikes s₁ (D², rate ``SRSGNNSpikes/lastSpikes``),
  /// `linear_two` the spikes of `seq_lif` (`L·D²`), `linear_three` the binary Q
  /// (`surrogate_func_q`, `L·D`); the attention-weighted sum of the float states (`L·D`) and the
  /// a half of `linear_transform` (D²) read floats; its s₁ half (D²) reads spikes.
  public static func srsgnn(_ config: ModelConfig, steps: Int = 1, spiking: SpikingConfig = SpikingConfig()) throws(EnergyError)
    -> OperationTable
  {
    let count = OperationCounter(model: "SRSGNN")
    try count.requireBasics(config)
    try count.require("steps", steps, 1...Int.max)
    try count.require("timeSteps (T)", spiking.timeSteps, 1...Int.max)
    let (l, d, t) = (config.maxLen, config.embeddingSize, spiking.timeSteps)
    let last = LayerInput.spikes(neuron: SRSGNNSpikes.lastSpikes)
    var layers = [count.embeddingLookup(window: l, positions: false)]
    layers += try gatedGraphSteps(count, window: l, width: d, steps: steps)
    layers += [
      try count.linear("linear_one", d, d, positions: 1, input: last, timeSteps: t, note: " (last position)"),
      try count.linear("linear_two", d, d, positions: l, input: .spikes(neuron: "seq_lif"), timeSteps: t),
      try count.linear("linear_three", d, 1, positions: l, input: .spikes(neuron: "surrogate_func_q"), timeSteps: t),
      try count.matmul("attention_pooling", "αᵀ·h (float states)", rows: 1, inner: l, columns: d, timeSteps: t),
      try count.linear("linear_transform[a]", d, d, positions: 1, timeSteps: t, note: " (a half of [a; s₁])"),
      try count.linear("linear_transform[s₁]", d, d, positions: 1, input: last, timeSteps: t, note: " (s₁ half of [a; s₁])"),
      try count.scoring(itemCount: config.itemCount, width: d),
    ]
    return OperationTable(model: "SRSGNN", timeSteps: t, layers: layers)
  }
}
