import SSRTensor

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

  /// A table holding given rows (`[count, width]`), for pretrained models.
  ///
  /// - Precondition: `weight` has rank 2 and `paddingIndex`, if any, is one of its rows.
  public init(weight: Tensor, paddingIndex: Int? = nil) {
    precondition(weight.rank == 2, "embedding weight must be [count, width], got \(weight.shape)")
    if let paddingIndex {
      precondition(paddingIndex >= 0 && paddingIndex < weight.shape[0], "padding index \(paddingIndex) out of range")
    }
    self.weight = Parameter(weight)
    self.paddingIndex = paddingIndex
  }

  /// `weight`.
  public var ownParameters: [(name: String, parameter: Parameter)] { [("weight", weight)] }

  /// The rows for `indices`, shaped `indices.shape + [width]`.
  public func callAsFunction(_ indices: IndexTensor) -> Tensor {
    embedding(indices, weight: weight.value, paddingIndex: paddingIndex)
  }
}
