import Foundation
import SSRDevice
import SSRTensor
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

  @Test("saveModel and loadModel round-trip the weights; the file alone rebuilds the model and its training record")
  func checkpoints() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-model-\(UUID()).safetensors").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let source = Self.data + """
      let m = train(.sasrec, on: ds, epochs: 2, embeddingSize: 16, layers: 1)
      saveModel(m, "\(path)")
      let again = loadModel("\(path)")
      [evaluate(again, on: ds) == evaluate(m, on: ds), again.bestEpoch == m.bestEpoch, again.history == m.history,
       again.config == m.config, again.parameters == m.parameters]
      """
    #expect(try show(source) == "[true, true, true, true, true]")
    // The display says it is trained, as the original does.
    let loaded = try evaluate(Self.data + "let m = train(.gru4rec, on: ds, epochs: 1, embeddingSize: 8)\nsaveModel(m, \"\(path)\")\nloadModel(\"\(path)\")")
    let shown = ValueDisplay.render(loaded.value, style: .saved)
    #expect(shown.contains("trained 1 epoch(s)") && !shown.contains("untrained"), "\(shown)")
    // The same catalogue and window but another split: a note; another catalogue: an error.
    let note = try evaluate(Self.data + """
      let resplit = synthetic(users: 120, items: 50, meanLength: 20, seed: 4) |> split(.timeRatio, test: 0.3, valid: 0.1)
      loadModel("\(path)", on: resplit)
      """).printed
    #expect(note.contains { $0.hasPrefix("note: ") && $0.contains("other content") }, "\(note)")
    let other = failure(Self.data + "let o = synthetic(users: 60, items: 20, seed: 5) |> split(.timeRatio, test: 0.2, valid: 0.1)\nloadModel(\"\(path)\", on: o)")
    #expect(other?.message.contains("catalogue differs") == true, "\(String(describing: other))")
    #expect(failure(Self.data + "loadModel(\"\(path)\", model: .sasrec)")?.message.contains("holds a .gru4rec model, not .sasrec") == true)
  }

  @Test("exportModel writes weights and a config the on-device runtime loads; float16 halves the weights; popularity is refused")
  func export() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-export-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let printed = try evaluate(Self.data + """
      let m = train(.sgru4rec, on: ds, epochs: 1, embeddingSize: 16)
      exportModel(m, to: "\(directory)/f32")
      exportModel(m, to: "\(directory)/f16", precision: .float16)
      """).printed
    #expect(printed.first?.hasPrefix("exported .sgru4rec to \(directory)/f32: 8 tensors") == true, "\(printed)")
    let runtime = try DeviceRuntime(directory: directory + "/f32")
    #expect(runtime.config.model == "sgru4rec" && (1...50).contains(runtime.config.itemCount))
    #expect(runtime.config.dataset.hasPrefix("synthetic"), "\(runtime.config.dataset)")
    #expect(runtime.config.datasetFingerprint.count == 64)
    #expect(try runtime.recommend(history: [1, 2, 3], k: 10).count == 10)
    let size = { (name: String) in
      (try FileManager.default.attributesOfItem(atPath: "\(directory)/\(name)/model.safetensors")[.size] as? Int) ?? 0
    }
    #expect(try size("f16") < size("f32") * 6 / 10)
    let refused = failure(Self.data + "exportModel(model(.popularity, on: ds), to: \"\(directory)/pop\")")
    #expect(refused?.message.contains("the on-device runtime cannot run .popularity") == true, "\(String(describing: refused))")
  }

  @Test("train(with:) takes options as a record, such as a tuning study's best; conflicts and unknown names are errors")
  func trainWithRecord() throws {
    let source = Self.data + """
      let a = train(.gru4rec, on: ds, with: {embeddingSize: 8, dropout: 0.1}, epochs: 1, seed: 3)
      [a.config.embeddingSize, a.config.dropout, len(a.history)]
      """
    #expect(try show(source) == "[8, 0.1, 1]")
    #expect(failure(Self.data + "train(.gru4rec, on: ds, with: {embedingSize: 8})")?.help?.contains("embeddingSize") == true)
    #expect(failure(Self.data + "train(.gru4rec, on: ds, with: {embeddingSize: 8}, embeddingSize: 16)")?.message.contains("given both") == true)
    #expect(failure(Self.data + "train(.gru4rec, on: ds, with: {embeddingSize: \"wide\"})") != nil)
  }

  @Test("A safetensors file without SSR's description loads only with model: and on:, as before")
  func undescribedCheckpoints() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-plain-\(UUID()).safetensors").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let session = Session(seed: 0)
    let program = try Parser.parse(Self.data + "let m = model(.gru4rec, on: ds, embeddingSize: 8)\nm")
    guard case .object(let object as ModelObject) = try session.interpreter.run(program, origin: "cell 1") else {
      Issue.record("expected a model")
      return
    }
    try SafeTensors.write(object.model.stateDictionary(), to: path)
    #expect(failure("loadModel(\"\(path)\")")?.message.contains("no SSR description") == true)
    #expect(try show(Self.data + "let m = loadModel(\"\(path)\", model: .gru4rec, on: ds, embeddingSize: 8)\nm.parameters > 0") == "true")
    #expect(failure(Self.data + "loadModel(\"\(path)\", model: .gru4rec, on: ds)")?.message.contains("shape") == true)
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

/// The progress line's durations and counts.
@Suite("Training progress")
struct TrainingProgressTests {
  @Test("Durations read as seconds, minutes or hours; counts are grouped by thousands")
  func formats() {
    #expect(TrainingProgress.duration(12.4) == "12s")
    #expect(TrainingProgress.duration(185) == "3m05s")
    #expect(TrainingProgress.duration(3720) == "1h02m")
    #expect(TrainingProgress.duration(.infinity) == "?")
    #expect(TrainingProgress.count(950) == "950")
    #expect(TrainingProgress.count(12345.4) == "12,345")
    #expect(TrainingProgress.count(1_234_567) == "1,234,567")
  }
}
