import SSRData
import SSRModels
import SSRNN
import SSRTensor
import Testing

@testable import SSREval

/// A tiny synthetic split with histories 8 items wide.
func energySplit() throws -> DatasetSplit {
  let options = SyntheticOptions(users: 60, items: 30, meanLength: 14, noise: 0.05, seed: 11)
  let dataset = try SyntheticData.dataset(options, preprocess: PreprocessOptions(deduplicate: .none, maxLen: 8))
  return try dataset.split(.timeRatio(test: 0.2, valid: 0.1))
}

/// The configuration of the measured models on `split`.
func energyConfig(_ split: DatasetSplit) -> ModelConfig {
  var config = ModelConfig(itemCount: split.dataset.itemCount)
  config.maxLen = split.dataset.maxLen
  config.embeddingSize = 16
  config.innerSize = 32
  return config
}

/// The registry's model `name` built for `config` (default spiking settings), with its entry and
/// context, as notebooks build it.
func built(_ name: String, _ config: ModelConfig) throws -> (model: any SequentialRecommender, spec: ModelSpec, context: ModelContext) {
  let spec = try ModelRegistry.standard.resolve(name)
  let context = ModelContext(config: config)
  return (spec.make(context), spec, context)
}

/// Measures each registry model's rates on two batches of `split` (in training mode, which
/// measuring must restore) and checks that every neuron of its table has a rate in [0, 1] and that
/// its energy is positive.
func checkSpikingTwins(_ names: [String], on split: DatasetSplit) throws {
  for name in names {
    let (model, spec, context) = try built(name, energyConfig(split))
    let accounting = try #require(spec.energy)
    model.train()
    let rates = try FiringRates.measure(model, context: context, accounting: accounting, on: split, batches: 2, batchSize: 16)
    #expect(model.isTraining, "\(model.name): measuring must restore the training mode")
    #expect(rates.samples == 32)
    let table = try accounting.table(context)
    for neuron in table.neurons {
      let rate = try #require(rates.rate(neuron), "\(model.name): no rate for \(neuron); recorded \(rates.names)")
      #expect(rate >= 0 && rate <= 1, "\(model.name): \(neuron) rate \(rate)")
    }
    let report = try EnergyReport(table: table, rates: rates)
    #expect(report.modified > 0 && report.shared > 0 && report.total == report.modified + report.shared, "\(model.name)")
    #expect(report.rows.allSatisfy { $0.energy >= 0 && $0.energy.isFinite })
    #expect(report.accumulates() >= 0 && report.description.contains(model.name))
  }
}

/// Measures the energy of the registry's model `name` built for `split`.
func measured(_ name: String, on split: DatasetSplit, rules: EnergyRules = .standard) throws -> EnergyReport {
  let (model, spec, context) = try built(name, energyConfig(split))
  return try EnergyReport.measure(model, spec: spec, context: context, on: split, batches: 2, batchSize: 16, rules: rules)
}

/// The same output, element for element.
func identical(_ a: Tensor, _ b: Tensor) -> Bool { a.shape == b.shape && a.scalars == b.scalars }

@Suite("Energy: firing rates and energy measured on evaluation data")
struct EnergyMeasurementTests {
  @Test("SGRU4Rec and SFSRec: all the table's neurons are measured, rates in [0, 1], energy positive")
  func spikingTwins() throws {
    let split = try energySplit()
    try checkSpikingTwins(["sgru4rec", "sfsrec"], on: split)
  }

  @Test("SGRU4Rec needs less energy than GRU4Rec for the modified components")
  func sgru4recSaving() throws {
    let split = try energySplit()
    let ann = try measured("gru4rec", on: split)
    let snn = try measured("sgru4rec", on: split)
    #expect(ann.rates == nil && snn.rates?.samples == 32)
    let saving = try EnergySaving(ann: ann, snn: snn)
    #expect(snn.modified < ann.modified)
    #expect(saving.modified > 0 && saving.modified < 1)
    #expect(saving.wholeModel > 0 && saving.wholeModel < saving.modified)
  }

  @Test("SFSRec against SASRec: below it when spike sums cost an accumulate per spike, above it otherwise")
  func sfsrecSaving() throws {
    let split = try energySplit()
    let config = energyConfig(split)
    let perSpike = EnergyRules(spikeSums: .accumulatePerSpike)
    let ann = try measured("sasrec", on: split, rules: perSpike)
    let snn = try measured("sfsrec", on: split, rules: perSpike)
    #expect(snn.modified < ann.modified)
    #expect(snn.multiplyAccumulates(.modified) == 0)
    // When spike sums count as float, the residual streams are float, so SFSRec runs fc1 of both
    // blocks and the second block's Q/K/V on floats T = 4 times: 4·(2·L·D·I + 3·L·D²) + L·D² =
    // 59,392 MACs here against SASRec's 36,864 — the SNN costs more than the ANN under that rule.
    let standard = try EnergyReport(table: .sfsrec(config), rates: snn.rates, rules: EnergyRules(spikeSums: .multiplyAccumulate))
    #expect(standard.multiplyAccumulates(.modified) == 59_392)
    #expect(ann.multiplyAccumulates(.modified) == 36_864)
    #expect(standard.modified > ann.modified)
  }

  @Test("SGRU4Rec's replay, which measures its binary state, reproduces the model's output")
  func replays() throws {
    let split = try energySplit()
    let config = energyConfig(split)
    var batches = try split.evaluationBatches(.test, batchSize: 16)
    let first = batches.next()
    let batch = SequenceBatch(try #require(first))
    let sgru = SGRU4Rec(config)
    sgru.eval()
    withoutGrad {
      #expect(identical(SGRU4RecSpikes.replay(sgru, batch).output, sgru(batch)))
      let tallies = SGRU4RecSpikes.replay(sgru, batch).tallies
      let width = Double(config.embeddingSize), samples = Double(batch.size), window = Double(batch.maxLen)
      #expect(tallies[SGRU4RecSpikes.previousState]?.count == samples * window * width)
      #expect(tallies[SGRU4RecSpikes.lastState]?.count == samples * width)
    }
  }

  @Test("Measurement errors: empty part, bad options, a window the model was not built for, no energy table")
  func errors() throws {
    let split = try energySplit()
    var config = energyConfig(split)
    let (model, _, context) = try built("sgru4rec", config)
    #expect(throws: EnergyError.invalidOption(name: "batches", value: "0", reason: "must be at least 1 (or nil for every batch)")) {
      try FiringRates.measure(model, context: context, on: split, batches: 0)
    }
    let noValid = try split.dataset.split(.timeRatio(test: 0.2, valid: 0))
    #expect(throws: EnergyError.noSamples(part: "valid")) { try FiringRates.measure(model, context: context, on: noValid, part: .valid) }
    config.maxLen = 5
    let narrow = try built("sfsrec", config)
    #expect(throws: EnergyError.windowMismatch(model: "SFSRec", window: 8, expected: "exactly 5")) {
      try FiringRates.measure(narrow.model, context: narrow.context, on: split, batches: 1)
    }
    #expect(throws: EnergyError.windowMismatch(model: "SFSRec", window: 8, expected: "exactly 5")) {
      try EnergyReport.measure(narrow.model, spec: narrow.spec, context: narrow.context, on: split)
    }
    let popularity = try built("popularity", energyConfig(split))
    #expect(throws: EnergyError.noOperationTable(model: "Popularity")) {
      try EnergyReport.measure(popularity.model, spec: popularity.spec, context: popularity.context, on: split)
    }
  }
}
