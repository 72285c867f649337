import Testing

@testable import SSREval

@Suite struct SlurmJobScriptTests {
  @Test("Array specs compress consecutive tasks into ranges")
  func arraySpec() {
    #expect(SlurmJobScript.arraySpec([0, 1, 2, 3]) == "0-3")
    #expect(SlurmJobScript.arraySpec([7, 0, 1, 3, 9, 10]) == "0-1,3,7,9-10")
    #expect(SlurmJobScript.arraySpec([5]) == "5")
  }

  @Test("The job script runs the worker on the array task's point, with the resources asked for")
  func script() {
    let directory = JobDirectory(path: "/shared/jobs/sweep-abc")
    let options = SlurmOptions(partition: "debug", time: "00:10:00", cpus: 2, memory: "2G", parallel: 3)
    let text = SlurmJobScript.text(directory: directory, tasks: 8, executable: "/opt/ssr/ssr-run", options: options, name: "ssr-sweep")
    for line in [
      "#!/bin/bash", "#SBATCH --array=0-7%3", "#SBATCH --partition=debug", "#SBATCH --time=00:10:00", "#SBATCH --cpus-per-task=2",
      "#SBATCH --mem=2G", "#SBATCH --output=/shared/jobs/sweep-abc/logs/slurm-%A_%a.out",
      "exec '/opt/ssr/ssr-run' worker --job '/shared/jobs/sweep-abc' --task \"$SLURM_ARRAY_TASK_ID\"",
    ] {
      #expect(text.contains(line + "\n"), "missing: \(line)")
    }
    #expect(!SlurmJobScript.text(directory: directory, tasks: 2, executable: "x", options: SlurmOptions(), name: "n").contains("--partition"))
  }

  @Test("Errors say what to do")
  func messages() {
    #expect(ExecutorError.slurmMissing(command: "sbatch").description.contains("workers: N"))
    #expect(ExecutorError.unknownPartition(name: "gpu", known: ["debug"]).description == "the cluster has no partition 'gpu'; its partitions are debug")
  }
}
