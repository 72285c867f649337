import Foundation
import SSRTestSupport
import Testing

@testable import SSREval
@testable import SSRNotebook

/// A sweep through a real Slurm cluster (`scripts/start-slurm.sh`; CI starts one before the
/// tests): one `sbatch --array` job whose tasks run `ssr-run worker`.
@Suite("Slurm sweep", .serialized, .enabled(if: SlurmCluster.isReady, "no Slurm cluster here (sinfo missing or no idle node): run scripts/start-slurm.sh"))
struct SlurmSweepTests {
  static let data = "let ds = synthetic(users: 80, items: 30, meanLength: 12, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"

  @Test("A 4-point sweep as one Slurm job array equals the in-process sweep; a rerun reuses it without submitting")
  func sweepThroughSlurm() throws {
    let jobs = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-slurm-jobs-\(UUID().uuidString)").path
    let sweep = "sweep(.gru4rec, on: ds, over: {embeddingSize: [8, 12, 16, 20]}, seeds: 1, epochs: 1, seed: 3"
    let slurm = "\(sweep), executor: slurm(partition: \"debug\", time: \"00:05:00\", poll: 0.5), jobs: \"\(jobs)\")"
    let source = Self.data + """
      let local = \(sweep))
      let cluster = \(slurm)
      print(cluster)
      [local.runs.embeddingSize == cluster.runs.embeddingSize, local.runs.hr10 == cluster.runs.hr10,
       local.runs.ndcg10 == cluster.runs.ndcg10, local.runs.mrr10 == cluster.runs.mrr10, local.runs.energy == cluster.runs.energy,
       len(cluster.runs)]
      """
    let (value, printed) = try evaluate(source)
    print(printed.joined(separator: "\n"))
    #expect(ValueDisplay.literal(value) == "[true, true, true, true, true, 4]")
    let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: jobs).first)
    let directory = JobDirectory(path: (jobs as NSString).appendingPathComponent(folder))
    let script = try String(contentsOfFile: directory.scriptPath, encoding: .utf8)
    #expect(script.contains("#SBATCH --array=0-3") && script.contains("#SBATCH --partition=debug"))
    let state = try directory.read(SlurmState.self, from: directory.slurmStatePath)
    #expect(state.submissions.count == 1 && state.submissions[0].tasks == [0, 1, 2, 3])
    // The cell again: the results are merged from the folder; nothing is submitted.
    #expect(try show(Self.data + "len(\(slurm).runs)") == "4")
    #expect(try directory.read(SlurmState.self, from: directory.slurmStatePath).submissions.count == 1)
    try? FileManager.default.removeItem(atPath: jobs)
  }

  @Test("A study's trials as Slurm array tasks, two at a time, score as in this process")
  func tuneThroughSlurm() throws {
    let jobs = FileManager.default.temporaryDirectory.appendingPathComponent("ssr-slurm-jobs-\(UUID().uuidString)").path
    let study = "tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1), embeddingSize: [8, 16]}, trials: 4, epochs: 1, sampler: .random, seed: 1"
    let source = Self.data + """
      let a = \(study))
      let b = \(study), executor: slurm(partition: "debug", poll: 0.5), workers: 2, jobs: "\(jobs)")
      [a.trials.lr == b.trials.lr, a.trials.mrr10 == b.trials.mrr10, a.best == b.best, evaluate(b.model, on: ds.valid).mrr10 == b.bestValue]
      """
    #expect(try show(source) == "[true, true, true, true]")
    try? FileManager.default.removeItem(atPath: jobs)
  }

  @Test("An unknown partition is a typed error naming the cluster's partitions")
  func unknownPartition() {
    let error = failure(Self.data + "sweep(.gru4rec, on: ds, over: {embeddingSize: [8]}, epochs: 1, executor: slurm(partition: \"nope\"), jobs: \"/tmp/ssr-nope\")")
    #expect(error?.message.contains("no partition 'nope'; its partitions are debug") == true, "\(String(describing: error))")
    try? FileManager.default.removeItem(atPath: "/tmp/ssr-nope")
  }
}
