import Foundation
import SSRCore
import SSRData
import SSREval
import SSRRuns

/// Records a session's runs (`train`, `evaluate`, `compare`, `sweep` runs and `tune` trials) in
/// a run registry, opened on first use.
///
/// Recording is best effort for runs: when the registry cannot be opened or written, a warning
/// goes to standard error once and the notebook goes on unrecorded. A `tune` study with a name
/// needs the registry and fails with the registry's message instead.
public final class RunRecorder {
  /// The database file.
  public let path: String
  /// The notebook (or `repl`) the runs come from.
  public let source: String?
  /// Shows a note about the registry (a study resumed, a failure to record): on standard error by
  /// default, so that a notebook's outputs do not depend on what the registry held.
  public var notify: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
  private var opened: RunRegistry?
  private var failure: RunRegistryError?
  private var warned = false

  /// A recorder for the registry at `path` (`$SSR_RUNS`, or `.ssr-cache/runs.sqlite` by default).
  public init(path: String = RunRegistry.defaultPath(), source: String? = nil) {
    self.path = path
    self.source = source
  }

  /// The registry, opened on first use (a failure to open is remembered, not retried).
  public func registry() throws(RunRegistryError) -> RunRegistry {
    if let opened { return opened }
    if let failure { throw failure }
    do throws(RunRegistryError) {
      let registry = try RunRegistry(path: path)
      opened = registry
      return registry
    } catch {
      failure = error
      throw error
    }
  }

  /// Closes the registry's connections, so that none is left to close while the process exits
  /// (a registry opened later by this recorder is a new one).
  public func close() {
    opened?.close()
    opened = nil
  }

  /// Runs `body` on the registry; a failure is reported once on standard error and gives nil.
  @discardableResult
  func attempt<T>(_ body: (RunRegistry) throws(RunRegistryError) -> T) -> T? {
    do throws(RunRegistryError) {
      return try body(try registry())
    } catch {
      if !warned {
        warned = true
        notify("warning: runs are not being recorded: \(error.message)")
      }
      return nil
    }
  }

  // MARK: - Model runs

  /// Records the start of a run of `object` and returns its id (nil when it could not be recorded).
  func begin(
    _ kind: RunKind, _ object: ModelObject, options: TrainingOptions?, parameters: String? = nil, study: Int64? = nil,
    trial: Int? = nil, parent: Int64? = nil
  ) -> Int64? {
    let record = RunRecord(
      kind: kind, model: object.kind, datasetName: object.datasetName, fingerprint: object.dataset.fingerprint,
      dataset: RunDescription.dataset(of: object), configuration: RunDescription.configuration(object, options: options),
      seed: Int64(bitPattern: object.config.seed), shuffleSeed: options.map { Int64(bitPattern: $0.seed) },
      parameters: parameters, studyID: study, trial: trial, parent: parent, tool: SSRVersion.current, source: source)
    return attempt { registry throws(RunRegistryError) in try registry.insert(record).id } ?? nil
  }

  /// Records a finished epoch of run `id`.
  func epoch(_ id: Int64?, _ report: EpochReport) {
    guard let id else { return }
    let epoch = EpochRecord(
      runID: id, epoch: report.epoch, loss: report.loss.isFinite ? report.loss : nil,
      metrics: JSONValues.object(report.metrics.named.map { ($0.0, $0.1) }), seconds: report.seconds)
    attempt { registry throws(RunRegistryError) in try registry.addEpoch(epoch) }
  }

  /// Changes the recorded run `id` with `change` in one write.
  func update(_ id: Int64?, _ change: (inout RunRecord) -> Void) {
    guard let id else { return }
    attempt { registry throws(RunRegistryError) in
      guard var run = try registry.run(id: id) else { return }
      change(&run)
      try registry.update(run)
    }
  }

  /// Records the end of a training run: its state, epochs, best epoch's metrics and wall time.
  func finishTraining(_ id: Int64?, _ object: ModelObject, state: RunState, error: String? = nil) {
    update(id) { run in
      run.state = state
      run.endedAt = Date()
      run.seconds = object.trainingSeconds
      run.error = error
      if let training = object.training {
        run.epochs = training.history.count
        run.bestEpoch = training.bestEpoch
        if let best = training.history.first(where: { $0.epoch == training.bestEpoch }) {
          run.metrics = JSONValues.object(best.metrics.named.map { ($0.0, $0.1) })
          run.part = object.trainingOptions?.selection == .paper ? "test" : "valid"
        }
      }
    }
  }

  /// Records a run's final measurement on the test part (and energy per inference in µJ); a run
  /// with nothing to train (a baseline) is complete with it.
  func results(_ id: Int64?, metrics: RankingMetrics, part: String = "test", energy: Double? = nil) {
    update(id) { run in
      if run.state == .running {
        run.state = .complete
        run.endedAt = Date()
        run.seconds = Date().timeIntervalSince(run.startedAt)
      }
      run.metrics = JSONValues.object(metrics.named.map { ($0.0, $0.1) })
      run.part = part
      if let energy { run.energy = energy }
    }
  }

  /// Records an `evaluate` of `object`: what it measured, on which part, and how long it took.
  func evaluation(_ object: ModelObject, metrics: RankingMetrics, part: SplitPart, seconds: Double) {
    guard let id = begin(.evaluate, object, options: object.trainingOptions, parent: object.runID) else { return }
    update(id) { run in
      run.state = .complete
      run.endedAt = Date()
      run.metrics = JSONValues.object(metrics.named.map { ($0.0, $0.1) })
      run.part = part == .test ? "test" : part == .valid ? "valid" : "train"
      run.seconds = seconds
    }
  }
}
