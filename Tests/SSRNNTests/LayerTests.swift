import SSRTestSupport
import Testing
@testable import SSRTensor
import SSRNN

/// A two-level model for naming and mode tests.
final class TinyBlock: Layer {
  let fc: Linear
  let norm = LayerNorm(3)
  let drop = Dropout(0.5, seed: 1)
  var isTraining = true
  init(generator: inout InitGenerator) { fc = Linear(3, 3, activation: .gelu, generator: &generator) }
  var sublayers: [(name: String, layer: any Layer)] { [("fc", fc), ("norm", norm), ("drop", drop)] }
  func callAsFunction(_ x: Tensor) -> Tensor { norm(x + drop(fc(x))) }
}

final class TinyModel: Layer {
  let embedding: Embedding
  let blocks: [TinyBlock]
  let scale = Parameter(Tensor(2))
  var isTraining = true
  init(seed: UInt64) {
    var g = InitGenerator(seed: seed)
    embedding = Embedding(10, 3, paddingIndex: 0, generator: &g)
    blocks = [TinyBlock(generator: &g), TinyBlock(generator: &g)]
  }
  var ownParameters: [(name: String, parameter: Parameter)] { [("scale", scale)] }
  var sublayers: [(name: String, layer: any Layer)] {
    [("embedding", embedding)] + blocks.enumerated().map { ("blocks.\($0.offset)", $0.element) }
  }
  func callAsFunction(_ ids: IndexTensor) -> Tensor {
    var h = embedding(ids)
    for b in blocks { h = b(h) }
    return h * scale.value
  }
}

@Suite("Layers")
struct LayerTests {
  @Test("Parameters have dotted names in a fixed order") func names() {
    let model = TinyModel(seed: 1)
    #expect(model.namedParameters().map(\.name) == [
      "scale", "embedding.weight",
      "blocks.0.fc.weight", "blocks.0.fc.bias", "blocks.0.norm.weight", "blocks.0.norm.bias",
      "blocks.1.fc.weight", "blocks.1.fc.bias", "blocks.1.norm.weight", "blocks.1.norm.bias",
    ])
    #expect(model.parameterCount == 1 + 30 + 2 * (9 + 3 + 3 + 3))
    // Identity is stable: the same objects every time.
    #expect(model.parameters()[2] === model.blocks[0].fc.weight)
  }

  @Test("Same seed, same model and same outputs, bit for bit") func determinism() {
    let a = TinyModel(seed: 5), b = TinyModel(seed: 5)
    let ids = IndexTensor([1, 2, 0, 9, 4, 4], shape: [2, 3])
    #expect(a(ids).scalars.map(\.bitPattern) == b(ids).scalars.map(\.bitPattern))
    let c = TinyModel(seed: 6)
    #expect(a.embedding.weight.value.scalars != c.embedding.weight.value.scalars)
  }

  @Test("Training twice from the same seeds gives identical bits") func trainingDeterminism() {
    func train() -> [UInt32] {
      let model = TinyModel(seed: 21)
      let optimizer = AdamW(learningRate: 0.01)
      let ids = IndexTensor([1, 2, 0, 9, 4, 4, 3, 0], shape: [2, 4])
      for _ in 0..<5 {
        let (_, _) = valueAndGrad(of: model) { m in crossEntropy(m(ids).reshaped([8, 3]), IndexTensor([0, 1, 2, 0, 1, 2, 0, 1])) }
        optimizer.step(model.parameters())
      }
      return model.parameters().flatMap { $0.value.scalars.map(\.bitPattern) }
    }
    #expect(train() == train())
  }

  @Test("Training and evaluation modes propagate") func modes() {
    let model = TinyModel(seed: 2)
    model.eval()
    #expect(!model.isTraining && model.blocks.allSatisfy { !$0.isTraining && !$0.drop.isTraining && !$0.fc.isTraining })
    let ids = IndexTensor([1, 2, 3], shape: [1, 3])
    #expect(model(ids).scalars == model(ids).scalars)  // no dropout in evaluation
    model.train()
    #expect(model.blocks[1].drop.isTraining)
    #expect(model(ids).scalars != model(ids).scalars)  // fresh masks in training
  }

  @Test("The padding row starts at zero and never gets a gradient") func padding() {
    let model = TinyModel(seed: 3)
    model.eval()
    #expect(model.embedding.weight.value.scalars.prefix(3) == [0, 0, 0])
    let (_, grads) = valueAndGrad(of: model) { m in m(IndexTensor([0, 1, 0, 2], shape: [2, 2])).square().sum() }
    #expect(grads["embedding.weight"]!.scalars.prefix(3) == [0, 0, 0])
    #expect(grads["embedding.weight"]!.scalars[3..<9].contains { $0 != 0 })
  }

  @Test("A small model learns with Adam") func learns() {
    var g = InitGenerator(seed: 11)
    let hidden = Linear(2, 16, activation: .tanh, generator: &g), out = Linear(16, 2, generator: &g)
    let params = hidden.parameters() + out.parameters()
    let optimizer = Adam(learningRate: 0.05)
    // XOR.
    let x = Tensor([0, 0, 0, 1, 1, 0, 1, 1], shape: [4, 2]), y = IndexTensor([0, 1, 1, 0])
    var last: Float = 0
    for _ in 0..<200 {
      for p in params { p.zeroGrad() }
      let loss = crossEntropy(out(hidden(x)), y)
      loss.backward()
      clipGradNorm(params, maxNorm: 5)
      optimizer.step(params)
      last = loss.item
    }
    #expect(last < 0.05)
    #expect(out(hidden(x)).argMax(axis: 1).scalars == [0, 1, 1, 0])
  }

  @Test("Parameter values keep their identity and shape") func parameterUpdates() {
    let p = Parameter(Tensor([1, 2]))
    let leaf = p.value.node
    p.value = Tensor([3, 4])
    #expect(p.value.node === leaf)
    (p.value * 2).sum().backward()
    #expect(p.grad?.scalars == [2, 2])
    p.update { $0[0] = 7 }
    #expect(p.value.scalars == [7, 4] && p.value.requiresGrad)
  }
}

@Suite("Checkpoints include buffers")
struct BufferCheckpointTests {
  final class Net: Layer {
    let norm = BatchNorm(3)
    var isTraining = true
    var sublayers: [(name: String, layer: any Layer)] { [("bn", norm)] }
    func callAsFunction(_ x: Tensor) -> Tensor { norm(x) }
  }

  @Test("Batch norm's running statistics are saved and restored with the parameters")
  func runningStatistics() throws {
    let net = Net()
    _ = net(Tensor([1, 2, 3, 4, 6, 8], shape: [2, 3]))
    let state = net.stateDictionary()
    #expect(Set(state.keys) == ["bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"])
    let saved = try #require(state["bn.running_mean"]).scalars
    _ = net(Tensor([10, 20, 30, 40, 60, 80], shape: [2, 3]))
    #expect(net.norm.runningMean.scalars != saved)
    try net.load(state)
    #expect(net.norm.runningMean.scalars == saved)
    var missing = state
    missing["bn.running_var"] = nil
    #expect(throws: TensorError.self) { try net.load(missing) }
  }
}
