import SSRTensor

/// The session graphs of SR-GNN (Wu et al., "Session-based Recommendation with Graph Neural
/// Networks", AAAI 2019) for a batch of right-padded histories, built as RecBole's and the SSR
/// reference code's `_get_slice`:
///
/// - the nodes of a row are its distinct ids in ascending order, **including the padding id 0** when
///   the row is padded (NumPy's `unique`), followed by zeros up to `L` slots;
/// - every transition `h[i] → h[i+1]` between real items is an edge (repeated transitions count
///   once), stopping at the first padding;
/// - `incoming[r, c] = A[c, r] / indeg(r)` and `outgoing[r, c] = A[r, c] / outdeg(r)`, with degrees of
///   0 replaced by 1. The reference's `[B, L, 2L]` matrix is `[incoming | outgoing]`.
public struct SessionGraph {
  /// `[B, L]` node ids: the distinct ids of each row in ascending order, then zeros.
  public let items: IndexTensor
  /// `[B, L]` the node slot of every history position (the reference's `alias_inputs`).
  public let alias: IndexTensor
  /// `[B, L, L]` in-edges normalised by in-degree.
  public let incoming: Tensor
  /// `[B, L, L]` out-edges normalised by out-degree.
  public let outgoing: Tensor
  /// `[B, L]` 1 at real items, 0 at padding.
  public let mask: Tensor

  /// Builds the graphs of `histories: [B, L]` (0 = padding, items at positions `0..<length`).
  ///
  /// - Precondition: no id is negative.
  public init(histories: IndexTensor) {
    precondition(histories.shape.count == 2, "SessionGraph expects [batch, length] histories, got \(histories.shape)")
    let batch = histories.shape[0], length = histories.shape[1]
    precondition(length >= 1, "SessionGraph needs histories of width ≥ 1")
    let ids = histories.scalars
    var items = [Int32](repeating: 0, count: batch * length)
    var alias = [Int32](repeating: 0, count: batch * length)
    var incoming = [Float](repeating: 0, count: batch * length * length)
    var outgoing = [Float](repeating: 0, count: batch * length * length)
    var mask = [Float](repeating: 0, count: batch * length)
    var adjacency = [Float](repeating: 0, count: length * length)
    for b in 0..<batch {
      let row = ids[(b * length)..<((b + 1) * length)]
      precondition(row.allSatisfy { $0 >= 0 }, "SessionGraph: negative item id in row \(b)")
      let nodes = Array(Set(row)).sorted()
      var slot: [Int32: Int] = [:]
      for (k, node) in nodes.enumerated() {
        slot[node] = k
        items[b * length + k] = node
      }
      for (t, id) in row.enumerated() {
        alias[b * length + t] = Int32(slot[id] ?? 0)
        mask[b * length + t] = id > 0 ? 1 : 0
      }
      for k in adjacency.indices { adjacency[k] = 0 }
      let base = row.startIndex
      for i in 0..<(length - 1) {
        if row[base + i + 1] == 0 { break }
        let u = slot[row[base + i]] ?? 0, v = slot[row[base + i + 1]] ?? 0
        adjacency[u * length + v] = 1
      }
      var inDegree = [Float](repeating: 0, count: length), outDegree = [Float](repeating: 0, count: length)
      for u in 0..<length {
        for v in 0..<length where adjacency[u * length + v] != 0 {
          outDegree[u] += 1
          inDegree[v] += 1
        }
      }
      let offset = b * length * length
      for r in 0..<length {
        let inScale = 1 / max(inDegree[r], 1), outScale = 1 / max(outDegree[r], 1)
        for c in 0..<length {
          incoming[offset + r * length + c] = adjacency[c * length + r] * inScale
          outgoing[offset + r * length + c] = adjacency[r * length + c] * outScale
        }
      }
    }
    self.items = IndexTensor(items, shape: [batch, length])
    self.alias = IndexTensor(alias, shape: [batch, length])
    self.incoming = Tensor(incoming, shape: [batch, length, length])
    self.outgoing = Tensor(outgoing, shape: [batch, length, length])
    self.mask = Tensor(mask, shape: [batch, length])
  }

  /// The reference's connection matrix `[B, L, 2L]`: `[incoming | outgoing]`.
  public var adjacency: Tensor { concatenated([incoming, outgoing], axis: 2) }

  /// Gathers node states `[B, L, D]` (in node-slot order) back into history order, `[B, L, D]`
  /// (the reference's `torch.gather(hidden, 1, alias_inputs)`); gradients add up over repeats.
  public func inSequenceOrder(_ nodeStates: Tensor) -> Tensor {
    let batch = alias.shape[0], length = alias.shape[1]
    precondition(nodeStates.rank == 3 && nodeStates.shape[0] == batch && nodeStates.shape[1] == length,
      "inSequenceOrder expects [\(batch), \(length), D] node states, got \(nodeStates.shape)")
    var rows = alias.scalars
    for b in 0..<batch {
      for t in 0..<length { rows[b * length + t] += Int32(b * length) }
    }
    let width = nodeStates.shape[2]
    return nodeStates.reshaped([batch * length, width]).take(IndexTensor(rows, shape: [batch, length]), axis: 0)
  }
}
