import SSRTensor

/// A single-layer gated recurrent unit over `[batch, length, input]` sequences, batch first, with
/// PyTorch's parameter layout and initialisation (Cho et al. 2014, in PyTorch's formulation):
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)
///     z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h' = (1 − z) ⊙ n + z ⊙ h
///
/// `weightIH` is `[3H, input]` and `weightHH` `[3H, H]` with the gates stacked in the order r, z, n
/// (PyTorch's `weight_ih_l0`, `weight_hh_l0`); every weight and bias starts uniform in ±1/√H.
/// The input projections of all steps are one matrix product; the recurrence runs step by step.
public final class GRU: Layer {
  /// `[3H, input]`.
  public let weightIH: Parameter
  /// `[3H, H]`.
  public let weightHH: Parameter
  /// `[3H]`, if the layer has biases.
  public let biasIH: Parameter?
  /// `[3H]`, if the layer has biases.
  public let biasHH: Parameter?
  /// The hidden size H.
  public let hiddenSize: Int
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// A GRU from `inputSize` features to `hiddenSize` hidden units.
  public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = true, generator: inout InitGenerator) {
    let bound = 1 / Float(hiddenSize).squareRoot()
    weightIH = Parameter(Tensor.uniform([3 * hiddenSize, inputSize], low: -bound, high: bound, generator: &generator))
    weightHH = Parameter(Tensor.uniform([3 * hiddenSize, hiddenSize], low: -bound, high: bound, generator: &generator))
    biasIH = bias ? Parameter(Tensor.uniform([3 * hiddenSize], low: -bound, high: bound, generator: &generator)) : nil
    biasHH = bias ? Parameter(Tensor.uniform([3 * hiddenSize], low: -bound, high: bound, generator: &generator)) : nil
    self.hiddenSize = hiddenSize
  }

  /// PyTorch's names: `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`.
  public var ownParameters: [(name: String, parameter: Parameter)] {
    var p: [(name: String, parameter: Parameter)] = [("weight_ih_l0", weightIH), ("weight_hh_l0", weightHH)]
    if let biasIH, let biasHH { p += [("bias_ih_l0", biasIH), ("bias_hh_l0", biasHH)] }
    return p
  }

  /// The hidden states of every step, `[batch, length, H]`, starting from h₀ = 0.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    precondition(x.rank == 3, "GRU expects [batch, length, features], got \(x.shape)")
    let batch = x.shape[0], length = x.shape[1], h = hiddenSize
    let projected = linear(x, weight: weightIH.value, bias: biasIH?.value)  // [B, L, 3H]
    var state = Tensor.zeros([batch, h])
    var outputs: [Tensor] = []
    outputs.reserveCapacity(length)
    for t in 0..<length {
      let gx = projected.sliced(axis: 1, t, t + 1).reshaped([batch, 3 * h])
      let gh = linear(state, weight: weightHH.value, bias: biasHH?.value)  // [B, 3H]
      state = gatedUpdate(input: gx, hidden: gh, state: state, mixing: .keepsState)
      outputs.append(state)
    }
    return stacked(outputs, axis: 1)
  }
}
