import Foundation
import GRDB

/// One recorded run: a training, an evaluation, a comparison entry, a sweep run or a study trial.
///
/// Everything is a plain value or JSON text, so the registry can be read by any SQLite client:
/// `configuration`, `metrics`, `parameters`, `dataset` and `steps` are JSON objects.
public struct RunRecord: Sendable, Codable, Hashable, FetchableRecord, MutablePersistableRecord {
  /// The table's name.
  public static let databaseTableName = "run"

  /// The row id (nil before insertion).
  public var id: Int64?
  /// What produced it.
  public var kind: RunKind
  /// Where it is.
  public var state: RunState
  /// The model's registry name, e.g. `sasrec`.
  public var model: String
  /// The dataset's name, e.g. `ml-1m`.
  public var datasetName: String
  /// The SHA-256 of the split's data (see `DatasetIdentity.fingerprint`).
  public var fingerprint: String
  /// The dataset's identity and preprocessing as JSON (users, items, interactions, window, split).
  public var dataset: String
  /// The full configuration as JSON: model, spiking and training options, seeds left out.
  public var configuration: String
  /// The seed of the initial weights.
  public var seed: Int64?
  /// The seed of the training order.
  public var shuffleSeed: Int64?
  /// What the run varied as JSON: a sweep point with its seed number, a trial's options.
  public var parameters: String?
  /// The study a trial belongs to.
  public var studyID: Int64?
  /// The trial's number in its study (from 1).
  public var trial: Int?
  /// The run that trained the model an `evaluate` run measured.
  public var parent: Int64?
  /// The part of the split the final metrics are on: `valid` or `test`.
  public var part: String?
  /// The final metrics as JSON, e.g. `{"hr10": 0.41, "ndcg10": 0.22}`.
  public var metrics: String?
  /// A trial's objective value.
  public var value: Double?
  /// A trial's reported objective by epoch, as JSON (`{"1": 0.12}`; NaN as null).
  public var steps: String?
  /// Energy per inference in µJ, when computed.
  public var energy: Double?
  /// Epochs trained.
  public var epochs: Int?
  /// The best epoch (whose weights the model keeps).
  public var bestEpoch: Int?
  /// Wall time in seconds.
  public var seconds: Double?
  /// The SSR version that ran it.
  public var tool: String
  /// The notebook (or `repl`) it ran from.
  public var source: String?
  /// When it started.
  public var startedAt: Date
  /// When it ended (nil while running).
  public var endedAt: Date?
  /// Why it failed.
  public var error: String?
  /// The machine it ran on.
  public var host: String
  /// The process that ran it.
  public var pid: Int32

  /// A new running run, started now by this process.
  public init(
    kind: RunKind, model: String, datasetName: String, fingerprint: String, dataset: String, configuration: String,
    seed: Int64? = nil, shuffleSeed: Int64? = nil, parameters: String? = nil, studyID: Int64? = nil, trial: Int? = nil,
    parent: Int64? = nil, tool: String, source: String? = nil
  ) {
    self.kind = kind
    self.state = .running
    self.model = model
    self.datasetName = datasetName
    self.fingerprint = fingerprint
    self.dataset = dataset
    self.configuration = configuration
    self.seed = seed
    self.shuffleSeed = shuffleSeed
    self.parameters = parameters
    self.studyID = studyID
    self.trial = trial
    self.parent = parent
    self.tool = tool
    self.source = source
    self.startedAt = Date()
    self.host = ProcessIdentity.host
    self.pid = ProcessIdentity.pid
  }

  /// Sets the id after an insertion.
  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }

  /// The final metrics, decoded (empty when there are none).
  public var metricValues: [String: Double] { JSONValues.numbers(metrics) }

  /// The reported objective by epoch, decoded (null as NaN).
  public var stepValues: [Int: Double] {
    var result: [Int: Double] = [:]
    for (key, value) in JSONValues.optionalNumbers(steps) { if let step = Int(key) { result[step] = value ?? .nan } }
    return result
  }
}

/// One epoch of a run: its loss, metrics and time.
public struct EpochRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
  /// The table's name.
  public static let databaseTableName = "epoch"
  /// The run.
  public var runID: Int64
  /// The epoch's number (from 1).
  public var epoch: Int
  /// The mean training loss.
  public var loss: Double?
  /// The metrics measured after it, as JSON.
  public var metrics: String
  /// Its wall time.
  public var seconds: Double

  /// An epoch of run `runID`.
  public init(runID: Int64, epoch: Int, loss: Double?, metrics: String, seconds: Double) {
    self.runID = runID
    self.epoch = epoch
    self.loss = loss
    self.metrics = metrics
    self.seconds = seconds
  }
}

/// A named hyperparameter study: what it searches and how, so that a rerun resumes it.
public struct StudyRecord: Sendable, Codable, Hashable, FetchableRecord, MutablePersistableRecord {
  /// The table's name.
  public static let databaseTableName = "study"
  /// The row id (nil before insertion).
  public var id: Int64?
  /// The name given with `study:`.
  public var name: String
  /// The model's registry name.
  public var model: String
  /// The dataset's fingerprint.
  public var fingerprint: String
  /// The seed of the sampler and of every trial's weights and order.
  public var seed: Int64
  /// The trials asked for (the latest call's).
  public var trials: Int
  /// What must not change for the study to resume, as JSON (sampler, objective, space, fixed
  /// options…).
  public var settings: String
  /// The SSR version that created it.
  public var tool: String
  /// When it was created.
  public var createdAt: Date
  /// When it last changed.
  public var updatedAt: Date

  /// A new study.
  public init(name: String, model: String, fingerprint: String, seed: Int64, trials: Int, settings: String, tool: String) {
    self.name = name
    self.model = model
    self.fingerprint = fingerprint
    self.seed = seed
    self.trials = trials
    self.settings = settings
    self.tool = tool
    createdAt = Date()
    updatedAt = createdAt
  }

  /// Sets the id after an insertion.
  public mutating func didInsert(_ inserted: InsertionSuccess) {
    id = inserted.rowID
  }
}
