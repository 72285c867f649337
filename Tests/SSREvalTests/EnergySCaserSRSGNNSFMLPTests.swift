import SSRData
import SSRModels
import SSRTensor
import Testing

@testable import SSREval

// The energy tables of SFMLP, SCaser and SRSGNN (kept apart from the other energy tests, as their
// sources are in UnrecordedSpikes.swift and OperationTables+SCaserSRSGNNSFMLP.swift).

@Suite("Energy: SFMLP, SCaser and SRSGNN")
struct EnergySCaserSRSGNNSFMLPTests {
  @Test("SFMLP: float filter and dense_1, dense_2 on spikes over T")
  func sfmlp() throws {
    let table = try OperationTable.sfmlp(smallConfig(), spiking: smallSpiking)
    #expect(macs(table) == [0, 576, 1280, 1280, 576, 1280, 1280, 88])
    #expect(table.layers[3].input == .spikes(neuron: "item_encoder.layer.0.intermediate.intermediate_act_lif"))
    #expect(table.layers.map(\.timeSteps) == [1, 1, 1, 3, 1, 1, 3, 1])
  }

  @Test("SCaser: convolutions on embedding spikes, fc_h on pooled spikes over T, float fc_v once")
  func scaser() throws {
    let table = try OperationTable.scaser(smallConfig(), spiking: smallSpiking)
    // fc_h n_h·L·D = 8·5·8 = 320; fc_v n_v·D·D = 32·8 = 256.
    #expect(macs(table) == [0, 160, 2240, 320, 256, 88])
    #expect(table.layers.map(\.timeSteps) == [1, 3, 3, 3, 1, 1])
    #expect(table.neurons == ["rpe_lif", "act_conv.pooled"])
    #expect(table.layers[4].input == .float)
  }

  @Test("SRSGNN: float GNN, spiking readout over T")
  func srsgnn() throws {
    let table = try OperationTable.srsgnn(smallConfig(), spiking: smallSpiking)
    #expect(macs(table) == [0, 320, 320, 200, 200, 1920, 960, 64, 320, 40, 40, 64, 64, 88])
    #expect(table.layers.map(\.timeSteps) == [1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3, 1])
    #expect(table.neurons == ["seq_lif.last", "seq_lif", "surrogate_func_q"])
    #expect(table.layers[10].input == .float && table.layers[11].input == .float)
  }

  @Test("SFMLP by hand: float filter and dense_1, dense_2 on spikes")
  func sfmlpEnergy() throws {
    let table = try OperationTable.sfmlp(smallConfig(), spiking: smallSpiking)
    let rates = fixedRates([
      "item_encoder.layer.0.intermediate.intermediate_act_lif": 0.2, "item_encoder.layer.1.intermediate.intermediate_act_lif": 0.4,
    ])
    let report = try EnergyReport(table: table, rates: rates)
    // MACs 2·(576 + 1280) = 3712 → 17075.2 pJ; ACs (0.2 + 0.4)·3·1280 = 2304 → 2073.6 pJ.
    #expect(close(report.modified, 17075.2 + 2073.6))
    let ann = try EnergyReport(table: .fmlpRec(smallConfig()))
    #expect(close(try EnergySaving(ann: ann, snn: report).modified, 1 - 19148.8 / (6272 * 4.6)))
  }

  @Test("Rates in [0, 1] and positive energy on evaluation data")
  func measured() throws {
    let split = try energySplit()
    try checkSpikingTwins(["sfmlp", "scaser", "srsgnn"], on: split)
  }

  @Test("The replays that measure SCaser's pooled spikes and SRSGNN's last spikes reproduce the outputs")
  func replays() throws {
    let split = try energySplit()
    let config = energyConfig(split)
    var batches = try split.evaluationBatches(.test, batchSize: 16)
    let first = batches.next()
    let batch = SequenceBatch(try #require(first))
    let scaser = SCaser(config), srsgnn = SRSGNN(config)
    scaser.eval()
    srsgnn.eval()
    try withoutGrad {
      #expect(identical(SCaserSpikes.replay(scaser, batch).output, scaser(batch)))
      #expect(identical(SRSGNNSpikes.replay(srsgnn, batch).output, srsgnn(batch)))
      let (samples, window) = (Double(batch.size), Double(batch.maxLen))
      let pooled = try #require(SCaserSpikes.replay(scaser, batch).tallies[SCaserSpikes.pooled])
      #expect(pooled.count == 4 * samples * 8 * window)  // T · B · n_h·L
      let last = try #require(SRSGNNSpikes.replay(srsgnn, batch).tallies[SRSGNNSpikes.lastSpikes])
      #expect(last.count == 4 * samples * Double(config.embeddingSize))  // T · B · D
    }
  }
}
