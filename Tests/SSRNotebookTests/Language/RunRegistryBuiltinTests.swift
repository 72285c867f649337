import Foundation
import SSRCore
import SSRRuns
import Testing
@testable import SSRNotebook

/// A session that records its runs in the registry at `path`; runs `source` as one cell.
private func record(_ source: String, in path: String, seed: UInt64 = 0) throws -> (value: Value, printed: [String]) {
  var printed: [String] = []
  let session = Session(seed: seed)
  session.context.showsProgress = false
  let recorder = RunRecorder(path: path, source: "test")
  recorder.notify = { printed.append($0) }
  session.context.runs = recorder
  session.context.emit = { item in
    switch item {
    case .text(let text): printed.append(text)
    case .value(let value): printed.append(ValueDisplay.render(value, style: .saved))
    }
  }
  let value = try session.interpreter.run(try Parser.parse(source), origin: "cell 1")
  return (value, printed)
}

private func scratchRegistry() -> String {
  FileManager.default.temporaryDirectory.appendingPathComponent("ssr-registry-\(UUID().uuidString)/runs.sqlite").path
}

private func removeRegistry(_ path: String) {
  try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

@Suite("Run registry in notebooks: recording, runs(…), resumable studies")
struct RunRegistryBuiltinTests {
  static let data = "let ds = synthetic(users: 120, items: 50, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"

  @Test("train, evaluate, compare and sweep runs are recorded with data, configuration, seeds, epochs, metrics and time")
  func recording() throws {
    let path = scratchRegistry()
    defer { removeRegistry(path) }
    _ = try record(
      Self.data + """
        let m = train(.gru4rec, on: ds, epochs: 2, embeddingSize: 8, seed: 3)
        evaluate(m, on: ds)
        compare(.popularity, .gru4rec, on: ds, epochs: 1, embeddingSize: 8)
        sweep(.sgru4rec, on: ds, over: {T: [1, 2]}, seeds: 2, epochs: 1, embeddingSize: 8, seed: 1)
        """, in: path)
    let registry = try RunRegistry(path: path)
    let runs = try registry.runs(RunQuery(oldestFirst: true))
    #expect(runs.map(\.kind) == [.train, .evaluate, .compare, .compare, .sweep, .sweep, .sweep, .sweep])
    #expect(runs.allSatisfy { $0.state == .complete && $0.tool == SSRVersion.current && $0.datasetName == "synthetic" })
    #expect(Set(runs.map(\.fingerprint)).count == 1 && runs[0].fingerprint.count == 64)
    let train = runs[0]
    #expect(train.seed == 3 && train.epochs == 2 && train.bestEpoch != nil && train.part == "valid" && (train.seconds ?? 0) > 0)
    #expect(Set(train.metricValues.keys) == ["hr10", "ndcg10", "mrr10"])
    #expect(try registry.epochs(ofRun: train.id!).map(\.epoch) == [1, 2])
    let configuration = try #require(JSONValues.parse(train.configuration))
    #expect((configuration["model"] as? [String: Any])?["embeddingSize"] as? Int == 8)
    #expect((configuration["training"] as? [String: Any])?["epochs"] as? Int == 2)
    #expect(configuration["spiking"] == nil && (configuration["model"] as? [String: Any])?["seed"] == nil)
    let data = try #require(JSONValues.parse(train.dataset))
    #expect(data["users"] as? Int == 120 && data["fingerprint"] as? String == train.fingerprint)
    #expect((data["provenance"] as? [String: Any])?["options"] != nil)
    #expect(runs[1].parent == train.id && runs[1].part == "test" && !runs[1].metricValues.isEmpty)
    #expect(runs[2].model == "popularity" && !runs[2].metricValues.isEmpty)
    #expect(runs[4].parameters == "{\"T\":1,\"seed\":1}" && runs[4].energy != nil && runs[4].part == "test")
    #expect(JSONValues.parse(runs[4].configuration)?["spiking"] != nil)
  }

  @Test("runs(…) filters, sorts, limits and groups over seeds; a bad column says which exist")
  func runsBuiltin() throws {
    let path = scratchRegistry()
    defer { removeRegistry(path) }
    _ = try record(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8, 16]}, seeds: 2, epochs: 1, seed: 1)\n", in: path)
    let shown = try record(
      """
      let all = runs()
      let top = runs(kind: .sweep, by: .ndcg10, descending: true, limit: 2)
      let g = runs(group: .seeds)
      [len(all), all.kind, keys(all[0])[0..<5], len(top), top[0].ndcg10 >= top[1].ndcg10, top[0].ndcg10 == max(all.ndcg10),
       len(g), g.runs, g.embeddingSize, len(runs(model: .sasrec)), len(runs(dataset: "synthetic", state: .complete)),
       keys(runs(details: true)[0].config)]
      """, in: path)
    #expect(
      ValueDisplay.literal(shown.value)
        == "[4, [\"sweep\", \"sweep\", \"sweep\", \"sweep\"], [\"id\", \"kind\", \"state\", \"model\", \"dataset\"], 2, true, true, "
        + "2, [2, 2], [8, 16], 0, 4, [\"model\", \"training\"]]")
    #expect(throws: SSRError.self) { try record("runs(by: .ndcg11)", in: path) }
    do {
      _ = try record("runs(by: .ndcg11)", in: path)
    } catch let error as SSRError {
      #expect((error.help ?? "").contains("did you mean `.ndcg10`"), "\(error.message) \(error.help ?? "")")
    }
  }

  static let tune = data + """
    let t = tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1), embeddingSize: [8, 16]}, trials: TRIALS, epochs: 2,
                 sampler: .random, seed: 7, study: "s")
    [t.trials.trial, t.trials.lr, t.trials.mrr10, t.trials.state, t.bestTrial, evaluate(t.model, on: ds.valid).mrr10 == t.bestValue]
    """

  @Test("A study extended, resumed after a trial was cut short, or rerun whole equals the uninterrupted study")
  func resume() throws {
    let whole = scratchRegistry(), pieces = scratchRegistry()
    defer {
      removeRegistry(whole)
      removeRegistry(pieces)
    }
    let expected = ValueDisplay.literal(try record(Self.tune.replacingOccurrences(of: "TRIALS", with: "4"), in: whole).value)
    #expect(expected.hasSuffix(", true]"))

    // Two trials, then extended to three.
    _ = try record(Self.tune.replacingOccurrences(of: "TRIALS", with: "2"), in: pieces)
    let extended = try record(Self.tune.replacingOccurrences(of: "TRIALS", with: "3"), in: pieces)
    #expect(extended.printed == ["study \"s\": resumed with 2 finished trial(s)"])
    // A process died during trial 4: its row is left running.
    let registry = try RunRegistry(path: pieces)
    let study = try #require(try registry.study(named: "s"))
    var dead = try #require(try registry.trials(ofStudy: study.id!).last)
    dead.id = nil
    dead.trial = 4
    dead.state = .running
    dead.value = nil
    try registry.insert(dead)
    let resumed = try record(Self.tune.replacingOccurrences(of: "TRIALS", with: "4"), in: pieces)
    #expect(resumed.printed.contains("study \"s\": resumed with 3 finished trial(s); trial(s) 4 were cut short and run again"))
    #expect(ValueDisplay.literal(resumed.value) == expected)
    let attempts = try registry.trials(ofStudy: study.id!)
    #expect(attempts.map(\.trial) == [1, 2, 3, 4, 4])
    #expect(attempts.map(\.state) == [.complete, .complete, .complete, .interrupted, .complete])
    // Rerun whole: nothing is trained but the best trial's model.
    let again = try record(Self.tune.replacingOccurrences(of: "TRIALS", with: "4"), in: pieces)
    #expect(again.printed == ["study \"s\": resumed with 4 finished trial(s)"])
    #expect(ValueDisplay.literal(again.value) == expected)
    #expect(try registry.trials(ofStudy: study.id!).count == 5)
    #expect(try registry.runs(RunQuery(kind: .trial)).count == 5)
  }

  @Test("A study rerun with other settings, or without a registry, is an error that says what to do")
  func studyErrors() throws {
    let path = scratchRegistry()
    defer { removeRegistry(path) }
    _ = try record(Self.tune.replacingOccurrences(of: "TRIALS", with: "1"), in: path)
    let changed = Self.tune.replacingOccurrences(of: "TRIALS", with: "1").replacingOccurrences(of: "epochs: 2", with: "epochs: 3")
    do {
      _ = try record(changed, in: path)
      Issue.record("a changed study resumed")
    } catch let error as SSRError {
      #expect(error.message.contains("study \"s\""))
      #expect(error.message.contains("epochs: 2, now 3"), "\(error.message)")
      #expect(error.message.contains("give the study another name"))
    }
    // A damaged registry: runs go on unrecorded with one warning; a study cannot be kept.
    let garbage = scratchRegistry()
    defer { removeRegistry(garbage) }
    try FileManager.default.createDirectory(atPath: (garbage as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: garbage))
    let trained = try record(Self.data + "train(.gru4rec, on: ds, epochs: 1, embeddingSize: 8).bestEpoch", in: garbage)
    #expect(ValueDisplay.literal(trained.value) == "1")
    #expect(trained.printed.count == 1 && trained.printed[0].hasPrefix("warning: runs are not being recorded: the run registry "))
    #expect(trained.printed.first?.contains("is not a SQLite database or is damaged") == true)
    do {
      _ = try record(Self.tune.replacingOccurrences(of: "TRIALS", with: "1"), in: garbage)
      Issue.record("a study was kept in a damaged registry")
    } catch let error as SSRError {
      #expect(error.message.contains("is not a SQLite database or is damaged"), "\(error.message)")
    }
    let unrecorded = failure(Self.tune.replacingOccurrences(of: "TRIALS", with: "1"))
    #expect(unrecorded?.message.contains("records no runs") == true)
    #expect(failure("runs()")?.message == "runs: this session records no runs")
  }
}
