import SSRModels

/// Everything a worker needs to run one point of a sweep or one trial of a study without the
/// notebook: the model, its full configuration, the training options (with their seeds), what to
/// measure, and for a trial the objective and the pruning rule. The data is not in it: the job
/// directory holds the split once (``JobDirectory/splitPath``) and its fingerprint
/// (``JobManifest/fingerprint``), which the worker checks.
public struct PointDescription: Sendable, Codable {
  /// The layout version of this description.
  public static let currentFormat = 1

  /// The layout version (``currentFormat`` when written).
  public var format: Int
  /// The task number in its job, from 0.
  public var task: Int
  /// The model's registry name, e.g. `sfsrec`.
  public var model: String
  /// Sizes, dropout and the weights seed (``ModelConfig/seed``).
  public var config: ModelConfig
  /// Spiking settings (used by spiking models only).
  public var spiking: SpikingConfig
  /// Training options, with the shuffling seed (``TrainingOptions/seed``).
  public var training: TrainingOptions
  /// The values this point varies, by option name (a sweep's grid values, a trial's sample).
  public var parameters: [String: ParameterValue]
  /// The 1-based run index of a sweep point (its seed number), or the 1-based trial number.
  public var run: Int
  /// What is measured after training; nil for a trial, which is scored by its best epoch.
  public var evaluation: PointEvaluation?
  /// The objective and pruning of a tuning trial; nil for a sweep point.
  public var trial: TrialSettings?
  /// How item features join the model's items, when it trains with them (the job directory's
  /// `features.safetensors`); nil: item IDs only.
  public var fusion: FusionOptions?
  /// The digest of those features (``FeaturesFile/digest(_:)``), checked when a worker reads them.
  public var featuresDigest: String?

  /// A description of task `task`.
  public init(
    task: Int, model: String, config: ModelConfig, spiking: SpikingConfig, training: TrainingOptions,
    parameters: [String: ParameterValue], run: Int, evaluation: PointEvaluation?, trial: TrialSettings?
  ) {
    self.format = Self.currentFormat
    self.task = task
    self.model = model
    self.config = config
    self.spiking = spiking
    self.training = training
    self.parameters = parameters
    self.run = run
    self.evaluation = evaluation
    self.trial = trial
  }
}

/// What a sweep point measures after training: full-ranking metrics on a part, and optionally the
/// energy per inference.
public struct PointEvaluation: Sendable, Codable, Hashable {
  /// The part ranked (`test` for sweeps).
  public var part: String
  /// The metric cut-offs.
  public var cutoffs: [Int]
  /// Evaluation batches for the firing rates of the energy estimate; nil: no energy.
  public var energyBatches: Int?

  /// Metrics at `cutoffs` on `part`, and the energy when `energyBatches` is given.
  public init(part: String = "test", cutoffs: [Int], energyBatches: Int?) {
    self.part = part
    self.cutoffs = cutoffs
    self.energyBatches = energyBatches
  }
}

/// How a tuning trial is scored and pruned.
public struct TrialSettings: Sendable, Codable, Hashable {
  /// The metric maximised, e.g. `mrr10` (scored on the part ``TrainingOptions/selection`` names).
  public var objective: String
  /// The median pruner's settings; nil: no pruning.
  public var pruner: PrunerSettings?
  /// The per-epoch objective values of the study's complete trials when this trial started: what
  /// the median pruner compares with (a trial run in parallel does not see trials finished after
  /// it started).
  public var completedIntermediateValues: [[Int: Double]]
  /// Whether the worker saves the trained weights (``JobDirectory/modelPath(_:)``) when the trial
  /// completes, so the driver can return the best trial's model.
  public var savesModel: Bool

  /// Settings of a trial.
  public init(objective: String, pruner: PrunerSettings?, completedIntermediateValues: [[Int: Double]], savesModel: Bool) {
    self.objective = objective
    self.pruner = pruner
    self.completedIntermediateValues = completedIntermediateValues
    self.savesModel = savesModel
  }
}

/// The settings of a ``MedianPruner``.
public struct PrunerSettings: Sendable, Codable, Hashable {
  /// Complete trials needed before anything is pruned.
  public var startupTrials: Int
  /// Steps before which nothing is pruned.
  public var warmupSteps: Int

  /// The settings of `pruner`.
  public init(_ pruner: MedianPruner) {
    startupTrials = pruner.startupTrials
    warmupSteps = pruner.warmupSteps
  }

  /// The pruner.
  public var pruner: MedianPruner { MedianPruner(startupTrials: startupTrials, warmupSteps: warmupSteps) }
}
