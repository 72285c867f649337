import SSRTensor

/// Batch normalisation over axis 1 of `[N, C]`, `[N, C, L]` or `[N, C, H, W]` input with running
/// statistics (PyTorch's `BatchNorm1d`/`BatchNorm2d`: momentum 0.1, unbiased running variance).
public final class BatchNorm: Layer {
  /// `[C]`.
  public let weight: Parameter
  /// `[C]`.
  public let bias: Parameter
  /// The running mean, updated in training mode.
  public private(set) var runningMean: Tensor
  /// The running (unbiased) variance, updated in training mode.
  public private(set) var runningVariance: Tensor
  /// The weight of the newest batch in the running statistics.
  public let momentum: Float
  /// The variance floor.
  public let eps: Float
  /// Training mode: batch statistics and running updates; evaluation: running statistics.
  public var isTraining = true

  /// Normalises `channels` channels.
  public init(_ channels: Int, momentum: Float = 0.1, eps: Float = 1e-5) {
    weight = Parameter(Tensor.ones([channels]))
    bias = Parameter(Tensor.zeros([channels]))
    runningMean = Tensor.zeros([channels])
    runningVariance = Tensor.ones([channels])
    self.momentum = momentum
    self.eps = eps
  }

  /// `weight`, then `bias`.
  public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }

  /// The running statistics, with PyTorch's names.
  public var ownBuffers: [(name: String, buffer: Tensor)] {
    [("running_mean", runningMean), ("running_var", runningVariance)]
  }

  /// Restores a running statistic from a checkpoint.
  public func setBuffer(_ name: String, _ value: Tensor) {
    switch name {
    case "running_mean": runningMean = value
    case "running_var": runningVariance = value
    default: break
    }
  }

  /// Normalises `x`, updating the running statistics in training mode.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    let (y, mean, variance) = batchNorm(
      x, weight: weight.value, bias: bias.value, runningMean: runningMean, runningVariance: runningVariance,
      training: isTraining, eps: eps)
    if isTraining {
      withoutGrad {
        runningMean = (runningMean * (1 - momentum) + mean * momentum).detached()
        runningVariance = (runningVariance * (1 - momentum) + variance * momentum).detached()
      }
    }
    return y
  }
}
