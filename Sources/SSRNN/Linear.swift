import SSRTensor

/// A fully connected layer `activation(x · weightᵀ + bias)` with PyTorch's layout and default
/// initialisation (weight and bias uniform in ±1/√in).
public final class Linear: Layer {
  /// `[out, in]`.
  public let weight: Parameter
  /// `[out]`, if the layer has a bias.
  public let bias: Parameter?
  /// The activation fused after the bias.
  public let activation: Activation
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// A layer mapping `inputs` features to `outputs`.
  public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, activation: Activation = .identity, generator: inout InitGenerator) {
    let bound = 1 / Float(inputs).squareRoot()
    weight = Parameter(Tensor.uniform([outputs, inputs], low: -bound, high: bound, generator: &generator))
    self.bias = bias ? Parameter(Tensor.uniform([outputs], low: -bound, high: bound, generator: &generator)) : nil
    self.activation = activation
  }

  /// A layer holding given weights (`[out, in]`) and bias (`[out]`), for pretrained models.
  ///
  /// - Precondition: `weight` has rank 2 and `bias`, if any, has its first size.
  public init(weight: Tensor, bias: Tensor?, activation: Activation = .identity) {
    precondition(weight.rank == 2, "linear weight must be [out, in], got \(weight.shape)")
    if let bias { precondition(bias.shape == [weight.shape[0]], "linear bias must be [\(weight.shape[0])], got \(bias.shape)") }
    self.weight = Parameter(weight)
    self.bias = bias.map { Parameter($0) }
    self.activation = activation
  }

  /// `weight`, then `bias`.
  public var ownParameters: [(name: String, parameter: Parameter)] {
    var p: [(name: String, parameter: Parameter)] = [("weight", weight)]
    if let bias { p.append(("bias", bias)) }
    return p
  }

  /// Applies the layer to the last axis of `x`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    linear(x, weight: weight.value, bias: bias?.value, activation: activation)
  }

  /// Applies the layer to inputs that are mostly zeros — spikes, or sums and means of spikes — with
  /// ``spikeLinear(_:weight:bias:activation:path:)``: the same values as ``callAsFunction(_:)``
  /// (bit for bit in reproducible numerics), computed event-driven when the input is sparse enough.
  public func callAsFunction(spikes x: Tensor) -> Tensor {
    spikeLinear(x, weight: weight.value, bias: bias?.value, activation: activation)
  }
}
