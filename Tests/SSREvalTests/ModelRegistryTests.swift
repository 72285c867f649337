import SSRModels
import Testing
@testable import SSREval

/// The model registry: names, twins, factories and energy tables agree with the models.
@Suite("Model registry")
struct ModelRegistryTests {
  let registry = ModelRegistry.standard

  @Test("The ten models of the paper and the popularity baseline, five ANN/SNN pairs")
  func families() {
    #expect(registry.names(.ann) == ["gru4rec", "sasrec", "caser", "srgnn", "fmlp"])
    #expect(registry.names(.snn) == ["sgru4rec", "sfsrec", "scaser", "srsgnn", "sfmlp"])
    #expect(registry.names(.baseline) == ["popularity"])
    for name in registry.names(.ann) + registry.names(.snn) {
      let twin = registry.twin(of: name)
      #expect(twin != nil, "\(name)")
      #expect(twin?.twin == name, "\(name)'s twin points back")
      #expect(twin?.family != registry.spec(named: name)?.family)
    }
  }

  @Test("Aliases and case resolve; unknown names list the known ones")
  func resolution() throws {
    #expect(try registry.resolve("FMLPRec").name == "fmlp")
    #expect(try registry.resolve("SASRec").name == "sasrec")
    #expect(throws: UnknownModelError.self) { try registry.resolve("sasrek") }
    do {
      _ = try registry.resolve("bert4rec")
    } catch {
      #expect(error.description.contains(".sfmlp"))
    }
  }

  @Test("Each factory builds its model for the context; its energy table's weighted layers match the model's weights")
  func factoriesAndTables() throws {
    var config = ModelConfig.defaults
    config.itemCount = 30
    config.maxLen = 6
    config.embeddingSize = 8
    config.innerSize = 16
    let context = ModelContext(config: config, spiking: SpikingConfig(timeSteps: 2), trainingTargets: [1, 2, 2])
    for spec in registry.specs {
      let model = spec.make(context)
      #expect(model.itemEmbeddings.shape[0] == 31, "\(spec.name)")
      guard let energy = spec.energy else {
        #expect(spec.family == .baseline)
        continue
      }
      // A table row named like a weight (its halves `name[x]`, `name[h]` summed) costs that
      // weight once per sample, per position or per embedding channel (a convolution).
      let weights = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter.value.count) })
      var macs: [String: Int] = [:]
      for layer in try energy.table(context).layers {
        let base = String(layer.name.split(separator: "[", maxSplits: 1)[0])
        macs[base, default: 0] += layer.macs
      }
      var matched = 0
      for (name, total) in macs where total > 0 {
        guard let count = weights[name + ".weight"] ?? weights[name] else { continue }
        matched += 1
        let (ratio, remainder) = total.quotientAndRemainder(dividingBy: count)
        #expect(remainder == 0 && [1, config.maxLen, config.embeddingSize].contains(ratio), "\(spec.name): \(name) \(total) MACs, \(count) weights")
      }
      #expect(matched >= 2, "\(spec.name): the table names the model's weighted layers")
    }
  }

  @Test("A registry can replace a model and add one")
  func registering() {
    var custom = ModelRegistry.standard
    custom.register(ModelSpec("sasrec", family: .ann, twin: "sfsrec", summary: "one block") { context in
      var config = context.config
      config.layers = 1
      return SASRec(config)
    })
    custom.register(ModelSpec("tiny", family: .ann, summary: "SASRec of width 8") { SASRec($0.config) })
    #expect(custom.spec(named: "sasrec")?.summary == "one block")
    #expect(custom.names.last == "tiny")
    #expect(custom.specs.count == ModelRegistry.standard.specs.count + 1)
  }

  @Test("With item features, every energy table adds fusion rows (server) that match the fusion's weights, and reports can leave them out",
    arguments: [
      FusionOptions(projection: .linear, combination: .sum), FusionOptions(projection: .mlp(hidden: 5), combination: .concatenation),
      FusionOptions(projection: .linear, combination: .gated, fusesScoring: true),
    ])
  func fusionRows(options: FusionOptions) throws {
    var config = ModelConfig.defaults
    config.itemCount = 30
    config.maxLen = 6
    config.embeddingSize = 8
    config.innerSize = 16
    let features = try ItemFeatures(itemCount: 30)
      .adding(.text, vectors: (1...30).map { i in i == 3 ? nil : [Float](repeating: Float(i), count: 12) })
      .adding(.image, vectors: (1...30).map { _ in [Float](repeating: 1, count: 7) })
    let plain = ModelContext(config: config, spiking: SpikingConfig(timeSteps: 2))
    var fused = plain
    fused.features = features
    fused.fusion = options
    for spec in registry.specs {
      guard let energy = spec.energy else { continue }
      let before = try energy.table(plain), after = try energy.table(fused)
      #expect(!before.layers.contains { $0.component == .fusion }, "\(spec.name)")
      let rows = after.layers.filter { $0.component == .fusion }
      #expect(after.layers.filter { $0.component != .fusion } == before.layers, "\(spec.name): the model's own rows stay as they were")
      #expect(after.layers.firstIndex { $0.component == .fusion } == 1, "\(spec.name): fusion follows the embedding lookup")
      // Every fusion weight is costed once per position of the window.
      let model = spec.make(fused)
      let weights = model.namedParameters().filter { $0.name.hasPrefix("fusion.") && $0.name.hasSuffix(".weight") }
      #expect(weights.count == (options.projection == .linear ? 2 : 4) + (options.combination == .sum ? 0 : 1))
      for (name, parameter) in weights {
        let row = rows.first { $0.name + ".weight" == name }
        #expect(row?.macs == config.maxLen * parameter.value.count, "\(spec.name): \(name)")
      }
      #expect(rows.contains { $0.name == "fusion.scoring_table" && $0.macs == 0 } == options.fusesScoring)
      if spec.family == .ann {
        let report = try EnergyReport(table: after)
        #expect(report.fusion > 0 && abs(report.device + report.fusion - report.total) < 1e-6)
        let unfused = try EnergyReport(table: before)
        #expect(abs(report.excludingFusion().total - unfused.total) < 1e-6)
      }
    }
  }
}
