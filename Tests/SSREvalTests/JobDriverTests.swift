import Foundation
import SSRData
import SSRModels
import Testing

@testable import SSREval

@Suite struct JobDriverTests {
  /// A job directory with one small GRU4Rec point on synthetic data.
  func job() throws -> (JobDirectory, DatasetSplit) {
    let split = try SyntheticData.dataset(SyntheticOptions(users: 50, items: 25, seed: 6)).split(.timeRatio(test: 0.2, valid: 0.1))
    let directory = JobDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("ssr-driver-\(UUID().uuidString)").path)
    try directory.prepare(JobManifest(kind: "test", model: "gru4rec", key: "k", dataset: split.identity, numerics: "reproducible"), split: split)
    var config = ModelConfig(itemCount: split.dataset.itemCount)
    config.embeddingSize = 8
    var training = TrainingOptions()
    training.epochs = 1
    try directory.write(
      PointDescription(
        task: 0, model: "gru4rec", config: config, spiking: .defaults, training: training, parameters: [:], run: 1,
        evaluation: PointEvaluation(cutoffs: [10], energyBatches: 2), trial: nil))
    return (directory, split)
  }

  @Test("A worker that exits without a result gives a failed result naming how it ended and its log; nothing is stored")
  func lostWorker() throws {
    let (directory, _) = try job()
    let executor = try LocalWorkers(workers: 1, directory: directory, executable: "/bin/false")
    var received: [PointResult] = []
    let outcome = try JobDriver(directory: directory, executor: executor, pollSeconds: 0.05).run([0], total: 1) { result in
      received.append(result)
      return []
    }
    #expect(outcome == .finished)
    #expect(received.count == 1 && received[0].state == .failed)
    #expect(received[0].error?.contains("exited with status 1 without a result") == true, "\(received[0].error ?? "")")
    #expect(directory.result(0) == nil)
    try? FileManager.default.removeItem(atPath: directory.path)
  }

  @Test("The worker writes a self-describing result once; a second run of the task returns it unchanged")
  func workerWritesOnce() throws {
    let (directory, split) = try job()
    let result = try Worker.run(job: directory, task: 0)
    #expect(result.state == .complete && result.fingerprint == split.identity.fingerprint && result.energy != nil)
    #expect(result.history.count == 1 && result.metrics.map(\.name) == ["hr10", "ndcg10", "mrr10"])
    let stored = try #require(directory.result(0))
    #expect(stored.metrics == result.metrics && stored.point.config == result.point.config)
    #expect(try Worker.run(job: directory, task: 0).finished == stored.finished)
    #expect(throws: ExecutorError.self) { try Worker.run(job: directory, task: 5) }
    try? FileManager.default.removeItem(atPath: directory.path)
  }

  @Test("A directory holding another job is refused")
  func otherJob() throws {
    let (directory, split) = try job()
    #expect(throws: ExecutorError.self) {
      try directory.prepare(JobManifest(kind: "test", model: "gru4rec", key: "other", dataset: split.identity, numerics: "reproducible"), split: split)
    }
    #expect(try directory.prepare(JobManifest(kind: "test", model: "gru4rec", key: "k", dataset: split.identity, numerics: "reproducible"), split: split))
    try? FileManager.default.removeItem(atPath: directory.path)
  }
}
