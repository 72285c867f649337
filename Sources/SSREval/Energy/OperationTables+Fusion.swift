import SSRModels

// The feature-fusion layers of a model with side features (``SSRModels/FeatureFusion``), per
// inference: the L items of the history window are fused once each. They run on the server, which
// sends the device the fused vectors (SPEC §9), and form the `fusion (server)` group of a report.
// With M modalities of widths Fₘ and model width D:
//   projection, per modality: linear L·Fₘ·D, or a 2-layer MLP with H hidden units L·(Fₘ·H + H·D)
//   combination: sum 0 (element-wise), concatenation L·(M + 1)·D·D, gated L·2D·D
// A fused scoring table (when the options ask for it) is computed once per trained model, not per
// inference; its row has no MACs and says what it cost once.

extension OperationTable {
  /// This table with the fusion layers of `context`'s features inserted after the embedding
  /// lookup (the table itself when the context has no features).
  public func addingFusion(_ context: ModelContext) throws(EnergyError) -> OperationTable {
    guard let features = context.features, !features.modalities.isEmpty else { return self }
    let count = OperationCounter(model: model)
    let (l, d) = (context.config.maxLen, context.config.embeddingSize)
    var rows: [LayerOperations] = []
    var perItem: [Int] = []
    for modal in features.modalities {
      let name = "fusion.project.\(modal.modality.rawValue)"
      switch context.fusion.projection {
      case .linear:
        rows.append(try count.linear("\(name).fc1", modal.width, d, positions: l))
        perItem.append(try count.product([modal.width, d], layer: name))
      case .mlp(let hidden):
        rows.append(try count.linear("\(name).fc1", modal.width, hidden, positions: l))
        rows.append(try count.linear("\(name).fc2", hidden, d, positions: l))
        perItem.append(try count.sum([try count.product([modal.width, hidden], layer: name), try count.product([hidden, d], layer: name)], layer: name))
      }
    }
    switch context.fusion.combination {
    case .sum:
      break
    case .concatenation:
      let inputs = try count.product([features.modalities.count + 1, d], layer: "fusion.combine")
      rows.append(try count.linear("fusion.combine", inputs, d, positions: l, note: " ([e; f₁…f_M])"))
      perItem.append(try count.product([inputs, d], layer: "fusion.combine"))
    case .gated:
      rows.append(try count.linear("fusion.combine", 2 * d, d, positions: l, note: " (gate on [e; f])"))
      perItem.append(try count.product([2 * d, d], layer: "fusion.combine"))
    }
    if context.fusion.fusesScoring {
      let once = try count.product([context.config.itemCount + 1, try count.sum(perItem, layer: "fusion.scoring_table")], layer: "fusion.scoring_table")
      rows.append(
        LayerOperations(
          name: "fusion.scoring_table",
          operation: "fused table of \(context.config.itemCount + 1) rows, computed once per trained model (\(once) MACs), not per inference",
          macs: 0))
    }
    var result = self
    let insertAt = (result.layers.firstIndex { $0.component == .shared } ?? -1) + 1
    result.layers.insert(contentsOf: rows.map { row in
      var row = row
      row.component = .fusion
      return row
    }, at: insertAt)
    return result
  }
}
