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
}

/// A lookup table of `count` vectors of size `width`; the row `paddingIndex` starts at zero and
/// never receives a gradient (PyTorch's `nn.Embedding`, initialised N(0, 1) unless given a std).
public final class Embedding: Layer {
  /// `[count, width]`.
  public let weight: Parameter
  /// The row that stands for padding, if any.
  public let paddingIndex: Int?
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// A table of `count` rows of `width`, normal with standard deviation `std`.
  public init(_ count: Int, _ width: Int, paddingIndex: Int? = nil, std: Float = 1, generator: inout InitGenerator) {
    var w = Tensor.normal([count, width], std: std, generator: &generator)
    if let paddingIndex {
      precondition(paddingIndex >= 0 && paddingIndex < count, "padding index \(paddingIndex) out of range")
      w.withUnsafeMutableBufferPointer { p in
        for j in 0..<width { p[paddingIndex * width + j] = 0 }
      }
    }
    weight = Parameter(w)
    self.paddingIndex = paddingIndex
  }

  /// `weight`.
  public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight)] }

  /// The rows for `indices`, shaped `indices.shape + [width]`.
  public func callAsFunction(_ indices: IndexTensor) -> Tensor {
    embedding(indices, weight: weight.value, paddingIndex: paddingIndex)
  }
}

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

  /// `weight`, then `bias`.
  public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }

  /// Normalises the last axis of `x`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    layerNorm(x, weight: weight.value, bias: bias.value, eps: eps)
  }
}

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

/// Dropout with its own Philox stream; active only in training mode.
public final class Dropout: Layer {
  /// The probability of zeroing an element.
  public let probability: Float
  /// The random stream the masks come from.
  public var generator: PhiloxGenerator
  /// Training mode: drop; evaluation: identity.
  public var isTraining = true

  /// Dropout with probability `p`, masks drawn from stream `stream` of `seed`.
  public init(_ p: Float, seed: UInt64, stream: UInt64 = 0) {
    precondition(p >= 0 && p < 1, "dropout probability must be in [0, 1), got \(p)")
    probability = p
    generator = PhiloxGenerator(seed: seed, stream: stream)
  }

  /// Applies dropout in training mode; returns `x` unchanged in evaluation mode.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    isTraining ? dropout(x, p: probability, generator: &generator) : x
  }
}
