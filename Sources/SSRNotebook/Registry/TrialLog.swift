import Foundation
import SSRCore
import SSRData
import SSREval
import SSRRuns

/// Where a `tune` call records its trials: a named study in the run registry (`study:`), which a
/// rerun resumes, or, without a name, the session's registry at best effort (trials of no study).
///
/// With a name, the study's lock is held for the whole call, the trials an earlier process left
/// `running` are marked `interrupted` (they are run again), and the finished trials are read back
/// for ``Study/replay(_:)``. Every write is one transaction, and a trial's end (state, objective,
/// metrics) is one write, so a process killed at any moment leaves each trial either finished
/// and counted or not.
final class TrialLog {
  private let recorder: RunRecorder?
  private let study: (record: StudyRecord, registry: RunRegistry, lock: StudyLock)?
  /// The trials finished by earlier runs of the study, in order.
  private(set) var recorded: [Trial] = []
  /// The epochs each recorded trial trained, by trial number.
  private(set) var recordedEpochs: [Int: Int] = [:]
  /// The trials an earlier run started and did not finish (killed, or stopped by Ctrl-C): they are
  /// run again.
  private(set) var interrupted: [Int] = []

  /// The study's seed (the stored one when resuming without `seed:`).
  let seed: UInt64

  /// A log without a named study.
  init(recorder: RunRecorder?, seed: UInt64) {
    self.recorder = recorder
    self.study = nil
    self.seed = seed
  }

  /// Opens (or creates) study `name`, takes its lock and reads its finished trials.
  ///
  /// - Parameters:
  ///   - seed: the call's seed; `seedGiven` false lets a stored study keep its own.
  ///   - settings: what must not change for the study to resume, by name.
  /// - Throws: ``BuiltinError`` (for the `study` argument) when there is no registry, it cannot
  ///   be used, the study was run with other settings or is being run elsewhere.
  init(
    name: String, recorder: RunRecorder?, model: String, fingerprint: String, seed: UInt64, seedGiven: Bool, trials: Int,
    settings: [String: String], space: SearchSpace
  ) throws(BuiltinError) {
    guard let recorder else {
      throw BuiltinError(
        "this session records no runs, so study \"\(name)\" cannot be kept", parameter: "study",
        help: "run without --no-runs, or drop study:")
    }
    self.recorder = recorder
    do throws(RunRegistryError) {
      let registry = try recorder.registry()
      let stored = try registry.study(named: name)
      let seed = stored.map { seedGiven ? seed : UInt64(bitPattern: $0.seed) } ?? seed
      self.seed = seed
      let record = try registry.openStudy(
        StudyRecord(
          name: name, model: model, fingerprint: fingerprint, seed: Int64(bitPattern: seed), trials: trials,
          settings: Self.json(settings), tool: SSRVersion.current))
      let lock = try registry.lockStudy(record)
      study = (record, registry, lock)
      guard let id = record.id else { preconditionFailure("a stored study has an id") }
      try registry.interruptRunningTrials(ofStudy: id)
      let attempts = try registry.trials(ofStudy: id)
      let finished = Set(attempts.filter(\.state.isFinishedTrial).compactMap(\.trial))
      interrupted = Set(attempts.filter { $0.state == .interrupted }.compactMap(\.trial)).subtracting(finished).sorted()
      for run in attempts where run.state.isFinishedTrial {
        guard let number = run.trial, let configuration = Self.configuration(run.parameters, space: space) else {
          throw RunRegistryError(
            .studyMismatch, "study \"\(name)\": trial \(run.trial ?? 0) (run \(run.id ?? 0)) has options that are not in the space")
        }
        let state: TrialState = run.state == .complete ? .complete : run.state == .pruned ? .pruned : .failed
        // SQLite keeps NaN as NULL: a complete trial's missing value was NaN.
        let value = state == .complete ? run.value ?? .nan : nil
        recorded.append(
          Trial(
            number: number, configuration: configuration, state: state, value: value, intermediateValues: run.stepValues,
            seconds: run.seconds ?? 0))
        recordedEpochs[number] = run.epochs ?? 0
      }
    } catch {
      throw BuiltinError(error.message, parameter: "study")
    }
  }

  /// The study's name, when it has one.
  var studyName: String? { study?.record.name }

  /// Records the start of trial `number` of `object` and returns the run's id.
  func begin(_ number: Int, _ configuration: Configuration, _ object: ModelObject, options: TrainingOptions) throws(BuiltinError) -> Int64? {
    let parameters = Self.json(configuration, space: nil)
    guard let study else { return recorder?.begin(.trial, object, options: options, parameters: parameters, trial: number) }
    let record = RunRecord(
      kind: .trial, model: object.kind, datasetName: object.datasetName, fingerprint: object.dataset.fingerprint,
      dataset: RunDescription.dataset(of: object), configuration: RunDescription.configuration(object, options: options),
      seed: Int64(bitPattern: object.config.seed), shuffleSeed: Int64(bitPattern: options.seed), parameters: parameters,
      studyID: study.record.id, trial: number, tool: SSRVersion.current, source: recorder?.source)
    return try strictly { () throws(RunRegistryError) in try study.registry.insert(record).id }
  }

  /// Records a finished epoch of a trial.
  func epoch(_ run: Int64?, _ report: EpochReport) {
    recorder?.epoch(run, report)
  }

  /// Records the end of trial `run` in one write: its state, objective and reported values,
  /// epochs, best metrics and time; a trial that could not be built is recorded here whole.
  func finish(
    _ run: Int64?, number: Int, configuration: Configuration, state: RunState, value: Double?, steps: [Int: Double],
    object: ModelObject?, seconds: Double, error: String? = nil, dataset: DatasetIdentity, model: String
  ) throws(BuiltinError) {
    func complete(_ record: inout RunRecord) {
      record.state = state
      record.endedAt = Date()
      record.value = value
      record.steps = JSONValues.object(steps.sorted { $0.key < $1.key }.map { (String($0.key), $0.value) })
      record.seconds = seconds
      record.error = error
      if let training = object?.training {
        record.epochs = training.history.count
        record.bestEpoch = training.bestEpoch
        if let best = training.history.first(where: { $0.epoch == training.bestEpoch }) {
          record.metrics = JSONValues.object(best.metrics.named.map { ($0.0, $0.1) })
          record.part = object?.trainingOptions?.selection == .paper ? "test" : "valid"
        }
      }
    }
    var fresh = RunRecord(
      kind: .trial, model: model, datasetName: dataset.name, fingerprint: dataset.fingerprint, dataset: RunDescription.dataset(dataset, provenance: nil),
      configuration: "{}", parameters: Self.json(configuration, space: nil), studyID: study?.record.id, trial: number,
      tool: SSRVersion.current, source: recorder?.source)
    guard let study else {
      if let run {
        recorder?.update(run, complete)
      } else if state != .interrupted, object == nil {
        complete(&fresh)
        recorder?.attempt { registry throws(RunRegistryError) in _ = try registry.insert(fresh) }
      }
      return
    }
    try strictly { () throws(RunRegistryError) in
      if let run, var record = try study.registry.run(id: run) {
        complete(&record)
        try study.registry.update(record)
      } else if run == nil {
        complete(&fresh)
        try study.registry.insert(fresh)
      }
    }
  }

  private func strictly<T>(_ body: () throws(RunRegistryError) -> T) throws(BuiltinError) -> T {
    do throws(RunRegistryError) {
      return try body()
    } catch {
      throw BuiltinError("study \"\(study?.record.name ?? "")\": \(error.message)", parameter: "study")
    }
  }

  // MARK: - JSON

  /// `{"b":"2","a":"1"}` with sorted keys.
  static func json(_ settings: [String: String]) -> String {
    "{" + settings.sorted { $0.key < $1.key }.map { JSONText.quoted($0.key) + ":" + JSONText.quoted($0.value) }.joined(separator: ",")
      + "}"
  }

  /// A configuration as JSON, numbers written so that they read back exactly (Ints without a
  /// point, Doubles with one or an exponent).
  static func json(_ configuration: Configuration, space: SearchSpace?) -> String {
    let names = space?.names ?? configuration.values.keys.sorted()
    return "{" + names.compactMap { name -> String? in
      guard let value = configuration[name] else { return nil }
      let text: String
      switch value {
      case .int(let x): text = String(x)
      case .double(let x): text = JSONValues.number(x)
      case .bool(let x): text = x ? "true" : "false"
      case .string(let x): text = JSONText.quoted(x)
      }
      return JSONText.quoted(name) + ":" + text
    }.joined(separator: ",") + "}"
  }

  /// The configuration in `text` (written by ``json(_:space:)``), or nil when it does not hold
  /// exactly the space's parameters.
  static func configuration(_ text: String?, space: SearchSpace) -> Configuration? {
    guard let text, case .dict(let entries)? = try? LiteralParser.parse(text, dialect: .json) else { return nil }
    var values: [String: ParameterValue] = [:]
    for entry in entries {
      guard case .string(let name) = entry.key else { return nil }
      switch entry.value {
      case .int(let x): values[name] = .int(x)
      case .float(let x): values[name] = .double(x)
      case .bool(let x): values[name] = .bool(x)
      case .string(let x): values[name] = .string(x)
      default: return nil
      }
    }
    guard Set(values.keys) == Set(space.names) else { return nil }
    return Configuration(values)
  }
}
