import Foundation
import SSRTestSupport
import Testing

/// `ssr-run --executor`: a notebook's sweep runs in this process, in local workers, or on Slurm
/// with the same printed outputs.
@Suite("ssr-run --executor", .serialized)
struct ExecutorToolTests {
  static let notebook = """
    <!-- ssrnb:{"format":1,"seed":7} -->
    ```ssr
    let ds = synthetic(users: 80, items: 30, meanLength: 12, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)
    sweep(.gru4rec, on: ds, over: {embeddingSize: [8, 16]}, seeds: 2, epochs: 1)
    ```
    """

  @Test("Local workers print what the in-process run prints; without sbatch, --executor slurm says so")
  func localAndMissingSlurm() throws {
    let scratch = Scratch()
    let path = scratch.write("sweep.ssrnb", Self.notebook)
    let inProcess = try Tool.run("ssr-run", [path, "--quiet"], currentDirectory: scratch.path)
    #expect(inProcess.status == 0, "\(inProcess.stderr)")
    let local = try Tool.run("ssr-run", [path, "--quiet", "--executor", "local", "--workers", "2"], currentDirectory: scratch.path)
    #expect(local.status == 0, "\(local.stderr)")
    #expect(local.stdout == inProcess.stdout)
    #expect(FileManager.default.fileExists(atPath: scratch.path + "/.ssr-cache/jobs"))
    let missing = try Tool.run(
      "ssr-run", [path, "--quiet", "--executor", "slurm"], environment: ["PATH": "/nonexistent"], currentDirectory: scratch.path)
    #expect(missing.status == 1)
    #expect(missing.stdout.contains("`sbatch` is not on the PATH"), "\(missing.stdout)\n\(missing.stderr)")
    // The job script is written anyway, for submitting by hand where Slurm is.
    let jobs = scratch.path + "/.ssr-cache/jobs"
    let scripts = try FileManager.default.contentsOfDirectory(atPath: jobs).map { jobs + "/" + $0 + "/job.sbatch" }
    #expect(scripts.contains { (try? String(contentsOfFile: $0, encoding: .utf8))?.contains("#SBATCH --array=0-3") == true })
    #expect(missing.stdout.contains("job.sbatch"))
    #expect(try Tool.run("ssr-run", [path, "--partition", "debug"]).status == 64)
  }

  @Test(
    "--executor slurm runs the notebook's sweep as a Slurm job array with the same outputs",
    .enabled(if: SlurmCluster.isReady, "no Slurm cluster here (sinfo missing or no idle node): run scripts/start-slurm.sh"))
  func slurm() throws {
    let scratch = Scratch()
    let path = scratch.write("sweep.ssrnb", Self.notebook)
    let inProcess = try Tool.run("ssr-run", [path, "--quiet"], currentDirectory: scratch.path)
    let slurm = try Tool.run("ssr-run", [path, "--quiet", "--executor", "slurm", "--partition", "debug"], currentDirectory: scratch.path)
    #expect(slurm.status == 0, "\(slurm.stderr)")
    #expect(slurm.stdout == inProcess.stdout)
  }
}
