import SSRTensor

/// Filters a sequence in the frequency domain, FMLP-Rec's learnable filter (Zhou et al., "Filter-
/// enhanced MLP is All You Need for Sequential Recommendation", WWW 2022):
///
///     X = rfft(x, along the sequence, orthonormal)      [B, L/2+1, D] complex
///     y = irfft(X ⊙ W, n: L, orthonormal)               [B, L, D]
///
/// `x` is `[B, L, D]`; `complexWeight` is `[1, L/2+1, D, 2]` holding the real and imaginary parts of
/// W (PyTorch's `view_as_complex` layout). As in `torch.fft.irfft`, the imaginary parts of the
/// zero-frequency (and, for even L, Nyquist) bins are ignored by the inverse transform.
public func fourierFilter(_ x: Tensor, complexWeight: Tensor) -> Tensor {
  precondition(x.rank == 3, "fourierFilter expects [batch, length, width], got \(x.shape)")
  let length = x.shape[1], width = x.shape[2], bins = length / 2 + 1
  precondition(complexWeight.shape == [1, bins, width, 2],
    "fourierFilter: a length-\(length) sequence of width \(width) needs a [1, \(bins), \(width), 2] weight, got \(complexWeight.shape)")
  let parts = complexWeight.reshaped([bins, width, 2]).split(parts: 2, axis: 2)
  let wr = parts[0].reshaped([bins, width]), wi = parts[1].reshaped([bins, width])
  let (xr, xi) = rfft(x, axis: 1)
  // (xr + i·xi)(wr + i·wi) = (xr·wr − xi·wi) + i·(xr·wi + xi·wr)
  return irfft(real: xr * wr - xi * wi, imaginary: xr * wi + xi * wr, n: length, axis: 1)
}

/// FMLP-Rec's `FilterLayer`: the learnable Fourier filter, then dropout, the residual connection and
/// a layer norm (eps 1e-12):
///
///     LayerNorm(dropout(irfft(rfft(x) ⊙ W)) + x)
///
/// The complex weight `[1, L/2+1, D, 2]` starts as standard normal values times 0.02, as in the
/// official code.
public final class FilterLayer: Layer {
  /// `[1, L/2+1, D, 2]`: real and imaginary parts of the filter (`complex_weight`).
  public let complexWeight: Parameter
  /// Dropout on the filtered sequence (`out_dropout`).
  public let dropout: Dropout
  /// The post-residual layer norm (`layernorm`).
  public let norm: LayerNorm
  /// Training mode.
  public var isTraining = true

  /// A filter for sequences of `length` items of width `width`.
  public init(length: Int, width: Int, dropout: Float, layerNormEps: Float = 1e-12, seed: UInt64, generator: inout InitGenerator) {
    precondition(length >= 1 && width >= 1, "FilterLayer needs length ≥ 1 and width ≥ 1")
    complexWeight = Parameter(Tensor.normal([1, length / 2 + 1, width, 2], std: 0.02, generator: &generator))
    self.dropout = Dropout(dropout, seed: seed, stream: 1)
    norm = LayerNorm(width, eps: layerNormEps)
  }

  /// The official code's names: `complex_weight`.
  public var ownParameters: [(name: String, parameter: Parameter)] { [("complex_weight", complexWeight)] }
  /// The official code's names: `out_dropout`, `layernorm`.
  public var sublayers: [(name: String, layer: any Layer)] { [("out_dropout", dropout), ("layernorm", norm)] }

  /// Filters `x: [B, L, D]`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    norm(dropout(fourierFilter(x, complexWeight: complexWeight.value)) + x)
  }
}

/// FMLP-Rec's `Intermediate` block: a point-wise feed-forward network with GELU (erf), dropout, the
/// residual connection and a layer norm (eps 1e-12):
///
///     LayerNorm(dropout(dense_2(GELU(dense_1(x)))) + x),   dense_1: D → inner, dense_2: inner → D
///
/// The official code uses `inner = 4·D`. The linear layers start with PyTorch's default
/// initialisation; FMLP-Rec re-initialises them (see ``resetNormal(_:std:generator:)``).
public final class FMLPIntermediate: Layer {
  /// D → inner, with the GELU fused (`dense_1`).
  public let dense1: Linear
  /// inner → D (`dense_2`).
  public let dense2: Linear
  /// The post-residual layer norm (`layernorm`).
  public let norm: LayerNorm
  /// Output dropout (`dropout`).
  public let dropout: Dropout
  /// Training mode.
  public var isTraining = true

  /// A block of width `width` with `inner` hidden units.
  public init(width: Int, inner: Int, dropout: Float, layerNormEps: Float = 1e-12, seed: UInt64, generator: inout InitGenerator) {
    dense1 = Linear(width, inner, activation: .gelu, generator: &generator)
    dense2 = Linear(inner, width, generator: &generator)
    norm = LayerNorm(width, eps: layerNormEps)
    self.dropout = Dropout(dropout, seed: seed, stream: 2)
  }

  /// The official code's names (note the lower-case `layernorm`).
  public var sublayers: [(name: String, layer: any Layer)] {
    [("dense_1", dense1), ("dense_2", dense2), ("layernorm", norm), ("dropout", dropout)]
  }

  /// Applies the block to `[…, D]`.
  public func callAsFunction(_ x: Tensor) -> Tensor {
    norm(dropout(dense2(dense1(x))) + x)
  }
}

/// Re-initialises every ``Linear`` and ``Embedding`` in `layer` and its sublayers the BERT way, as
/// FMLP-Rec's (and the SSR model's) `init_weights`: weights normal with mean 0 and standard deviation
/// `std`, linear biases zero. As with PyTorch's `normal_`, an embedding's padding row is overwritten
/// too. Other parameters are left alone. Layers are visited in ``Layer/sublayers`` order, depth first.
public func resetNormal(_ layer: any Layer, std: Float, generator: inout InitGenerator) {
  if let linear = layer as? Linear {
    linear.weight.value = Tensor.normal(linear.weight.shape, std: std, generator: &generator)
    if let bias = linear.bias { bias.value = Tensor.zeros(bias.shape) }
  } else if let embedding = layer as? Embedding {
    embedding.weight.value = Tensor.normal(embedding.weight.shape, std: std, generator: &generator)
  }
  for (_, sublayer) in layer.sublayers { resetNormal(sublayer, std: std, generator: &generator) }
}
