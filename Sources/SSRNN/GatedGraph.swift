import SSRTensor

/// SR-GNN's gated graph neural network (Wu et al., AAAI 2019; Li et al.'s gated GNN), as RecBole's
/// and the SSR reference code's `GNN`: `step` iterations of
///
///     a_in  = incoming · linear_edge_in(h)  + b_iah
///     a_out = outgoing · linear_edge_out(h) + b_ioh
///     gi = w_ih [a_in ; a_out] + b_ih,   gh = w_hh h + b_hh        (gates stacked r, z, n)
///     r = σ(gi_r + gh_r),  z = σ(gi_z + gh_z),  n = tanh(gi_n + r ⊙ gh_n)
///     h' = (1 − z) ⊙ h + z ⊙ n
///
/// over node states `h: [B, L, D]` and the normalised adjacency of a ``SessionGraph``.
/// Every parameter starts uniform in ±1/√D (SR-GNN's `_reset_parameters`).
public final class GatedGraphNetwork: Layer {
  /// `[3D, 2D]`.
  public let weightIH: Parameter
  /// `[3D, D]`.
  public let weightHH: Parameter
  /// `[3D]`.
  public let biasIH: Parameter
  /// `[3D]`.
  public let biasHH: Parameter
  /// `[D]`, added to the incoming messages.
  public let biasIncoming: Parameter
  /// `[D]`, added to the outgoing messages.
  public let biasOutgoing: Parameter
  /// D → D, with bias: the message along in-edges.
  public let edgeIn: Linear
  /// D → D, with bias: the message along out-edges.
  public let edgeOut: Linear
  /// The number of propagation steps.
  public let steps: Int
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// A network over node states of width `width`, propagating `steps` times (the reference's `step`, 1).
  public init(width: Int, steps: Int = 1, generator: inout InitGenerator) {
    precondition(width >= 1 && steps >= 0, "GatedGraphNetwork needs width ≥ 1 and steps ≥ 0")
    let bound = 1 / Float(width).squareRoot()
    func uniform(_ shape: [Int]) -> Parameter {
      Parameter(Tensor.uniform(shape, low: -bound, high: bound, generator: &generator))
    }
    weightIH = uniform([3 * width, 2 * width])
    weightHH = uniform([3 * width, width])
    biasIH = uniform([3 * width])
    biasHH = uniform([3 * width])
    biasIncoming = uniform([width])
    biasOutgoing = uniform([width])
    // PyTorch's default bound for a D → D linear layer is also 1/√D.
    edgeIn = Linear(width, width, generator: &generator)
    edgeOut = Linear(width, width, generator: &generator)
    self.steps = steps
  }

  /// The reference's names: `w_ih`, `w_hh`, `b_ih`, `b_hh`, `b_iah`, `b_ioh`.
  public var ownParameters: [(name: String, parameter: Parameter)] {
    [("w_ih", weightIH), ("w_hh", weightHH), ("b_ih", biasIH), ("b_hh", biasHH), ("b_iah", biasIncoming), ("b_ioh", biasOutgoing)]
  }

  /// The reference's names: `linear_edge_in`, `linear_edge_out`.
  public var sublayers: [(name: String, layer: any Layer)] { [("linear_edge_in", edgeIn), ("linear_edge_out", edgeOut)] }

  /// One propagation step (the reference's `GNNCell`) of `hidden: [B, L, D]` over `graph`.
  public func cell(_ graph: SessionGraph, _ hidden: Tensor) -> Tensor {
    let incoming = matmul(graph.incoming, edgeIn(hidden)) + biasIncoming.value
    let outgoing = matmul(graph.outgoing, edgeOut(hidden)) + biasOutgoing.value
    let gi = linear(concatenated([incoming, outgoing], axis: 2), weight: weightIH.value, bias: biasIH.value)
    let gh = linear(hidden, weight: weightHH.value, bias: biasHH.value)
    return gatedUpdate(input: gi, hidden: gh, state: hidden, mixing: .takesCandidate)
  }

  /// Runs ``steps`` propagation steps of the node states `input.hidden: [B, L, D]` over `input.graph`.
  public func callAsFunction(_ input: (graph: SessionGraph, hidden: Tensor)) -> Tensor {
    let (graph, hidden) = input
    precondition(hidden.rank == 3 && Array(hidden.shape.prefix(2)) == graph.items.shape && hidden.shape[2] * 3 == weightHH.shape[0],
      "GatedGraphNetwork expects [B, L, D] node states matching the graph \(graph.items.shape), got \(hidden.shape)")
    var h = hidden
    for _ in 0..<steps { h = cell(graph, h) }
    return h
  }
}

/// SR-GNN's soft-attention readout, as RecBole's and the SSR reference code's `SRGNN.forward`:
///
///     q = linear_three(σ(linear_one(s₁) + linear_two(h)))      [B, L, 1]
///     a = Σₜ q ⊙ h ⊙ mask                                       [B, D]
///     out = linear_transform([a ; s₁])                          [B, D]
///
/// for the states `h: [B, L, D]` in history order, the last item's state `s₁: [B, D]` and the padding
/// mask `[B, L]`. `linear_one`, `linear_two` and `linear_transform` have biases; `linear_three` does
/// not. Layers start with PyTorch's default initialisation; SR-GNN re-initialises them.
public final class SessionAttentionReadout: Layer {
  /// D → D, with bias, applied to the last state (`linear_one`).
  public let linearOne: Linear
  /// D → D, with bias, applied to every state (`linear_two`).
  public let linearTwo: Linear
  /// D → 1, without bias: the attention score (`linear_three`).
  public let linearThree: Linear
  /// 2D → D, with bias: the hybrid of global and local preference (`linear_transform`).
  public let linearTransform: Linear
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// A readout over states of width `width`.
  public init(width: Int, generator: inout InitGenerator) {
    linearOne = Linear(width, width, generator: &generator)
    linearTwo = Linear(width, width, generator: &generator)
    linearThree = Linear(width, 1, bias: false, generator: &generator)
    linearTransform = Linear(2 * width, width, generator: &generator)
  }

  /// The reference's names.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("linear_one", linearOne), ("linear_two", linearTwo), ("linear_three", linearThree), ("linear_transform", linearTransform)]
  }

  /// The session representation `[B, D]`.
  public func callAsFunction(_ input: (states: Tensor, last: Tensor, mask: Tensor)) -> Tensor {
    let (states, last, mask) = input
    precondition(states.rank == 3 && last.shape == [states.shape[0], states.shape[2]] && mask.shape == Array(states.shape.prefix(2)),
      "SessionAttentionReadout expects [B, L, D] states, [B, D] last state and [B, L] mask, got \(states.shape), \(last.shape), \(mask.shape)")
    let q1 = linearOne(last).expandedDimensions(axis: 1)  // [B, 1, D]
    let q2 = linearTwo(states)  // [B, L, D]
    let alpha = linearThree((q1 + q2).sigmoid())  // [B, L, 1]
    let pooled = (alpha * states * mask.expandedDimensions(axis: 2)).sum(axis: 1)  // [B, D]
    return linearTransform(concatenated([pooled, last], axis: 1))
  }
}
