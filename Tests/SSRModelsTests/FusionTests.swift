import SSRModels
import SSRNN
import SSRTensor
import SSRTestSupport
import Testing
@testable import SSREval

/// Features for `items` items: a `text` modality of width 6 (every third item has none) and an
/// `image` modality of width 4 (every fifth item and item 11 have none), deterministic. The last
/// items of ``tinyBatch``'s histories (1, 11, 21) cover both cases of both modalities.
func tinyFeatures(items: Int = 30) throws -> ItemFeatures {
  func vector(_ item: Int, width: Int, step: Int) -> [Float] {
    (0..<width).map { (j: Int) -> Float in Float((item * step + j) % 11) / 5 - 1 }
  }
  let text: [[Float]?] = (1...items).map { (i: Int) -> [Float]? in i % 3 == 0 ? nil : vector(i, width: 6, step: 7) }
  let image: [[Float]?] = (1...items).map { (i: Int) -> [Float]? in i % 5 == 0 || i == 11 ? nil : vector(i, width: 4, step: 3) }
  return try ItemFeatures(itemCount: items).adding(.text, vectors: text).adding(.image, vectors: image)
}

/// The feature-fusion module in every model: shapes, gradient flow, finite differences, learning.
@Suite struct FusionTests {
  static let combinations: [FusionOptions] = [
    FusionOptions(projection: .linear, combination: .sum),
    FusionOptions(projection: .mlp(hidden: 5), combination: .concatenation),
    FusionOptions(projection: .linear, combination: .gated, fusesScoring: true),
  ]

  func context(_ options: FusionOptions?, width: Int = 8) throws -> ModelContext {
    var config = ModelConfig.defaults
    config.itemCount = 30
    config.maxLen = 6
    config.embeddingSize = width
    config.innerSize = 2 * width
    config.seed = 11
    return ModelContext(
      config: config, spiking: SpikingConfig(timeSteps: 2), features: options == nil ? nil : try tinyFeatures(), fusion: options ?? FusionOptions())
  }

  func expectShapesAndGradients<Model: SequentialRecommender>(_ model: Model, options: FusionOptions, width: Int) {
    let batch = tinyBatch(batch: 4, maxLen: 6)
    #expect(model(batch).shape == [4, width], "\(model.name)")
    #expect(model.scores(batch).shape == [4, 31], "\(model.name)")
    let (loss, gradients) = valueAndGrad(of: model) { m in m.loss(batch) }
    #expect(loss.item.isFinite, "\(model.name)")
    let fusionNames = model.namedParameters().map(\.name).filter { $0.hasPrefix("fusion.") }
    let expected = 2 * (options.projection == .linear ? 2 : 4) + 2 + (options.combination == .sum ? 0 : 2)
    #expect(fusionNames.count == expected, "\(model.name): \(fusionNames)")
    for name in fusionNames {
      let gradient = gradients[name]
      #expect(gradient?.scalars.contains { $0 != 0 } == true, "no gradient reaches \(name) of \(model.name) (\(options.combination))")
    }
  }

  @Test("Every model with fusion: output and score shapes, and a gradient on every fusion parameter")
  func shapesAndGradientFlowInEveryModel() throws {
    for options in Self.combinations {
      let context = try context(options, width: 16)
      for spec in ModelRegistry.standard.specs where spec.isTrainable {
        let model = spec.make(context)
        #expect(model.sublayers.last?.name == "fusion", "\(spec.name)")
        expectShapesAndGradients(model, options: options, width: 16)
      }
    }
  }

  @Test("Without features a model is built exactly as before; with them its other weights start the same")
  func defaultPathIsUnchanged() throws {
    let plain = try context(nil), fused = try context(Self.combinations[2])
    for spec in ModelRegistry.standard.specs where spec.isTrainable {
      let a = spec.make(plain), b = spec.make(fused)
      #expect(!a.sublayers.contains { $0.name == "fusion" }, "\(spec.name)")
      let weights = Dictionary(uniqueKeysWithValues: b.namedParameters().map { ($0.name, $0.parameter.value.scalars) })
      for (name, parameter) in a.namedParameters() {
        #expect(weights[name] == parameter.value.scalars, "\(spec.name): \(name) changed when fusion was added")
      }
      let batch = tinyBatch(batch: 4, maxLen: 6)
      a.train(false)
      let scores = withoutGrad { a.scores(batch) }
      let finite = scores.scalars.allSatisfy { $0.isFinite }
      #expect(finite)
    }
  }

  @Test("Finite-difference gradients of the fusion module, for every projection and combination")
  func finiteDifferences() throws {
    let features = try tinyFeatures(items: 9)
    let items = IndexTensor([0, 1, 2, 3, 4, 9, 8, 0], shape: [2, 4])
    var generator = InitGenerator(seed: 3)
    let e = Tensor.normal([2, 4, 5], generator: &generator)
    let weights = Tensor.normal([2, 4, 5], generator: &generator)
    for options in Self.combinations {
      let fusion = FeatureFusion(features: features, width: 5, options: options, seed: 7)
      expectFiniteDifferenceGradients(fusion, inputs: [e], step: 1e-2, absoluteTolerance: 2e-3, relativeTolerance: 2e-2, samples: 10) { layer, inputs in
        (layer((items, inputs[0])) * weights).sum()
      }
    }
  }

  @Test("Fusion keeps the padding row's ID embedding and gives items without a vector the learned missing vector")
  func paddingAndMissing() throws {
    let features = try ItemFeatures(itemCount: 3).adding(.text, vectors: [[1, 2], nil, [3, 4]])
    let fusion = FeatureFusion(features: features, width: 3, options: FusionOptions(), seed: 1)
    let items = IndexTensor([0, 1, 2, 3])
    let e = Tensor([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], shape: [4, 3])
    let out = withoutGrad { fusion((items, e)) }.scalars
    #expect(Array(out[0..<3]) == [1, 1, 1])
    let missing = fusion.missing[0].value.scalars
    #expect(zip(out[6..<9], missing).allSatisfy { abs($0 - (3 + $1)) < 1e-6 })
    let projected = withoutGrad { fusion.projectors[0](Tensor([1, 2], shape: [1, 2])) }.scalars
    #expect(zip(out[3..<6], projected).allSatisfy { abs($0 - (2 + $1)) < 1e-5 })
  }

  @Test("Features are checked: widths, counts, NaN, the dataset's item count and catalogue")
  func featureErrors() throws {
    let base = ItemFeatures(itemCount: 2, catalogue: "abc")
    #expect(throws: ItemFeaturesError.countMismatch(modality: .text, expected: 2, found: 1)) { try base.adding(.text, vectors: [[1]]) }
    #expect(throws: ItemFeaturesError.widthMismatch(modality: .text, item: 2, expected: 1, found: 2)) {
      try base.adding(.text, vectors: [[1], [1, 2]])
    }
    #expect(throws: ItemFeaturesError.nonFinite(modality: .image, item: 1)) { try base.adding(.image, vectors: [[.nan], nil]) }
    #expect(throws: ItemFeaturesError.noVectors(modality: .text)) { try base.adding(.text, vectors: [nil, nil]) }
    let text = try base.adding(.text, vectors: [[1], nil])
    #expect(throws: ItemFeaturesError.duplicateModality(.text)) { try text.adding(.text, vectors: [[1], nil]) }
    #expect(text[.text]?.missingCount == 1 && text[.text]?.presentCount == 1)
    #expect(throws: ItemFeaturesError.missingModality(.image, available: [.text])) { try text.selecting([.image]) }
    #expect(throws: ItemFeaturesError.itemCountMismatch(features: 2, dataset: 3)) { try text.validate(itemCount: 3, catalogue: "abc") }
    #expect(throws: ItemFeaturesError.catalogueMismatch(features: "abc", dataset: "abd")) { try text.validate(itemCount: 2, catalogue: "abd") }
    try text.validate(itemCount: 2, catalogue: nil)
    #expect(ItemFeaturesError.itemCountMismatch(features: 2, dataset: 3).description.contains("extract them for this dataset"))
  }
}
