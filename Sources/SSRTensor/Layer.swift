/// A trainable tensor with a stable identity: optimizers key their state by the object, and
/// gradients from ``Tensor/backward(_:)`` accumulate in ``grad``.
public final class Parameter {
  /// The leaf node gradients flow into; kept across value updates.
  let leaf: GradNode

  /// The current value. Reading it inside a computation records the use on the tape.
  public var value: Tensor {
    didSet {
      precondition(value.shape == leaf.shape, "parameter shape is fixed at \(leaf.shape), got \(value.shape)")
      value.node = leaf
    }
  }

  /// Whether the optimizer should update this parameter; frozen parameters still pass gradients on.
  public var isTrainable = true

  /// The gradient accumulated since the last ``zeroGrad()``, if any.
  public var grad: Tensor? {
    get { leaf.grad }
    set { leaf.grad = newValue }
  }

  /// A parameter holding `value`.
  public init(_ value: Tensor) {
    leaf = GradNode(leafShape: value.shape)
    var v = value.detached()
    v.node = leaf
    self.value = v
  }

  /// The parameter's shape.
  public var shape: [Int] { value.shape }

  /// Clears the accumulated gradient.
  public func zeroGrad() { leaf.grad = nil }

  /// Replaces the value's elements in place (no recording), copying the buffer if it is shared.
  public func update(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
    value.withUnsafeMutableBufferPointer(body)
  }
}

/// A building block of a model: owns parameters and sublayers under stable names, and has a
/// training/evaluation mode.
///
/// Conformers list their own parameters and sublayers explicitly (no reflection), which fixes the
/// order of ``namedParameters()`` and so of checkpoints:
///
///     final class MLP: Layer {
///       let fc1 = Linear(8, 16, generator: &rng), fc2 = Linear(16, 1, generator: &rng)
///       var isTraining = true
///       var sublayers: [(name: String, layer: any Layer)] { [("fc1", fc1), ("fc2", fc2)] }
///       func callAsFunction(_ x: Tensor) -> Tensor { fc2(fc1(x).relu()) }
///     }
public protocol Layer: AnyObject {
  /// What the layer consumes.
  associatedtype Input
  /// What the layer produces.
  associatedtype Output
  /// Applies the layer.
  func callAsFunction(_ input: Input) -> Output
  /// The layer's own parameters (not those of sublayers), by name.
  var ownParameters: [(name: String, parameter: Parameter)] { get }
  /// The direct sublayers, by name.
  var sublayers: [(name: String, layer: any Layer)] { get }
  /// Whether the layer is in training mode (dropout active, batch statistics used).
  var isTraining: Bool { get set }
  /// State that is not trained by gradients but belongs in checkpoints (batch norm's running
  /// statistics), by name.
  var ownBuffers: [(name: String, buffer: Tensor)] { get }
  /// Replaces a buffer's value when loading a checkpoint.
  func setBuffer(_ name: String, _ value: Tensor)
}

extension Layer {
  /// No parameters of its own by default.
  public var ownParameters: [(name: String, parameter: Parameter)] { [] }
  /// No sublayers by default.
  public var sublayers: [(name: String, layer: any Layer)] { [] }
  /// No buffers by default.
  public var ownBuffers: [(name: String, buffer: Tensor)] { [] }
  /// No buffers by default.
  public func setBuffer(_ name: String, _ value: Tensor) {}

  /// Every buffer of this layer and its sublayers, with dotted names, and the layer that owns it.
  public func namedBuffers() -> [(name: String, buffer: Tensor, owner: any Layer, local: String)] {
    var result = ownBuffers.map { (name: $0.name, buffer: $0.buffer, owner: self as any Layer, local: $0.name) }
    for (name, layer) in sublayers {
      for inner in layer.namedBuffers() {
        result.append((name: "\(name).\(inner.name)", buffer: inner.buffer, owner: inner.owner, local: inner.local))
      }
    }
    return result
  }

  /// Every parameter of this layer and its sublayers, with dotted names (`"blocks.0.fc.weight"`),
  /// own parameters first, then sublayers in order.
  public func namedParameters() -> [(name: String, parameter: Parameter)] {
    var result = ownParameters
    for (name, layer) in sublayers {
      for (inner, parameter) in layer.namedParameters() {
        result.append(("\(name).\(inner)", parameter))
      }
    }
    return result
  }

  /// Every parameter, in ``namedParameters()`` order.
  public func parameters() -> [Parameter] { namedParameters().map(\.parameter) }

  /// The total number of scalars in the parameters.
  public var parameterCount: Int { parameters().reduce(0) { $0 + $1.value.count } }

  /// Sets training (`true`) or evaluation (`false`) mode on this layer and every sublayer.
  public func train(_ on: Bool = true) {
    isTraining = on
    for (_, layer) in sublayers { layer.train(on) }
  }

  /// Switches this layer and every sublayer to evaluation mode.
  public func eval() { train(false) }

  /// Clears the gradients of every parameter.
  public func zeroGrad() {
    for p in parameters() { p.zeroGrad() }
  }

  /// The parameter values and buffers (batch-norm running statistics) by dotted name, for
  /// checkpoints.
  public func stateDictionary() -> [String: Tensor] {
    var d: [String: Tensor] = [:]
    for (name, p) in namedParameters() { d[name] = p.value.detached() }
    for buffer in namedBuffers() { d[buffer.name] = buffer.buffer.detached() }
    return d
  }

  /// Loads parameter values and buffers by dotted name.
  ///
  /// - Throws: ``TensorError/missingTensor(_:)`` or ``TensorError/shapeMismatch(name:expected:found:)``
  ///   when the dictionary does not match the layer; nothing is changed in that case.
  public func load(_ state: [String: Tensor]) throws(TensorError) {
    let named = namedParameters()
    let buffers = namedBuffers()
    for (name, p) in named {
      guard let t = state[name] else { throw .missingTensor(name) }
      guard t.shape == p.shape else { throw .shapeMismatch(name: name, expected: p.shape, found: t.shape) }
    }
    for buffer in buffers {
      guard let t = state[buffer.name] else { throw .missingTensor(buffer.name) }
      guard t.shape == buffer.buffer.shape else {
        throw .shapeMismatch(name: buffer.name, expected: buffer.buffer.shape, found: t.shape)
      }
    }
    for (name, p) in named { p.value = state[name]!.detached() }
    for buffer in buffers { buffer.owner.setBuffer(buffer.local, state[buffer.name]!.detached()) }
  }
}

/// Evaluates `f` on `model` and returns the loss and the gradient of every parameter by dotted
/// name. The parameters' previous gradients are cleared first, and the new ones are left in
/// ``Parameter/grad`` for an optimizer step.
public func valueAndGrad<Model: Layer>(of model: Model, _ f: (Model) -> Tensor) -> (value: Tensor, gradients: [String: Tensor]) {
  model.zeroGrad()
  let loss = GradMode.$isEnabled.withValue(true) { f(model) }
  if loss.requiresGrad { loss.backward() }
  var grads: [String: Tensor] = [:]
  for (name, p) in model.namedParameters() { grads[name] = p.grad ?? Tensor.zeros(p.shape) }
  return (loss.detached(), grads)
}

/// Errors from loading tensors and checkpoints.
public enum TensorError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A checkpoint lacks a tensor the model needs.
  case missingTensor(String)
  /// A checkpoint tensor has the wrong shape.
  case shapeMismatch(name: String, expected: [Int], found: [Int])
  /// A file could not be read or is not valid safetensors.
  case invalidFile(path: String, reason: String)
  /// A file could not be written.
  case writeFailed(path: String, reason: String)

  /// A one-line message saying what happened and what to do.
  public var description: String {
    switch self {
    case .missingTensor(let name):
      return "checkpoint has no tensor '\(name)'; was it saved from the same model configuration?"
    case .shapeMismatch(let name, let expected, let found):
      return "tensor '\(name)' has shape \(found) but the model expects \(expected); check the model configuration"
    case .invalidFile(let path, let reason):
      return "cannot read safetensors file '\(path)': \(reason)"
    case .writeFailed(let path, let reason):
      return "cannot write safetensors file '\(path)': \(reason)"
    }
  }
}
