import SSRTensor

/// Layer normalisation over the last axis with a learned scale (ones) and shift (zeros).
public final class LayerNorm: Layer {
  /// `[width]`.
  public let weight: Parameter
  /// `[width]`.
  public let bias: Parameter
  /// The variance floor.
  public let eps: Float
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// Normalises vectors of size `width`.
  public init(_ width: Int, eps: Float = 1e-5) {
    weight = Parameter(Tensor.ones([width]))
    bias = Parameter(Tensor.zeros([width]))
    self.eps = eps
  }

  /// Normalisation with given scale and shift (both `[width]`), for pretrained models.
  ///
  /// - Precondition: `weight` has rank 1 and `bias` has its shape.
  public init(weight: Tensor, bias: Tensor, eps: Float = 1e-5) {
    precondition(weight.rank == 1 && bias.shape == weight.shape, "layer norm weight and bias must be [width], got \(weight.shape) and \(bias.shape)")
    self.weight = Parameter(weight)
    self.bias = Parameter(bias)
    self.eps = eps
  }

  /// `weight`, then `bias`.
  public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }

  /// Normalises the last axis of `x`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    layerNorm(x, weight: weight.value, bias: bias.value, eps: eps)
  }
}
