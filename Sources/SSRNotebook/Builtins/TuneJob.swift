import Foundation
import SSRCore
import SSRData
import SSREval

/// The trials of a `tune` in worker processes or on Slurm.
///
/// At most `parallel` trials run at once. Results are told to the study in trial order: trial
/// k + parallel is proposed when trials 1…k have finished (a worker that finishes out of turn
/// waits for the older trial). TPE and random sampling then condition on the finished trials only
/// (Optuna's default, without `constant_liar`), a grid skips the running combinations, and the
/// median pruner of a trial compares with the trials complete when it started. So a study with
/// the same seed and `parallel` proposes the same trials on every run, with `parallel` 1 the same
/// as in this process, and a rerun of the cell replays the finished trials from the job directory.
enum TuneJob {
  /// What the study of a call needs to run its trials elsewhere.
  struct Plan {
    let spec: ModelSpec
    let split: DatasetSplit
    let space: TuneSpace
    let sampler: SamplerKind
    let seed: UInt64
    let pruner: MedianPruner?
    let objective: String
    let cutoff: Int
    let part: SplitPart
    let trials: Int
    let weightSeed: Int
    let shuffleSeed: UInt64
  }

  /// Runs the study's trials through `setting`; returns the study, epochs per trial, the best
  /// trial's model (read from its checkpoint), the failures and whether it was interrupted.
  static func run(_ call: BuiltinCall, _ plan: Plan, setting: ExecutorSetting) throws -> (
    study: Study, epochs: [Int: Int], best: ModelObject?, failures: [String], interrupted: Bool, gridCovered: Bool
  ) {
    let context = call.context
    guard ModelRegistry.standard.spec(named: plan.spec.name) != nil else {
      throw BuiltinError(".\(plan.spec.name) is not one of SSR's standard models, so worker processes cannot build it", parameter: "executor")
    }
    let parallel: Int
    switch setting {
    case .local(let workers): parallel = workers
    case .slurm(let options): parallel = options.parallel ?? 4
    case .inProcess: parallel = 1
    }
    var study = Study(space: plan.space.space, sampler: plan.sampler, direction: .maximize, seed: plan.seed, pruner: plan.pruner)
    // Everything that defines the trials: the call's arguments (the space among them) and the seeds.
    let key = call.bound.values.filter { !ExecutorArguments.names.contains($0.key) }.sorted { $0.key < $1.key }
      .map { "\($0.key)=\(PointExecution.exact($0.value))" }.joined(separator: "\n")
      + "\nseed=\(plan.seed)\nparallel=\(parallel)\n"
    let job = try PointExecution.prepare(
      kind: "tune", model: plan.spec.name, key: key, split: plan.split, identity: plan.split.identity, points: [], setting: setting,
      limit: parallel, call: call)

    var configurations: [Int: Configuration] = [:]
    var buffer: [Int: PointResult] = [:]
    var told = 0
    var gridCovered = false
    var epochs: [Int: Int] = [:]
    var failures: [String] = []
    var completeTasks: [Int: Int] = [:]  // trial number → task

    /// Proposes the next trial and writes its description (or checks the one a former run wrote).
    func ask() throws -> Int? {
      let task = configurations.count
      guard task < plan.trials, !gridCovered else { return nil }
      let pending = (told..<task).compactMap { configurations[$0] }
      guard let configuration = study.ask(pending: pending) else {
        gridCovered = true
        return nil
      }
      var arguments = call.bound
      for name in plan.space.names { arguments.values[name] = plan.space.value(name, in: configuration) }
      arguments.values["seed"] = .int(plan.weightSeed)
      let (config, spiking) = try ModelArguments.configurations(arguments, split: plan.split, validating: false) { context.random.next() }
      var options = try ModelArguments.trainingOptions(arguments, seed: plan.shuffleSeed, validating: false)
      options.selection = plan.part == .test ? .paper : .validation
      options.selectionMetric = plan.objective
      options.cutoffs = [plan.cutoff]
      let point = PointDescription(
        task: task, model: plan.spec.name, config: config, spiking: spiking, training: options,
        parameters: configuration.values, run: task + 1, evaluation: nil,
        trial: TrialSettings(
          objective: plan.objective, pruner: plan.pruner.map(PrunerSettings.init),
          completedIntermediateValues: study.trials.filter { $0.state == .complete }.map(\.intermediateValues), savesModel: true))
      do throws(ExecutorError) {
        if let existing = try? job.directory.point(task) {
          guard existing.parameters == point.parameters else {
            throw .jobDirectory(
              path: job.directory.path,
              reason: "trial \(task + 1) was proposed with other values by an earlier run; remove the directory to start the study again")
          }
          if let stored = job.directory.result(task), stored.state == .failed, stored.error?.contains("could not be saved") == true {
            try? FileManager.default.removeItem(atPath: job.directory.resultPath(task))
          }
        } else {
          try job.directory.write(point)
        }
      } catch {
        throw BuiltinError(error.description, parameter: "executor")
      }
      configurations[task] = configuration
      return task
    }

    /// Tells the study every result that is next in trial order; proposes a trial for each.
    func receive(_ result: PointResult) throws -> [Int] {
      buffer[result.point.task] = result
      var started: [Int] = []
      while let next = buffer.removeValue(forKey: told) {
        guard let configuration = configurations[told] else { break }
        let state: TrialState = next.state == .complete ? .complete : next.state == .pruned ? .pruned : .failed
        let trial = study.tell(
          configuration, state: state, value: next.objective, intermediateValues: next.intermediateValues, seconds: next.seconds)
        if state != .failed { epochs[trial.number] = next.history.count }
        if state == .complete { completeTasks[trial.number] = told }
        if state == .failed {
          let reason = next.error ?? "no reason given"
          failures.append(reason)
          context.emit(.text("trial \(trial.number) failed: \(reason); the study goes on"))
        }
        told += 1
        if let task = try ask() { started.append(task) }
      }
      return started
    }

    let total = plan.sampler == .grid ? min(plan.trials, GridSampler(space: plan.space.space, seed: 0).count) : plan.trials
    var initial: [Int] = []
    while initial.count < parallel, let task = try ask() { initial.append(task) }
    let interruption = try PointExecution.run(
      job, tasks: initial, total: total, label: "tune .\(plan.spec.name)", context: context, receive: receive)
    if let interruption { context.emit(.text("tuning interrupted: \(interruption)")) }
    var best: ModelObject?
    if let trial = study.bestTrial, let task = completeTasks[trial.number] {
      let path = job.directory.modelPath(task)
      do throws(CheckpointError) {
        let checkpoint = try Checkpoint.read(from: path)
        let object = ModelObject(checkpoint: checkpoint)
        object.trainingSeconds = job.directory.result(task)?.trainingSeconds ?? 0
        best = object
      } catch {
        context.emit(.text("the best trial's weights could not be read (\(error)); t.model is empty"))
      }
    }
    return (study, epochs, best, failures, interruption != nil, gridCovered)
  }
}
