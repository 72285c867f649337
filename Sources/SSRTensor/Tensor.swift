#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A Float32 array of any rank, stored row-major and contiguously, with value semantics.
///
/// Copies share their buffer until one of them is written (copy-on-write). A tensor produced by an
/// operation on tensors that require gradients remembers how it was made, so that
/// ``backward(_:)`` can compute gradients (a dynamic, reverse-mode tape).
///
///     let x = Tensor([1, 2, 3, 4], shape: [2, 2]).requiringGrad()
///     let loss = (x * x).sum()
///     loss.backward()
///     x.grad?.scalars   // [2, 4, 6, 8]
public struct Tensor {
  /// The size of each axis; `[]` for a scalar.
  public private(set) var shape: [Int]
  var storage: Storage
  var node: GradNode?

  /// Wraps existing storage (internal; no copy).
  init(shape: [Int], storage: Storage, node: GradNode? = nil) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative size in shape \(shape)")
    precondition(Tensor.elementCount(shape) == storage.count, "shape \(shape) does not match \(storage.count) elements")
    self.shape = shape
    self.storage = storage
    self.node = node
  }

  /// A tensor with uninitialised contents (internal; every element must be written).
  init(uninitializedShape shape: [Int]) {
    self.init(shape: shape, storage: Storage(uninitializedCount: Tensor.elementCount(shape)))
  }

  /// A tensor whose elements `body` writes, skipping the zero fill of ``init(shape:repeating:)``
  /// (for kernels outside this module that overwrite every element anyway).
  ///
  /// - Important: `body` must write every element; unwritten ones hold unspecified values.
  public init(
    unsafeUninitializedShape shape: [Int], initializingWith body: (UnsafeMutableBufferPointer<Float>) throws -> Void
  ) rethrows {
    self.init(uninitializedShape: shape)
    try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
  }

  /// A tensor of the given shape with every element equal to `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    self.init(shape: shape, storage: Storage(count: Tensor.elementCount(shape), repeating: value))
  }

  /// A tensor holding `scalars` in row-major order.
  ///
  /// - Precondition: `scalars.count` equals the product of `shape`.
  public init(_ scalars: [Float], shape: [Int]) {
    precondition(scalars.count == Tensor.elementCount(shape), "\(scalars.count) values do not fill shape \(shape)")
    self.init(uninitializedShape: shape)
    scalars.withUnsafeBufferPointer { source in
      if let base = source.baseAddress { storage.pointer.update(from: base, count: scalars.count) }
    }
  }

  /// A rank-1 tensor holding `scalars`.
  public init(_ scalars: [Float]) {
    self.init(scalars, shape: [scalars.count])
  }

  /// A scalar (rank-0) tensor.
  public init(_ value: Float) {
    self.init(shape: [], repeating: value)
  }

  /// A tensor of zeros.
  public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }

  /// A tensor of ones.
  public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

  /// `[start, start + step, …]` with `count` elements, as a rank-1 tensor.
  public static func arange(_ count: Int, start: Float = 0, step: Float = 1) -> Tensor {
    var t = Tensor(uninitializedShape: [count])
    let p = t.storage.pointer
    for i in 0..<count { p[i] = start + Float(i) * step }
    t.node = nil
    return t
  }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// The number of elements.
  public var count: Int { storage.count }

  /// The elements in row-major order.
  public var scalars: [Float] {
    Array(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
  }

  /// The single element of a one-element tensor.
  public var item: Float {
    precondition(count == 1, "item needs a one-element tensor, got shape \(shape)")
    return storage.pointer[0]
  }

  /// The product of the sizes in `shape`.
  public static func elementCount(_ shape: [Int]) -> Int {
    var n = 1
    for s in shape { n *= s }
    return n
  }

  /// Normalises a possibly negative axis against `rank`.
  static func normalize(axis: Int, rank: Int) -> Int {
    let a = axis < 0 ? axis + rank : axis
    precondition(a >= 0 && a < Swift.max(rank, 1), "axis \(axis) out of range for rank \(rank)")
    return a
  }

  /// Calls `body` with the elements (read-only).
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
  }

  /// Calls `body` with writable elements, copying the buffer first if it is shared.
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    makeUnique()
    return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
  }

  /// Ensures this tensor owns its buffer alone (copy-on-write).
  mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&storage) {
      storage = Storage(copying: storage)
    }
  }

  /// Whether the buffer is shared with another tensor (for tests of copy-on-write).
  var sharesStorage: Bool { mutating get { !isKnownUniquelyReferenced(&storage) } }

  /// Element access by multi-index (slow; for tests and small tensors).
  public subscript(_ index: Int...) -> Float {
    get { storage.pointer[flatIndex(index)] }
    set {
      let i = flatIndex(index)
      makeUnique()
      storage.pointer[i] = newValue
    }
  }

  private func flatIndex(_ index: [Int]) -> Int {
    precondition(index.count == shape.count, "index \(index) does not match shape \(shape)")
    var flat = 0
    for (i, s) in zip(index, shape) {
      precondition(i >= 0 && i < s, "index \(index) out of range for shape \(shape)")
      flat = flat * s + i
    }
    return flat
  }

  /// Whether every element is finite (no NaN or infinity).
  public var isFinite: Bool {
    let p = storage.pointer
    for i in 0..<count where !p[i].isFinite { return false }
    return true
  }

  /// Whether `other` has the same shape and every element is within `tolerance`.
  public func isClose(to other: Tensor, tolerance: Float = 1e-5) -> Bool {
    guard shape == other.shape else { return false }
    let p = storage.pointer, q = other.storage.pointer
    for i in 0..<count where !(Swift.abs(p[i] - q[i]) <= tolerance * (1 + Swift.abs(q[i]))) { return false }
    return true
  }
}

extension Tensor: CustomStringConvertible {
  /// A short description with the shape and up to 8 leading values.
  public var description: String {
    let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
  }
}

/// Integer indices with a shape: embedding ids, class targets, and the results of ``Tensor/argMax(axis:keepDims:)``,
/// ``Tensor/topK(_:)`` and ``Tensor/argSort(descending:)``.
public struct IndexTensor: Equatable, Sendable {
  /// The size of each axis.
  public let shape: [Int]
  /// The indices in row-major order.
  public let scalars: [Int32]

  /// Indices with a shape.
  ///
  /// - Precondition: `scalars.count` equals the product of `shape`.
  public init(_ scalars: [Int32], shape: [Int]) {
    precondition(scalars.count == Tensor.elementCount(shape), "\(scalars.count) indices do not fill shape \(shape)")
    self.shape = shape
    self.scalars = scalars
  }

  /// A rank-1 index tensor.
  public init(_ scalars: [Int32]) { self.init(scalars, shape: [scalars.count]) }

  /// A rank-1 index tensor from `Int` values.
  ///
  /// - Precondition: every value fits in `Int32`.
  public init(_ values: [Int], shape: [Int]? = nil) {
    let converted = values.map { v -> Int32 in
      precondition(v >= Int(Int32.min) && v <= Int(Int32.max), "index \(v) does not fit in Int32")
      return Int32(v)
    }
    self.init(converted, shape: shape ?? [values.count])
  }

  /// The number of indices.
  public var count: Int { scalars.count }

  /// The same indices with a new shape of equal size.
  public func reshaped(_ newShape: [Int]) -> IndexTensor { IndexTensor(scalars, shape: newShape) }
}
