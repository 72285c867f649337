import SSRModels

// Closed-form layer tables of the spiking twins. A layer on binary spikes costs rate × T × MACs
// accumulates, with the rate of the neuron named in its input; a layer on float input (or, by
// default, on a sum of spike trains) costs MACs × steps multiply–accumulates. The neuron names
// are those the models report to the SpikeRecorder, plus the binary tensors that the registry's
// ``EnergyAccounting/unrecordedSpikes`` tally (SGRU4Rec's hidden state: UnrecordedSpikes.swift).

extension OperationTable {
  /// SGRU4Rec: the spiking GRU runs once over the L positions of the rate sequence (not over T).
  /// Each gate is a linear map of `[x; h]` (2D → D, no bias), split into its two halves:
  ///
  /// - the x half reads the rates `mean over T` of `input_lif`: a sum of T spike trains,
  ///   costed as float by default (`3·L·D²` MACs over the three gates);
  /// - the h half reads the binary state: `W_r` and `W_z` read h (rate `sgru.h_prev`), `W_n`
  ///   reads `r ⊙ h` (rate `sgru.r_h_prev`): `3·L·D²` MACs as ACs, one step;
  /// - `dense` (D → D) reads the binary last state (rate `sgru.h_last`): D² MACs as ACs.
  ///
  /// The input LayerNorm and the LIF are not counted. Compare GRU4Rec's `6·L·D² + D²` MACs.
  public static func sgru4rec(_ config: ModelConfig, spiking: SpikingConfig = SpikingConfig()) throws(EnergyError) -> OperationTable {
    let count = OperationCounter(model: "SGRU4Rec")
    try count.requireBasics(config)
    try count.require("timeSteps (T)", spiking.timeSteps, 1...Int.max)
    let (l, d, t) = (config.maxLen, config.embeddingSize, spiking.timeSteps)
    let rates = LayerInput.spikeSum([SpikeSource("input_lif", trains: t)])
    let state = LayerInput.spikes(neuron: SGRU4RecSpikes.previousState)
    return OperationTable(
      model: "SGRU4Rec", timeSteps: t,
      layers: [
        count.embeddingLookup(window: l, positions: false),
        try count.linear("sgru.w_r[x]", d, d, positions: l, input: rates, note: " (rates half of [x; h])"),
        try count.linear("sgru.w_r[h]", d, d, positions: l, input: state, note: " (state half of [x; h])"),
        try count.linear("sgru.w_z[x]", d, d, positions: l, input: rates, note: " (rates half of [x; h])"),
        try count.linear("sgru.w_z[h]", d, d, positions: l, input: state, note: " (state half of [x; h])"),
        try count.linear("sgru.w_n[x]", d, d, positions: l, input: rates, note: " (rates half of [x; r⊙h])"),
        try count.linear(
          "sgru.w_n[r⊙h]", d, d, positions: l, input: .spikes(neuron: SGRU4RecSpikes.gatedState), note: " (state half of [x; r⊙h])"),
        try count.linear("dense", d, d, positions: 1, input: .spikes(neuron: SGRU4RecSpikes.lastState), note: " (last state)"),
        try count.scoring(itemCount: config.itemCount, width: d),
      ])
  }

  /// SFSRec (Spikformer blocks), every layer inside the simulation running T steps:
  ///
  /// - block 0's Q/K/V linears read the embedding spikes (`rpe_lif`); later blocks' read the
  ///   residual stream, a sum of spike trains (`rpe_lif` + every earlier `proj_lif` and
  ///   `fc2_lif`), float by default: `3·L·D²` per step;
  /// - `Q·Kᵀ` (`L²·D`) is costed with the rate of Q (`q_lif`) and `attn·V` (`L²·D`) with the rate
  ///   of V (`v_lif`), the binary operand that gates each accumulation;
  /// - the projection reads `attn_lif` (`L·D²`); `fc1` (D → I) reads the residual stream (a spike
  ///   sum); `fc2` (I → D) reads `fc1_lif`;
  /// - `head` (D → D at every position, once) reads the mean over T of the residual stream (a sum
  ///   of T trains of each residual term), float by default.
  public static func sfsrec(_ config: ModelConfig, spiking: SpikingConfig = SpikingConfig()) throws(EnergyError) -> OperationTable {
    let count = OperationCounter(model: "SFSRec")
    try count.requireBasics(config)
    try count.require("layers", config.layers, 0...Int.max)
    if config.layers > 0 { try count.require("innerSize", config.innerSize, 1...Int.max) }
    try count.require("timeSteps (T)", spiking.timeSteps, 1...Int.max)
    let (l, d, inner, t) = (config.maxLen, config.embeddingSize, config.innerSize, spiking.timeSteps)
    func stream(_ sources: [String]) -> LayerInput {
      sources.count == 1 ? .spikes(neuron: sources[0]) : .spikeSum(sources.map { SpikeSource($0) })
    }
    var residual = ["rpe_lif"]
    var layers = [count.embeddingLookup(window: l, positions: true)]
    for i in 0..<config.layers {
      let attention = "blocks.\(i).attn", mlp = "blocks.\(i).mlp"
      let blockInput = stream(residual)
      layers += [
        try count.linear("\(attention).q_linear", d, d, positions: l, input: blockInput, timeSteps: t),
        try count.linear("\(attention).k_linear", d, d, positions: l, input: blockInput, timeSteps: t),
        try count.linear("\(attention).v_linear", d, d, positions: l, input: blockInput, timeSteps: t),
        try count.matmul(
          "\(attention).scores", "Q·Kᵀ", rows: l, inner: d, columns: l, input: .spikes(neuron: "\(attention).q_lif"), timeSteps: t),
        try count.matmul(
          "\(attention).context", "attn·V", rows: l, inner: l, columns: d, input: .spikes(neuron: "\(attention).v_lif"), timeSteps: t),
        try count.linear("\(attention).proj_linear", d, d, positions: l, input: .spikes(neuron: "\(attention).attn_lif"), timeSteps: t),
      ]
      residual.append("\(attention).proj_lif")
      layers += [
        try count.linear("\(mlp).fc1_linear", d, inner, positions: l, input: stream(residual), timeSteps: t),
        try count.linear("\(mlp).fc2_linear", inner, d, positions: l, input: .spikes(neuron: "\(mlp).fc1_lif"), timeSteps: t),
      ]
      residual.append("\(mlp).fc2_lif")
    }
    layers += [
      try count.linear(
        "head", d, d, positions: l, input: .spikeSum(residual.map { SpikeSource($0, trains: t) }), note: " (mean over T)"),
      try count.scoring(itemCount: config.itemCount, width: d),
    ]
    return OperationTable(model: "SFSRec", timeSteps: t, layers: layers)
  }
}
