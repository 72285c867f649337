import Foundation
import SSRRuns
import Testing

@testable import SSREval
@testable import SSRNotebook

/// `sweep` and `tune` with `workers:`: the same runs in child processes of `ssr-run` (which
/// `swift build --build-tests` builds beside the test bundle) give the same metrics.
@Suite("Local worker processes", .serialized)
struct LocalWorkerTests {
  static let data = "let ds = synthetic(users: 80, items: 30, meanLength: 12, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"

  static func jobs() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("ssr-jobs-\(UUID().uuidString)").path
  }

  @Test("A sweep in two worker processes gives the in-process metrics and energy; a rerun reuses the results")
  func sweepMatchesInProcess() throws {
    let jobs = Self.jobs()
    let sweep = "sweep(.gru4rec, on: ds, over: {embeddingSize: [8, 16]}, seeds: 2, epochs: 1, seed: 3"
    let source = Self.data + """
      let a = \(sweep))
      let b = \(sweep), workers: 2, jobs: "\(jobs)")
      [a.runs.embeddingSize == b.runs.embeddingSize, a.runs.seed == b.runs.seed, a.runs.hr10 == b.runs.hr10,
       a.runs.ndcg10 == b.runs.ndcg10, a.runs.mrr10 == b.runs.mrr10, a.runs.energy == b.runs.energy, len(b.runs)]
      """
    #expect(try show(source) == "[true, true, true, true, true, true, 4]")
    let folders = try FileManager.default.contentsOfDirectory(atPath: jobs)
    #expect(folders.count == 1 && folders[0].hasPrefix("sweep-"))
    let directory = JobDirectory(path: (jobs as NSString).appendingPathComponent(folders[0]))
    let result = try #require(directory.result(3))
    #expect(result.state == .complete && result.point.run == 2 && result.point.parameters["embeddingSize"] == .int(16))
    #expect(result.history.count == 1 && result.metric("hr10") != nil && result.energy != nil)
    // Run again: the results are read, not recomputed (their files are untouched).
    let stamp = try FileManager.default.attributesOfItem(atPath: directory.resultPath(0))[.modificationDate] as? Date
    #expect(try show(Self.data + "len(\(sweep), workers: 2, jobs: \"\(jobs)\").runs)") == "4")
    #expect(try FileManager.default.attributesOfItem(atPath: directory.resultPath(0))[.modificationDate] as? Date == stamp)
    try? FileManager.default.removeItem(atPath: jobs)
  }

  @Test("A sweep with protocols: in worker processes gives the in-process rows")
  func protocolsMatchInProcess() throws {
    let jobs = Self.jobs()
    defer { try? FileManager.default.removeItem(atPath: jobs) }
    let sweep = "sweep(.sgru4rec, on: ds, over: {T: [2]}, seeds: 2, epochs: 2, embeddingSize: 8, seed: 3, protocols: [.validation, .paper]"
    let source = Self.data + """
      let a = \(sweep))
      let b = \(sweep), workers: 2, jobs: "\(jobs)")
      [a.runs.protocol == b.runs.protocol, a.runs.seed == b.runs.seed, a.runs.epoch == b.runs.epoch, a.runs.hr10 == b.runs.hr10,
       a.runs.mrr10 == b.runs.mrr10, filter(a.runs, where: {protocol: .validation}).energy == filter(b.runs, where: {protocol: .validation}).energy,
       filter(a.runs, where: {protocol: .validation}).energyModified == filter(b.runs, where: {protocol: .validation}).energyModified,
       filter(a.runs, where: {protocol: .validation}).spikeRate == filter(b.runs, where: {protocol: .validation}).spikeRate,
       b.runs[0].energyModified < b.runs[0].energy, b.runs[0].spikeRate > 0, b.runs[0].spikeRate < 1,
       b.points[0].spikeRate == mean(filter(b.runs, where: {protocol: .validation}).spikeRate),
       b.runs[0].epochSeconds > 0, b.runs[0].epochSeconds * 2 <= b.runs[0].seconds,
       len(b.runs)]
      """
    #expect(try show(source) == "[true, true, true, true, true, true, true, true, true, true, true, true, true, true, 4]")
  }

  @Test("A sweep with item features in worker processes gives the in-process rows; the features are part of the job")
  func featuresMatchInProcess() throws {
    let jobs = Self.jobs()
    defer { try? FileManager.default.removeItem(atPath: jobs) }
    let features = "let f = itemFeatures(on: ds, text: for i in 0..<ds.dataset.items { [i * 0.1, 1 - i * 0.05, (i % 3) * 1.0] })\n"
    let sweep = "sweep(.sgru4rec, on: ds, over: {T: [2]}, seeds: 2, epochs: 2, embeddingSize: 8, seed: 3, protocols: [.validation, .paper]"
    let source = Self.data + features + """
      let a = \(sweep), features: f, fusion: .gated)
      let b = \(sweep), features: f, fusion: .gated, workers: 2, jobs: "\(jobs)")
      let c = \(sweep), workers: 2, jobs: "\(jobs)")
      [a.runs.hr10 == b.runs.hr10, a.runs.mrr10 == b.runs.mrr10,
       filter(a.runs, where: {protocol: .validation}).energy == filter(b.runs, where: {protocol: .validation}).energy,
       b.runs.mrr10 == c.runs.mrr10]
      """
    #expect(try show(source) == "[true, true, true, false]")
    // Two jobs (with and without features), the first holding the features.
    let folders = try FileManager.default.contentsOfDirectory(atPath: jobs)
    #expect(folders.count == 2)
    #expect(folders.filter { FileManager.default.fileExists(atPath: jobs + "/" + $0 + "/features.safetensors") }.count == 1)
  }

  @Test("Runs of worker processes are recorded in the run registry once, with their epochs; a rerun adds none")
  func workerRunsRecorded() throws {
    let jobs = Self.jobs()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-registry-\(UUID().uuidString)").path
    defer {
      try? FileManager.default.removeItem(atPath: jobs)
      try? FileManager.default.removeItem(atPath: scratch)
    }
    let path = scratch + "/runs.sqlite"
    let source = Self.data + """
      let s = sweep(.sgru4rec, on: ds, over: {T: [1, 2]}, seeds: 2, epochs: 2, embeddingSize: 8, seed: 5, workers: 2, jobs: "\(jobs)")
      len(s.runs)
      """
    func runOnce() throws -> Value {
      let session = Session(seed: 0)
      session.context.showsProgress = false
      let recorder = RunRecorder(path: path, source: "test")
      recorder.notify = { _ in }
      session.context.runs = recorder
      defer { recorder.close() }
      return try session.interpreter.run(try Parser.parse(source), origin: "cell 1")
    }
    #expect(ValueDisplay.literal(try runOnce()) == "4")
    let registry = try RunRegistry(path: path)
    let runs = try registry.runs(RunQuery(oldestFirst: true))
    #expect(runs.count == 4 && runs.allSatisfy { $0.kind == .sweep && $0.state == .complete && $0.model == "sgru4rec" })
    #expect(runs.allSatisfy { $0.epochs == 2 && $0.energy != nil && $0.datasetName == "synthetic" && $0.fingerprint.count == 64 })
    #expect(Set(runs.compactMap(\.parameters)).count == 4)
    let configuration = try #require(JSONValues.parse(runs[0].configuration))
    #expect(configuration["spiking"] != nil && (configuration["model"] as? [String: Any])?["embeddingSize"] as? Int == 8)
    #expect(try registry.epochs(ofRun: runs[0].id!).map(\.epoch) == [1, 2])
    registry.close()
    // The rerun finds the results in the job directory and records nothing new.
    #expect(ValueDisplay.literal(try runOnce()) == "4")
    let again = try RunRegistry(path: path)
    #expect(try again.runs(RunQuery(oldestFirst: true)).count == 4)
    again.close()
  }

  @Test("A study in worker processes proposes and scores the in-process trials; the best model is read back")
  func tuneMatchesInProcess() throws {
    let jobs = Self.jobs()
    let study = "tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1), embeddingSize: [8, 16]}, trials: 4, epochs: 1, sampler: .random, seed: 1"
    let source = Self.data + """
      let a = \(study))
      let b = \(study), workers: 2, jobs: "\(jobs)")
      [a.trials.lr == b.trials.lr, a.trials.embeddingSize == b.trials.embeddingSize, a.trials.mrr10 == b.trials.mrr10,
       a.trials.state == b.trials.state, a.best == b.best, evaluate(b.model, on: ds.valid).mrr10 == b.bestValue]
      """
    #expect(try show(source) == "[true, true, true, true, true, true]")
    // Again: the study is replayed from the job directory's results, with nothing run.
    let directory = JobDirectory(path: (jobs as NSString).appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: jobs)[0]))
    let stamp = try FileManager.default.attributesOfItem(atPath: directory.resultPath(3))[.modificationDate] as? Date
    #expect(try show(Self.data + "let b = \(study), workers: 2, jobs: \"\(jobs)\")\nlen(b.trials)") == "4")
    #expect(try FileManager.default.attributesOfItem(atPath: directory.resultPath(3))[.modificationDate] as? Date == stamp)
    #expect(try FileManager.default.contentsOfDirectory(atPath: jobs).count == 1)
    try? FileManager.default.removeItem(atPath: jobs)
  }

  @Test("TPE with one worker process is the in-process study; the grid never runs a combination twice")
  func tpeAndGrid() throws {
    let jobs = Self.jobs()
    let study = "tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1)}, trials: 3, epochs: 1, embeddingSize: 8, seed: 2"
    #expect(try show(Self.data + "let a = \(study))\nlet b = \(study), executor: .local, workers: 1, jobs: \"\(jobs)\")\na.trials.mrr10 == b.trials.mrr10") == "true")
    let grid = Self.data + """
      let g = tune(.gru4rec, on: ds, space: {embeddingSize: [8, 16], cosine: [true, false]}, sampler: .grid, epochs: 1, workers: 2, jobs: "\(jobs)")
      [len(g.trials), len(filter(g.trials, where: {cosine: true})), len(filter(g.trials, where: {embeddingSize: 8}))]
      """
    #expect(try show(grid) == "[4, 2, 2]")
    try? FileManager.default.removeItem(atPath: jobs)
  }

  @Test("The median pruner in one worker process stops the trials it stops in this process")
  func pruner() throws {
    let jobs = Self.jobs()
    let study = "tune(.gru4rec, on: ds, space: {lr: logUniform(1e-4, 1e-1)}, trials: 8, epochs: 2, embeddingSize: 8, pruner: .median, sampler: .random, seed: 3"
    let source = Self.data + """
      let a = \(study))
      let b = \(study), executor: .local, workers: 1, jobs: "\(jobs)")
      [a.trials.state == b.trials.state, a.trials.mrr10 == b.trials.mrr10, a.trials.epochs == b.trials.epochs, a.trials.state]
      """
    // Trials 6 and 7 are pruned: the comparison is not vacuous.
    #expect(try show(source) == "[true, true, true, [\"complete\", \"complete\", \"complete\", \"complete\", \"complete\", \"pruned\", \"pruned\", \"complete\"]]")
    try? FileManager.default.removeItem(atPath: jobs)
  }

  @Test("Bad executor arguments are errors of the call")
  func errors() {
    #expect(failure(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, workers: 0)")?.message.contains("workers") == true)
    #expect(failure(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, executor: .cloud)") != nil)
    #expect(failure(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, executor: {partition: \"x\"})")?.message.contains("slurm(") == true)
    #expect(failure("slurm(cpus: 0)")?.message.contains("cpus") == true)
  }
}
