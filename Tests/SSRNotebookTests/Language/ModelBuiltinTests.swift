import Foundation
import Testing
@testable import SSRNotebook

@Suite("Model and energy builtins")
struct ModelBuiltinTests {
  static let data = "let ds = synthetic(users: 120, items: 50, meanLength: 20, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"

  @Test("model, train, evaluate: a trained model beats popularity; history has one record per epoch")
  func trainAndEvaluate() throws {
    let source = Self.data + """
      let m = train(.gru4rec, on: ds, epochs: 2, embeddingSize: 16, lr: 0.01)
      let p = model(.popularity, on: ds)
      let a = evaluate(m, on: ds)
      let b = evaluate(p, on: ds.test, k: [5, 10])
      [len(m.history), m.bestEpoch >= 1, a.hr10 > b.hr10, b.hr5 <= b.hr10, a.samples == ds.test.samples]
      """
    #expect(try show(source) == "[2, true, true, true, true]")
  }

  @Test("compare gives one row per model with energy and the spiking twin's saving")
  func compareWithEnergy() throws {
    let source = Self.data + """
      let rows = compare(.gru4rec, .sgru4rec, on: ds, epochs: 1, embeddingSize: 16, batches: 1)
      [rows.model, rows[0].energy > rows[1].energy, rows[1].saving > 0, rows[1].saving <= 100]
      """
    #expect(try show(source) == "[[\"GRU4Rec\", \"SGRU4Rec\"], true, true, true]")
  }

  @Test("energy and firingRates")
  func energy() throws {
    let source = Self.data + """
      let s = model(.sfsrec, on: ds, embeddingSize: 16, layers: 1, T: 2)
      let e = energy(s, on: ds, batches: 1)
      let rates = firingRates(s, on: ds, batches: 1)
      [e.total > 0, e.total == e.modified + e.shared, len(rates) > 0, min(rates.rate) >= 0, max(rates.rate) <= 1]
      """
    #expect(try show(source) == "[true, true, true, true, true]")
  }

  @Test("saveModel and loadModel round-trip the weights")
  func checkpoints() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-model-\(UUID()).safetensors").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let source = Self.data + """
      let m = train(.sasrec, on: ds, epochs: 1, embeddingSize: 16, layers: 1)
      saveModel(m, "\(path)")
      let again = loadModel("\(path)", model: .sasrec, on: ds, embeddingSize: 16, layers: 1)
      evaluate(again, on: ds) == evaluate(m, on: ds)
      """
    #expect(try show(source) == "true")
    #expect(failure(Self.data + "loadModel(\"\(path)\", model: .gru4rec, on: ds)") != nil)
  }

  @Test("Errors: unknown models with suggestions, bad options, parts without samples")
  func errors() {
    #expect(failure(Self.data + "model(.sasrek, on: ds)")?.help?.contains(".sasrec") == true)
    #expect(failure(Self.data + "train(.sasrec, on: ds, epochs: 0)")?.message == "train: epochs must be 1...10000, got 0")
    #expect(failure(Self.data + "model(.sasrec, on: ds, embeddingSize: 30, heads: 4)")?.message.contains("divisible") == true)
    #expect(failure(Self.data + "model(.sfsrec, on: ds, tau: 0.5)")?.message == "model: tau must be greater than 1, got 0.5")
    let noValid = "let d2 = synthetic(users: 60, items: 30, seed: 1) |> split\ntrain(.gru4rec, on: d2, epochs: 1)"
    #expect(failure(noValid)?.message.contains("protocol: .paper") == true)
    #expect(failure(Self.data + "train(.gru4rec, on: ds, metric: .auc)")?.message.contains("selection metric") == true)
  }
}
