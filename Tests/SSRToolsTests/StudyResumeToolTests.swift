import Foundation
import SSRRuns
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("ssr-run: a tune study killed with SIGKILL resumes without losing or repeating trials")
struct StudyResumeToolTests {
  static let trials = 4
  static let notebook = """
    # A study to kill

    ```ssr
    let ds = synthetic(users: 400, items: 60, seed: 4) |> split(.timeRatio, test: 0.2, valid: 0.1)
    let t = tune(.gru4rec, on: ds, space: {lr: logUniform(1e-3, 1e-1), embeddingSize: [8, 16]}, trials: \(trials), epochs: 5,
                 sampler: .tpe, seed: 11, study: "killed")
    [len(t.trials), t.trials.state]
    ```
    """

  /// The finished trials of the study: number, options (JSON) and objective, by trial number.
  static func finished(_ registry: RunRegistry) throws -> [(trial: Int, parameters: String, value: Double?)] {
    guard let study = try registry.study(named: "killed"), let id = study.id else { return [] }
    return try registry.trials(ofStudy: id).filter(\.state.isFinishedTrial).map { ($0.trial ?? 0, $0.parameters ?? "", $0.value) }
  }

  @Test("Killed during a trial, rerun: exactly the requested trials, each once, with the uninterrupted run's configurations")
  func killAndResume() throws {
    let scratch = Scratch()
    let notebook = scratch.write("study.ssrnb", Self.notebook)
    let referencePath = scratch.path + "/reference.sqlite"
    let killedPath = scratch.path + "/killed.sqlite"

    let uninterrupted = try Tool.run("ssr-run", [notebook, "-q", "--runs", referencePath])
    #expect(uninterrupted.status == 0, "\(uninterrupted.stdout)\(uninterrupted.stderr)")
    #expect(uninterrupted.stdout.contains("[4, [\"complete\", \"complete\", \"complete\", \"complete\"]]"), "\(uninterrupted.stdout)")
    let reference = try Self.finished(try RunRegistry(path: referencePath))
    #expect(reference.map(\.trial) == Array(1...Self.trials))

    // Start it again on another registry and kill it once trial 2 has recorded an epoch (of 5; the
    // trials are long enough that an idle machine does not finish one between two polls).
    let process = Process()
    process.executableURL = Tool.productsDirectory.appendingPathComponent("ssr-run")
    process.arguments = [notebook, "-q", "--runs", killedPath]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    var killedTrial: Int?
    let deadline = Date().addingTimeInterval(120)
    while killedTrial == nil, process.isRunning, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.005)
      guard FileManager.default.fileExists(atPath: killedPath), let registry = try? RunRegistry(path: killedPath) else { continue }
      while killedTrial == nil, process.isRunning, Date() < deadline {
        let running = (try? registry.runs(RunQuery(kinds: [.trial], states: [.running]))) ?? []
        if let trial = running.first, (trial.trial ?? 0) >= 2, let id = trial.id, !((try? registry.epochs(ofRun: id)) ?? []).isEmpty {
          kill(process.processIdentifier, SIGKILL)
          killedTrial = trial.trial
        }
        Thread.sleep(forTimeInterval: 0.005)
      }
    }
    process.waitUntilExit()
    let cut = try #require(killedTrial, "the process ended before a trial could be killed")
    #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    // The kill left the trial running in the registry, and the trials before it finished.
    let afterKill = try RunRegistry(path: killedPath)
    let study = try #require(try afterKill.study(named: "killed"))
    let left = try afterKill.trials(ofStudy: study.id!)
    #expect(left.last.map { $0.trial == cut && ($0.state == .running || $0.state == .interrupted) } == true)
    #expect(try Self.finished(afterKill).map(\.trial) == Array(1..<cut))

    let rerun = try Tool.run("ssr-run", [notebook, "-q", "--runs", killedPath])
    #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
    #expect(rerun.stderr.contains("study \"killed\": resumed with \(cut - 1) finished trial(s); trial(s) \(cut) were cut short and run again"))
    #expect(rerun.stdout == uninterrupted.stdout)  // the notebook shows what the uninterrupted run showed

    let resumed = try Self.finished(try RunRegistry(path: killedPath))
    #expect(resumed.map(\.trial) == Array(1...Self.trials))  // each trial once, none lost
    #expect(resumed.map(\.parameters) == reference.map(\.parameters))  // the same configurations
    #expect(resumed.map(\.value) == reference.map(\.value))  // and, trained from the same seeds, the same results
    let attempts = try RunRegistry(path: killedPath).trials(ofStudy: study.id!)
    #expect(attempts.filter { $0.state == .interrupted }.map(\.trial) == [cut])
    #expect(attempts.count == Self.trials + 1)
  }

  @Test("Runs go to $SSR_RUNS, or --runs, and nowhere with --no-runs")
  func registryLocation() throws {
    let scratch = Scratch()
    let notebook = scratch.write(
      "train.ssrnb",
      "```ssr\nlet ds = synthetic(users: 60, items: 30, seed: 1) |> split(.timeRatio, test: 0.2, valid: 0.1)\n"
        + "train(.gru4rec, on: ds, epochs: 1, embeddingSize: 8).bestEpoch\n```\n")
    let fromEnvironment = scratch.path + "/env/runs.sqlite"
    #expect(try Tool.run("ssr-run", [notebook, "-q"], environment: ["SSR_RUNS": fromEnvironment]).status == 0)
    let recorded = try RunRegistry(path: fromEnvironment).runs()
    #expect(recorded.map(\.kind) == [.train] && recorded[0].source == notebook && recorded[0].state == .complete)
    let fromOption = scratch.path + "/option.sqlite"
    #expect(try Tool.run("ssr-run", [notebook, "-q", "--runs", fromOption], environment: ["SSR_RUNS": fromEnvironment]).status == 0)
    #expect(try RunRegistry(path: fromOption).runs().count == 1)
    #expect(try RunRegistry(path: fromEnvironment).runs().count == 1)
    let none = scratch.path + "/none.sqlite"
    #expect(try Tool.run("ssr-run", [notebook, "-q", "--no-runs"], environment: ["SSR_RUNS": none]).status == 0)
    #expect(!FileManager.default.fileExists(atPath: none))
  }
}
