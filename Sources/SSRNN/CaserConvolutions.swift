import SSRTensor

/// Caser's vertical convolution: `filters` kernels of size `(length, 1)` sliding over the
/// embedding columns of a `[…, length, width]` sequence, as PyTorch's
/// `nn.Conv2d(1, filters, kernel_size: (length, 1))` applied to `[N, 1, length, width]`.
///
/// Each filter is a weighted sum of the sequence's rows, so the layer is one matrix product:
/// `out[…, f, d] = Σₗ weight[f, 0, l, 0] · x[…, l, d] + bias[f]`.
/// PyTorch's default initialisation: weight and bias uniform in ±1/√length.
public final class VerticalConvolution: Layer {
  /// `[filters, 1, length, 1]` (PyTorch's `Conv2d.weight`).
  public let weight: Parameter
  /// `[filters]`, if the layer has a bias.
  public let bias: Parameter?
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// `filters` kernels spanning all `length` positions.
  public init(length: Int, filters: Int, bias: Bool = true, generator: inout InitGenerator) {
    precondition(length >= 1 && filters >= 1, "VerticalConvolution needs length ≥ 1 and filters ≥ 1")
    let bound = 1 / Float(length).squareRoot()
    weight = Parameter(Tensor.uniform([filters, 1, length, 1], low: -bound, high: bound, generator: &generator))
    self.bias = bias ? Parameter(Tensor.uniform([filters], low: -bound, high: bound, generator: &generator)) : nil
  }

  /// The number of filters.
  public var filters: Int { weight.shape[0] }
  /// The kernel height, which every input must match.
  public var length: Int { weight.shape[2] }

  /// `weight`, then `bias`.
  public var ownParameters: [(name: String, parameter: Parameter)] {
    var p: [(name: String, parameter: Parameter)] = [("weight", weight)]
    if let bias { p.append(("bias", bias)) }
    return p
  }

  /// Maps `x: […, length, width]` to `[…, filters, width]`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    precondition(x.rank >= 2 && x.shape[x.rank - 2] == length, "VerticalConvolution expects […, \(length), width], got \(x.shape)")
    let y = matmul(weight.value.reshaped([filters, length]), x)
    guard let bias else { return y }
    return y + bias.value.reshaped([filters, 1])
  }
}

/// Caser's horizontal convolution of height `height`: `filters` kernels of size `(height, width)`
/// sliding down a `[…, length, width]` sequence, followed by an optional activation — PyTorch's
/// `act(nn.Conv2d(1, filters, kernel_size: (height, width))(x))` on `[N, 1, length, width]`, but
/// returned position-major: `[…, length − height + 1, filters]` (the transpose of PyTorch's
/// `[N, filters, length − height + 1]` after squeezing the width axis of size 1).
///
/// Computed as one matrix product of the ``slidingWindows(_:size:)`` with the flattened kernels.
/// PyTorch's default initialisation: weight and bias uniform in ±1/√(height·width).
public final class HorizontalConvolution: Layer {
  /// `[filters, 1, height, width]` (PyTorch's `Conv2d.weight`).
  public let weight: Parameter
  /// `[filters]`, if the layer has a bias.
  public let bias: Parameter?
  /// The activation applied to the convolution's output (Caser: ReLU).
  public let activation: Activation
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// `filters` kernels covering `height` consecutive items of width `width`.
  public init(height: Int, width: Int, filters: Int, bias: Bool = true, activation: Activation = .identity, generator: inout InitGenerator) {
    precondition(height >= 1 && width >= 1 && filters >= 1, "HorizontalConvolution needs height, width and filters ≥ 1")
    let bound = 1 / Float(height * width).squareRoot()
    weight = Parameter(Tensor.uniform([filters, 1, height, width], low: -bound, high: bound, generator: &generator))
    self.bias = bias ? Parameter(Tensor.uniform([filters], low: -bound, high: bound, generator: &generator)) : nil
    self.activation = activation
  }

  /// The number of filters.
  public var filters: Int { weight.shape[0] }
  /// The number of consecutive items each kernel covers.
  public var height: Int { weight.shape[2] }
  /// The embedding width each kernel covers.
  public var width: Int { weight.shape[3] }

  /// `weight`, then `bias`.
  public var ownParameters: [(name: String, parameter: Parameter)] {
    var p: [(name: String, parameter: Parameter)] = [("weight", weight)]
    if let bias { p.append(("bias", bias)) }
    return p
  }

  /// Maps `x: […, length, width]` (length ≥ height) to `[…, length − height + 1, filters]`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    precondition(x.rank >= 2 && x.shape[x.rank - 1] == width && x.shape[x.rank - 2] >= height,
      "HorizontalConvolution(\(height)×\(width)) expects […, length ≥ \(height), \(width)], got \(x.shape)")
    let leading = Array(x.shape.dropLast(2)), length = x.shape[x.rank - 2]
    let windows = slidingWindows(x.reshaped([-1, length, width]), size: height)  // [N, L − h + 1, h·D]
    let y = linear(windows, weight: weight.value.reshaped([filters, height * width]), bias: bias?.value, activation: activation)
    return y.reshaped(leading + [length - height + 1, filters])
  }

  /// Maps spikes `x: […, length, width]` (or other mostly-zero input) to `[…, length − height + 1,
  /// filters]` as ``callAsFunction(_:)`` does. In ``NumericsMode/fast`` mode (unless
  /// ``SpikeLinearPath/dense`` is in force) the windows are never built:
  /// ``slidingWindowLinear(_:size:weight:bias:activation:)`` adds a kernel column per spike to every
  /// window covering it, which equals the windowed product up to float rounding. In
  /// ``NumericsMode/reproducible`` mode the windows go through
  /// ``spikeLinear(_:weight:bias:activation:path:)``'s dense product, the mode's one matrix kernel.
  public func callAsFunction(spikes x: Tensor) -> Tensor {
    precondition(x.rank >= 2 && x.shape[x.rank - 1] == width && x.shape[x.rank - 2] >= height,
      "HorizontalConvolution(\(height)×\(width)) expects […, length ≥ \(height), \(width)], got \(x.shape)")
    let leading = Array(x.shape.dropLast(2)), length = x.shape[x.rank - 2]
    let sequences = x.reshaped([-1, length, width])
    let kernels = weight.value.reshaped([filters, height * width])
    let y: Tensor
    if NumericsMode.current == .fast && SpikeLinearPath.current != .dense {
      y = slidingWindowLinear(sequences, size: height, weight: kernels, bias: bias?.value, activation: activation)
    } else {
      let windows = slidingWindows(sequences, size: height)  // [N, L − h + 1, h·D]
      y = spikeLinear(windows, weight: kernels, bias: bias?.value, activation: activation)
    }
    return y.reshaped(leading + [length - height + 1, filters])
  }
}

extension HorizontalConvolution {
  /// Each of `convolutions` applied to the same spikes `x: […, length, width]`, as
  /// ``callAsFunction(spikes:)`` does one by one; in ``NumericsMode/fast`` mode the spikes are
  /// listed once for all of them (``slidingWindowLinear(_:sizes:weights:biases:activation:)``).
  public static func outputs(of convolutions: [HorizontalConvolution], spikes x: Tensor) -> [Tensor] {
    guard let first = convolutions.first, NumericsMode.current == .fast, SpikeLinearPath.current != .dense,
      convolutions.allSatisfy({ $0.width == first.width && $0.activation == first.activation }),
      x.rank >= 2, x.shape[x.rank - 1] == first.width, x.shape[x.rank - 2] >= convolutions.map(\.height).max()!
    else { return convolutions.map { $0(spikes: x) } }
    let leading = Array(x.shape.dropLast(2)), length = x.shape[x.rank - 2]
    let outputs = slidingWindowLinear(
      x.reshaped([-1, length, first.width]), sizes: convolutions.map(\.height),
      weights: convolutions.map { $0.weight.value.reshaped([$0.filters, $0.height * $0.width]) },
      biases: convolutions.map { $0.bias?.value }, activation: first.activation)
    return zip(convolutions, outputs).map { convolution, y in
      y.reshaped(leading + [length - convolution.height + 1, convolution.filters])
    }
  }
}

/// The convolutional part of Caser (Tang & Wang, "Personalized Top-N Sequential Recommendation via
/// Convolutional Sequence Embedding", WSDM 2018), as RecBole and the SSR reference code build it:
///
///     out_v = conv_v(E)                                   → [B, n_v·D]   (filter-major)
///     out_h = [maxₜ ReLU(conv_h[i](E)) for i = 1…L]       → [B, n_h·L]
///     out   = [out_v ; out_h]                              → [B, n_v·D + n_h·L]
///
/// for an embedded sequence `E: [B, L, D]`. Max-pooling runs over all `L − i + 1` positions of the
/// height-`i` kernels, padding positions included (as in the reference).
public final class CaserConvolutions: Layer {
  /// The vertical convolution (`conv_v`).
  public let vertical: VerticalConvolution
  /// The horizontal convolutions of heights 1…L (`conv_h`).
  public let horizontal: [HorizontalConvolution]
  /// Training mode (no effect on this layer).
  public var isTraining = true

  /// Convolutions for sequences of `length` items embedded in `width` dimensions, with
  /// `verticalFilters` (n_v) vertical and `horizontalFilters` (n_h) horizontal filters per height.
  /// Parameters are drawn in the reference's order: `conv_v`, then `conv_h` by height.
  public init(length: Int, width: Int, verticalFilters: Int = 4, horizontalFilters: Int = 8, generator: inout InitGenerator) {
    vertical = VerticalConvolution(length: length, filters: verticalFilters, generator: &generator)
    horizontal = (1...max(length, 1)).map { height in
      HorizontalConvolution(height: height, width: width, filters: horizontalFilters, activation: .relu, generator: &generator)
    }
  }

  /// The sequence length L the layer expects.
  public var length: Int { vertical.length }
  /// The width of the output, `n_v·D + n_h·L`.
  public var outputWidth: Int {
    let width = horizontal.first?.width ?? 0
    return vertical.filters * width + horizontal.reduce(0) { $0 + $1.filters }
  }

  /// The reference's names: `conv_v` and `conv_h.0` … `conv_h.{L−1}`.
  public var sublayers: [(name: String, layer: any Layer)] {
    [("conv_v", vertical)] + horizontal.enumerated().map { ("conv_h.\($0.offset)", $0.element) }
  }

  /// Maps an embedded sequence `[B, L, D]` to `[B, n_v·D + n_h·L]`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    precondition(x.rank == 3, "CaserConvolutions expects [batch, length, width], got \(x.shape)")
    let batch = x.shape[0]
    var parts = [vertical(x).reshaped([batch, -1])]
    for convolution in horizontal {
      parts.append(convolution(x).max(axis: 1))  // ReLU'd [B, L − i + 1, n_h] → [B, n_h]
    }
    return concatenated(parts, axis: 1)
  }
}
