import SSRModels
import SSRNN
import SSRTensor
import Testing

@testable import SSREval

/// The small configuration of the hand-computed counts: N = 10 items, window L = 5, width D = 8,
/// 2 blocks, inner size I = 16 (SASRec, SFSRec), T = 3.
func smallConfig() -> ModelConfig {
  var config = ModelConfig(itemCount: 10)
  config.maxLen = 5
  config.embeddingSize = 8
  config.layers = 2
  config.innerSize = 16
  return config
}

let smallSpiking = SpikingConfig(timeSteps: 3)

/// The MACs per row (shared rows included), for comparing with hand counts.
func macs(_ table: OperationTable) -> [Int] { table.layers.map(\.macs) }

@Suite("Energy: operation counts against closed forms")
struct EnergyTableTests {
  // Shared by every model: lookup 0, scores (N + 1)·D = 11·8 = 88.

  @Test("GRU4Rec: 3·L·D² input and recurrent products, D² dense")
  func gru4rec() throws {
    let table = try OperationTable.gru4rec(smallConfig())
    // w_ih, w_hh: L·D·3D = 5·8·24 = 960; dense D² = 64.
    #expect(macs(table) == [0, 960, 960, 64, 88])
    #expect(table.macs(.modified) == 1984)  // 6·L·D² + D²
    #expect(table.macs(.shared) == 88)
    #expect(!table.isSpiking && table.timeSteps == nil)
  }

  @Test("SASRec: 4·L·D² + 2·L²·D + 2·L·D·I per block")
  func sasrec() throws {
    let table = try OperationTable.sasrec(smallConfig())
    // q, k, v: 5·8·8 = 320; Q·Kᵀ, P·V: 5·5·8 = 200; dense 320; FFN 5·8·16 = 640 each way.
    let block = [320, 320, 320, 200, 200, 320, 640, 640]
    #expect(macs(table) == [0] + block + block + [88])
    #expect(table.macs(.modified) == 5920)
    #expect(table.layers[4].name == "trm_encoder.layer.0.multi_head_attention.scores")
  }

  @Test("Caser: conv_v n_v·L·D, conv_h n_h·D·L(L+1)(L+2)/6, fc (n_v·D + n_h·L)·D")
  func caser() throws {
    let table = try OperationTable.caser(smallConfig())
    // conv_v 4·5·8 = 160; conv_h 8·8·35 = 2240; fc (32 + 40)·8 = 576.
    #expect(macs(table) == [0, 160, 2240, 576, 88])
    // The closed form of the horizontal sum for another window: L = 20 → 1540; 8·64·1540.
    var config = smallConfig()
    config.maxLen = 20
    config.embeddingSize = 64
    #expect(try OperationTable.caser(config).layers[2].macs == 8 * 64 * 20 * 21 * 22 / 6)
  }

  @Test("SRGNN: gated GNN 11·L·D² + 2·L²·D per step; readout D² + L·D² + 2·L·D + 2·D²")
  func srgnn() throws {
    let table = try OperationTable.srgnn(smallConfig())
    // edges 320, 320; adjacency 5·5·8 = 200, 200; w_ih 5·16·24 = 1920; w_hh 5·8·24 = 960;
    // linear_one 64, linear_two 320, linear_three 40, pooling 40, linear_transform 128.
    #expect(macs(table) == [0, 320, 320, 200, 200, 1920, 960, 64, 320, 40, 40, 128, 88])
    #expect(table.macs(.modified) == 4512)
    let twoSteps = try OperationTable.srgnn(smallConfig(), steps: 2)
    #expect(twoSteps.macs(.modified) == 4512 + 3920)
    #expect(twoSteps.layers.contains { $0.name == "gnn.step1.w_hh" })
  }

  @Test("FMLP-Rec: dense-DFT filter 4·L·F·D + 4·F·D, FFN 2·L·D·4D per block")
  func fmlpRec() throws {
    let table = try OperationTable.fmlpRec(smallConfig())
    // F = 3: 4·5·3·8 + 4·3·8 = 480 + 96 = 576; dense 5·8·32 = 1280.
    #expect(macs(table) == [0, 576, 1280, 1280, 576, 1280, 1280, 88])
    #expect(table.macs(.modified) == 6272)
  }

  @Test("SGRU4Rec: the gate halves, their inputs and time steps")
  func sgru4rec() throws {
    let table = try OperationTable.sgru4rec(smallConfig(), spiking: smallSpiking)
    #expect(macs(table) == [0, 320, 320, 320, 320, 320, 320, 64, 88])
    #expect(table.macs(.modified) == 1984)  // the same MACs as GRU4Rec, half of them on spikes
    #expect(table.layers.allSatisfy { $0.timeSteps == 1 })
    #expect(table.layers[1].input == .spikeSum([SpikeSource("input_lif", trains: 3)]))
    #expect(table.layers[2].input == .spikes(neuron: "sgru.h_prev"))
    #expect(table.layers[6].input == .spikes(neuron: "sgru.r_h_prev"))
    #expect(table.layers[7].input == .spikes(neuron: "sgru.h_last"))
    #expect(table.neurons == ["input_lif", "sgru.h_prev", "sgru.r_h_prev", "sgru.h_last"])
    #expect(table.timeSteps == 3)
  }

  @Test("SFSRec: spiking blocks over T, residual streams as spike sums, float head")
  func sfsrec() throws {
    let table = try OperationTable.sfsrec(smallConfig(), spiking: smallSpiking)
    let block = [320, 320, 320, 200, 200, 320, 640, 640]
    #expect(macs(table) == [0] + block + block + [320, 88])
    let rows = Dictionary(uniqueKeysWithValues: table.layers.map { ($0.name, $0) })
    #expect(rows["blocks.0.attn.q_linear"]?.input == .spikes(neuron: "rpe_lif"))
    #expect(rows["blocks.0.attn.q_linear"]?.timeSteps == 3)
    #expect(rows["blocks.0.attn.scores"]?.input == .spikes(neuron: "blocks.0.attn.q_lif"))
    #expect(rows["blocks.0.attn.context"]?.input == .spikes(neuron: "blocks.0.attn.v_lif"))
    #expect(rows["blocks.0.attn.proj_linear"]?.input == .spikes(neuron: "blocks.0.attn.attn_lif"))
    #expect(rows["blocks.0.mlp.fc1_linear"]?.input == .spikeSum([SpikeSource("rpe_lif"), SpikeSource("blocks.0.attn.proj_lif")]))
    #expect(rows["blocks.0.mlp.fc2_linear"]?.input == .spikes(neuron: "blocks.0.mlp.fc1_lif"))
    #expect(
      rows["blocks.1.attn.k_linear"]?.input
        == .spikeSum([SpikeSource("rpe_lif"), SpikeSource("blocks.0.attn.proj_lif"), SpikeSource("blocks.0.mlp.fc2_lif")]))
    let head = try #require(rows["head"])
    #expect(head.timeSteps == 1)
    #expect(head.input.neurons.count == 5)
    #expect(head.input == .spikeSum(head.input.neurons.map { SpikeSource($0, trains: 3) }))
  }

  @Test("Bad configurations throw typed errors")
  func errors() throws {
    let config = smallConfig()
    var bad = config
    bad.embeddingSize = 0
    #expect(throws: EnergyError.self) { try OperationTable.sasrec(bad) }
    #expect(throws: EnergyError.self) { try OperationTable.sgru4rec(config, spiking: SpikingConfig(timeSteps: 0)) }
    var huge = config
    huge.itemCount = Int.max / 4
    huge.embeddingSize = 1 << 20
    #expect(throws: EnergyError.countOverflow(model: "GRU4Rec", layer: "scores")) { try OperationTable.gru4rec(huge) }
    let message = EnergyError.windowMismatch(model: "Caser", window: 6, expected: "exactly 5").description
    #expect(message.contains("Caser") && message.contains("6") && message.contains("exactly 5"))
  }
}
