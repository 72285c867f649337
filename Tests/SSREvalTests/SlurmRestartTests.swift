import Foundation
import SSRData
import SSRModels
import Testing

@testable import SSREval

/// The Slurm executor against a real cluster (`scripts/start-slurm.sh` starts a one-node one; CI
/// does so before the tests). Skipped when there is no `sinfo` or no idle node.
enum SlurmCluster {
  /// Whether `sinfo` lists a node that takes jobs.
  static var isReady: Bool {
    guard let (status, output) = try? ShellCommand.run("sinfo", ["-h", "-o", "%t"]), status == 0 else { return false }
    return output.split(separator: "\n").contains { ["idle", "mix"].contains($0.trimmingCharacters(in: .whitespaces)) }
  }

  /// Prints the output of a Slurm command (for the test log).
  static func show(_ command: String, _ arguments: [String]) {
    let output = (try? ShellCommand.run(command, arguments).output) ?? "(\(command) failed)"
    print("$ \(([command] + arguments).joined(separator: " "))\n\(output)", terminator: output.hasSuffix("\n") ? "" : "\n")
  }
}

@Suite("Slurm restart", .serialized, .enabled(if: SlurmCluster.isReady, "no Slurm cluster here (sinfo missing or no idle node): run scripts/start-slurm.sh"))
struct SlurmRestartTests {
  /// A job directory with two small GRU4Rec points on synthetic data.
  func job() throws -> (JobDirectory, DatasetSplit) {
    let split = try SyntheticData.dataset(SyntheticOptions(users: 60, items: 30, seed: 5)).split(.timeRatio(test: 0.2, valid: 0.1))
    let directory = JobDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("ssr-slurm-\(UUID().uuidString)").path)
    try directory.prepare(JobManifest(kind: "test", model: "gru4rec", key: "restart", dataset: split.identity, numerics: "reproducible"), split: split)
    for task in 0..<2 {
      var config = ModelConfig(itemCount: split.dataset.itemCount)
      config.embeddingSize = 8
      config.maxLen = split.dataset.maxLen
      config.seed = UInt64(task + 1)
      var training = TrainingOptions()
      training.epochs = 1
      training.seed = 7
      try directory.write(
        PointDescription(
          task: task, model: "gru4rec", config: config, spiking: .defaults, training: training, parameters: ["seed": .int(task + 1)],
          run: 1, evaluation: PointEvaluation(cutoffs: [10], energyBatches: nil), trial: nil))
    }
    return (directory, split)
  }

  @Test("A driver started again finds its held job in slurm.json and follows it instead of submitting again")
  func restart() throws {
    let (directory, split) = try job()
    // The first driver submits (held, so the tasks are still queued when it is gone) and dies.
    let first = try SlurmExecutor(directory: directory, options: SlurmOptions(partition: "debug", hold: true), name: "ssr-restart-test")
    try first.start([0, 1])
    let job = try #require(first.jobs.first)
    SlurmCluster.show("squeue", ["-r", "-j", job, "-o", "%i %P %j %T %r"])
    #expect(directory.result(0) == nil && directory.result(1) == nil)
    // A new driver over the same directory: no new submission; it collects the results once released.
    let second = try SlurmExecutor(directory: directory, options: SlurmOptions(partition: "debug"), name: "ssr-restart-test")
    try second.start([0, 1])
    #expect(second.jobs == [job] && directory.result(0) == nil, "the held tasks are followed, not submitted again")
    let release = Thread { Thread.sleep(forTimeInterval: 1); _ = try? ShellCommand.run("scontrol", ["release", job]) }
    release.start()
    var results: [PointResult] = []
    let outcome = try JobDriver(directory: directory, executor: second, pollSeconds: 0.5) { print("restart test: \($0)") }
      .run([0, 1], total: 2) { result in
        results.append(result)
        return []
      }
    #expect(outcome == .finished)
    #expect(second.jobs == [job])
    let state = try directory.read(SlurmState.self, from: directory.slurmStatePath)
    #expect(state.submissions.count == 1)
    #expect(results.count == 2 && results.allSatisfy { $0.state == .complete }, "\(results.map { $0.error ?? "" })")
    // The same point in this process gives the same metrics.
    let point = try directory.point(0)
    let local = try PointRunner.run(point, on: split, fingerprint: split.identity.fingerprint)
    #expect(results.first { $0.point.task == 0 }?.metrics == local.metrics)
    try? FileManager.default.removeItem(atPath: directory.path)
  }

  @Test("An unknown partition is an error listing the cluster's partitions")
  func unknownPartition() throws {
    let (directory, _) = try job()
    #expect {
      _ = try SlurmExecutor(directory: directory, options: SlurmOptions(partition: "no-such-partition"), name: "x")
    } throws: { error in
      "\(error)".contains("no partition 'no-such-partition'") && "\(error)".contains("debug")
    }
    try? FileManager.default.removeItem(atPath: directory.path)
  }
}
