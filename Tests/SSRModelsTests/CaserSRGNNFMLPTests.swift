import SSRModels
import SSRNN
import SSRTensor
import Testing
@testable import SSREval

@Suite("Caser, SRGNN, FMLP-Rec: shape, gradient flow, learning the synthetic task")
struct CaserSRGNNFMLPTests {
  @Test("Caser") func caser() throws { try checkModel { Caser($0) } }
  @Test("SRGNN") func srgnn() throws { try checkModel { SRGNN($0) } }
  @Test("FMLP-Rec") func fmlpRec() throws { try checkModel { FMLPRec($0) } }

  @Test("Caser: the reference's parameter names and L2-norm regulariser")
  func caserNamesAndRegularizer() throws {
    var config = ModelConfig(itemCount: 30)
    config.maxLen = 5
    config.embeddingSize = 8
    let model = Caser(config, regularizationWeight: 0.5)
    let names = model.namedParameters().map(\.name)
    #expect(names.prefix(3) == ["item_embedding.weight", "conv_v.weight", "conv_v.bias"])
    #expect(names.suffix(4) == ["conv_h.4.weight", "conv_h.4.bias", "fc.weight", "fc.bias"])
    #expect(names.count == 1 + 2 + 2 * 5 + 2)
    #expect(model.fc.weight.shape == [8, 4 * 8 + 8 * 5])
    #expect(model.convolutions.horizontal[2].weight.shape == [8, 1, 3, 8])
    #expect(model.itemEmbedding.weight.value.sliced(axis: 0, 0, 1).scalars.allSatisfy { $0 == 0 })
    func norm(_ p: Parameter) -> Double { p.value.scalars.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot() }
    var expected = norm(model.itemEmbedding.weight) + norm(model.convolutions.vertical.weight) + norm(model.fc.weight)
    for convolution in model.convolutions.horizontal { expected += norm(convolution.weight) }
    let regularization = try #require(model.regularization())
    #expect(abs(Double(regularization.item) - 0.5 * expected) < 1e-4 * expected)
    #expect(Caser(config, regularizationWeight: 0).regularization() == nil)
    // The loss is the cross-entropy plus the regulariser.
    let batch = tinyBatch(maxLen: 5)
    model.eval()
    let ce = crossEntropy(model.scores(batch), batch.targets).item
    #expect(abs(model.loss(batch).item - (ce + regularization.item)) < 1e-4)
  }

  @Test("SRGNN: the reference's names and uniform ±1/√D initialisation")
  func srgnnNamesAndInit() {
    var config = ModelConfig(itemCount: 30)
    config.embeddingSize = 16
    let model = SRGNN(config, steps: 2)
    #expect(model.namedParameters().map(\.name) == [
      "item_embedding.weight", "gnn.w_ih", "gnn.w_hh", "gnn.b_ih", "gnn.b_hh", "gnn.b_iah", "gnn.b_ioh",
      "gnn.linear_edge_in.weight", "gnn.linear_edge_in.bias", "gnn.linear_edge_out.weight", "gnn.linear_edge_out.bias",
      "linear_one.weight", "linear_one.bias", "linear_two.weight", "linear_two.bias", "linear_three.weight",
      "linear_transform.weight", "linear_transform.bias",
    ])
    for (name, p) in model.namedParameters() {
      #expect(p.value.scalars.allSatisfy { abs($0) <= 0.25 }, "\(name) outside ±1/√16")
    }
    // The reset reaches the padding row and linear_transform (whose default bound would be 1/√32).
    #expect(model.itemEmbedding.weight.value.sliced(axis: 0, 0, 1).scalars.contains { $0 != 0 })
    #expect(model.readout.linearTransform.weight.value.scalars.contains { abs($0) > 1 / Float(32).squareRoot() })
    #expect(model.gnn.steps == 2)
  }

  @Test("FMLP-Rec: the official names, N(0, 0.02) initialisation and one shared initial filter")
  func fmlpNamesAndInit() {
    var config = ModelConfig(itemCount: 200)
    config.maxLen = 7
    config.embeddingSize = 32
    config.layers = 3
    let model = FMLPRec(config)
    let names = model.namedParameters().map(\.name)
    #expect(names.prefix(9) == [
      "item_embedding.weight", "position_embedding.weight", "layernorm.weight", "layernorm.bias",
      "item_encoder.layer.0.filterlayer.complex_weight", "item_encoder.layer.0.filterlayer.layernorm.weight",
      "item_encoder.layer.0.filterlayer.layernorm.bias", "item_encoder.layer.0.intermediate.dense_1.weight",
      "item_encoder.layer.0.intermediate.dense_1.bias",
    ])
    #expect(names.last == "item_encoder.layer.2.intermediate.layernorm.bias")
    #expect(model.filters[0].complexWeight.shape == [1, 4, 32, 2])
    #expect(model.intermediates[0].dense1.weight.shape == [128, 32])
    #expect(model.filters[1].complexWeight.value.scalars == model.filters[0].complexWeight.value.scalars)
    #expect(model.filters[2].complexWeight.value.scalars == model.filters[0].complexWeight.value.scalars)
    #expect(model.intermediates[1].dense1.weight.value.scalars != model.intermediates[0].dense1.weight.value.scalars)
    for tensor in [model.itemEmbedding.weight.value, model.intermediates[0].dense1.weight.value, model.filters[0].complexWeight.value] {
      let values = tensor.scalars.map(Double.init)
      let std = (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
      #expect(abs(std - 0.02) < 0.002, "std \(std)")
    }
    #expect(model.intermediates[0].dense1.bias?.value.scalars.allSatisfy { $0 == 0 } == true)
    #expect(model.itemEmbedding.weight.value.sliced(axis: 0, 0, 1).scalars.contains { $0 != 0 })
    #expect(FMLPRec(config, innerSize: 16).intermediates[0].dense1.weight.shape == [16, 32])
  }
}
