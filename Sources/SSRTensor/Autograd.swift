/// One recorded operation on the tape: how to turn the gradient of its output into gradients of
/// its inputs. Leaves (parameters, tensors marked with ``Tensor/requiringGrad()``) accumulate.
final class GradNode {
  /// The inputs' nodes, `nil` for inputs that do not need gradients.
  var parents: [GradNode?]
  /// Maps the output gradient to one gradient (or `nil`) per input; cleared after use.
  var backwardFunction: ((Tensor) -> [Tensor?])?
  /// Accumulated gradient of a leaf.
  var grad: Tensor?
  /// Whether this node is a leaf.
  let isLeaf: Bool
  /// The shape of the tensor this node belongs to.
  let shape: [Int]

  init(leafShape shape: [Int]) {
    parents = []
    backwardFunction = nil
    isLeaf = true
    self.shape = shape
  }

  init(shape: [Int], parents: [GradNode?], backward: @escaping (Tensor) -> [Tensor?]) {
    self.parents = parents
    backwardFunction = backward
    isLeaf = false
    self.shape = shape
  }
}

/// Whether operations are being recorded for gradients (per task; see ``withoutGrad(_:)``).
enum GradMode {
  @TaskLocal static var isEnabled = true
}

/// Whether operations are currently recorded for gradients.
public var isGradEnabled: Bool { GradMode.isEnabled }

/// Runs `body` without recording operations (evaluation, optimizer updates).
public func withoutGrad<R>(_ body: () throws -> R) rethrows -> R {
  try GradMode.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
  /// Records `self` as the output of an operation on `inputs`, when any input needs gradients
  /// and recording is on. `backward` receives the output gradient and returns one gradient per input
  /// (`nil` where none is needed); it runs with recording off.
  func recorded(_ inputs: [Tensor], _ backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
    var needs = false
    for input in inputs where input.node != nil {
      needs = true
      break
    }
    guard needs, GradMode.isEnabled else { return self }
    var out = self
    out.node = GradNode(shape: shape, parents: inputs.map(\.node), backward: backward)
    return out
  }

  /// Whether this tensor takes part in gradient computation.
  public var requiresGrad: Bool { node != nil }

  /// A copy of this tensor that is a new leaf of the tape: gradients flowing into it accumulate in ``grad``.
  public func requiringGrad() -> Tensor {
    Tensor(shape: shape, storage: storage, node: GradNode(leafShape: shape))
  }

  /// The same values, cut off from the tape (`torch.Tensor.detach`, `stop_gradient`).
  public func detached() -> Tensor {
    Tensor(shape: shape, storage: storage)
  }

  /// The gradient accumulated in this leaf by ``backward(_:)``, if any.
  public var grad: Tensor? {
    guard let node, node.isLeaf else { return nil }
    return node.grad
  }

  /// Clears the gradient accumulated in this leaf.
  public func zeroGrad() {
    node?.grad = nil
  }

  /// Computes gradients of this tensor with respect to every leaf it depends on and adds them to
  /// the leaves' ``grad``. The recorded graph is released as it is consumed.
  ///
  /// - Parameter seed: the gradient of the final objective with respect to this tensor; defaults
  ///   to 1 and may be omitted only for one-element tensors.
  public func backward(_ seed: Tensor? = nil) {
    guard let root = node else {
      preconditionFailure("backward() on a tensor that does not require gradients")
    }
    let start: Tensor
    if let seed {
      precondition(seed.shape == shape, "seed shape \(seed.shape) differs from tensor shape \(shape)")
      start = seed.detached()
    } else {
      precondition(count == 1, "backward() without a seed needs a one-element tensor, got \(shape)")
      start = Tensor(shape: shape, repeating: 1)
    }
    let order = Tensor.topologicalOrder(from: root)
    withoutGrad {
      var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): start]
      for current in order.reversed() {
        let key = ObjectIdentifier(current)
        guard let g = grads.removeValue(forKey: key) else {
          if !current.isLeaf {
            current.backwardFunction = nil
            current.parents = []
          }
          continue
        }
        if current.isLeaf {
          Tensor.accumulate(&current.grad, g)
          continue
        }
        guard let function = current.backwardFunction else {
          preconditionFailure("backward() through a graph that was already consumed")
        }
        let inputGrads = function(g)
        precondition(inputGrads.count == current.parents.count, "backward returned the wrong number of gradients")
        for (parent, inputGrad) in zip(current.parents, inputGrads) {
          guard let parent, let inputGrad else { continue }
          precondition(
            inputGrad.shape == parent.shape,
            "gradient shape \(inputGrad.shape) does not match input shape \(parent.shape)")
          Tensor.accumulate(&grads[ObjectIdentifier(parent)], inputGrad)
        }
        current.backwardFunction = nil
        current.parents = []
      }
    }
  }

  /// Adds `g` into an optional accumulator, in place when the accumulator's buffer is not shared.
  static func accumulate(_ total: inout Tensor?, _ g: Tensor) {
    guard var existing = total else {
      total = g.detached()
      return
    }
    total = nil
    existing.node = nil
    existing.addInPlace(g)
    total = existing
  }

  /// Post-order of the graph above `root` (inputs before the operations that use them).
  static func topologicalOrder(from root: GradNode) -> [GradNode] {
    var order: [GradNode] = []
    var visited = Set<ObjectIdentifier>()
    var stack: [(GradNode, Bool)] = [(root, false)]
    while let (current, expanded) = stack.popLast() {
      if expanded {
        order.append(current)
        continue
      }
      let key = ObjectIdentifier(current)
      if visited.contains(key) { continue }
      visited.insert(key)
      stack.append((current, true))
      for parent in current.parents {
        if let parent, !visited.contains(ObjectIdentifier(parent)) {
          stack.append((parent, false))
        }
      }
    }
    return order
  }
}

/// Evaluates `f` at `inputs` and returns its value with the gradient with respect to each input.
///
/// `f` must return a one-element tensor. The inputs are treated as fresh leaves, so earlier
/// gradients do not leak in.
public func valueAndGrad(at inputs: [Tensor], _ f: ([Tensor]) -> Tensor) -> (value: Tensor, gradients: [Tensor]) {
  let leaves = inputs.map { $0.detached().requiringGrad() }
  let value = GradMode.$isEnabled.withValue(true) { f(leaves) }
  guard value.requiresGrad else {
    return (value, inputs.map { Tensor.zeros($0.shape) })
  }
  value.backward()
  return (value.detached(), leaves.map { $0.grad ?? Tensor.zeros($0.shape) })
}

/// Runs an operation whose gradient is written by hand (for example a spike with a surrogate
/// gradient).
///
/// - Parameters:
///   - inputs: the tensors the operation reads.
///   - forward: computes the output from the inputs (runs without recording).
///   - backward: receives the inputs, the output and the output's gradient, and returns one gradient
///     per input (`nil` for inputs without a gradient), each shaped like its input.
public func customOp(
  _ inputs: [Tensor],
  forward: ([Tensor]) -> Tensor,
  backward: @escaping (_ inputs: [Tensor], _ output: Tensor, _ gradient: Tensor) -> [Tensor?]
) -> Tensor {
  let detachedInputs = inputs.map { $0.detached() }
  let output = withoutGrad { forward(detachedInputs) }.detached()
  return output.recorded(inputs) { g in backward(detachedInputs, output, g) }
}
