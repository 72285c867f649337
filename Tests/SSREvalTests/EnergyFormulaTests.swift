import SSRModels
import Testing

@testable import SSREval

/// Rates from a neuron → rate map (each tally over 100 neuron-steps).
func fixedRates(_ rates: [String: Double]) -> FiringRates {
  FiringRates(tallies: rates.mapValues { SpikeTally(spikes: $0 * 100, count: 100) }, samples: 1)
}

/// A ≤ 1e-9 relative match.
func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }

@Suite("Energy: the formula, the rules and the savings")
struct EnergyFormulaTests {
  @Test("Hand example: 100 float MACs and 200 MACs on spikes at rate 0.25 over T = 4")
  func handExample() throws {
    let table = OperationTable(
      model: "toy", timeSteps: 4,
      layers: [
        LayerOperations(name: "float", operation: "", macs: 100),
        LayerOperations(name: "spiking", operation: "", macs: 200, timeSteps: 4, input: .spikes(neuron: "n")),
        LayerOperations(name: "scores", operation: "", macs: 10, component: .shared),
      ])
    let report = try EnergyReport(table: table, rates: fixedRates(["n": 0.25]))
    // 100 × 4.6 + 0.25 × 4 × 200 × 0.9 = 460 + 180; shared 10 × 4.6 = 46.
    #expect(close(report.modified, 640))
    #expect(close(report.shared, 46))
    #expect(close(report.total, 686))
    #expect(close(report.totalMicrojoules, 686e-6))
    #expect(report.rows.map(\.kind) == [.multiplyAccumulate, .accumulate, .multiplyAccumulate])
    #expect(report.rows[1].rate == 0.25 && report.rows[1].operations == 200)
    #expect(close(report.multiplyAccumulates(), 110) && close(report.accumulates(), 200))
    // Another process node: E_MAC = 1, E_AC = 0.1 → 100 + 0.25·4·200·0.1 = 120.
    let other = try EnergyReport(table: table, rates: fixedRates(["n": 0.25]), constants: EnergyConstants(mac: 1, accumulate: 0.1))
    #expect(close(other.modified, 120))
  }

  @Test("A missing rate and bad constants are errors")
  func errors() {
    let table = OperationTable(
      model: "toy", timeSteps: 4, layers: [LayerOperations(name: "spiking", operation: "", macs: 1, input: .spikes(neuron: "n"))])
    #expect(throws: EnergyError.missingFiringRate(model: "toy", layer: "spiking", neuron: "n")) {
      try EnergyReport(table: table, rates: fixedRates(["m": 0.5]))
    }
    #expect(throws: EnergyError.missingFiringRate(model: "toy", layer: "spiking", neuron: "n")) { try EnergyReport(table: table) }
    #expect(throws: EnergyError.invalidConstant(name: "accumulate", value: -1)) {
      try EnergyReport(table: table, rates: fixedRates(["n": 0.5]), constants: EnergyConstants(accumulate: -1))
    }
    #expect(throws: EnergyError.self) {
      try EnergyReport(table: table, rates: fixedRates(["n": 0.5]), constants: EnergyConstants(mac: .nan))
    }
    let negative = OperationTable(model: "toy", timeSteps: nil, layers: [LayerOperations(name: "bad", operation: "", macs: -1)])
    #expect(throws: EnergyError.self) { try EnergyReport(table: negative) }
    let noTrains = OperationTable(
      model: "toy", timeSteps: 1, layers: [LayerOperations(name: "bad", operation: "", macs: 1, input: .spikeSum([SpikeSource("n", trains: 0)]))])
    #expect(throws: EnergyError.self) { try EnergyReport(table: noTrains, rates: fixedRates(["n": 0.5])) }
  }

  @Test("SGRU4Rec by hand, under both rules for spike sums, and its saving against GRU4Rec")
  func sgru4rec() throws {
    let table = try OperationTable.sgru4rec(smallConfig(), spiking: smallSpiking)
    let rates = fixedRates(["input_lif": 0.25, "sgru.h_prev": 0.5, "sgru.r_h_prev": 0.2, "sgru.h_last": 0.75])
    let report = try EnergyReport(table: table, rates: rates, rules: EnergyRules(spikeSums: .multiplyAccumulate))
    // Spike sums as float: x halves as float: 3·320 = 960 MACs → 4416 pJ; h halves 0.5·640 + 0.2·320 = 384 ACs, dense
    // 0.75·64 = 48 ACs → 432·0.9 = 388.8 pJ. Shared: 88·4.6 = 404.8 pJ.
    #expect(close(report.modified, 4804.8))
    #expect(close(report.shared, 404.8))
    // Per spike, the x halves are 0.25 × 3 trains × 960 = 720 ACs: 1152 ACs in all.
    let perSpike = try EnergyReport(table: table, rates: rates, rules: EnergyRules(spikeSums: .accumulatePerSpike))
    #expect(close(perSpike.modified, 1152 * 0.9))
    #expect(perSpike.rows[1].rate == 0.75)
    // GRU4Rec: 1984 MACs → 9126.4 pJ.
    let ann = try EnergyReport(table: .gru4rec(smallConfig()))
    #expect(close(ann.modified, 9126.4))
    let saving = try EnergySaving(ann: ann, snn: report)
    #expect(close(saving.modified, 1 - 4804.8 / 9126.4))
    #expect(close(saving.wholeModel, 1 - 5209.6 / 9531.2))
    #expect(saving.wholeModel < saving.modified)  // the shared scoring product dilutes the saving
  }

  @Test("SFSRec by hand with a distinct rate per neuron")
  func sfsrec() throws {
    let table = try OperationTable.sfsrec(smallConfig(), spiking: smallSpiking)
    let rates = fixedRates([
      "rpe_lif": 0.1, "blocks.0.attn.q_lif": 0.2, "blocks.0.attn.k_lif": 0.9, "blocks.0.attn.v_lif": 0.3,
      "blocks.0.attn.attn_lif": 0.4, "blocks.0.attn.proj_lif": 0.5, "blocks.0.mlp.fc1_lif": 0.6, "blocks.0.mlp.fc2_lif": 0.7,
      "blocks.1.attn.q_lif": 0.15, "blocks.1.attn.k_lif": 0.9, "blocks.1.attn.v_lif": 0.25, "blocks.1.attn.attn_lif": 0.35,
      "blocks.1.attn.proj_lif": 0.45, "blocks.1.mlp.fc1_lif": 0.55, "blocks.1.mlp.fc2_lif": 0.65,
    ])
    let report = try EnergyReport(table: table, rates: rates, rules: EnergyRules(spikeSums: .multiplyAccumulate))
    // Spike sums as float. Block 0 ACs (T = 3): q, k, v 0.1·3·960 = 288; Q·Kᵀ 0.2·3·200 = 120; attn·V 0.3·3·200 = 180;
    // proj 0.4·3·320 = 384; fc2 0.6·3·640 = 1152. Block 1: 0.15·600 = 90, 0.25·600 = 150,
    // 0.35·960 = 336, 0.55·1920 = 1056. ACs 3756 → 3380.4 pJ.
    // MACs: fc1 of both blocks 3·640 each, block 1's q, k, v 3·960, head 320: 7040 → 32384 pJ.
    #expect(close(report.accumulates(), 3756))
    #expect(close(report.multiplyAccumulates(.modified), 7040))
    #expect(close(report.modified, 35764.4))
    // Per spike: block 1's q, k, v (0.1 + 0.5 + 0.7)·3·960 = 3744; fc1 (0.1 + 0.5)·3·640 = 1152 and
    // (0.1 + 0.5 + 0.7 + 0.45)·3·640 = 3360; head (0.1 + 0.5 + 0.7 + 0.45 + 0.65)·3·320 = 2304.
    let perSpike = try EnergyReport(table: table, rates: rates, rules: EnergyRules(spikeSums: .accumulatePerSpike))
    #expect(close(perSpike.accumulates(), 3756 + 3744 + 1152 + 3360 + 2304))
    #expect(perSpike.multiplyAccumulates(.modified) == 0)
  }

  @Test("Savings over the modified components and over the whole model")
  func savings() throws {
    let unit = EnergyConstants(mac: 1, accumulate: 1)
    let ann = try EnergyReport(
      table: OperationTable(
        model: "ANN", timeSteps: nil,
        layers: [
          LayerOperations(name: "body", operation: "", macs: 1000),
          LayerOperations(name: "scores", operation: "", macs: 100, component: .shared),
        ]), constants: unit)
    let snn = try EnergyReport(
      table: OperationTable(
        model: "SNN", timeSteps: 1,
        layers: [
          LayerOperations(name: "body", operation: "", macs: 1000, input: .spikes(neuron: "n")),
          LayerOperations(name: "scores", operation: "", macs: 100, component: .shared),
        ]), rates: fixedRates(["n": 0.3]), constants: unit)
    let saving = try EnergySaving(ann: ann, snn: snn)
    #expect(close(saving.modified, 0.7))
    #expect(close(saving.wholeModel, 1 - 400.0 / 1100))
    #expect(saving.description.contains("70.0%") && saving.description.contains("63.6%"))
    // The other way round the "saving" is negative.
    #expect(close(try EnergySaving(ann: snn, snn: ann).modified, 1 - 1000.0 / 300))
    let empty = try EnergyReport(table: OperationTable(model: "empty", timeSteps: nil, layers: []))
    #expect(throws: EnergyError.zeroReferenceEnergy(model: "empty")) { try EnergySaving(ann: empty, snn: snn) }
  }

  @Test("Formatting: units, counts, the breakdown table")
  func formatting() throws {
    #expect(EnergyFormat.energy(picojoules: 640) == "640.0 pJ")
    #expect(EnergyFormat.energy(picojoules: 12_345_678) == "12.35 µJ")
    #expect(EnergyFormat.energy(picojoules: 4804.8) == "4.805 nJ")
    #expect(EnergyFormat.count(1_310_720) == "1,310,720")
    #expect(EnergyFormat.percent(0.4736) == "47.4%")
    let report = try EnergyReport(table: .gru4rec(smallConfig()))
    let text = report.description
    #expect(text.hasPrefix("GRU4Rec: 9.531 nJ per inference (modified 9.126 nJ, shared 404.8 pJ)"))
    #expect(text.contains("gru_layers.weight_ih_l0") && text.contains("2,072 MAC + 0 AC"))
  }
}
