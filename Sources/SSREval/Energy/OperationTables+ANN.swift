import SSRModels

// Closed-form layer tables of the ANN models, as the Swift models compute them (L = the history
// window `maxLen`, D = `embeddingSize`, N = `itemCount`; every position of the window is computed).
// Every table starts with the shared embedding lookup (0 MACs) and ends with the shared scoring
// product h·Eᵀ over the N + 1 item rows, (N + 1)·D MACs.

extension OperationTable {
  /// GRU4Rec: the GRU's input and recurrent products, 3D outputs each at every position, and the
  /// dense layer on the last state. Modified: `6·L·D² + D²` MACs.
  public static func gru4rec(_ config: ModelConfig) throws(EnergyError) -> OperationTable {
    let count = OperationCounter(model: "GRU4Rec")
    try count.requireBasics(config)
    let (l, d) = (config.maxLen, config.embeddingSize)
    let gates = try count.product([3, d], layer: "gru_layers")
    return OperationTable(
      model: "GRU4Rec", timeSteps: nil,
      layers: [
        count.embeddingLookup(window: l, positions: false),
        try count.linear("gru_layers.weight_ih_l0", d, gates, positions: l, note: " (input → r, z, n)"),
        try count.linear("gru_layers.weight_hh_l0", d, gates, positions: l, note: " (state → r, z, n)"),
        try count.linear("dense", d, d, positions: 1, note: " (last state)"),
        try count.scoring(itemCount: config.itemCount, width: d),
      ])
  }

  /// SASRec: per block, Q/K/V and output projections (`4·L·D²`), the attention products Q·Kᵀ and
  /// P·V over all L×L pairs (`2·L²·D`; the causal mask does not skip any) and the feed-forward
  /// block with I = `innerSize` hidden units (`2·L·D·I`).
  public static func sasrec(_ config: ModelConfig) throws(EnergyError) -> OperationTable {
    let count = OperationCounter(model: "SASRec")
    try count.requireBasics(config)
    try count.require("layers", config.layers, 0...Int.max)
    if config.layers > 0 { try count.require("innerSize", config.innerSize, 1...Int.max) }
    let (l, d, inner) = (config.maxLen, config.embeddingSize, config.innerSize)
    var layers = [count.embeddingLookup(window: l, positions: true)]
    for i in 0..<config.layers {
      let attention = "trm_encoder.layer.\(i).multi_head_attention", feedForward = "trm_encoder.layer.\(i).feed_forward"
      layers += [
        try count.linear("\(attention).query", d, d, positions: l),
        try count.linear("\(attention).key", d, d, positions: l),
        try count.linear("\(attention).value", d, d, positions: l),
        try count.matmul("\(attention).scores", "Q·Kᵀ", rows: l, inner: d, columns: l),
        try count.matmul("\(attention).context", "softmax·V", rows: l, inner: l, columns: d),
        try count.linear("\(attention).dense", d, d, positions: l),
        try count.linear("\(feedForward).dense_1", d, inner, positions: l),
        try count.linear("\(feedForward).dense_2", inner, d, positions: l),
      ]
    }
    layers.append(try count.scoring(itemCount: config.itemCount, width: d))
    return OperationTable(model: "SASRec", timeSteps: nil, layers: layers)
  }

  /// Caser with n_v vertical and n_h horizontal filters: `conv_v` is `n_v·L·D`; the horizontal
  /// convolution of height h slides over `L − h + 1` windows of `h·D` values for each of its n_h
  /// filters, so `conv_h` (heights 1…L) is `n_h·D·Σₕ h·(L − h + 1) = n_h·D·L(L + 1)(L + 2)/6`;
  /// `fc` maps the `n_v·D + n_h·L` features to D.
  public static func caser(_ config: ModelConfig, verticalFilters: Int = 4, horizontalFilters: Int = 8) throws(EnergyError) -> OperationTable {
    let count = OperationCounter(model: "Caser")
    try count.requireBasics(config)
    try count.require("verticalFilters", verticalFilters, 1...Int.max)
    try count.require("horizontalFilters", horizontalFilters, 1...Int.max)
    let (l, d) = (config.maxLen, config.embeddingSize)
    let (vertical, horizontal, features) = try caserConvolutions(
      count, window: l, width: d, verticalFilters: verticalFilters, horizontalFilters: horizontalFilters)
    return OperationTable(
      model: "Caser", timeSteps: nil,
      layers: [
        count.embeddingLookup(window: l, positions: false), vertical, horizontal,
        try count.linear("fc", features, d, positions: 1),
        try count.scoring(itemCount: config.itemCount, width: d),
      ])
  }

  /// Caser's convolutions (shared by the spiking twin) and the width of their concatenated output.
  static func caserConvolutions(
    _ count: OperationCounter, window l: Int, width d: Int, verticalFilters: Int, horizontalFilters: Int,
    input: LayerInput = .float, timeSteps: Int = 1
  ) throws(EnergyError) -> (vertical: LayerOperations, horizontal: LayerOperations, features: Int) {
    let vertical = LayerOperations(
      name: "conv_v", operation: "Conv2d 1→\(verticalFilters), kernel (\(l), 1), over \(d) columns",
      macs: try count.product([verticalFilters, l, d], layer: "conv_v"), timeSteps: timeSteps, input: input)
    var terms: [Int] = []
    for height in 1...l { terms.append(try count.product([horizontalFilters, height, l - height + 1, d], layer: "conv_h")) }
    let horizontal = LayerOperations(
      name: "conv_h.0…\(l - 1)", operation: "Conv2d 1→\(horizontalFilters), kernels (h, \(d)) for h = 1…\(l)",
      macs: try count.sum(terms, layer: "conv_h"), timeSteps: timeSteps, input: input)
    let features = try count.sum(
      [try count.product([verticalFilters, d], layer: "fc"), try count.product([horizontalFilters, l], layer: "fc")], layer: "fc")
    return (vertical, horizontal, features)
  }

  /// SR-GNN with `steps` propagation steps: per step the edge linears (`2·L·D²`), the products with
  /// the in- and out-adjacency (`2·L²·D`), `w_ih` (2D → 3D) and `w_hh` (D → 3D) at every node slot
  /// (`9·L·D²`); then the readout: `linear_one` on the last state (D²), `linear_two` (`L·D²`),
  /// `linear_three` (`L·D`), the attention-weighted sum (`L·D`) and `linear_transform` (`2·D²`).
  public static func srgnn(_ config: ModelConfig, steps: Int = 1) throws(EnergyError) -> OperationTable {
    let count = OperationCounter(model: "SRGNN")
    try count.requireBasics(config)
    try count.require("steps", steps, 1...Int.max)
    let (l, d) = (config.maxLen, config.embeddingSize)
    var layers = [count.embeddingLookup(window: l, positions: false)]
    layers += try gatedGraphSteps(count, window: l, width: d, steps: steps)
    let double = try count.product([2, d], layer: "linear_transform")
    layers += [
      try count.linear("linear_one", d, d, positions: 1, note: " (last state)"),
      try count.linear("linear_two", d, d, positions: l),
      try count.linear("linear_three", d, 1, positions: l),
      try count.matmul("attention_pooling", "αᵀ·h", rows: 1, inner: l, columns: d),
      try count.linear("linear_transform", double, d, positions: 1),
      try count.scoring(itemCount: config.itemCount, width: d),
    ]
    return OperationTable(model: "SRGNN", timeSteps: nil, layers: layers)
  }

  /// The float gated GNN of SR-GNN (shared by the spiking twin SRSGNN).
  static func gatedGraphSteps(_ count: OperationCounter, window l: Int, width d: Int, steps: Int) throws(EnergyError) -> [LayerOperations] {
    let double = try count.product([2, d], layer: "gnn"), triple = try count.product([3, d], layer: "gnn")
    var layers: [LayerOperations] = []
    for step in 0..<steps {
      let prefix = steps == 1 ? "gnn" : "gnn.step\(step)"
      layers += [
        try count.linear("\(prefix).linear_edge_in", d, d, positions: l),
        try count.linear("\(prefix).linear_edge_out", d, d, positions: l),
        try count.matmul("\(prefix).incoming", "A_in·h", rows: l, inner: l, columns: d),
        try count.matmul("\(prefix).outgoing", "A_out·h", rows: l, inner: l, columns: d),
        try count.linear("\(prefix).w_ih", double, triple, positions: l),
        try count.linear("\(prefix).w_hh", d, triple, positions: l),
      ]
    }
    return layers
  }

  /// FMLP-Rec: per block, the Fourier filter and the feed-forward block (D → I → D, I = 4·D by
  /// default). The Swift models compute rfft and irfft as products with dense DFT bases, so with
  /// F = L/2 + 1 bins the filter costs `2·L·F·D` (rfft, real and imaginary) + `4·F·D` (complex
  /// product, 4 real multiplies per bin) + `2·F·L·D` (irfft) MACs; a radix-2 FFT would need fewer
  /// for long windows.
  public static func fmlpRec(_ config: ModelConfig, innerSize: Int? = nil) throws(EnergyError) -> OperationTable {
    let count = OperationCounter(model: "FMLP-Rec")
    try count.requireBasics(config)
    try count.require("layers", config.layers, 0...Int.max)
    let (l, d) = (config.maxLen, config.embeddingSize)
    let inner: Int
    if let innerSize { inner = innerSize } else { inner = try count.product([4, d], layer: "intermediate") }
    if config.layers > 0 { try count.require("innerSize", inner, 1...Int.max) }
    var layers = [count.embeddingLookup(window: l, positions: true)]
    for i in 0..<config.layers {
      let prefix = "item_encoder.layer.\(i)"
      layers += [
        try fourierFilter(count, name: "\(prefix).filterlayer", window: l, width: d),
        try count.linear("\(prefix).intermediate.dense_1", d, inner, positions: l),
        try count.linear("\(prefix).intermediate.dense_2", inner, d, positions: l),
      ]
    }
    layers.append(try count.scoring(itemCount: config.itemCount, width: d))
    return OperationTable(model: "FMLP-Rec", timeSteps: nil, layers: layers)
  }

  /// The learnable Fourier filter on float input (FMLP-Rec and its spiking twin):
  /// `4·L·F·D + 4·F·D` MACs with F = L/2 + 1.
  static func fourierFilter(_ count: OperationCounter, name: String, window l: Int, width d: Int) throws(EnergyError) -> LayerOperations {
    let bins = l / 2 + 1
    let transforms = try count.product([4, l, bins, d], layer: name), weights = try count.product([4, bins, d], layer: name)
    return LayerOperations(
      name: name, operation: "rfft·W·irfft, dense DFT over \(l) positions, \(bins) bins × \(d)",
      macs: try count.sum([transforms, weights], layer: name))
  }
}
