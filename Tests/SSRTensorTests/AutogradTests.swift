import Foundation
import SSRTestSupport
import Testing
@testable import SSRTensor
import SSRNN

@Suite("Autograd and memory")
struct AutogradTests {
  @Test("Gradients accumulate until cleared") func accumulation() {
    let x = Tensor([1, 2, 3]).requiringGrad()
    (x * x).sum().backward()
    (x * 3).sum().backward()
    #expect(x.grad?.scalars == [5, 7, 9])
    x.zeroGrad()
    #expect(x.grad == nil)
    let p = Parameter(Tensor([2, -1]))
    (p.value * p.value).sum().backward()
    (p.value * p.value).sum().backward()
    #expect(p.grad?.scalars == [8, -4])
  }

  @Test("A tensor used twice gets both contributions") func diamond() {
    let x = Tensor([0.5, -1]).requiringGrad()
    let y = x.exp()
    let z = (y * y + y).sum()
    z.backward()
    let inputs: [Float] = [0.5, -1]
    let expected = inputs.map { v -> Float in
      let e = Float(Foundation.exp(Double(v)))
      return 2 * e * e + e
    }
    expectClose(x.grad!.scalars, expected, tolerance: 1e-6, "diamond")
  }

  @Test("No-grad scopes record nothing") func noGrad() {
    let x = Tensor([1, 2]).requiringGrad()
    let y = withoutGrad { (x * 2).exp() }
    #expect(!y.requiresGrad)
    #expect(isGradEnabled)
    withoutGrad { #expect(!isGradEnabled) }
    #expect((x * 2).requiresGrad)
    #expect(!(x.detached() * 2).requiresGrad)
  }

  @Test("valueAndGrad for functions and models") func valueAndGradient() {
    let (v, g) = valueAndGrad(at: [Tensor([3]), Tensor([4])]) { ($0[0] * $0[1] + $0[0].square()).sum() }
    #expect(v.item == 21)
    #expect(g[0].scalars == [10] && g[1].scalars == [3])
    var gen = InitGenerator(seed: 1)
    let model = Linear(2, 1, generator: &gen)
    model.weight.grad = Tensor([100, 100], shape: [1, 2])  // stale gradient is cleared first
    let (loss, grads) = valueAndGrad(of: model) { m in m(Tensor([1, 2], shape: [1, 2])).sum() }
    #expect(loss.item == model.weight.value.scalars[0] + 2 * model.weight.value.scalars[1] + model.bias!.value.item)
    #expect(grads["weight"]?.scalars == [1, 2])
    #expect(grads["bias"]?.scalars == [1])
    #expect(model.weight.grad?.scalars == [1, 2])
  }

  @Test("Copy-on-write keeps value semantics") func copyOnWrite() {
    var a = Tensor([1, 2, 3])
    var b = a
    let sharedBefore = b.sharesStorage
    #expect(sharedBefore)
    b[1] = 20
    #expect(a.scalars == [1, 2, 3] && b.scalars == [1, 20, 3])
    let sharedAfter = a.sharesStorage
    #expect(!sharedAfter)
    let r = a.reshaped([3, 1])  // reshape shares the buffer
    a.withUnsafeMutableBufferPointer { $0[0] = -1 }
    #expect(r.scalars == [1, 2, 3] && a.scalars == [-1, 2, 3])
  }

  /// Runs one training step of a small model and returns weak references to its intermediates.
  func step(_ model: Linear, _ hidden: Linear, _ optimizer: Adam) -> [() -> AnyObject?] {
    let x = randomTensor([8, 4], seed: 3)
    let h = hidden(x).tanh()
    let logits = model(h)
    let loss = crossEntropy(logits, IndexTensor([0, 1, 2, 0, 1, 2, 0, 1]))
    weak let hNode = h.node, lossNode = loss.node, hStorage = h.storage, logitsStorage = logits.storage
    loss.backward()
    optimizer.step(hidden.parameters() + model.parameters())
    return [{ hNode }, { lossNode }, { hStorage }, { logitsStorage }]
  }

  @Test("Nothing from a step outlives it") func tapeIsFreed() {
    var gen = InitGenerator(seed: 2)
    let hidden = Linear(4, 6, generator: &gen), model = Linear(6, 3, generator: &gen)
    let optimizer = Adam(learningRate: 0.01)
    for _ in 0..<3 {
      let refs = step(model, hidden, optimizer)
      for (i, ref) in refs.enumerated() { #expect(ref() == nil, "object \(i) retained after the step") }
    }
    // The graph is released by backward even while the loss is still referenced.
    let x = Tensor([1, 2]).requiringGrad()
    let y = x.exp()
    weak let yNode = y.node
    let loss = y.sum()
    loss.backward()
    _ = y.scalars
    #expect(loss.node?.backwardFunction == nil)
    #expect(yNode?.backwardFunction == nil)
  }

  @Test("Custom ops see detached inputs and pass gradients on") func customOps() {
    let x = Tensor([1, -2, 3]).requiringGrad()
    let y = customOp([x * 2], forward: { xs in
      #expect(!xs[0].requiresGrad)
      return xs[0].relu()
    }, backward: { _, output, g in [g * output.greater(Tensor(0))] })
    y.sum().backward()
    #expect(x.grad?.scalars == [2, 0, 2])
  }
}
